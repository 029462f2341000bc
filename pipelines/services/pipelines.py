"""Pipelines: create, update, delete, replace the draft graph, validate, make versions."""

from __future__ import annotations

import json
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson
from croniter import croniter
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify

from pipelines import hooks, interactive
from pipelines.graph import Graph
from pipelines.models import Edge, Node, Pipeline, PipelineVersion, Tag
from pipelines.models.pipeline import TAG_RE
from pipelines.nodes.base import NodeError
from pipelines.paths import FileAccess, file_access_for, file_access_for_pipeline
from pipelines.selectors import connections_visible_to, pipeline_graph
from pipelines.services.calls import call_context
from pipelines.validation import ValidationResult, validate_graph
from pipelines.validation.memory import no_cycle_collection
from pipelines.validation.start import structure_key, structure_remember

EDITABLE_FIELDS = (
    "name",
    "description",
    "status",
    "schedule_cron",
    "schedule_timezone",
    "schedule_enabled",
    "default_params",
    "concurrency_limit",
    "priority",
    "backend",
)


def unique_slug(model, base: str, *, exclude_pk: int | None = None) -> str:
    root = (slugify(base)[:90] or "pipeline").strip("-") or "pipeline"
    slug, n = root, 1
    qs = model.objects.all() if exclude_pk is None else model.objects.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        n += 1
        slug = f"{root}-{n}"
    return slug


def pipeline_check_schedule(cron: str, tz: str, enabled: bool) -> None:
    errors: dict[str, list[str]] = {}
    if cron:
        if len(cron.split()) != 5 or not croniter.is_valid(cron):
            errors["schedule_cron"] = [f"{cron!r} is not a valid 5-field cron expression (e.g. '0 6 * * *')."]
    elif enabled:
        errors["schedule_enabled"] = ["A schedule cannot be enabled without a cron expression."]
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        errors["schedule_timezone"] = [f"{tz!r} is not a known time zone (e.g. 'Europe/Paris')."]
    if errors:
        raise ValidationError(errors)


def _set_tags(pipeline: Pipeline, names: list[str]) -> None:
    bad = [n for n in names if not isinstance(n, str) or not re.match(TAG_RE, n)]
    if bad:
        raise ValidationError(
            {"tags": [f"Invalid tag {b!r}: use lowercase letters, digits, '-' and '_'." for b in bad]}
        )
    tags = []
    for name in dict.fromkeys(names):
        tag, _ = Tag.objects.get_or_create(name=name)
        tags.append(tag)
    pipeline.tags.set(tags)


def _event(pipeline: Pipeline, type: str, **extra) -> None:
    from notifications.events import publish

    publish(
        f"pipeline:{pipeline.pk}",
        type,
        {"pipeline_id": pipeline.pk, "slug": pipeline.slug, "name": pipeline.name, **extra},
        topics=("dashboard",),
    )


def _full_clean(pipeline: Pipeline) -> None:
    pipeline.full_clean(exclude=["owner", "current_version", "slug"] if pipeline.slug else ["owner", "current_version"])


def pipeline_create(
    *,
    user,
    name: str,
    slug: str = "",
    tags: list[str] | None = None,
    graph: Graph | None = None,
    **fields: Any,
) -> Pipeline:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"pipeline_create() got unexpected fields {sorted(unknown)}")
    pipeline = Pipeline(owner=user, name=name, **fields)
    pipeline.slug = slug or unique_slug(Pipeline, name)
    if slug and Pipeline.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": [f"A pipeline with slug {slug!r} already exists."]})
    pipeline_check_schedule(pipeline.schedule_cron, pipeline.schedule_timezone, pipeline.schedule_enabled)
    _full_clean(pipeline)
    with transaction.atomic():
        try:
            pipeline.save()
        except IntegrityError as exc:
            raise ValidationError({"slug": [f"A pipeline with slug {pipeline.slug!r} already exists."]}) from exc
        if tags:
            _set_tags(pipeline, tags)
        if graph is not None:
            _write_graph(pipeline, graph)
        _event(pipeline, "pipeline.created")
        hooks.pipeline_saved(pipeline.pk)
    return pipeline


def pipeline_update(*, pipeline: Pipeline, user, tags: list[str] | None = None, **fields: Any) -> Pipeline:
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"slug"}
    if unknown:
        raise TypeError(f"pipeline_update() got unexpected fields {sorted(unknown)}")
    new_slug = fields.get("slug", pipeline.slug)
    if new_slug != pipeline.slug and Pipeline.objects.filter(slug=new_slug).exclude(pk=pipeline.pk).exists():
        raise ValidationError({"slug": [f"A pipeline with slug {fields['slug']!r} already exists."]})
    for name, value in fields.items():
        setattr(pipeline, name, value)
    pipeline_check_schedule(pipeline.schedule_cron, pipeline.schedule_timezone, pipeline.schedule_enabled)
    _full_clean(pipeline)
    with transaction.atomic():
        pipeline.save()
        if tags is not None:
            _set_tags(pipeline, tags)
        _event(pipeline, "pipeline.updated")
        hooks.pipeline_saved(pipeline.pk)
    return pipeline


def pipeline_delete(*, pipeline: Pipeline, user) -> None:
    with transaction.atomic():
        pipeline_id = pipeline.pk
        _event(pipeline, "pipeline.deleted")
        Pipeline.objects.filter(pk=pipeline.pk).update(current_version=None)
        pipeline.delete()
        hooks.pipeline_deleted(pipeline_id)


def _write_graph(pipeline: Pipeline, graph: Graph) -> None:
    """Replace the draft Node/Edge rows with ``graph``; nodes keep their row when their key stays."""
    existing = {n.key: n for n in Node.objects.filter(pipeline=pipeline)}
    wanted = {n.key for n in graph.nodes}
    Node.objects.filter(pipeline=pipeline).exclude(key__in=wanted).delete()
    Edge.objects.filter(pipeline=pipeline).delete()
    to_create, to_update = [], []
    for spec in graph.nodes:
        node = existing.get(spec.key) or Node(pipeline=pipeline, key=spec.key)
        node.type, node.config, node.label = spec.type, spec.config, spec.label
        node.position_x, node.position_y = spec.x, spec.y
        (to_update if node.pk else to_create).append(node)
    Node.objects.bulk_update(to_update, ["type", "config", "label", "position_x", "position_y"], batch_size=500)
    Node.objects.bulk_create(to_create, batch_size=500)
    ids = dict(Node.objects.filter(pipeline=pipeline).values_list("key", "pk"))
    Edge.objects.bulk_create(
        [
            Edge(
                pipeline=pipeline,
                source_id=ids[e.source],
                source_port=e.source_port,
                target_id=ids[e.target],
                target_port=e.target_port,
            )
            for e in graph.edges
        ],
        batch_size=500,
    )
    pipeline.canvas_groups = [g.to_dict() for g in graph.groups]
    Pipeline.objects.filter(pk=pipeline.pk).update(canvas_groups=pipeline.canvas_groups)


def pipeline_graph_set(*, pipeline: Pipeline, user, graph: Graph) -> Pipeline:
    """Save ``graph`` as the draft, in one transaction. Drafts may be invalid (the builder saves
    work in progress); only a valid graph can become a version."""
    with transaction.atomic():
        Pipeline.objects.select_for_update().filter(pk=pipeline.pk).first()
        _write_graph(pipeline, graph)
        pipeline.save(update_fields=["updated_at"])
        _event(pipeline, "pipeline.updated")
    return pipeline


def validation_context(
    *, user, pipeline: Pipeline | None = None, file_access: FileAccess | None = None, pipeline_id: int | None = None
) -> dict[str, Any]:
    """What source nodes may use while validating for ``user``: only the connections they can see, and only
    the files both ``user`` and the owner of ``pipeline`` (when validating a saved pipeline) may open;
    ``file_access`` overrides the latter (a run's: pipelines.paths.file_access_for_run). ``pipeline.call``
    nodes call what the owner of ``pipeline`` (or ``pipeline_id``) may see, else what ``user`` may."""
    if file_access is None:
        file_access = file_access_for_pipeline(pipeline=pipeline, user=user) if pipeline else file_access_for(user)

    found: dict[str, Any] = {}  # slug -> connection: one query per connection, however many nodes use it

    def get_connection(slug: str):
        if slug not in found:
            found[slug] = connections_visible_to(user=user).filter(slug=slug).first() if user is not None else None
        conn = found[slug]
        if conn is None:
            raise NodeError(f"No connection {slug!r} (or you may not use it).", field="connection")
        return conn

    calls = call_context(user=user, pipeline=pipeline, pipeline_id=pipeline_id)
    return {"get_connection": get_connection, "file_access": file_access, **calls}


def pipeline_validate(
    *,
    graph: Graph,
    user,
    check_schemas: bool = True,
    pipeline: Pipeline | None = None,
    file_access: FileAccess | None = None,
    backend: str | None = None,
    params: dict[str, Any] | None = None,
) -> ValidationResult:
    """Validate ``graph`` for ``user`` (of ``pipeline``, when it is a saved pipeline's: file nodes then open
    only what its owner and ``user`` both may; see ``validation_context``), for ``backend`` (default: the
    pipeline's; with ``sql``, each node that does not compile is a problem: pipelines.validation.backend).

    Schema inference reads files, databases and APIs and runs Polars on user input: it runs in the
    interactive pool (pipelines.interactive), never in the web process."""
    data = interactive.call(
        "pipelines.services.pipelines.validate_job",
        **_validate_args(
            graph=graph, user=user, check_schemas=check_schemas, pipeline=pipeline, file_access=file_access
        ),
        backend=backend or (pipeline.backend if pipeline is not None else "polars"),
        spark_connection=_spark_connection(pipeline, params),
    )
    return ValidationResult.from_dict(data)


def _spark_connection(pipeline: Pipeline | None, params: dict[str, Any] | None) -> str | None:
    """The Spark connection a run on the spark backend uses: the run's parameter over the pipeline's default
    (``SPARK_CONNECTION_PARAM``); validation checks the user may use it, as any connection."""
    from pipelines.sqlbackend.compiler import SPARK_CONNECTION_PARAM

    merged = {**((pipeline.default_params or {}) if pipeline is not None else {}), **(params or {})}
    value = merged.get(SPARK_CONNECTION_PARAM)
    return value if isinstance(value, str) else None


def pipeline_validate_json(*, graph: Graph, user, pipeline: Pipeline | None = None) -> bytes:
    """``pipeline_validate``'s answer as the API sends it (``ValidationResult.to_dict`` as JSON), made in
    the interactive child: the answer for a 2,000-node graph is megabytes of schemas and lineage, which
    then cross the process boundary once, as bytes, and are never decoded and encoded again here."""
    return interactive.call(
        "pipelines.services.pipelines.validate_json_job",
        **_validate_args(graph=graph, user=user, check_schemas=True, pipeline=pipeline, file_access=None),
        backend=pipeline.backend if pipeline is not None else "polars",
        spark_connection=_spark_connection(pipeline, None),
    )


def _validate_args(
    *, graph: Graph, user, check_schemas: bool, pipeline: Pipeline | None, file_access: FileAccess | None
) -> dict[str, Any]:
    """A validation job's arguments; the graph as JSON text (a string pickles as one copy of its bytes,
    where 2,000 nodes as objects pickle and unpickle part by part)."""
    data = graph.to_dict()
    try:
        text: str | dict = orjson.dumps(data).decode()
    except TypeError:  # text orjson refuses (a lone surrogate: never from the API, which refuses it): as data
        text = data
    return {
        "graph": text,
        "user": interactive.user_ref(user),
        "check_schemas": check_schemas,
        "file_access": access_to_data(interactive_file_access(user=user, pipeline=pipeline, file_access=file_access)),
        "pipeline_id": pipeline.pk if pipeline is not None else None,
    }


def interactive_file_access(*, user, pipeline: Pipeline | None, file_access: FileAccess | None) -> FileAccess | None:
    """The file access of a saved pipeline's interactive work, decided here rather than in the child: the
    pipeline may have been created in the caller's transaction (an import, a template), which a child
    cannot see. None: the child takes the user's own (``validation_context``)."""
    if file_access is None and pipeline is not None:
        return file_access_for_pipeline(pipeline=pipeline, user=user)
    return file_access


def validate_job(
    *,
    graph: dict | str,
    user,
    check_schemas: bool,
    file_access: dict | None,
    pipeline_id: int | None = None,
    backend: str = "polars",
    spark_connection: str | None = None,
) -> dict[str, Any]:
    """``pipeline_validate`` in an interactive child (plain data in and out; the graph as a dict or its
    JSON text)."""
    context = validation_context(
        user=interactive.user_from_ref(user), file_access=access_from_data(file_access), pipeline_id=pipeline_id
    )
    if backend == "spark":
        context["spark_connection"] = spark_connection
    with no_cycle_collection():
        parsed = Graph.from_dict(orjson.loads(graph) if isinstance(graph, str) else graph)
        return validate_graph(parsed, check_schemas=check_schemas, context=context, backend=backend).to_dict()


def validate_json_job(**kwargs: Any) -> bytes:
    """``validate_job``'s answer as JSON bytes (``pipeline_validate_json``). The collector stays paused for
    the whole job and everything it made is freed before it runs again: resumed while the answer's ~100,000
    dicts were alive, its next pass walked them all (~30 ms of a 2,000-node job, bench/validate.py)."""
    with no_cycle_collection():
        data = validate_job(**kwargs)
        try:
            body = orjson.dumps(data, default=str)
        except TypeError:  # a lone surrogate in a message (a config that never came through the API)
            body = json.dumps(data, default=str).encode()
        del data
    return body


def access_to_data(access: FileAccess | None) -> dict | None:
    return None if access is None else access.to_dict()


def access_from_data(data: dict | None) -> FileAccess | None:
    return None if data is None else FileAccess.from_dict(data)


def pipeline_version_create(*, pipeline: Pipeline, user, message: str = "") -> tuple[PipelineVersion, bool]:
    """Snapshot the draft as a new version when it is valid and differs from the latest version.

    Returns ``(version, created)``; an unchanged graph returns the latest version with
    ``created=False``. An invalid graph raises ValidationError listing every problem.
    """
    graph = pipeline_graph(pipeline=pipeline)
    result = pipeline_validate(graph=graph, user=user, pipeline=pipeline)
    if not result.is_valid:
        raise ValidationError({"graph": [p.message for p in result.problems]})
    structure_remember(structure_key(graph.to_dict()))  # its runs' starts check what can change since
    digest = graph.content_hash()
    with transaction.atomic():
        locked = Pipeline.objects.select_for_update().get(pk=pipeline.pk)
        latest = PipelineVersion.objects.filter(pipeline=locked).order_by("-number").first()
        if latest is not None and latest.content_hash == digest:
            return latest, False
        number = (PipelineVersion.objects.filter(pipeline=locked).aggregate(m=Max("number"))["m"] or 0) + 1
        version = PipelineVersion.objects.create(
            pipeline=locked,
            number=number,
            graph=graph.to_dict(),
            content_hash=digest,
            message=message[:500],
            created_by=user,
        )
        Pipeline.objects.filter(pk=locked.pk).update(current_version=version)
        _event(locked, "pipeline.versioned", version=version.number)
        hooks.pipeline_saved(locked.pk)
    pipeline.current_version = version
    return version, True
