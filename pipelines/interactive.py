"""Interactive data work in a pool of child processes: validation's schema inference, dry-runs,
previews, file inspection, connection tests and introspection (DESIGN §1, the trust boundary).

Polars can hold the GIL while it waits on I/O, so a thread of the web process is not enough: one
slow source would freeze every HTTP and WebSocket request. ``call`` sends a *job* — a top-level
function named by its dotted path, with plain-data (JSON-able) keyword arguments — to a pebble
``ProcessPool`` whose children were started with ``spawn`` (never a fork of the threaded web
process), ran ``django.setup()`` once and capped their address space (RLIMIT_AS). Each call has a
deadline; a child that outlives it, crashes or runs out of memory is killed and replaced, and the
caller gets an ``InteractiveError`` naming the limit: a DRF ``APIException`` (503, or 422 for the
memory cap, which is the input's doing), turned into a page by ``InteractiveErrorMiddleware``.

Settings: ``SLUICE_INTERACTIVE_POOL`` (``process``, or ``inline`` for the unit suite whose rows
live in an uncommitted test transaction: the same job, the same result decoding, minus the
process hop), ``SLUICE_INTERACTIVE_WORKERS``, ``SLUICE_INTERACTIVE_SECONDS``,
``SLUICE_INTERACTIVE_QUEUE_SECONDS`` and ``SLUICE_INTERACTIVE_MEMORY_MB`` (docs/operations.md).

Celery workers are already outside the web process and have their own time limits: there a call
runs inline (``worker_process_init``/``worker_init`` set that), so a scheduled trigger's
validation does not start a second pool inside every worker child.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import resource
import signal
import sys
import threading
from concurrent.futures import CancelledError
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import thread as _futures_thread  # noqa: F401  (its exit hook first: see _at_exit)
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deprecation import MiddlewareMixin
from django.utils.html import escape
from django.utils.module_loading import import_string
from rest_framework.exceptions import APIException

log = logging.getLogger("sluice.interactive")

# Settings the children take from the web process rather than from their own start-up (they can be
# changed at run time, e.g. the test database's name or a test's data root). A change restarts the pool.
INHERITED_SETTINGS = (
    "DATABASES",
    "DATA_ROOT",
    "ARTIFACTS_DIR",
    "SLUICE_ARTIFACTS_ENDPOINT_URL",
    "SLUICE_ARTIFACTS_KEY_ID",
    "SLUICE_ARTIFACTS_SECRET_KEY",
    "SLUICE_ARTIFACTS_REGION",
    "SLUICE_DATA_URL",
    "SLUICE_DATA_ENDPOINT_URL",
    "SLUICE_DATA_KEY_ID",
    "SLUICE_DATA_SECRET_KEY",
    "SLUICE_DATA_REGION",
    "ALLOW_PRIVATE_NETWORK_SOURCES",
    "SOURCE_METADATA_TIMEOUT",
    "SLUICE_DRY_RUN_SECONDS",
    "SLUICE_INTERACTIVE_MEMORY_MB",
)
# How long the pool may take to stop a child at shutdown before the web process goes on exiting.
STOP_SECONDS = 4.0


# --- errors -------------------------------------------------------------------------------------


class InteractiveError(APIException):
    """Interactive work that could not finish; ``detail`` names the limit that stopped it."""

    status_code = 503
    default_code = "interactive_unavailable"
    wait: int | None = None  # Retry-After (DRF's handler sends it when set)


class InteractiveBusy(InteractiveError):
    default_code = "interactive_busy"
    wait = 5


class InteractiveTimeout(InteractiveError):
    default_code = "interactive_timeout"


class InteractiveMemory(InteractiveError):
    status_code = 422  # the input asks for more than the cap: the same request will fail again
    default_code = "interactive_memory"


class InteractiveCrash(InteractiveError):
    default_code = "interactive_crash"
    wait = 1


class InteractiveStopping(InteractiveError):
    default_code = "interactive_stopping"


class InteractiveJobFailed(RuntimeError):
    """A job raised something that is neither a ValidationError nor a limit: a bug, logged with the
    child's traceback (the same exception inline would be a 500 too)."""


# --- the child ----------------------------------------------------------------------------------

_IN_CHILD = False


def _child_init(inherited: dict[str, Any], memory_mb: int) -> None:
    """Runs once in each child: Django, the inherited settings, warm imports, then the memory cap."""
    global _IN_CHILD
    _IN_CHILD = True
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Interactive work is samples: a few Polars threads per child keep its address space small.
    os.environ.setdefault("POLARS_MAX_THREADS", "2")
    import django
    from django.conf import settings as child_settings

    for name, value in inherited.items():  # before setup: the database connections read them then
        setattr(child_settings, name, value)
    django.setup()
    # What most jobs need, loaded before the cap so that its reservations are counted once.
    import polars  # noqa: F401

    import pipelines.validation  # noqa: F401

    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_job(path: str, kwargs: dict[str, Any]) -> tuple[str, Any]:
    """Run a job and turn its outcome into plain data: ``("ok", result)``, ``("invalid", detail)``
    for a ValidationError, ``("memory", message)``, ``("failed", (type, message, traceback))``.
    The same function runs in a child and inline, so both modes decode the same outcomes."""
    import traceback

    from django.db import close_old_connections

    if _IN_CHILD:  # (inline, the caller's connection and transaction are the caller's business)
        close_old_connections()
    try:
        return "ok", import_string(path)(**kwargs)
    except ValidationError as exc:
        return "invalid", exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    except MemoryError as exc:
        return "memory", str(exc)
    except Exception as exc:
        return "failed", (type(exc).__name__, str(exc)[:2000], "".join(traceback.format_exception(exc))[-8000:])
    finally:
        if _IN_CHILD:  # no connection outlives a job (a test database can be dropped, a server restarted)
            close_old_connections()


# --- the pool -----------------------------------------------------------------------------------

_lock = threading.Lock()
_pool = None
_pool_key: tuple | None = None
_pool_pid: int | None = None
_stopping = threading.Event()
_inflight: set = set()
_inline_here = False  # set in Celery workers


def mode() -> str:
    if _inline_here or _IN_CHILD:
        return "inline"
    return settings.SLUICE_INTERACTIVE_POOL


def _inherited() -> dict[str, Any]:
    return {name: getattr(settings, name) for name in INHERITED_SETTINGS if hasattr(settings, name)}


def _get_pool():
    """The pool of this process, created on first use (or again when the inherited settings changed)."""
    global _pool, _pool_key, _pool_pid
    from pebble import ProcessPool

    inherited = _inherited()
    key = (repr(inherited), settings.SLUICE_INTERACTIVE_WORKERS)
    with _lock:
        if _stopping.is_set():
            raise InteractiveStopping("The server is shutting down; try again in a moment.")
        if _pool is not None and (_pool_key != key or _pool_pid != os.getpid() or not _pool.active):
            _stop(_pool)
            _pool = None
        if _pool is None:
            _pool = ProcessPool(
                max_workers=max(1, settings.SLUICE_INTERACTIVE_WORKERS),
                initializer=_child_init,
                initargs=(inherited, settings.SLUICE_INTERACTIVE_MEMORY_MB),
                context=multiprocessing.get_context("spawn"),
            )
            _pool_key, _pool_pid = key, os.getpid()
        return _pool


def _stop(pool) -> None:
    pool.stop()
    pool.join(timeout=STOP_SECONDS)


def warm(*, wait: float = 0) -> None:
    """Start the children now (at web start) rather than on the first interactive request; they set
    Django up in the background unless ``wait`` seconds are given to wait for one of them."""
    if mode() != "process":
        return
    future = _get_pool().schedule(_noop)
    if wait:
        future.result(timeout=wait)


def _noop() -> int:
    return os.getpid()


def shutdown() -> None:
    """Stop the pool: waiting requests get InteractiveStopping at once, the children are killed (their
    work has nothing to save) and the pool's threads end."""
    global _pool
    _stopping.set()
    with _lock:
        pool, _pool = _pool, None
    waiting = list(_inflight)
    for future in waiting:
        future.cancel()
    killed = 0
    if pool is not None:
        for child in multiprocessing.active_children():
            if child.name == "pebble_pool_worker":
                child.kill()
                killed += 1
        _stop(pool)
    log.info("interactive pool stopped: %s waiting requests answered, %s children killed", len(waiting), killed)


def stop_with_the_server() -> None:
    """Under daphne (Twisted), stop the pool as soon as the server begins to shut down (SIGTERM).

    Daphne then cancels every request and waits for them; a request waiting on a child would hold that
    wait until its deadline, so the waits are woken first. Elsewhere the exit hook below does it."""
    if "twisted.internet.reactor" not in sys.modules:
        return
    from twisted.internet import reactor

    reactor.addSystemEventTrigger("before", "shutdown", _shutdown_under_twisted)


# After the waits are woken, how long the event loop keeps running for their answers to go out.
ANSWER_GRACE_SECONDS = 1.0


def _shutdown_under_twisted():
    """Stop the pool in a thread (the event loop keeps running), then give the woken requests a moment:
    Django hands a sync request back to the event loop on its way out (past sync-only middleware), and
    once the loop has stopped such a request never finishes and the process cannot exit."""
    from twisted.internet import reactor, task, threads

    def grace(_):
        return task.deferLater(reactor, ANSWER_GRACE_SECONDS if _had_waiting else 0, lambda: None)

    def failed(failure):
        log.error("interactive pool: stopping failed: %s", failure.getErrorMessage())

    global _had_waiting
    _had_waiting = bool(_inflight)
    return threads.deferToThread(shutdown).addCallback(grace).addErrback(failed)


_had_waiting = False


def reset() -> None:
    """Stop the pool and accept calls again (tests; a new pool starts on the next call)."""
    shutdown()
    _stopping.clear()


def children() -> list[int]:
    """Pids of the pool's live children (diagnostics and tests)."""
    return [p.pid for p in multiprocessing.active_children() if p.name == "pebble_pool_worker"]


# --- calls --------------------------------------------------------------------------------------


def call(path: str, /, *, timeout: float | None = None, **kwargs: Any) -> Any:
    """Run the job ``path`` (a top-level function's dotted path) with plain-data ``kwargs`` in the pool,
    within ``timeout`` seconds (default ``SLUICE_INTERACTIVE_SECONDS``) once a child takes it."""
    try:
        json.dumps(kwargs)
    except (TypeError, ValueError) as exc:  # a programming error: ORM objects must not cross the boundary
        raise TypeError(f"interactive job {path}: arguments must be plain data ({exc})") from exc
    timeout = float(timeout or settings.SLUICE_INTERACTIVE_SECONDS)
    outcome = run_job(path, kwargs) if mode() == "inline" else _submit(path, kwargs, timeout)
    return _decode(path, outcome)


def _submit(path: str, kwargs: dict[str, Any], timeout: float) -> tuple[str, Any]:
    from pebble import ProcessExpired

    workers = settings.SLUICE_INTERACTIVE_WORKERS
    queue_seconds = settings.SLUICE_INTERACTIVE_QUEUE_SECONDS
    future = _get_pool().schedule(run_job, args=(path, kwargs), timeout=timeout)
    _inflight.add(future)
    try:
        try:
            return future.result(timeout=queue_seconds)
        except FutureTimeout:
            if not future.running():
                future.cancel()
                if future.cancelled():
                    raise InteractiveBusy(
                        f"All {workers} interactive workers stayed busy for {queue_seconds:.0f}s "
                        "(SLUICE_INTERACTIVE_WORKERS, SLUICE_INTERACTIVE_QUEUE_SECONDS); try again in a few seconds."
                    ) from None
        # Running: the pool kills the child at ``timeout`` after it started; the margin covers the kill.
        return future.result(timeout=timeout + STOP_SECONDS + 2)
    except FutureTimeout:  # pebble's deadline (its TimeoutError is this one), or ours as a last resort
        future.cancel()
        log.warning("interactive job %s stopped after %.0fs", path, timeout)
        raise InteractiveTimeout(
            f"The work did not finish within {timeout:.0f}s (SLUICE_INTERACTIVE_SECONDS) and was stopped: "
            "a slow or unreachable source, or too much data. Try a smaller sample or a faster source."
        ) from None
    except ProcessExpired as exc:
        code = exc.exitcode
        log.warning("interactive job %s: child %s ended with %s", path, exc.pid, code)
        if code == -signal.SIGABRT and settings.SLUICE_INTERACTIVE_MEMORY_MB:
            # Rust (Polars) and jemalloc abort when an allocation fails under RLIMIT_AS.
            raise InteractiveMemory(_memory_message()) from None
        raise InteractiveCrash(
            f"The worker process doing this stopped unexpectedly (exit code {code}) and was replaced; "
            "the input may have crashed it. Try again, or with a smaller sample."
        ) from None
    except CancelledError:
        raise InteractiveStopping("The server is shutting down; try again in a moment.") from None
    except InteractiveError:
        raise
    except Exception as exc:  # BrokenProcessPool and the like: start a new pool next time
        from concurrent.futures.process import BrokenProcessPool

        if isinstance(exc, BrokenProcessPool):
            log.error("interactive pool broken: %s", exc)
            _discard_pool()
            raise InteractiveCrash("The interactive worker pool failed and is being restarted; try again.") from None
        raise
    finally:
        _inflight.discard(future)


def _discard_pool() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        _stop(pool)


def _memory_message() -> str:
    return (
        f"The work needed more memory than the {settings.SLUICE_INTERACTIVE_MEMORY_MB} MB cap "
        "(SLUICE_INTERACTIVE_MEMORY_MB) and was stopped. Try a smaller sample or fewer rows."
    )


def _decode(path: str, outcome: tuple[str, Any]) -> Any:
    kind, value = outcome
    if kind == "ok":
        return value
    if kind == "invalid":
        raise ValidationError(value)
    if kind == "memory":
        raise InteractiveMemory(_memory_message())
    name, message, trace = value
    log.error("interactive job %s failed: %s: %s\n%s", path, name, message, trace)
    raise InteractiveJobFailed(f"{path}: {name}: {message}")


# --- pages --------------------------------------------------------------------------------------


class InteractiveErrorMiddleware(MiddlewareMixin):
    """Pages (not the API, whose exception handler does it): an InteractiveError becomes a readable
    page or htmx fragment with its status, never a 500.

    A MiddlewareMixin (sync and async capable): a sync-only middleware in the middle of the chain would
    make Django hop back to the event loop for the rest of it, and a request in that hop cannot finish
    once daphne's loop is shutting down (SIGTERM would then wait for ever)."""

    def process_exception(self, request, exception):
        if not isinstance(exception, InteractiveError):
            return None
        from django.http import HttpResponse

        body = f'<div class="alert alert-warning" role="alert">{escape(str(exception.detail))}</div>'
        if not request.headers.get("HX-Request"):
            body = f"<!doctype html><title>Not finished</title><main class='container py-4'>{body}</main>"
        response = HttpResponse(body, status=exception.status_code)
        if exception.wait:
            response["Retry-After"] = str(exception.wait)
        return response


# --- Celery workers run jobs inline -------------------------------------------------------------


def _mark_inline(**_: Any) -> None:
    global _inline_here
    _inline_here = True


def _connect_celery_signals() -> None:
    try:
        from celery.signals import worker_init, worker_process_init
    except ImportError:  # pragma: no cover - celery is a dependency
        return
    worker_init.connect(_mark_inline, weak=False)
    worker_process_init.connect(_mark_inline, weak=False)


_connect_celery_signals()


def _at_exit() -> None:
    """Before the interpreter joins its threads: wake every request waiting on a child and stop the pool,
    so SIGTERM stops the web process in seconds even while interactive work hangs."""
    if _pool is not None or _inflight:
        shutdown()


# Registered after concurrent.futures.thread's own hook, so it runs first (they run in reverse order).
threading._register_atexit(_at_exit)


# --- plain data for jobs --------------------------------------------------------------------------


def user_ref(user) -> int | str | None:
    """A user as job data: its id, ``"anonymous"``, or None (no user at all)."""
    if user is None:
        return None
    if not getattr(user, "is_authenticated", False):
        return "anonymous"
    return user.pk


def user_from_ref(ref: int | str | None):
    """The user ``user_ref`` named (in the child: one query)."""
    if ref is None:
        return None
    if ref == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=ref).first()
    if user is None:
        raise ValidationError({"user": ["The user of this request no longer exists."]})
    return user
