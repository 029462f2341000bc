"""Apps above executions (monitoring: alert rules) register here to hear that an execution finished,
so that executions never imports them (DESIGN §1). Hooks run after commit; a failing hook is logged."""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger("sluice.executions")
_finished: list[Callable[[int], None]] = []


def on_execution_finished(fn: Callable[[int], None]) -> Callable[[int], None]:
    if fn not in _finished:
        _finished.append(fn)
    return fn


def execution_finished(execution_id: int) -> None:
    for fn in _finished:
        try:
            fn(execution_id)
        except Exception:
            log.exception("execution-finished hook %s failed for %s", getattr(fn, "__name__", fn), execution_id)
