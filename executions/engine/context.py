"""The context a node's code runs in: the run's parameters, its files, its connections, its logger."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model

from executions.models import Execution
from pipelines.models import Connection
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.paths import FileAccess, file_access_for, file_access_for_run


def _get_connection(slug: str):
    conn = Connection.objects.filter(slug=slug).first()
    if conn is None:
        raise NodeError(f"No connection {slug!r}.", field="connection")
    return conn


_FILE_ACCESS: dict[int, FileAccess] = {}  # execution id -> its file access (a run's sharing is fixed at its start)
_FILE_ACCESS_KEPT = 256


def run_file_access(execution: Execution) -> FileAccess:
    """The files a run may open: what its pipeline's owner and its version's author both may (docs/files.md).
    Computed once per execution and process (a few queries), not per step."""
    access = _FILE_ACCESS.get(execution.pk)
    if access is None:
        access = _access_of(execution)
        if len(_FILE_ACCESS) >= _FILE_ACCESS_KEPT:
            _FILE_ACCESS.pop(next(iter(_FILE_ACCESS)))
        _FILE_ACCESS[execution.pk] = access
    return access


def _access_of(execution: Execution) -> FileAccess:
    """``file_access_for_run`` of the run's pipeline and version. A worker's execution row comes without
    them: rather than load both (the version with its whole graph) to reach two users, one query reads
    the owner's and the author's ids and one loads those users (then ``file_access_for``'s own look-ups
    of their roles and groups, once when the owner wrote the version)."""
    if Execution.pipeline.is_cached(execution) and Execution.version.is_cached(execution):
        return file_access_for_run(pipeline=execution.pipeline, version=execution.version)
    ids = Execution.objects.filter(pk=execution.pk).values_list("pipeline__owner_id", "version__created_by_id").first()
    owner_id, author_id = ids if ids is not None else (None, None)
    people = get_user_model().objects.in_bulk([i for i in (owner_id, author_id) if i is not None])
    if author_id == owner_id:  # one person (the common case): what they may open, looked up once
        return file_access_for(people.get(owner_id))
    return file_access_for(people.get(owner_id), people.get(author_id))


def node_context(execution: Execution, node_key: str, *, attempt: int, mode: str = "run", **extra) -> BuildContext:
    return BuildContext(
        node_key=node_key,
        mode=mode,
        params=execution.params or {},
        data_root=settings.DATA_ROOT,
        file_access=run_file_access(execution),
        get_connection=_get_connection,
        logger=logging.getLogger(f"sluice.node.{node_key}"),
        stage_id=f"e{execution.pk}_{node_key}_a{attempt}"[:60],
        **extra,
    )
