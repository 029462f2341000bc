"""The report builder's form state: the posted fields and blocks (``block-<i>-<field>``), the builder's
operations (add, remove, move a block) and the figures of the live preview. Pure parsing here; the checks
are the service's (reports.services) and the blocks' (reports.blocks), so the page says what the API says."""

from __future__ import annotations

import re
from datetime import UTC
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.ids import is_digits, utc_moment
from reports.blocks import KINDS, MAX_BLOCKS, METRICS, blocks_validate
from reports.models import Report
from reports.selectors import report_figures

OPS = re.compile(r"^(remove|up|down):(\d{1,3})$")


def _split(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


def _moment(text: str):
    if not text:
        return None
    try:
        value = parse_datetime(text.strip()) if len(text) <= 40 else None
        value = utc_moment(value) if value is not None else None
    except ValueError:  # well formed, out of range (month 13, or outside the calendar once in UTC)
        value = None
    if value is None:
        return text  # the service says what is wrong with it
    return timezone.make_aware(value, UTC) if timezone.is_naive(value) else value


def _block_from_post(post, i: int) -> dict[str, Any]:
    prefix = f"block-{i}-"
    kind = post.get(prefix + "kind", "")
    block: dict[str, Any] = {"kind": kind, "title": post.get(prefix + "title", "")}
    if kind == "kpis":
        block["metrics"] = post.getlist(prefix + "metrics")
    if kind in ("runs_table", "quality_issues", "insights"):
        raw = post.get(prefix + "limit", "").strip()
        block["limit"] = int(raw) if is_digits(raw) and len(raw) < 6 else raw or 20
    if kind == "runs_table":
        block["statuses"] = post.getlist(prefix + "statuses")
    return block


def blocks_from_post(post) -> list[dict[str, Any]]:
    """The posted blocks in order; more than MAX_BLOCKS are read as MAX_BLOCKS + 1 (the check refuses them)."""
    raw = post.get("block_count", "0")
    count = min(int(raw), MAX_BLOCKS + 1) if is_digits(raw) and len(raw) < 10 else 0
    return [_block_from_post(post, i) for i in range(count)]


def apply_op(blocks: list[dict[str, Any]], op: str, new_kind: str) -> list[dict[str, Any]]:
    """``add`` (a block of ``new_kind`` at the end), ``remove:<i>``, ``up:<i>``, ``down:<i>``."""
    blocks = list(blocks)
    if op == "add" and new_kind in KINDS and len(blocks) < MAX_BLOCKS:
        block: dict[str, Any] = {"kind": new_kind, "title": ""}
        if new_kind == "kpis":
            block["metrics"] = list(METRICS)
        if new_kind in ("runs_table", "quality_issues", "insights"):
            block["limit"] = 20
        if new_kind == "runs_table":
            block["statuses"] = []
        blocks.append(block)
        return blocks
    match = OPS.match(op or "")
    if not match:
        return blocks
    action, i = match.group(1), int(match.group(2))
    if not 0 <= i < len(blocks):
        return blocks
    if action == "remove":
        del blocks[i]
    elif action == "up" and i > 0:
        blocks[i - 1], blocks[i] = blocks[i], blocks[i - 1]
    elif action == "down" and i < len(blocks) - 1:
        blocks[i + 1], blocks[i] = blocks[i], blocks[i + 1]
    return blocks


def fields_from_post(post, *, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    """The keyword arguments of report_create/report_update from the builder's form."""
    fields: dict[str, Any] = {
        "name": post.get("name", ""),
        "description": post.get("description", ""),
        "blocks": blocks,
        "window": post.get("window", Report.Window.WEEK),
        "since": _moment(post.get("since", "")),
        "until": _moment(post.get("until", "")),
        "pipelines": [int(v) for v in post.getlist("pipelines") if is_digits(v) and len(v) < 19],
        "tags": post.getlist("tags"),
        "pipeline_owners": _split(post.get("pipeline_owners", "")),
        "shared_with_users": _split(post.get("shared_with_users", "")),
        "shared_with_groups": [g.strip() for g in post.get("shared_with_groups", "").split(",") if g.strip()],
        "schedule_cron": post.get("schedule_cron", "").strip(),
        "schedule_timezone": post.get("schedule_timezone", "").strip() or "UTC",
        "schedule_enabled": post.get("schedule_enabled") == "on",
        "email_recipients": _split(post.get("email_recipients", "")),
        "webhook_url": post.get("webhook_url", "").strip(),
    }
    if post.get("webhook_secret"):
        fields["webhook_secret"] = post["webhook_secret"]
    return fields


def preview(*, user, fields: dict[str, Any]) -> dict[str, Any]:
    """The live preview of the unsaved form as ``user`` sees it: the figures, or the errors of the blocks
    and the window that keep it from being drawn."""
    try:
        blocks = blocks_validate(fields["blocks"])
    except ValidationError as exc:
        return {"errors": exc.message_dict}
    since, until = fields.get("since"), fields.get("until")
    window = fields.get("window")
    if window not in Report.Window.values:
        return {"errors": {"window": ["Choose a window."]}}
    if window == Report.Window.RANGE and not (hasattr(since, "tzinfo") and hasattr(until, "tzinfo") and since < until):
        return {"errors": {"since": ["An explicit range needs since before until."]}}
    draft = Report(
        owner=user,
        name=fields.get("name") or "Untitled report",
        description=fields.get("description", ""),
        window=window,
        since=since if window == Report.Window.RANGE else None,
        until=until if window == Report.Window.RANGE else None,
        tags=[t for t in fields.get("tags", []) if isinstance(t, str) and "\x00" not in t][:20],
    )
    owners = [o for o in fields.get("pipeline_owners", []) if isinstance(o, str) and "\x00" not in o][:100]
    figures = report_figures(
        report=draft, user=user, blocks=blocks, pipeline_ids=fields.get("pipelines", [])[:200], tags=draft.tags,
        owners=owners,
    )  # fmt: skip
    return {"figures": figures}


def initial_fields(report: Report | None) -> dict[str, Any]:
    """The builder's fields of a saved report (or a new one's defaults: key figures and runs over time)."""
    if report is None:
        return {
            "name": "",
            "description": "",
            "blocks": [{"kind": "kpis", "title": "", "metrics": list(METRICS)}, {"kind": "runs_chart", "title": ""}],
            "window": Report.Window.WEEK,
            "since": None,
            "until": None,
            "pipelines": [],
            "tags": [],
            "pipeline_owners": [],
            "shared_with_users": [],
            "shared_with_groups": [],
            "schedule_cron": "",
            "schedule_timezone": "UTC",
            "schedule_enabled": False,
            "email_recipients": [],
            "webhook_url": "",
        }
    return {
        "name": report.name,
        "description": report.description,
        "blocks": report.blocks,
        "window": report.window,
        "since": report.since,
        "until": report.until,
        "pipelines": [p.pk for p in report.pipelines.all()],
        "tags": list(report.tags),
        "pipeline_owners": list(report.pipeline_owners),
        "shared_with_users": [u.username for u in report.shared_with_users.all()],
        "shared_with_groups": [g.name for g in report.shared_with_groups.all()],
        "schedule_cron": report.schedule_cron,
        "schedule_timezone": report.schedule_timezone,
        "schedule_enabled": report.schedule_enabled,
        "email_recipients": list(report.email_recipients),
        "webhook_url": report.webhook_url,
    }
