"""The validation of a run's start: in full the first time a graph is met, then only what can change
between a version's save and its start (``pipelines.validation.start``).

Both run in the interactive pool, as every validation does (sources read files and databases): the
start's checks cost one round trip with the nodes that reach outside the graph and the sources'
schemas, where the full validation walks and types every node of the graph (110-120 ms for 1,000
nodes). The checks registered by the apps above (pools) are lookups of this server's state: they run
here, on the whole graph."""

from __future__ import annotations

import orjson
from django.utils.functional import SimpleLazyObject

from pipelines import interactive
from pipelines.graph import Graph
from pipelines.models import Pipeline, PipelineVersion
from pipelines.paths import FileAccess
from pipelines.services.pipelines import (
    access_from_data,
    access_to_data,
    pipeline_validate,
    validation_context,
)
from pipelines.validation import ValidationResult
from pipelines.validation.memory import no_cycle_collection
from pipelines.validation.start import (
    outside_part,
    server_problems,
    structure_key,
    structure_known,
    structure_remember,
    validate_start,
)


def start_validate(
    *,
    version: PipelineVersion,
    graph: Graph,
    user,
    pipeline: Pipeline,
    file_access: FileAccess,
    backend: str = "polars",
    params: dict | None = None,
) -> ValidationResult:
    """``graph`` (the version's) as its run's start sees it, for ``user`` with the run's ``file_access``.
    A backend other than polars validates in full at every start: whether the graph compiles depends on
    the sources' columns and the connections as they are now (a graph that cannot never starts)."""
    if backend != "polars":
        return pipeline_validate(
            graph=graph, user=user, file_access=file_access, pipeline=pipeline, backend=backend, params=params
        )
    key = structure_key(version.graph)
    if not structure_known(key):
        result = pipeline_validate(graph=graph, user=user, file_access=file_access, pipeline=pipeline)
        if result.is_valid:
            structure_remember(key)
        return result
    # The pools are looked up here, on the whole graph; the child gets the nodes that reach outside.
    problems = server_problems(graph)
    doc = outside_part(graph).to_dict()
    try:
        text: str | dict = orjson.dumps(doc).decode()
    except TypeError:  # text orjson refuses (a lone surrogate): as data
        text = doc
    data = interactive.call(
        "executions.services.start_validation.start_checks_job",
        graph=text,
        user=interactive.user_ref(user),
        file_access=access_to_data(file_access),
        pipeline_id=pipeline.pk,
    )
    result = ValidationResult.from_dict(data)
    result.problems.extend(problems)
    return result


def start_checks_job(*, graph: str | dict, user, file_access: dict | None, pipeline_id: int) -> dict:
    """``validate_start`` in an interactive child (plain data in and out). The user is loaded when a
    check needs it (a connection or a call to look up): a graph of file sources costs the child no
    database connection (each job opens its own: tens of ms on a busy server)."""
    person = SimpleLazyObject(lambda: interactive.user_from_ref(user)) if isinstance(user, int) else None
    context = validation_context(
        user=person if person is not None else interactive.user_from_ref(user),
        file_access=access_from_data(file_access),
        pipeline_id=pipeline_id,
    )
    with no_cycle_collection():
        parsed = Graph.from_dict(orjson.loads(graph) if isinstance(graph, str) else graph)
        return validate_start(parsed, context=context, server_checks=False).to_dict()
