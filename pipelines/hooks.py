"""Apps that depend on pipelines (executions: schedules) register here to hear about changes,
so that pipelines never imports them (DESIGN §1: the arrows point down). Hooks run after commit."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

_saved: list[Callable[[int], None]] = []
_deleted: list[Callable[[int], None]] = []


def on_pipeline_saved(fn: Callable[[int], None]) -> Callable[[int], None]:
    if fn not in _saved:
        _saved.append(fn)
    return fn


def on_pipeline_deleted(fn: Callable[[int], None]) -> Callable[[int], None]:
    if fn not in _deleted:
        _deleted.append(fn)
    return fn


def pipeline_saved(pipeline_id: int) -> None:
    for fn in _saved:
        transaction.on_commit(lambda fn=fn: fn(pipeline_id))


def pipeline_deleted(pipeline_id: int) -> None:
    for fn in _deleted:
        transaction.on_commit(lambda fn=fn: fn(pipeline_id))
