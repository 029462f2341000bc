"""Reads: what a user may see, the draft graph, exports and version diffs."""

from __future__ import annotations

import contextlib
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from pipelines import roles
from pipelines.graph import EdgeSpec, Graph, NodeSpec
from pipelines.models import Connection, Edge, Node, Pipeline, PipelineTemplate, PipelineVersion


def pipelines_visible_to(*, user) -> QuerySet[Pipeline]:
    """Pipelines ``user`` owns or that are shared with them or one of their groups; all for admins."""
    qs = Pipeline.objects.all()
    if roles.sees_everything(user):
        return qs
    shared_user = Pipeline.shared_with_users.through.objects.filter(pipeline=OuterRef("pk"), user=user)
    shared_group = Pipeline.shared_with_groups.through.objects.filter(
        pipeline=OuterRef("pk"), group__in=user.groups.all()
    )
    return qs.filter(Q(owner=user) | Exists(shared_user) | Exists(shared_group))


def pipelines_for_list(*, user) -> QuerySet[Pipeline]:
    return pipelines_visible_to(user=user).select_related("owner", "current_version").prefetch_related("tags")


def pipeline_graph(*, pipeline: Pipeline) -> Graph:
    """The draft graph of ``pipeline`` as stored in its Node and Edge rows (two queries)."""
    nodes = list(Node.objects.filter(pipeline=pipeline).order_by("id"))
    keys = {n.pk: n.key for n in nodes}
    edges = (
        Edge.objects.filter(pipeline=pipeline)
        .order_by("id")
        .values_list("source_id", "source_port", "target_id", "target_port")
    )
    return Graph(
        nodes=[
            NodeSpec(key=n.key, type=n.type, config=n.config, label=n.label, x=n.position_x, y=n.position_y)
            for n in nodes
        ],
        edges=[EdgeSpec(source=keys[s], source_port=sp, target=keys[t], target_port=tp) for s, sp, t, tp in edges],
        groups=Graph.from_dict({"groups": pipeline.canvas_groups or []}).groups,
    )


def versions_of(*, pipeline: Pipeline) -> QuerySet[PipelineVersion]:
    return PipelineVersion.objects.filter(pipeline=pipeline).select_related("created_by").order_by("-number")


def version_diff(*, old: PipelineVersion, new: PipelineVersion) -> dict[str, Any]:
    return graph_diff(old=Graph.from_dict(old.graph), new=Graph.from_dict(new.graph)) | {
        "from_version": old.number,
        "to_version": new.number,
    }


def graph_diff(*, old: Graph, new: Graph) -> dict[str, Any]:
    """Nodes added/removed/changed (with the config keys that changed) and edges added/removed."""
    a = {n.key: n for n in old.nodes}
    b = {n.key: n for n in new.nodes}
    changed = []
    for key in sorted(a.keys() & b.keys()):
        before, after = a[key], b[key]
        fields = {}
        if before.type != after.type:
            fields["type"] = {"from": before.type, "to": after.type}
        if before.label != after.label:
            fields["label"] = {"from": before.label, "to": after.label}
        config_changes = {
            k: {"from": before.config.get(k), "to": after.config.get(k)}
            for k in sorted(before.config.keys() | after.config.keys())
            if before.config.get(k) != after.config.get(k)
        }
        if config_changes:
            fields["config"] = config_changes
        if (before.x, before.y) != (after.x, after.y):
            fields["position"] = {"from": {"x": before.x, "y": before.y}, "to": {"x": after.x, "y": after.y}}
        if fields:
            changed.append({"key": key, "changes": fields})
    old_edges = {(e.source, e.source_port, e.target, e.target_port) for e in old.edges}
    new_edges = {(e.source, e.source_port, e.target, e.target_port) for e in new.edges}

    def edge(t):
        return {"source": t[0], "source_port": t[1], "target": t[2], "target_port": t[3]}

    return {
        "nodes_added": [b[k].to_dict() for k in sorted(b.keys() - a.keys())],
        "nodes_removed": [a[k].to_dict() for k in sorted(a.keys() - b.keys())],
        "nodes_changed": changed,
        "edges_added": [edge(t) for t in sorted(new_edges - old_edges)],
        "edges_removed": [edge(t) for t in sorted(old_edges - new_edges)],
    }


def pipeline_export(*, pipeline: Pipeline) -> dict[str, Any]:
    """A pipeline as a portable document (YAML/JSON, docs/documents.md): ``apiVersion: sluice.dev/v1``,
    ``kind: Pipeline``, what identifies it under ``metadata``, what it does under ``spec`` — never secrets.
    Connections are referenced by slug only. ``pipelines.documents`` reads it back."""
    return {
        "apiVersion": "sluice.dev/v1",  # pipelines.documents.API_VERSION (which imports this module)
        "kind": "Pipeline",
        "metadata": {
            "name": pipeline.name,
            "slug": pipeline.slug,
            "description": pipeline.description,
            "tags": sorted(t.name for t in pipeline.tags.all()),
        },
        "spec": {
            "status": pipeline.status,
            "schedule": {
                "cron": pipeline.schedule_cron,
                "timezone": pipeline.schedule_timezone,
                "enabled": pipeline.schedule_enabled,
            },
            "params": pipeline.default_params,
            "concurrency_limit": pipeline.concurrency_limit,
            "priority": pipeline.priority,
            "backend": pipeline.backend,
            "graph": pipeline_graph(pipeline=pipeline).to_dict(),
        },
    }


def templates_visible_to(*, user) -> QuerySet[PipelineTemplate]:
    """Templates are a shared gallery: every signed-in user sees them all."""
    return PipelineTemplate.objects.select_related("created_by", "owner")


CONNECTION_DETAIL_KEYS = ("host", "hostaddr", "user", "username", "database", "dbname", "base_url")


def connection_details(*, slugs: list[str]) -> list[str]:
    """The strings that identify the connections ``slugs``: hosts, users, databases, base URLs (and their
    host names) and secret values. An error text must not carry them into an event
    (``notifications.redaction.redact_error(known=...)``)."""
    import httpx
    from django.core.exceptions import ImproperlyConfigured

    details: list[str] = []
    for connection in Connection.objects.filter(slug__in=[s for s in slugs if isinstance(s, str)]):
        config = connection.config if isinstance(connection.config, dict) else {}
        for key in CONNECTION_DETAIL_KEYS:
            value = config.get(key)
            if isinstance(value, str) and value:
                details.append(value)
                if key == "base_url":
                    with contextlib.suppress(httpx.InvalidURL, TypeError, ValueError):
                        details.append(httpx.URL(value).host)
        # A secret that no longer decrypts (a rotated key) has nothing to add.
        with contextlib.suppress(ImproperlyConfigured, ValueError):
            details += [str(v) for v in connection.secrets.values() if v]
    return [d for d in details if d]


def connections_visible_to(*, user) -> QuerySet[Connection]:
    qs = Connection.objects.select_related("owner")
    if roles.sees_everything(user):
        return qs
    shared = Connection.shared_with_groups.through.objects.filter(
        connection=OuterRef("pk"), group__in=user.groups.all()
    )
    return qs.filter(Q(owner=user) | Exists(shared))


# --- Reads of the server-rendered pages -------------------------------------------------------------


def pipelines_filtered(*, user, search: str = "", tag: str = "", status: str = "") -> QuerySet[Pipeline]:
    """The pipelines list page: visible pipelines matching a search (name, slug, description), carrying
    ``tag`` and in ``status``; owner, current version and tags come along (no query per row)."""
    qs = pipelines_for_list(user=user)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(slug__icontains=search) | Q(description__icontains=search))
    if tag:
        qs = qs.filter(Exists(Pipeline.tags.through.objects.filter(pipeline=OuterRef("pk"), tag__name=tag)))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("name", "id")


def tags_visible_to(*, user) -> list[str]:
    """Names of the tags carried by at least one pipeline ``user`` can see, sorted."""
    from pipelines.models import Tag

    used = Pipeline.tags.through.objects.filter(tag=OuterRef("pk"), pipeline__in=pipelines_visible_to(user=user))
    return list(Tag.objects.filter(Exists(used)).order_by("name").values_list("name", flat=True))


def pipeline_for_page(*, user, pk: int) -> QuerySet[Pipeline]:
    """One visible pipeline with its owner, current version and tags (filter of one row; 404 when empty)."""
    return pipelines_for_list(user=user).filter(pk=pk)


def pipeline_graph_size(*, pipeline: Pipeline) -> dict[str, int]:
    return {
        "nodes": Node.objects.filter(pipeline=pipeline).count(),
        "edges": Edge.objects.filter(pipeline=pipeline).count(),
    }


def templates_for_gallery(*, user) -> list[PipelineTemplate]:
    """Templates grouped-ready (ordered by category, name)."""
    return list(templates_visible_to(user=user).order_by("category", "name", "id"))
