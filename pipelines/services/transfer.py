"""Import of pipeline documents (YAML/JSON made by export_pipeline)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pipelines.graph import parse_graph_document
from pipelines.models import Pipeline, PipelineVersion
from pipelines.selectors import pipeline_graph
from pipelines.services.pipelines import (
    pipeline_create,
    pipeline_graph_set,
    pipeline_update,
    pipeline_version_create,
)


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
    for optional in ("status", "concurrency_limit", "priority"):
        if optional in doc:
            fields[optional] = doc[optional]
    if not isinstance(fields["name"], str) or not fields["name"].strip():
        raise ValidationError({"name": ["A pipeline document needs a name."]})
    if not isinstance(fields["default_params"], dict):
        raise ValidationError({"params": ["Expected a mapping."]})
    return fields


@dataclass
class ImportResult:
    pipeline: Pipeline
    created: bool
    version: PipelineVersion | None
    new_version: bool


def pipeline_import(*, user, document: Any, version: bool = True) -> ImportResult:
    """Create or update (by slug) a pipeline from an exported document, in one transaction.

    With ``version``, the graph must be valid and a new version is made only when
    it differs from the latest one; otherwise the graph is saved as a draft.
    """
    if not isinstance(document, dict):
        raise ValidationError({"document": ["Expected a mapping (an exported pipeline)."]})
    slug = document.get("slug")
    if not isinstance(slug, str) or not slug:
        raise ValidationError({"slug": ["A pipeline document needs a slug."]})
    fields = _document_fields(document)
    graph = parse_graph_document(document.get("graph") or {}, field_prefix="graph.")
    tags = document.get("tags") or []
    if not isinstance(tags, list):
        raise ValidationError({"tags": ["Expected a list."]})
    with transaction.atomic():
        pipeline = Pipeline.objects.filter(slug=slug).first()
        created = pipeline is None
        if created:
            pipeline = pipeline_create(user=user, slug=slug, tags=tags, graph=graph, **fields)
        else:
            pipeline_update(pipeline=pipeline, user=user, tags=tags, **fields)
            if pipeline_graph(pipeline=pipeline).content_hash() != graph.content_hash():
                pipeline_graph_set(pipeline=pipeline, user=user, graph=graph)
        made, new = None, False
        if version:
            made, new = pipeline_version_create(pipeline=pipeline, user=user, message="imported")
    return ImportResult(pipeline=pipeline, created=created, version=made, new_version=new)
