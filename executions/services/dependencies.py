"""Pipeline dependencies: run B when A succeeds (no cycles). The runs are started by ``lifecycle``."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from executions.models import Execution, PipelineDependency
from pipelines.models import Pipeline

log = logging.getLogger("sluice.executions")


def _would_cycle(upstream_id: int, downstream_id: int) -> list[int] | None:
    """The path downstream → … → upstream if adding upstream → downstream closes a loop."""
    edges: dict[int, list[int]] = defaultdict(list)
    for u, d in PipelineDependency.objects.values_list("upstream_id", "downstream_id"):
        edges[u].append(d)
    stack, parent = [downstream_id], {downstream_id: None}
    while stack:
        node = stack.pop()
        if node == upstream_id:
            path, cur = [], node
            while cur is not None:
                path.append(cur)
                cur = parent[cur]
            return list(reversed(path))
        for nxt in edges[node]:
            if nxt not in parent:
                parent[nxt] = node
                stack.append(nxt)
    return None


def dependency_create(*, upstream: Pipeline, downstream: Pipeline, user) -> PipelineDependency:
    if upstream.pk == downstream.pk:
        raise ValidationError({"downstream": ["A pipeline cannot depend on itself."]})
    with transaction.atomic():
        list(Pipeline.objects.select_for_update().filter(pk__in=[upstream.pk, downstream.pk]))
        path = _would_cycle(upstream.pk, downstream.pk)
        if path:
            names = dict(Pipeline.objects.filter(pk__in=path).values_list("pk", "slug"))
            loop = " → ".join(names[p] for p in [*path, downstream.pk])
            raise ValidationError({"downstream": [f"This would make a cycle: {loop}."]})
        try:
            return PipelineDependency.objects.create(upstream=upstream, downstream=downstream)
        except IntegrityError as exc:
            raise ValidationError({"downstream": ["This dependency already exists."]}) from exc


def dependency_delete(*, dependency: PipelineDependency, user) -> None:
    dependency.delete()


def dependencies_downstream(*, execution: Execution) -> list[Pipeline]:
    """The pipelines that a success of ``execution`` starts (``lifecycle`` starts them): the downstream
    pipelines of its enabled dependencies that are active and have a version."""
    links = PipelineDependency.objects.select_related("downstream", "downstream__current_version").filter(
        upstream_id=execution.pipeline_id, enabled=True
    )
    return [
        link.downstream
        for link in links
        if link.downstream.current_version is not None and link.downstream.status == Pipeline.Status.ACTIVE
    ]
