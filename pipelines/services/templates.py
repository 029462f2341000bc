"""Templates: a graph with ``{{ name }}`` placeholders and a JSON Schema of its parameters."""

from __future__ import annotations

import copy
import re
from typing import Any

import jsonschema
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pipelines.graph import parse_graph_document
from pipelines.models import Pipeline, PipelineTemplate
from pipelines.services.pipelines import pipeline_create, unique_slug

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
TEMPLATE_FIELDS = ("name", "slug", "category", "description", "graph", "parameters")


def template_check_parameters(schema: Any) -> None:
    if not isinstance(schema, dict):
        raise ValidationError({"parameters": ["Expected a JSON Schema object."]})
    if not schema:
        return
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise ValidationError({"parameters": [f"Not a valid JSON Schema: {exc.message}"]}) from exc
    if schema.get("type", "object") != "object":
        raise ValidationError({"parameters": ["The parameters schema must describe an object."]})


def _placeholders(value: Any) -> set[str]:
    if isinstance(value, str):
        return set(PLACEHOLDER.findall(value))
    if isinstance(value, dict):
        return set().union(*(_placeholders(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_placeholders(v) for v in value)) if value else set()
    return set()


def template_check_graph(graph: Any, parameters: dict) -> None:
    parse_graph_document(graph, field_prefix="graph.")
    declared = set((parameters or {}).get("properties", {}))
    undeclared = _placeholders(graph) - declared
    if undeclared:
        raise ValidationError(
            {
                "graph": [
                    f"Placeholder {{{{ {n} }}}} is not declared in parameters.properties." for n in sorted(undeclared)
                ]
            }
        )


def template_create(
    *,
    user,
    name: str,
    graph: dict,
    slug: str = "",
    category: str = "",
    description: str = "",
    parameters: dict | None = None,
) -> PipelineTemplate:
    template = PipelineTemplate(
        name=name,
        slug=slug or unique_slug(PipelineTemplate, name),
        category=category,
        description=description,
        graph=graph,
        parameters=parameters or {},
        created_by=user,
    )
    return _check_and_save(template)


def template_update(*, template: PipelineTemplate, user, **fields: Any) -> PipelineTemplate:
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"template_update() got unexpected fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(template, name, value)
    return _check_and_save(template)


def _check_and_save(template: PipelineTemplate) -> PipelineTemplate:
    template_check_parameters(template.parameters)
    template_check_graph(template.graph, template.parameters)
    template.full_clean(exclude=["created_by"])
    try:
        template.save()
    except IntegrityError as exc:
        raise ValidationError({"slug": [f"A template with slug {template.slug!r} already exists."]}) from exc
    return template


def template_delete(*, template: PipelineTemplate, user) -> None:
    template.delete()


def _substitute(value: Any, params: dict[str, Any]) -> Any:
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value.strip())
        if whole:
            return copy.deepcopy(params[whole.group(1)])  # keeps the parameter's type (numbers, lists...)
        return PLACEHOLDER.sub(lambda m: str(params[m.group(1)]), value)
    if isinstance(value, dict):
        return {k: _substitute(v, params) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, params) for v in value]
    return value


def template_resolve_parameters(*, template: PipelineTemplate, parameters: dict[str, Any]) -> dict[str, Any]:
    """The template's defaults overlaid with ``parameters``, checked against its JSON Schema."""
    if not isinstance(parameters, dict):
        raise ValidationError({"parameters": ["Expected an object."]})
    schema = template.parameters or {}
    values = {
        name: copy.deepcopy(prop["default"])
        for name, prop in schema.get("properties", {}).items()
        if isinstance(prop, dict) and "default" in prop
    }
    values.update(parameters)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(values), key=lambda e: list(e.path))
    if errors:
        raise ValidationError(
            {"parameters": [f"{'.'.join(str(p) for p in e.path) or '(root)'}: {e.message}" for e in errors[:20]]}
        )
    missing = _placeholders(template.graph) - set(values)
    if missing:
        raise ValidationError({"parameters": [f"{n}: a value is required." for n in sorted(missing)]})
    return values


def template_apply(
    *, template: PipelineTemplate, user, name: str, parameters: dict[str, Any], slug: str = "", description: str = ""
) -> Pipeline:
    """Make a new pipeline from ``template`` with ``parameters`` substituted into its graph."""
    values = template_resolve_parameters(template=template, parameters=parameters)
    document = _substitute(template.graph, values)
    graph = parse_graph_document(document, field_prefix="graph.")
    with transaction.atomic():
        return pipeline_create(
            user=user,
            name=name,
            slug=slug,
            graph=graph,
            description=description or template.description,
        )
