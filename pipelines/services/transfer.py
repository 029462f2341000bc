"""Import of pipeline documents: create or update a pipeline by slug from its fields, tags and graph.

The document formats (``apiVersion: sluice.dev/v1`` / ``kind: Pipeline`` and the old ``sluice: 1``
export) are read by ``pipelines.documents``, which calls ``pipeline_import_values``; ``pipeline_import``
takes an already-loaded mapping of either format (the demo's documents, old scripts) without the
strict checks of the parser (unknown fields, line numbers).

Updating an existing pipeline needs the right to change *that* pipeline (``can_change_pipeline``: the
editor role and the pipeline visible to the user, as for every other change); a slug taken by a
pipeline the user cannot change is refused, never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pipelines import roles
from pipelines.graph import Graph, parse_graph_document
from pipelines.models import Pipeline, PipelineVersion
from pipelines.selectors import pipeline_graph, pipelines_visible_to
from pipelines.services.pipelines import (
    pipeline_check_schedule,
    pipeline_create,
    pipeline_graph_set,
    pipeline_update,
    pipeline_version_create,
)

VERSION_MESSAGE = "imported"


def can_change_pipeline(*, user, pipeline: Pipeline) -> bool:
    """Editors (and above) change the pipelines they can see: their own, those shared with them; admins all."""
    if not roles.has_role(user, roles.EDITOR):
        return False
    return roles.sees_everything(user) or pipelines_visible_to(user=user).filter(pk=pipeline.pk).exists()


def slug_taken_message(slug: str) -> str:
    return f"A pipeline with slug {slug!r} already exists and you may not change it."


def pipeline_fields_check(*, slug: str, fields: dict[str, Any]) -> None:
    """The checks ``pipeline_create``/``pipeline_update`` make on the fields, writing nothing (dry runs)."""
    candidate = Pipeline(slug=slug, **fields)
    pipeline_check_schedule(candidate.schedule_cron, candidate.schedule_timezone, candidate.schedule_enabled)
    candidate.full_clean(exclude=["owner", "current_version", "slug"], validate_unique=False)


def _document_fields(doc: dict[str, Any]) -> dict[str, Any]:
    schedule = doc.get("schedule") or {}
    if not isinstance(schedule, dict):
        raise ValidationError({"schedule": ["Expected a mapping with cron, timezone and enabled."]})
    fields = {
        "name": doc.get("name"),
        "description": doc.get("description", ""),
        "schedule_cron": schedule.get("cron", "") or "",
        "schedule_timezone": schedule.get("timezone", "UTC") or "UTC",
        "schedule_enabled": bool(schedule.get("enabled", False)),
        "default_params": doc.get("params") or {},
    }
    for optional in ("status", "concurrency_limit", "priority", "backend"):
        if optional in doc:
            fields[optional] = doc[optional]
    if not isinstance(fields["name"], str) or not fields["name"].strip():
        raise ValidationError({"name": ["A pipeline document needs a name."]})
    if not isinstance(fields["default_params"], dict):
        raise ValidationError({"params": ["Expected a mapping."]})
    return fields


def _flatten(document: dict[str, Any]) -> dict[str, Any]:
    """An ``apiVersion``/``kind`` document in the flat shape of the old export (metadata and spec merged)."""
    metadata, spec = document.get("metadata") or {}, document.get("spec") or {}
    if not isinstance(metadata, dict) or not isinstance(spec, dict):
        raise ValidationError({"document": ["metadata and spec must be mappings."]})
    return {**spec, **metadata}


@dataclass
class ImportResult:
    pipeline: Pipeline
    created: bool
    version: PipelineVersion | None
    new_version: bool
    graph_changed: bool = True
    fields_changed: bool = True


def pipeline_import(*, user, document: Any, version: bool = True, message: str = VERSION_MESSAGE) -> ImportResult:
    """Create or update (by slug) a pipeline from a loaded document of either format, in one transaction.

    With ``version``, the graph must be valid and a new version is made only when
    it differs from the latest one; otherwise the graph is saved as a draft.
    """
    if not isinstance(document, dict):
        raise ValidationError({"document": ["Expected a mapping (an exported pipeline)."]})
    if "apiVersion" in document or "kind" in document:
        document = _flatten(document)
    slug = document.get("slug")
    if not isinstance(slug, str) or not slug:
        raise ValidationError({"slug": ["A pipeline document needs a slug."]})
    fields = _document_fields(document)
    graph = parse_graph_document(document.get("graph") or {}, field_prefix="graph.")
    tags = document.get("tags") or []
    if not isinstance(tags, list):
        raise ValidationError({"tags": ["Expected a list."]})
    return pipeline_import_values(
        user=user, slug=slug, fields=fields, tags=tags, graph=graph, version=version, message=message
    )


def pipeline_import_values(
    *,
    user,
    slug: str,
    fields: dict[str, Any],
    tags: list[str],
    graph: Graph,
    version: bool,
    message: str = VERSION_MESSAGE,
) -> ImportResult:
    """Create the pipeline ``slug`` or update it (fields, tags, then the draft graph when it changed), and
    with ``version`` snapshot the draft as a version (only when it differs from the latest). One transaction;
    ValidationError (field names of the model: ``schedule_cron``, ``tags``, ``graph``...) changes nothing."""
    with transaction.atomic():
        pipeline = Pipeline.objects.select_for_update().filter(slug=slug).first()
        created = pipeline is None
        graph_changed = fields_changed = True
        if created:
            pipeline = pipeline_create(user=user, slug=slug, tags=tags, graph=graph, **fields)
        else:
            if not can_change_pipeline(user=user, pipeline=pipeline):
                raise ValidationError({"slug": [slug_taken_message(slug)]})
            fields_changed = _differs(pipeline, fields, tags)
            if fields_changed:
                pipeline_update(pipeline=pipeline, user=user, tags=tags, **fields)
            graph_changed = pipeline_graph(pipeline=pipeline).content_hash() != graph.content_hash()
            if graph_changed or _layout(pipeline_graph(pipeline=pipeline)) != _layout(graph):
                pipeline_graph_set(pipeline=pipeline, user=user, graph=graph)
        made, new = None, False
        if version:
            made, new = pipeline_version_create(pipeline=pipeline, user=user, message=message)
    return ImportResult(
        pipeline=pipeline,
        created=created,
        version=made,
        new_version=new,
        graph_changed=graph_changed,
        fields_changed=fields_changed,
    )


def _layout(graph: Graph) -> list[tuple]:
    return sorted((n.key, n.label, n.x, n.y) for n in graph.nodes)


def _differs(pipeline: Pipeline, fields: dict[str, Any], tags: list[str]) -> bool:
    if any(getattr(pipeline, name) != value for name, value in fields.items()):
        return True
    return sorted(dict.fromkeys(tags)) != sorted(t.name for t in pipeline.tags.all())
