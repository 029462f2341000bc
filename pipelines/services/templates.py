"""Templates: a graph with ``{{ name }}`` placeholders and a JSON Schema of its parameters."""

from __future__ import annotations

import copy
import re
from typing import Any

import jsonschema
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from pipelines import roles
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
    # Placeholders stand for values given at apply time (checked again then, substituted): here they
    # read as NULL, so that ``{{ condition }}`` in an expression passes the expression allowlist
    # while everything written around it is held to it.
    neutral = _substitute(graph, {name: "NULL" for name in _placeholders(graph)})
    parse_graph_document(neutral, field_prefix="graph.")
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


def template_change_refusal(*, template: PipelineTemplate, user) -> str | None:
    """Why ``user`` may not change or delete ``template`` through the API or the pages, or None when
    they may: built-in templates are read-only for everyone there; others belong to their owner and
    to admins (docs/api.md, Permissions)."""
    if template.builtin:
        return "Built-in templates are read-only; apply it, or create your own template from its graph."
    if roles.sees_everything(user):
        return None
    if not roles.has_role(user, roles.EDITOR):
        return "Changing templates needs the editor role."
    if template.owner_id is not None and template.owner_id == getattr(user, "pk", None):
        return None
    return "Only the template's owner or an admin may change or delete it."


def template_can_change(*, template: PipelineTemplate, user) -> bool:
    return template_change_refusal(template=template, user=user) is None


def _require_change(template: PipelineTemplate, user, *, override_builtin: bool) -> None:
    if override_builtin and template.builtin and roles.sees_everything(user):
        return  # the Django admin (staff only) may still change a built-in template
    refusal = template_change_refusal(template=template, user=user)
    if refusal is not None:
        raise PermissionDenied(refusal)


def template_create(
    *,
    user,
    name: str,
    graph: dict,
    slug: str = "",
    category: str = "",
    description: str = "",
    parameters: dict | None = None,
    builtin: bool = False,
) -> PipelineTemplate:
    """A template owned by ``user``; ``builtin`` (load_demo only) makes a read-only, ownerless one."""
    template = PipelineTemplate(
        name=name,
        slug=slug or unique_slug(PipelineTemplate, name),
        category=category,
        description=description,
        graph=graph,
        parameters=parameters or {},
        created_by=user,
        owner=None if builtin else user,
        builtin=builtin,
    )
    return _check_and_save(template)


def template_update(
    *, template: PipelineTemplate, user, override_builtin: bool = False, **fields: Any
) -> PipelineTemplate:
    """Change a template (its owner or an admin; PermissionDenied otherwise). ``override_builtin``: the
    Django admin and ``load_demo --reset`` writing a built-in template (staff or no user only)."""
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"template_update() got unexpected fields {sorted(unknown)}")
    if user is not None:
        _require_change(template, user, override_builtin=override_builtin)
    elif not (override_builtin and template.builtin):
        raise PermissionDenied("Only a built-in template is changed without a user (load_demo --reset).")
    for name, value in fields.items():
        setattr(template, name, value)
    return _check_and_save(template)


def _check_and_save(template: PipelineTemplate) -> PipelineTemplate:
    template_check_parameters(template.parameters)
    template_check_graph(template.graph, template.parameters)
    template.full_clean(exclude=["created_by", "owner"])
    try:
        template.save()
    except IntegrityError as exc:
        raise ValidationError({"slug": [f"A template with slug {template.slug!r} already exists."]}) from exc
    return template


def template_delete(*, template: PipelineTemplate, user, override_builtin: bool = False) -> None:
    """Delete a template (its owner or an admin; built-in ones only through the Django admin)."""
    _require_change(template, user, override_builtin=override_builtin)
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
