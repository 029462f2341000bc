"""The step monitor: heartbeat, RSS, CPU, cancellation, and the log handler bound to the step.

The monitor writes nothing itself: its heartbeats, the cancel of its group and its log lines go to the
recording room through a ``StepRecorder`` (``executions.services.steps.StepRecord``)."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import threading
import time
from typing import Protocol

import psutil
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.sizes import format_size
from executions.engine import planproc
from executions.engine.outcomes import StepCancelled
from executions.engine.planchild import rss_of
from executions.models import StepLog, StepRun
from pipelines.nodes.base import NodeError

log = logging.getLogger("sluice.executions")


class StepMemoryExceeded(NodeError):
    """The step used more memory than SLUICE_STEP_MEMORY_LIMIT: it fails at once and is not retried (the
    same data would only need the same memory again). Raised in the step's thread by its monitor."""

    text = "The step used more memory than SLUICE_STEP_MEMORY_LIMIT allows."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.text, code="memory_limit", retryable=False)


def memory_message(node_key: str, limit: int) -> str:
    return f"step {node_key} used more than {format_size(limit)} (SLUICE_STEP_MEMORY_LIMIT)"


class StepRecorder(Protocol):
    """What the recording room does for a running step."""

    def heartbeat(self, *, progress: float | None, peak_rss_bytes: int) -> bool:
        """Refresh the step's heartbeat; False when this attempt no longer owns it or its run stopped."""

    def stopped(self) -> None:
        """Record the step's group cancelled: its run is no longer running, or this attempt was fenced."""

    def write_logs(self, batch: list[StepLog]) -> None:
        """Store captured log lines (unsaved StepLog rows) and send them as events."""


class StepLogHandler(logging.Handler):
    """Captures the records emitted by the step's thread into StepLog rows (handed on in batches)."""

    def __init__(self, step: StepRun, thread_id: int):
        super().__init__(level=logging.INFO)
        self.step, self.thread_id = step, thread_id
        self.node_key = step.node_key  # the node of the fused group being built right now
        self.buffer: list[StepLog] = []
        self._buffer_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread_id or record.name.startswith("django.db"):
            return
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        extra = {"correlation_id": self.step.execution.correlation_id, "attempt": self.step.attempt}
        if record.exc_info:
            extra["exc"] = logging.Formatter().formatException(record.exc_info)[-4000:]
        entry = StepLog(
            execution_id=self.step.execution_id,
            step_id=self.step.pk,
            node_key=self.node_key,
            ts=timezone.now(),
            level=record.levelname.lower(),
            logger=record.name[:200],
            message=message[:10000],
            extra=extra,
        )
        with self._buffer_lock:
            self.buffer.append(entry)

    def drain(self) -> list[StepLog]:
        """The lines captured since the last drain."""
        with self._buffer_lock:
            batch, self.buffer = self.buffer, []
        return batch


class StepMonitor:
    """Heartbeats every HEARTBEAT_SECONDS while a step runs: has its recorder refresh the step row,
    samples RSS, estimates progress from past durations, hands on the log lines, and notices
    cancellation or fencing.

    The ticks come from one watcher thread per process (see ``_Watcher``), not a thread per step:
    starting and joining a thread for every step of a 50-step chain cost more than the step's own
    bookkeeping."""

    def __init__(self, step: StepRun, expected_seconds: float | None, *, record: StepRecorder, hard_stop: bool = False):
        self.step = step
        self.record = record
        self.hard_stop = hard_stop  # a Celery worker child may be killed when a cancel cannot interrupt it
        self.main_thread = threading.get_ident()
        self.expected = expected_seconds
        self.cancelled = threading.Event()
        self.stop = threading.Event()
        self._stopping = threading.Lock()  # an interrupt never lands after the step left its monitor
        self.peak_rss = _rss()
        # SLUICE_STEP_MEMORY_LIMIT: the RSS this step may add to what its process held when it began (what
        # earlier steps left in the allocator is not its doing).
        self.memory_limit: int | None = settings.SLUICE_STEP_MEMORY_LIMIT
        self.rss_at_start = self.peak_rss
        self.over_memory = False
        # The step's plan process while it runs a pass (executions.engine.planproc): its RSS counts in the
        # step's (above what it held when the pass began) and its CPU in the step's; a cancel or the memory
        # limit kills it.
        self.child = None
        self.child_rss_at_start = 0
        self.child_cpu = 0.0
        self._child_lock = threading.Lock()
        self.handler = StepLogHandler(step, self.main_thread)

    def __enter__(self) -> StepMonitor:
        self.started = time.monotonic()
        self.last_beat = 0.0  # the first tick beats: an early heartbeat notices an early cancel
        self.cpu_start = time.process_time()  # the process's: Polars works on threads of its own
        logging.getLogger().addHandler(self.handler)
        _Watcher.watch(self)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        with self._stopping:
            self.stop.set()
        _Watcher.unwatch(self)
        logging.getLogger().removeHandler(self.handler)
        self.sample()
        self.flush_logs()
        if self.over_memory and not isinstance(exc, StepCancelled):
            # Whatever the step was doing when its memory went over (or finished meanwhile), it failed.
            raise StepMemoryExceeded(self.memory_text) from exc

    def flush_logs(self) -> None:
        """Hand the captured log lines to the recording room (stored, and sent as step.log events)."""
        batch = self.handler.drain()
        if batch:
            self.record.write_logs(batch)

    def sample(self) -> None:
        own = _rss()
        child = self.child
        added = max(0, child.rss() - self.child_rss_at_start) if child is not None else 0
        self.peak_rss = max(self.peak_rss, own + added)

    def attach(self, child) -> None:
        """The step's pass runs in the plan process ``child`` from now on (see planproc.collect_all)."""
        with self._child_lock:
            self.child_rss_at_start = child.rss()
            self.child = child
        if self.cancelled.is_set() or self.over_memory:
            child.kill("cancel" if self.cancelled.is_set() else "memory")

    def detach(self, child) -> None:
        with self._child_lock:
            if self.child is child:
                self.child = None

    def child_pass(self, *, cpu: float, peak_rss: int) -> None:
        """What the plan process reported at the end of its pass: its CPU seconds and its peak RSS (both the
        pass's own; the peak includes the child's ~60 MiB of Python and Polars, counted above what the
        child held when the pass began, like the samples)."""
        self.child_cpu += cpu
        self.peak_rss = max(self.peak_rss, _rss() + max(0, peak_rss - self.child_rss_at_start))

    def _kill_child(self, why: str) -> bool:
        """Kill the step's plan process if a pass runs in one; True if so. The step's thread, waiting on the
        child's pipe, then raises the monitor's reason itself (planproc.collect_all calls ``check``): no
        asynchronous exception is needed, and none must be sent, since one could land anywhere in planproc's
        bookkeeping after the pass (between starting a spare plan process and listing it, say)."""
        with self._child_lock:
            child = self.child
        if child is not None:
            child.kill(why)
        return child is not None

    def tick(self, now: float) -> None:
        """Called by the watcher every half second (a tenth of a second under a memory limit; or the heartbeat
        interval, if shorter): RSS and the memory limit always, the heartbeat when it is due."""
        self.sample()
        if self.memory_limit and not self.over_memory and self.peak_rss - self.rss_at_start > self.memory_limit:
            self._over_memory()
        if self.cancelled.is_set() or now - self.last_beat < settings.SLUICE_HEARTBEAT_SECONDS:
            return
        self.last_beat = now
        progress = (now - self.started) / self.expected if self.expected else None
        if not self.record.heartbeat(progress=progress, peak_rss_bytes=self.peak_rss):
            self._interrupt()
        self.flush_logs()

    def _interrupt(self) -> None:
        """The run was cancelled or failed elsewhere, or this attempt was fenced: record the group as
        cancelled, raise StepCancelled in the step's thread (effective as soon as Python code runs), and
        on a Celery worker child, end the process after a grace period if native code still holds it
        (acks_late + reject_on_worker_lost requeue the message; the claim then finds nothing to do)."""
        if self.stop.is_set():
            # The step ended after this tick began: a step of a chain whose successes are held in one
            # transaction (services.chain.Chain) finds its own success once that commits (on SQLite its
            # heartbeat waits for that). The thread runs another step by now, which this must not stop.
            return
        self.cancelled.set()
        self.record.stopped()
        if not self._kill_child("cancel"):  # (in a pass: the thread, waiting on the pipe, raises StepCancelled)
            self._raise_in_step(StepCancelled)
        if self.hard_stop:
            threading.Thread(target=self._end_process_unless_stopped, name="cancel-grace", daemon=True).start()

    def _raise_in_step(self, exc_type: type[BaseException]) -> None:
        """Raise ``exc_type`` in the step's thread as soon as Python code runs there, unless the step ended."""
        with self._stopping:
            if self.stop.is_set():
                return  # ended meanwhile: whatever ended it recorded how (the monitor's exit raises the memory's)
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.main_thread), ctypes.py_object(exc_type))

    def _end_process_unless_stopped(self, grace: float | None = None, why: str = "its cancel") -> None:
        grace = settings.SLUICE_CANCEL_GRACE_SECONDS if grace is None else grace
        if not self.stop.wait(grace):
            log.warning(
                "step %s did not stop within %ss of %s; ending the worker process", self.step.node_key, grace, why
            )
            planproc.kill_all()  # (they would also exit within a second of finding their parent gone)
            os.kill(os.getpid(), signal.SIGKILL)

    @property
    def memory_text(self) -> str:
        return memory_message(self.step.node_key, self.memory_limit or 0)

    def _over_memory(self) -> None:
        """The step went over SLUICE_STEP_MEMORY_LIMIT: StepMemoryExceeded in the step's thread (effective as
        soon as Python code runs there; ``check`` and the monitor's exit raise it too), a log line, and on a
        Celery worker child the end of the process within a second if native code still holds it (the
        memory is the machine's to protect; the redelivered attempt counts against the step's attempt cap)."""
        self.over_memory = True
        in_child = self._kill_child("memory")  # a pass in the plan process ends now, whatever native code it was in
        text = self.memory_text
        line = StepLog(
            execution_id=self.step.execution_id,
            step_id=self.step.pk,
            node_key=self.handler.node_key,
            ts=timezone.now(),
            level="error",
            logger="sluice.executions",
            message=f"{text}: stopping it",
            extra={"attempt": self.step.attempt, "rss_bytes": self.peak_rss, "limit_bytes": self.memory_limit},
        )
        self.record.write_logs([line])
        if not in_child:  # (in a pass: the thread, waiting on the pipe, raises it through ``check``)
            self._raise_in_step(type("StepMemoryExceeded", (StepMemoryExceeded,), {"text": text}))
        if self.hard_stop:
            threading.Thread(
                target=self._end_process_unless_stopped,
                args=(1.0, "going over SLUICE_STEP_MEMORY_LIMIT"),
                name="memory-limit",
                daemon=True,
            ).start()

    def check(self) -> None:
        if self.cancelled.is_set():
            raise StepCancelled()
        if self.over_memory:
            raise StepMemoryExceeded(self.memory_text)

    @property
    def cpu_seconds(self) -> float:
        """The worker's CPU time since the step began (all its threads), plus its plan process's passes."""
        return max(0.0, time.process_time() - self.cpu_start) + self.child_cpu


def _rss() -> int:
    """Resident set size of this process, in bytes: /proc/self/statm read directly on Linux (twice a step:
    ~8 us, psutil's memory_info ~20), psutil elsewhere."""
    own = rss_of()
    if own:
        return own
    with contextlib.suppress(psutil.Error, OSError):
        return _process().memory_info().rss
    return 0


def _process() -> psutil.Process:
    global _this_process
    if _this_process is None or _this_process.pid != os.getpid():  # a Celery child forked after import
        _this_process = psutil.Process()
    return _this_process


_this_process: psutil.Process | None = None


class _Watcher:
    """The one thread per process that ticks the StepMonitors of the steps running in it. It is started
    on first use (and again in a forked child, which inherits no threads) and sleeps while idle."""

    _lock = threading.Lock()
    _monitors: set[StepMonitor] = set()
    _wake = threading.Event()
    _pid: int | None = None

    @classmethod
    def watch(cls, monitor: StepMonitor) -> None:
        with cls._lock:
            cls._monitors.add(monitor)
            if cls._pid != os.getpid():
                cls._pid = os.getpid()
                cls._wake = threading.Event()
                threading.Thread(target=cls._loop, name="step-monitor", daemon=True).start()
            cls._wake.set()

    @classmethod
    def unwatch(cls, monitor: StepMonitor) -> None:
        with cls._lock:
            cls._monitors.discard(monitor)

    @classmethod
    def _loop(cls) -> None:
        wake = cls._wake
        while True:
            with cls._lock:
                monitors = list(cls._monitors)
                if not monitors:
                    wake.clear()
            if not monitors:
                connection.close()  # idle: hold no database connection
                wake.wait()
                continue
            # A memory limit is watched closely: memory can grow by gigabytes in a second.
            time.sleep(min(settings.SLUICE_HEARTBEAT_SECONDS, 0.1 if settings.SLUICE_STEP_MEMORY_LIMIT else 0.5))
            now = time.monotonic()
            for monitor in monitors:
                if monitor.stop.is_set():
                    continue
                try:
                    monitor.tick(now)
                except Exception:
                    log.exception("heartbeat of step %s failed", monitor.step.pk)
                    connection.close()  # a broken connection is not reused by the next tick
