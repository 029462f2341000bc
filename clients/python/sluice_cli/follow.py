"""Following an execution: a progress bar per step from the live events (the API polled meanwhile, and
alone when the WebSocket is not available), and its log lines as they come."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any

import websockets
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TaskProgressColumn, TextColumn

from sluice_cli.api import Api
from sluice_cli.errors import CliError
from sluice_cli.live import EventStream
from sluice_client.api.executions import executions_logs_list, executions_retrieve

FINAL = ("succeeded", "failed", "cancelled")
FINAL_EVENTS = tuple(f"execution.{status}" for status in FINAL)
STEP_STATUS = {
    "step.queued": "queued",
    "step.started": "running",
    "step.progress": "running",
    "step.retrying": "retrying",
    "step.succeeded": "succeeded",
    "step.failed": "failed",
    "step.skipped": "skipped",
    "step.cancelled": "cancelled",
}
POLL_SECONDS = 10.0  # with live events: look at the API this often anyway
POLL_ALONE_SECONDS = 2.0  # without them


def execution_detail(api: Api, execution_id: int) -> dict[str, Any]:
    return api.call(executions_retrieve, execution_id).to_dict()


class StepBars:
    """One bar per step. On a terminal they redraw in place; elsewhere (CI) each change is a line."""

    def __init__(self, console: Console):
        self.console = console
        self.live = console.is_terminal
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[status]}"),
            console=console,
            disable=not self.live,
        )
        self.tasks: dict[str, TaskID] = {}
        self.status: dict[str, str] = {}

    def __enter__(self) -> StepBars:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def set(self, node_key: str, status: str | None = None, progress: float | None = None) -> None:
        if node_key not in self.tasks:
            self.tasks[node_key] = self.progress.add_task(node_key, total=100, status="pending")
        fields: dict[str, Any] = {}
        if status is not None:
            fields["status"] = status
            if status == "succeeded":
                progress = 1.0
        if progress is not None:
            fields["completed"] = round(float(progress) * 100, 1)
        self.progress.update(self.tasks[node_key], **fields)
        if status is not None and self.status.get(node_key) != status:
            self.status[node_key] = status
            if not self.live:
                self.console.print(f"  {node_key}: {status}", highlight=False)

    def sync(self, detail: dict[str, Any]) -> None:
        for step in detail.get("steps") or []:
            self.set(step["node_key"], step.get("status"), step.get("progress"))

    def apply(self, event: dict[str, Any]) -> None:
        data = event.get("data") or {}
        status = STEP_STATUS.get(event.get("type", ""))
        if status and data.get("node_key"):
            self.set(data["node_key"], status, data.get("progress"))


async def _follow(api: Api, execution_id: int, bars: StepBars, deadline: float | None) -> dict[str, Any]:
    def expired() -> bool:
        return deadline is not None and time.monotonic() > deadline

    detail = await asyncio.to_thread(execution_detail, api, execution_id)
    bars.sync(detail)
    if detail["status"] in FINAL:
        return detail
    polled = time.monotonic()
    try:
        async for event in EventStream(api.settings, f"execution:{execution_id}", since=0, tick=2.0):
            if event is not None:
                bars.apply(event)
            if expired():
                return detail
            final = event is not None and event.get("type") in FINAL_EVENTS
            if final or event is None or time.monotonic() - polled > POLL_SECONDS:
                detail = await asyncio.to_thread(execution_detail, api, execution_id)
                polled = time.monotonic()
                bars.sync(detail)
                if detail["status"] in FINAL:
                    return detail
    except (OSError, TimeoutError, ConnectionError, websockets.exceptions.WebSocketException) as exc:
        bars.console.print(f"[dim]Live events unavailable ({exc or type(exc).__name__}); polling the API.[/dim]")
    while not expired():
        await asyncio.sleep(POLL_ALONE_SECONDS)
        detail = await asyncio.to_thread(execution_detail, api, execution_id)
        bars.sync(detail)
        if detail["status"] in FINAL:
            return detail
    return detail


def follow_execution(api: Api, execution_id: int, *, console: Console, timeout: float | None) -> dict[str, Any]:
    """Show the execution's steps until it finishes (or ``timeout`` seconds pass); its last state."""
    deadline = time.monotonic() + timeout if timeout else None
    with StepBars(console) as bars:
        return asyncio.run(_follow(api, execution_id, bars, deadline))


# --- logs --------------------------------------------------------------------------------------------


def _key(line: dict[str, Any]) -> tuple:
    try:
        ts: Any = datetime.fromisoformat(str(line.get("ts")))
    except ValueError:
        ts = line.get("ts")
    return ts, line.get("node_key"), line.get("message")


def _print_line(console: Console, line: dict[str, Any]) -> None:
    level = str(line.get("level", "info")).upper()
    style = {"ERROR": "red", "CRITICAL": "red", "WARNING": "yellow"}.get(level, "")
    text = f"{line.get('ts')} {level:<8} {line.get('node_key') or '-'}: {line.get('message')}"
    console.print(text, style=style, highlight=False, markup=False, soft_wrap=True)


def stored_logs(api: Api, execution_id: int, *, step: str | None = None) -> list[dict[str, Any]]:
    lines, page = [], 1
    while True:
        kwargs: dict[str, Any] = {"page": page, "page_size": 500}
        if step:
            kwargs["step"] = step
        listing = api.call(executions_logs_list, execution_id, **kwargs)
        lines += [item.to_dict() for item in listing.results]
        if not listing.next_:
            return lines
        page += 1


async def _follow_logs(api: Api, execution_id: int, out: Console, step: str | None) -> dict[str, Any]:
    printed: set[tuple] = set()

    def show(lines) -> None:
        for line in lines:
            if step and line.get("node_key") != step:
                continue
            key = _key(line)
            if key not in printed:
                printed.add(key)
                _print_line(out, line)

    stream = EventStream(api.settings, f"execution:{execution_id}", tick=2.0).__aiter__()
    try:
        await stream.__anext__()  # subscribed: nothing from now on is missed
        show(await asyncio.to_thread(stored_logs, api, execution_id, step=step))
        detail = await asyncio.to_thread(execution_detail, api, execution_id)
        polled = time.monotonic()
        while detail["status"] not in FINAL:
            event = await stream.__anext__()
            if event is not None and event.get("type") == "step.log":
                show((event.get("data") or {}).get("lines") or [])
            final = event is not None and event.get("type") in FINAL_EVENTS
            if final or event is None or time.monotonic() - polled > POLL_SECONDS:
                detail = await asyncio.to_thread(execution_detail, api, execution_id)
                polled = time.monotonic()
    finally:
        await stream.aclose()
    show(await asyncio.to_thread(stored_logs, api, execution_id, step=step))  # the last lines, stored
    return detail


def show_logs(api: Api, execution_id: int, *, out: Console, follow: bool, step: str | None) -> dict[str, Any]:
    if not follow:
        for line in stored_logs(api, execution_id, step=step):
            _print_line(out, line)
        return execution_detail(api, execution_id)
    try:
        return asyncio.run(_follow_logs(api, execution_id, out, step))
    except (OSError, TimeoutError, ConnectionError, websockets.exceptions.WebSocketException) as exc:
        raise CliError(f"Lost the server's live events: {exc or type(exc).__name__}", code=3) from None
