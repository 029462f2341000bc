"""A step's big Polars pass in a lean child process: the worker's side of ``executions.engine.planchild``.

``collect_all(plans, optimizations=..., monitor=...)`` is ``pl.collect_all`` run in a *plan process*: a
child started with a fresh interpreter (``python -m executions.engine.planchild``, never a fork of the
worker, which would share Django's pages) that imports Polars and nothing of Django. The plans go over a
pipe as ``LazyFrame.serialize()`` bytes, the results (sinks' empty frames, counts, check statistics,
profile samples: small frames) come back as Arrow IPC streams. What it brings:

- the pass's memory is the child's, not the worker's (which holds Django: about 200 MiB before any data);
  a child whose RSS grew during a pass is recycled (Polars' allocator keeps what it took) once it has been
  idle for RECYCLE_IDLE_SECONDS, and its replacement starts then, in the background, so a step does not
  wait for Python and Polars to import, nor does the run's finish share the CPU with that import; a pass
  that comes sooner (the next big step of a chain) reuses it;
- the step's monitor counts the child's RSS and CPU in the step's (``StepMonitor.attach``), enforces
  ``SLUICE_STEP_MEMORY_LIMIT`` on it by killing it, and a cancel kills it too: the worker's thread,
  waiting on the pipe, gets the step's failure at once instead of when the native code returns.

What stays in the worker: ``SLUICE_PLAN_PROCESS=inline`` (the default under pytest), the small eager
passes (``running._write_small``), and any plan that does not serialize (one that calls Python:
``map_batches``) or carries more than ``MAX_PLAN_BYTES`` of in-memory data (a database source's rows):
logged at debug level, never the plan itself (it may carry an object store's credentials).

A Polars error in the child is raised in the worker as the same exception class with the same message
(users see the same step error); a child that dies in a pass (the system's OOM killer, a SIGKILL) fails
the step with ``PlanProcessKilled`` and is replaced.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import io
import logging
import os
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings

from executions.engine.planchild import ProtocolError, collect_pass, read_message, rss_of, write_message
from pipelines.nodes.base import NodeError

log = logging.getLogger("sluice.executions")

ROOT = Path(__file__).resolve().parents[2]
# Plans carrying more in-memory data than this (a database or API source's rows, read by the worker) run in
# the worker: copying them to a child would hold them twice.
MAX_PLAN_BYTES = 64 * 1024**2
# A child whose RSS after a pass exceeds what it held when it was ready by more than this is recycled (ended,
# and a new one started): the memory goes back to the system. Not at once: once it has been idle for
# RECYCLE_IDLE_SECONDS, so that its replacement's start (Python and Polars importing: ~0.1 s of CPU) does not
# compete with the step's own bookkeeping and the run's finish, and a pass that follows at once (the next
# big step of a chain) reuses it and what its allocator holds.
RECYCLE_SLACK_BYTES = 32 * 1024**2
RECYCLE_IDLE_SECONDS = 1.0
# How long a starting child may take to import Polars before it is given up (the pass then runs inline).
START_SECONDS = 30.0


class PlanProcessKilled(NodeError):
    """The plan process died during the pass (killed by the system, most likely for memory)."""

    def __init__(self, message: str):
        super().__init__(message, code="plan_process_killed")


class _Child:
    """One plan process: its Popen, its protocol pipes, and what it said when it was ready."""

    def __init__(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "executions.engine.planchild"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=str(ROOT),
            env=env,
            close_fds=True,
        )
        self.pid = self.proc.pid
        self.owner = os.getpid()
        self.ready_rss: int | None = None
        self.killed_by: str | None = None  # why the worker killed it: "cancel", "memory", "stop"
        self._ready_lock = threading.Lock()

    def wait_ready(self) -> None:
        with self._ready_lock:  # (``warm(wait=True)`` and a pass may both wait for the same child)
            if self.ready_rss is not None:
                return
            readable, _, _ = select.select([self.proc.stdout], [], [], START_SECONDS)
            if not readable:
                self.kill()
                raise ProtocolError(f"the plan process did not start within {START_SECONDS:.0f}s")
            header, _ = read_message(self.proc.stdout)
            if not header.get("ready"):
                raise ProtocolError("the plan process did not say it was ready")
            self.ready_rss = int(header.get("rss") or 0)

    def request(self, header: dict, blobs: Sequence[bytes] = ()) -> tuple[dict, list[bytes]]:
        write_message(self.proc.stdin, header, list(blobs))
        return read_message(self.proc.stdout)

    def rss(self) -> int:
        return rss_of(self.pid)

    def kill(self, why: str = "stop") -> None:
        self.killed_by = self.killed_by or why
        with contextlib.suppress(ProcessLookupError, OSError):
            self.proc.kill()

    def retire(self) -> None:
        """End it (input closed, then killed) and reap it off the caller's thread."""
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        self.kill()
        threading.Thread(target=self._reap, name="plan-process-reap", daemon=True).start()

    def _reap(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=60)
        with contextlib.suppress(OSError):
            self.proc.stdout.close()


_lock = threading.Lock()
_idle: list[_Child] = []
_busy: set[_Child] = set()
_owner: int | None = None
# What the plan processes of this process did: passes, and the highest peak RSS of a pass (bench/tpch.py).
stats: dict[str, Any] = {"passes": 0, "errors": 0, "peak_rss": 0, "cpu": 0.0, "inline": 0}


def mode() -> str:
    return settings.SLUICE_PLAN_PROCESS


def _forget_if_forked() -> None:
    """A forked worker child (Celery's prefork) inherits its parent's list but not its children."""
    global _owner
    if _owner != os.getpid():
        _idle.clear()
        _busy.clear()
        _owner = os.getpid()


def warm(*, wait: bool = False) -> None:
    """Have a plan process ready (started at worker start; ``wait``: until it has imported Polars)."""
    if mode() != "child":
        return
    with _lock:
        _forget_if_forked()
        if not _idle:
            _spare()
        if not _idle:
            return
        child = _idle[0]
    if wait:
        with contextlib.suppress(ProtocolError, OSError):
            child.wait_ready()


def _acquire() -> _Child:
    with _lock:
        _forget_if_forked()
        child = None
        while _idle and child is None:
            candidate = _idle.pop(0)
            if candidate.proc.poll() is None:
                child = candidate
            else:
                candidate.retire()
        if child is None:
            child = _Child()
        _busy.add(child)
    return child


def _release(child: _Child, *, reuse: bool, grew: bool = False) -> None:
    """After a pass: keep the child for the next one (``reuse``; recycled after RECYCLE_IDLE_SECONDS when it
    ``grew``), or end it and start its replacement now (it died, was killed, or cannot report its peak)."""
    with _lock:
        _busy.discard(child)
        mine = child.owner == os.getpid()
        if reuse and mine and not _idle:
            _idle.append(child)
            if grew:
                timer = threading.Timer(RECYCLE_IDLE_SECONDS, _recycle_if_idle, args=(child,))
                timer.daemon = True
                timer.start()
            return
        child.retire()
        if not _idle and mine:
            _spare()  # the next pass's, importing Polars while this worker records the step


def _recycle_if_idle(child: _Child) -> None:
    """End a child that grew, if no pass took it since, and start a fresh one in its place."""
    with _lock:
        if child not in _idle or child.owner != os.getpid():
            return
        _idle.remove(child)
        child.retire()
        if not _idle:
            _spare()


def _spare() -> None:
    """Start an idle child (under ``_lock``); a failure to start one (no memory, no file descriptors) is
    logged: the next pass starts its own, or runs in the worker."""
    try:
        _idle.append(_Child())
    except OSError as exc:
        log.warning("could not start a plan process: %s", exc)


def kill_all() -> None:
    """Kill every plan process of this process (before a worker ends itself: see StepMonitor)."""
    with _lock:
        children = list(_busy) + list(_idle)
        _idle.clear()
    for child in children:
        child.kill()


def _flags(optimizations: pl.QueryOptFlags | None) -> dict[str, bool] | None:
    if optimizations is None:
        return None
    names = (n for n in dir(optimizations) if not n.startswith("_"))
    return {n: v for n in names if isinstance(v := getattr(optimizations, n), bool)}


def _serialized(plans: Sequence[pl.LazyFrame]) -> list[bytes] | None:
    try:
        blobs = [plan.serialize() for plan in plans]
    except Exception as exc:  # a Python UDF (no cloudpickle), or a node Polars cannot serialize
        log.debug("the pass runs in the worker: its plan does not serialize (%s)", type(exc).__name__)
        return None
    size = sum(len(b) for b in blobs)
    if size > MAX_PLAN_BYTES:
        log.debug("the pass runs in the worker: its plans carry %s bytes of data", size)
        return None
    return blobs


def _in_worker(
    plans: list[pl.LazyFrame], optimizations: pl.QueryOptFlags | None, independent: list[pl.LazyFrame]
) -> list[pl.DataFrame]:
    stats["inline"] += 1
    return collect_pass(pl, plans, _flags(optimizations), independent)


def collect_all(
    plans: Sequence[pl.LazyFrame],
    *,
    optimizations: pl.QueryOptFlags | None = None,
    monitor=None,
    independent: Sequence[pl.LazyFrame] = (),
) -> list[pl.DataFrame]:
    """``pl.collect_all(plans, optimizations=optimizations)``, in a plan process when the setting and the
    plans allow (see the module's docstring). ``monitor``: the step's ``StepMonitor``, which counts the
    child's memory and CPU and may kill it (memory limit, cancel). ``independent``: queries collected in a
    pass of their own at the same time (``planchild.collect_pass``); their results follow those of
    ``plans``."""
    plans, independent = list(plans), list(independent)
    blobs = _serialized([*plans, *independent]) if plans and mode() == "child" else None
    if blobs is None:
        return _in_worker(plans, optimizations, independent)
    try:
        child = _acquire()
    except OSError as exc:
        log.warning("could not start a plan process (%s); the pass runs in the worker", exc)
        return _in_worker(plans, optimizations, independent)
    reuse = grew = False
    try:
        try:
            child.wait_ready()
        except (ProtocolError, OSError) as exc:
            log.warning("a plan process did not start (%s); the pass runs in the worker", exc)
            return _in_worker(plans, optimizations, independent)
        if monitor is not None:
            monitor.attach(child)
        try:
            request = {"op": "collect", "optimizations": _flags(optimizations), "independent": len(independent)}
            header, results = child.request(request, blobs)
        except (ProtocolError, OSError, ValueError):
            raise _died(child, monitor) from None
        finally:
            if monitor is not None:
                monitor.detach(child)
        if monitor is not None:
            monitor.check()  # killed by it as the pass ended (its results came back): the step still stops
        del blobs
        if not header.get("ok"):
            stats["errors"] += 1
            reuse = True  # a failed pass (bad data, a missing column) leaves the child as it was
            raise _error(header)
        stats["passes"] += 1
        stats["peak_rss"] = max(stats["peak_rss"], int(header.get("peak_rss") or 0))
        stats["cpu"] += float(header.get("cpu") or 0.0)
        if monitor is not None:
            monitor.child_pass(cpu=float(header.get("cpu") or 0.0), peak_rss=int(header.get("peak_rss") or 0))
        grew = int(header.get("rss") or 0) - (child.ready_rss or 0) > RECYCLE_SLACK_BYTES
        reuse = bool(header.get("peak_is_the_pass"))  # else its next pass could not report its own peak
        return [pl.read_ipc_stream(io.BytesIO(blob)) if len(blob) else pl.DataFrame() for blob in results]
    finally:
        _release(child, reuse=reuse and child.killed_by is None and child.proc.poll() is None, grew=grew)


def _died(child: _Child, monitor) -> BaseException:
    """What to raise when the child went away in a pass: the monitor's reason when it killed it (the memory
    limit, a cancel), else PlanProcessKilled naming the signal."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.proc.wait(timeout=5)
    if monitor is not None:
        monitor.check()  # StepMemoryExceeded or StepCancelled when the monitor killed it
    code = child.proc.returncode
    how = f"exit code {code}"
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            how = f"signal {signal.Signals(-code).name}"
    log.error("the plan process %s of a step ended during its pass (%s)", child.pid, how)
    return PlanProcessKilled(
        f"the step's plan process was killed ({how}) during its pass: most likely the machine ran out of "
        "memory. Set SLUICE_STEP_MEMORY_LIMIT to stop such a step clearly, or give the worker more memory."
    )


def _error(header: dict) -> BaseException:
    """The exception the pass raised in the child, as the same class with the same message."""
    name, module, message = str(header.get("type")), str(header.get("module")), str(header.get("message", ""))
    cls: Any = None
    if module.startswith("polars"):
        cls = getattr(pl.exceptions, name, None)
    elif module == "builtins":
        cls = getattr(builtins, name, None)
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        return RuntimeError(f"{name}: {message}")
    try:
        return cls(message)
    except Exception:
        return RuntimeError(f"{name}: {message}")


def children() -> list[int]:
    """Pids of this process's live plan processes (diagnostics and tests)."""
    with _lock:
        return [c.pid for c in [*_idle, *_busy] if c.proc.poll() is None]


def modules_of_child() -> list[str]:
    """The top-level modules a ready plan process has loaded (tests: no Django there)."""
    child = _acquire()
    try:
        child.wait_ready()
        header, _ = child.request({"op": "modules"})
        return list(header.get("modules") or [])
    finally:
        _release(child, reuse=True)


def _connect_celery_signals() -> None:
    """A Celery worker child starts its plan process as it starts, so its first step does not wait."""
    try:
        from celery.signals import worker_process_init
    except ImportError:  # pragma: no cover - celery is a dependency
        return
    worker_process_init.connect(lambda **_: warm(), weak=False)


_connect_celery_signals()


def _at_exit() -> None:
    with _lock:
        children_ = [*_idle, *_busy] if _owner == os.getpid() else []
        _idle.clear()
    for child in children_:
        child.kill()


atexit.register(_at_exit)
