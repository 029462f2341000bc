"""The ``Pipeline`` kind: its document model, checks, dry run (plan) and apply.

The layout is Kubernetes-like — what identifies the pipeline under ``metadata``, what it does under
``spec`` (docs/documents.md has a full example)::

    apiVersion: sluice.dev/v1
    kind: Pipeline
    metadata: {name: Orders daily, slug: orders-daily, description: ..., tags: [sales]}
    spec:
      status: active
      schedule: {cron: "0 6 * * *", timezone: Europe/Paris, enabled: true}
      params: {day: today}
      concurrency_limit: 1
      priority: 5
      backend: polars
      graph: {nodes: [...], edges: [...]}

The old export (``sluice: 1`` with every field at the top) still reads, as ``LegacyPipelineDocument``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pipelines.documents.kinds import register_kind
from pipelines.documents.parsing import DocumentProblem, ParsedDocument
from pipelines.documents.results import DocumentPlan, DocumentResult
from pipelines.graph import Graph, GraphDocument, parse_graph_document
from pipelines.models import Pipeline
from pipelines.models.pipeline import TAG_RE
from pipelines.selectors import graph_diff, pipeline_graph
from pipelines.services import pipeline_validate
from pipelines.services.transfer import (
    can_change_pipeline,
    pipeline_fields_check,
    pipeline_import_values,
    slug_taken_message,
)

SLUG_RE = r"^[-a-zA-Z0-9_]+$"
Status = Literal["active", "paused", "archived"]
Backend = Literal["polars", "sql", "spark"]  # Pipeline.Backend's values (a test keeps them equal)
TagName = Annotated[str, StringConstraints(pattern=TAG_RE, max_length=50)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Metadata(_Strict):
    name: str = Field(min_length=1, max_length=200, description="Shown in lists and pages.")
    slug: str = Field(
        min_length=1, max_length=100, pattern=SLUG_RE, description="Identifies the pipeline: an import updates it."
    )
    description: str = ""
    tags: list[TagName] = Field(default_factory=list, description="Lowercase letters, digits, '-' and '_'.")


class Schedule(_Strict):
    cron: str = Field("", max_length=120, description="A 5-field cron expression; empty for none.")
    timezone: str = Field("UTC", max_length=64, description="An IANA time zone, e.g. Europe/Paris.")
    enabled: bool = False


class PipelineSpec(_Strict):
    status: Status = "active"
    schedule: Schedule = Field(default_factory=Schedule)
    params: dict[str, Any] = Field(default_factory=dict, description="Default run parameters.")
    concurrency_limit: int = Field(1, ge=1, le=100, description="Runs of this pipeline at once; more wait.")
    priority: int = Field(5, ge=0, le=9, description="0 (lowest) to 9 (highest).")
    backend: Backend = Field(
        "polars",
        description="Where runs compute: polars (the workers) or sql (the whole graph compiled to SQL and run in "
        "its database; every node must compile). A run may override it. See docs/backends.md.",
    )
    graph: GraphDocument = Field(default_factory=GraphDocument)


class PipelineDocument(_Strict):
    """A pipeline: what identifies it (metadata) and what it does (spec)."""

    model_config = ConfigDict(extra="forbid", title="Pipeline")
    apiVersion: Literal["sluice.dev/v1"] = Field(description="Always sluice.dev/v1.")
    kind: Literal["Pipeline"]
    metadata: Metadata
    spec: PipelineSpec = Field(default_factory=PipelineSpec)


class LegacyPipelineDocument(_Strict):
    """The export before apiVersion/kind (``sluice: 1``): every field at the top."""

    sluice: Literal[1] = 1
    name: str = Field(min_length=1, max_length=200)
    slug: str = Field(min_length=1, max_length=100, pattern=SLUG_RE)
    description: str = ""
    tags: list[TagName] = Field(default_factory=list)
    status: Status = "active"
    schedule: Schedule = Field(default_factory=Schedule)
    params: dict[str, Any] = Field(default_factory=dict)
    concurrency_limit: int = Field(1, ge=1, le=100)
    priority: int = Field(5, ge=0, le=9)
    graph: GraphDocument = Field(default_factory=GraphDocument)


# Model field -> where it is written in a document (new format, legacy format).
_PATHS = {
    "name": ("metadata.name", "name"),
    "slug": ("metadata.slug", "slug"),
    "description": ("metadata.description", "description"),
    "tags": ("metadata.tags", "tags"),
    "status": ("spec.status", "status"),
    "schedule_cron": ("spec.schedule.cron", "schedule.cron"),
    "schedule_timezone": ("spec.schedule.timezone", "schedule.timezone"),
    "schedule_enabled": ("spec.schedule.enabled", "schedule.enabled"),
    "default_params": ("spec.params", "params"),
    "concurrency_limit": ("spec.concurrency_limit", "concurrency_limit"),
    "priority": ("spec.priority", "priority"),
    "backend": ("spec.backend", "backend"),
    "graph": ("spec.graph", "graph"),
}


def document_path(field: str, *, legacy: bool) -> str:
    """Where the model field (or ``graph.nodes.0.key``) ``field`` is written in a document."""
    head, _, rest = field.partition(".")
    paths = _PATHS.get(head)
    if paths is None:
        return field
    base = paths[1 if legacy else 0]
    return f"{base}.{rest}" if rest else base


def _graph_prefix(legacy: bool) -> str:
    return "graph." if legacy else "spec.graph."


def values_of(model: BaseModel) -> dict[str, Any]:
    """The flat values of a validated document of either format: slug, fields, tags, graph data."""
    if isinstance(model, PipelineDocument):
        meta, spec = model.metadata, model.spec
    else:
        meta = spec = model
    fields = {
        "name": meta.name,
        "description": meta.description,
        "status": spec.status,
        "schedule_cron": spec.schedule.cron,
        "schedule_timezone": spec.schedule.timezone or "UTC",
        "schedule_enabled": spec.schedule.enabled,
        "default_params": spec.params,
        "concurrency_limit": spec.concurrency_limit,
        "priority": spec.priority,
        "backend": getattr(spec, "backend", "polars"),  # the old format predates backends: the default
    }
    return {"slug": meta.slug, "fields": fields, "tags": list(meta.tags), "graph": spec.graph.model_dump()}


def check(model: BaseModel) -> list[tuple[str, str]]:
    """The graph's storable invariants (unique keys, edges between nodes, size, expressions)."""
    legacy = not isinstance(model, PipelineDocument)
    try:
        parse_graph_document(values_of(model)["graph"], field_prefix=_graph_prefix(legacy))
    except ValidationError as exc:
        return [(path, message) for path, messages in exc.message_dict.items() for message in messages]
    return []


def problems_of(document: ParsedDocument, exc: ValidationError) -> list[DocumentProblem]:
    """A service's ValidationError (model field names) as problems at the document's paths and lines."""
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    return [
        document.problem(document_path(field, legacy=document.legacy) if field != "__all__" else "", message)
        for field, texts in messages.items()
        for message in texts
    ]


class DocumentRejected(ValidationError):
    """Applying a document failed: ``problems`` say where (paths and lines); a ValidationError keyed by path."""

    def __init__(self, problems: list[DocumentProblem]):
        self.problems = problems
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.path or "document", []).append(problem.message)
        super().__init__(errors)


def _graph(document: ParsedDocument) -> Graph:
    return parse_graph_document(values_of(document.model)["graph"], field_prefix=_graph_prefix(document.legacy))


def _changes(pipeline: Pipeline, values: dict[str, Any], *, legacy: bool) -> dict[str, dict[str, Any]]:
    changes = {
        document_path(name, legacy=legacy): {"from": getattr(pipeline, name), "to": value}
        for name, value in values["fields"].items()
        if getattr(pipeline, name) != value
    }
    current = sorted(t.name for t in pipeline.tags.all())
    wanted = sorted(dict.fromkeys(values["tags"]))
    if current != wanted:
        changes[document_path("tags", legacy=legacy)] = {"from": current, "to": wanted}
    return changes


def _validation_problems(document: ParsedDocument, graph: Graph, result) -> list[DocumentProblem]:
    """Graph validation problems at the path of the node (and config field) they are about."""
    index = {node.key: i for i, node in enumerate(graph.nodes)}
    prefix = _graph_prefix(document.legacy)
    problems = []
    for problem in result.problems:
        path = prefix.rstrip(".")
        if problem.node in index:
            path = f"{prefix}nodes.{index[problem.node]}"
            if problem.field:  # a config field; the backend's problems name theirs with "config" already
                field = problem.field
                path += f".{field}" if field == "config" or field.startswith("config.") else f".config.{field}"
        problems.append(document.problem(path, problem.message))
    return problems


def pipeline_plan(*, user, document: ParsedDocument) -> DocumentPlan:
    """What applying ``document`` would do for ``user``: create/update/unchanged, the changes of fields and of
    the graph against the current draft, problems (refusals) and the graph's validation (in the pool)."""
    values = values_of(document.model)
    slug, legacy = values["slug"], document.legacy
    plan = DocumentPlan(document=document, action="create", target=slug)
    pipeline = Pipeline.objects.filter(slug=slug).prefetch_related("tags").first()
    if pipeline is not None and not can_change_pipeline(user=user, pipeline=pipeline):
        plan.action = "refused"
        plan.problems.append(document.problem(document_path("slug", legacy=legacy), slug_taken_message(slug)))
        return plan
    try:
        pipeline_fields_check(slug=slug, fields=values["fields"])
    except ValidationError as exc:
        plan.problems += problems_of(document, exc)
    graph = _graph(document)
    old = Graph() if pipeline is None else pipeline_graph(pipeline=pipeline)
    plan.graph = graph_diff(old=old, new=graph)
    if pipeline is not None:
        plan.object_id = pipeline.pk
        plan.fields = _changes(pipeline, values, legacy=legacy)
        plan.action = "update" if plan.fields or plan.graph_changed or _moved(old, graph) else "unchanged"
    result = pipeline_validate(graph=graph, user=user, pipeline=pipeline, backend=values["fields"]["backend"])
    plan.valid = result.is_valid
    plan.validation = _validation_problems(document, graph, result)
    if plan.problems:
        plan.action = "refused"
    return plan


def _moved(old: Graph, new: Graph) -> bool:
    return sorted((n.key, n.label, n.x, n.y) for n in old.nodes) != sorted(
        (n.key, n.label, n.x, n.y) for n in new.nodes
    )


def _invalid_graph(user, document: ParsedDocument, values: dict[str, Any]) -> list[DocumentProblem]:
    """Why the graph cannot be a version, at the nodes and config fields it is about (validated again: the
    version's refusal lists messages only; this is the failing path, so the second validation is rare).
    For the document's backend: the pipeline (rolled back, or new) may still have another one."""
    graph = _graph(document)
    pipeline = Pipeline.objects.filter(slug=values["slug"]).first()
    backend = values["fields"]["backend"]
    return _validation_problems(
        document, graph, pipeline_validate(graph=graph, user=user, pipeline=pipeline, backend=backend)
    )


def version_message(*, author: str = "", commit: str = "") -> str:
    """``imported`` / ``imported from commit 1a2b3c4 by Ada <ada@example.com>`` (a version's message)."""
    parts = ["imported"]
    if commit:
        parts.append(f"from commit {commit}")
    if author:
        parts.append(f"by {author}")
    return " ".join(parts)[:500]


def pipeline_apply(
    *, user, document: ParsedDocument, as_version: bool, author: str = "", commit: str = ""
) -> DocumentResult:
    """Create or update the pipeline of ``document`` (one transaction); with ``as_version`` also a version
    (when the graph is valid and differs from the latest). DocumentRejected (a ValidationError) says why not."""
    values = values_of(document.model)
    try:
        result = pipeline_import_values(
            user=user,
            slug=values["slug"],
            fields=values["fields"],
            tags=values["tags"],
            graph=_graph(document),
            version=as_version,
            message=version_message(author=author, commit=commit),
        )
    except DocumentRejected:
        raise
    except ValidationError as exc:
        problems = problems_of(document, exc)
        if as_version and set(getattr(exc, "error_dict", {})) == {"graph"}:
            problems = _invalid_graph(user, document, values) or problems
        raise DocumentRejected(problems) from exc
    if result.created:
        action = "created"
    else:
        action = "updated" if result.fields_changed or result.graph_changed or result.new_version else "unchanged"
    return DocumentResult(
        document=document,
        action=action,
        target=result.pipeline.slug,
        object=result.pipeline,
        version=result.version,
        new_version=result.new_version,
    )


register_kind(
    "Pipeline",
    PipelineDocument,
    apply=pipeline_apply,
    plan=pipeline_plan,
    check=check,
    order=10,
    legacy_model=LegacyPipelineDocument,
    legacy_match=lambda data: bool({"sluice", "slug", "name", "graph"} & data.keys()),
)
