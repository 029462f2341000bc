"""Profiles (pipelines.profiling) of what runs produce (docs/profiling.md).

- ``step_profile``: a succeeded step's output port — its artifact, or recomputed from its fused chain's
  input as the preview does — profiled in the interactive pool (pipelines.interactive), never in the web
  process.
- ``dry_run_profile``: a port of the builder's dry run, the graph run on a sample in the pool.
- ``destination_profiles_record``: the recording room's hook after a group with a destination
  succeeded: the worker profiles what each destination received (a bounded sample taken in the pass that
  wrote it, executions.engine.profiling) and keeps it (``DestinationProfile``), so a run can be compared
  with the previous successful one (``destination_profiles``).

Limits (settings, from the environment): ``SLUICE_PROFILE_ROWS`` rows profiled at most (a larger output is
sampled, every k-th row), ``SLUICE_PROFILE_SECONDS`` for the per-column details, and
``SLUICE_PROFILE_DESTINATIONS`` (on by default; the sample comes from the write's own pass) to keep them.
"""

from __future__ import annotations

import logging
from typing import Any

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from executions.engine.outcomes import GroupOutcome, NodeOutcome
from executions.engine.profiling import ProfileSample
from executions.models import DestinationProfile, Execution, StepRun
from executions.services.dryrun import _check_inputs, _node_inputs, _run_node, _Sample
from executions.services.preview import node_frame
from pipelines import interactive
from pipelines.graph import Graph
from pipelines.nodes import registry
from pipelines.nodes.base import DestinationType
from pipelines.profiling import profile_compare, profile_frame
from pipelines.services.pipelines import access_from_data, access_to_data, interactive_file_access, validation_context
from pipelines.services.profiles import profile_limits
from pipelines.validation import validate_graph

log = logging.getLogger("sluice.executions")


# --- a step of a finished run ------------------------------------------------------------------------


def step_profile(*, execution: Execution, node_key: str, port: str | None = None) -> dict[str, Any]:
    """The profile of a succeeded step's output port (a destination's input), computed in the pool."""
    return interactive.call(
        "executions.services.profiles.step_profile_job",
        execution_id=execution.pk,
        node_key=node_key,
        port=port or None,
        **profile_limits(),
    )


def step_profile_job(
    *, execution_id: int, node_key: str, port: str | None, max_rows: int, deadline_seconds: float
) -> dict[str, Any]:
    """``step_profile`` in an interactive child (plain data in and out)."""
    execution = Execution.objects.filter(pk=execution_id).select_related("version").first()
    if execution is None:
        raise ValidationError({"execution": ["This execution no longer exists."]})
    step = StepRun.objects.filter(execution=execution, node_key=node_key).first()
    if step is None:
        raise ValidationError({"node_key": [f"No step {node_key!r} in this execution."]})
    if step.status != StepRun.Status.SUCCEEDED:
        raise ValidationError(
            {"node_key": [f"The step {node_key} is {step.status}; only succeeded steps have output."]}
        )
    try:
        frame, chosen, rows, recomputed = node_frame(execution, step, port)
        profile = profile_frame(frame, total_rows=rows, max_rows=max_rows, deadline_seconds=deadline_seconds)
    except (FileNotFoundError, OSError, pl.exceptions.PolarsError) as exc:
        raise ValidationError({"node_key": [f"The output of {node_key} is no longer kept ({exc})."]}) from exc
    return {"node_key": node_key, "port": chosen, "recomputed": recomputed, "profile": profile}


# --- a port of a dry run -----------------------------------------------------------------------------


def dry_run_profile(
    *, graph: Graph, user, node: str, port: str | None = None, sample_rows: int = 1000, pipeline=None
) -> dict[str, Any]:
    """The profile of ``node``'s port (a destination's input) when ``graph`` runs on a sample of
    ``sample_rows`` rows per source: the dry run's nodes up to ``node``, in the interactive pool."""
    _check_inputs(sample_rows, 0, {})
    if node not in {n.key for n in graph.nodes}:
        raise ValidationError({"node": [f"No node {node!r} in the graph."]})
    hard = settings.SLUICE_INTERACTIVE_SECONDS
    return interactive.call(
        "executions.services.profiles.dry_run_profile_job",
        timeout=hard,
        graph=graph.to_dict(),
        user=interactive.user_ref(user),
        file_access=access_to_data(interactive_file_access(user=user, pipeline=pipeline, file_access=None)),
        node=node,
        port=port or None,
        sample_rows=sample_rows,
        seconds=min(settings.SLUICE_DRY_RUN_SECONDS, hard * 0.9),
        **profile_limits(),
    )


def dry_run_profile_job(
    *,
    graph: dict,
    user,
    file_access: dict | None,
    node: str,
    port: str | None,
    sample_rows: int,
    seconds: float,
    max_rows: int,
    deadline_seconds: float,
) -> dict[str, Any]:
    """``dry_run_profile`` in an interactive child: run ``node``'s ancestors on the sample, then profile."""
    import time

    parsed = Graph.from_dict(graph)
    context = validation_context(user=interactive.user_from_ref(user), file_access=access_from_data(file_access))
    validation = validate_graph(parsed, context={**context, "sample": True})  # as a dry run (services.dryrun)
    if not validation.order or node not in validation.configs:
        raise ValidationError({"graph": [p.message for p in validation.problems] or ["The graph does not validate."]})
    needed = _ancestors(parsed, node)
    sample = _Sample(context, sample_rows, 0, {}, time.monotonic() + seconds)
    specs = {n.key: n for n in parsed.nodes}
    for key in [k for k in validation.order if k in needed]:
        node_type, config = registry.get(specs[key].type), validation.configs.get(key)
        if node_type is None or config is None:
            raise ValidationError({"node": [f"{key} does not validate; see the graph's problems."]})
        inputs = _node_inputs(node_type, config, [e for e in parsed.edges if e.target == key], sample.outputs)
        if inputs is None:
            raise ValidationError({"node": [f"An upstream node of {node} did not produce data."]})
        if key == node and isinstance(node_type, DestinationType):
            sample.outputs[(key, "in")] = inputs["in"].collect()
            continue
        entry: dict[str, Any] = {"status": "ok", "rows": {}, "schema": {}, "preview": {}, "error": None}
        _run_node(key, node_type, config, inputs, entry, sample)
        if entry["status"] != "ok":
            raise ValidationError({"node": [f"{key}: {entry['error']}"]})
    ports = [p for (k, p) in sample.outputs if k == node]
    chosen = port or (ports[0] if ports else "out")
    if (node, chosen) not in sample.outputs:
        raise ValidationError({"port": [f"No output port {chosen!r}; ports: {', '.join(ports)}."]})
    profile = profile_frame(sample.outputs[(node, chosen)], max_rows=max_rows, deadline_seconds=deadline_seconds)
    return {"node_key": node, "port": chosen, "recomputed": True, "sample_rows": sample_rows, "profile": profile}


def _ancestors(graph: Graph, node: str) -> set[str]:
    parents: dict[str, set[str]] = {}
    for e in graph.edges:
        parents.setdefault(e.target, set()).add(e.source)
    seen, todo = {node}, [node]
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


# --- destinations, kept per run ----------------------------------------------------------------------


def destination_profiles_record(
    *, step: StepRun, outcome: GroupOutcome, upstream: dict[str, NodeOutcome] | None = None
) -> None:
    """After a group succeeded in the worker: profile what each destination of it received and keep it.
    Nothing is read again: the engine took a bounded sample of the destination's input in the pass that
    wrote it (executions.engine.profiling; ``NodeOutcome.profile_sample``), profiled here under the same
    limits as any profile. ``upstream`` is not needed any more (kept for the caller's signature). Never
    fails the step: a profile that cannot be made or stored is logged and skipped."""
    del upstream
    if not settings.SLUICE_PROFILE_DESTINATIONS:
        return
    execution = step.execution
    for key, node in outcome.nodes.items():
        sample, node.profile_sample = node.profile_sample, None  # the frame is not kept past this point
        if sample is None:
            continue
        try:
            profile = _sample_profile(sample, node.rows_in)
        except Exception as exc:  # the data was published or staged already; a profile is a bonus
            log.warning("profile of %s in run %s skipped: %s", key, execution.pk, exc)
            continue
        try:
            with transaction.atomic():  # a savepoint when a chain's transaction is open
                DestinationProfile.objects.update_or_create(
                    execution=execution,
                    node_key=key,
                    defaults={"pipeline_id": execution.pipeline_id, "rows": profile["rows"], "profile": profile},
                )
        except Exception as exc:
            log.warning("profile of %s in run %s not stored: %s", key, execution.pk, exc)


def _sample_profile(sample: ProfileSample, rows: int | None) -> dict[str, Any]:
    """The profile of a destination's sample, said of the whole input: ``rows`` is its row count, and
    ``sampled``/``sample_step`` tell how the rows were chosen (every step-th row)."""
    frame = sample.frame
    profile = profile_frame(frame, total_rows=frame.height, **profile_limits())
    total = frame.height if rows is None else max(int(rows), frame.height)
    profile["rows"] = total
    profile["sampled"] = total > profile["rows_profiled"]
    profile["sample_step"] = sample.step if profile["sampled"] else None
    return profile


def destination_profiles(*, execution: Execution) -> list[dict[str, Any]]:
    """The kept profiles of ``execution``'s destinations, each compared with the one of the same node in
    the previous successful run of the pipeline (None when there is none): two queries."""
    profiles = list(DestinationProfile.objects.filter(execution=execution).order_by("node_key"))
    if not profiles:
        return []
    previous: dict[str, DestinationProfile] = {}
    earlier = (
        DestinationProfile.objects.filter(
            pipeline_id=execution.pipeline_id,
            node_key__in=[p.node_key for p in profiles],
            execution__status=Execution.Status.SUCCEEDED,
            execution__created_at__lt=execution.created_at,
        )
        .order_by("node_key", "-execution__created_at")
        .select_related(None)
    )
    for one in earlier.distinct("node_key") if _postgres() else earlier:
        previous.setdefault(one.node_key, one)
    return [
        {
            "node_key": p.node_key,
            "port": p.port,
            "rows": p.rows,
            "created_at": p.created_at,
            "profile": p.profile,
            "previous_execution": previous[p.node_key].execution_id if p.node_key in previous else None,
            "comparison": profile_compare(p.profile, previous[p.node_key].profile) if p.node_key in previous else None,
        }
        for p in profiles
    ]


def _postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"
