"""Every write to pipelines, versions, templates and connections goes through these functions."""

from pipelines.services.connections import connection_create, connection_delete, connection_update
from pipelines.services.pipelines import (
    pipeline_create,
    pipeline_delete,
    pipeline_graph_set,
    pipeline_update,
    pipeline_validate,
    pipeline_validate_json,
    pipeline_version_create,
)
from pipelines.services.templates import template_apply, template_create, template_delete, template_update
from pipelines.services.transfer import pipeline_import

__all__ = [
    "connection_create",
    "connection_delete",
    "connection_update",
    "pipeline_create",
    "pipeline_delete",
    "pipeline_graph_set",
    "pipeline_import",
    "pipeline_update",
    "pipeline_validate",
    "pipeline_validate_json",
    "pipeline_version_create",
    "template_apply",
    "template_create",
    "template_delete",
    "template_update",
]
