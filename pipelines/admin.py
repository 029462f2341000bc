"""The Django admin for pipelines. Every write goes through the services:

* pipelines are created, updated and deleted with ``pipeline_create/update/delete``; the Node and Edge
  inlines (and the Node and Edge pages) rebuild the draft graph and save it with ``pipeline_graph_set``;
* versions are made by an action (``pipeline_version_create``) and are read-only;
* templates and connections are checked like the API checks them (the service checks run in the form's
  ``clean``, so bad input is shown on the field instead of failing the request) and saved by
  ``template_create/update`` and ``connection_create/update``;
* connection secrets are write-only: the page shows their names, never their values.
"""

from __future__ import annotations

import json
from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from pipelines import services
from pipelines.graph import EdgeSpec, Graph, NodeSpec
from pipelines.models import Connection, Edge, Node, Pipeline, PipelineTemplate, PipelineVersion, Tag
from pipelines.selectors import pipeline_graph
from pipelines.services.connections import connection_check_config
from pipelines.services.pipelines import EDITABLE_FIELDS
from pipelines.services.pipelines import pipeline_check_schedule as check_schedule
from pipelines.services.templates import template_check_graph, template_check_parameters

MAX_PROBLEMS_SHOWN = 10


def add_service_errors(form: forms.BaseForm, exc: ValidationError, aliases: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: ``graph.nodes.0.key`` goes on the ``graph`` field (the
    path kept in the message), ``aliases`` renames keys (``secrets`` -> ``set_secrets``), and keys that are
    not fields of the form become form-wide errors."""
    aliases = aliases or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, texts in exc.message_dict.items():
        root = key.split(".", 1)[0]
        field = aliases.get(key) or aliases.get(root) or root
        if field in form.fields:
            form.add_error(field, texts if key == root else [f"{key}: {text}" for text in texts])
        else:
            form.add_error(None, [f"{key}: {text}" if key != "__all__" else text for text in texts])


def adopt(obj, saved) -> None:
    """Make the admin's instance the row a service saved (the admin goes on with its own instance)."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


def check_json_object(value, what: str = "a JSON object") -> dict:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValidationError(f"Expected {what} ({{...}}), not {type(value).__name__}.")
    return value


def node_spec(node: Node) -> NodeSpec:
    return NodeSpec(
        key=node.key, type=node.type, config=node.config or {}, label=node.label, x=node.position_x, y=node.position_y
    )


def graph_without(graph: Graph, *, node_keys=(), edges=()) -> Graph:
    """``graph`` less some nodes (and their edges) and some edges (``(source, port, target, port)``)."""
    gone, dropped = set(node_keys), set(edges)
    return Graph(
        nodes=[n for n in graph.nodes if n.key not in gone],
        edges=[
            e
            for e in graph.edges
            if e.source not in gone
            and e.target not in gone
            and (e.source, e.source_port, e.target, e.target_port) not in dropped
        ],
    )


# --- Pipelines, with their draft graph inline ---------------------------------------------------------


class NodeForm(forms.ModelForm):
    check_key_in_database = True  # the inline leaves it to the formset, which sees every node of the pipeline

    class Meta:
        model = Node
        fields = ["pipeline", "key", "type", "label", "config", "position_x", "position_y"]

    def clean_config(self):
        return check_json_object(self.cleaned_data.get("config"), "the node's config as a JSON object")

    def clean(self):
        data = super().clean()
        pipeline = data.get("pipeline") or getattr(self.instance, "pipeline", None)
        key = data.get("key")
        if self.check_key_in_database and pipeline is not None and pipeline.pk and key:
            clash = Node.objects.filter(pipeline=pipeline, key=key).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("key", f"The pipeline already has a node {key!r}.")
        return data


class NodeInlineForm(NodeForm):
    check_key_in_database = False


class NodeInline(admin.TabularInline):
    model = Node
    form = NodeInlineForm
    extra = 0
    fields = ["key", "type", "label", "config", "position_x", "position_y"]


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Node) -> str:
        return f"{obj.pipeline.slug} · {obj.key} ({obj.type})"


class EdgeForm(forms.ModelForm):
    class Meta:
        model = Edge
        fields = ["pipeline", "source", "source_port", "target", "target_port"]
        field_classes = {"source": NodeChoiceField, "target": NodeChoiceField}

    def clean(self):
        data = super().clean()
        pipeline = data.get("pipeline") or getattr(self.instance, "pipeline", None)
        for end in ("source", "target"):
            node = data.get(end)
            if node is not None and pipeline is not None and node.pipeline_id != pipeline.pk:
                self.add_error(end, f"{node.key!r} is a node of another pipeline ({node.pipeline.slug}).")
        return data


class EdgeInline(admin.TabularInline):
    model = Edge
    form = EdgeForm
    extra = 0
    fields = ["source", "source_port", "target", "target_port"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        nodes = Node.objects.filter(pipeline=obj).select_related("pipeline") if obj else Node.objects.none()
        for name in ("source", "target"):
            formset.form.base_fields[name].queryset = nodes
        return formset


def graph_from_formsets(pipeline: Pipeline, formsets) -> Graph | None:
    """The draft graph after the changes of the Node and Edge inlines, or None when they changed nothing.

    Edges of a node deleted in the same submission go with it (as a cascade would)."""
    by_model = {formset.model: formset for formset in formsets}
    node_fs, edge_fs = by_model.get(Node), by_model.get(Edge)
    if not any(fs is not None and fs.has_changed() for fs in (node_fs, edge_fs)):
        return None
    nodes: dict[object, NodeSpec] = {n.pk: node_spec(n) for n in Node.objects.filter(pipeline=pipeline).order_by("id")}
    for i, form in enumerate(node_fs.forms if node_fs else ()):
        pk = form.instance.pk
        if form in node_fs.deleted_forms:
            nodes.pop(pk, None)
        elif form.has_changed():
            data = form.cleaned_data
            nodes[pk if pk is not None else f"new-{i}"] = NodeSpec(
                key=data["key"],
                type=data["type"],
                config=data.get("config") or {},
                label=data.get("label") or "",
                x=data.get("position_x") or 0.0,
                y=data.get("position_y") or 0.0,
            )
    keys = {pk: spec.key for pk, spec in nodes.items()}
    edges: dict[object, tuple] = {
        e.pk: (e.source_id, e.source_port, e.target_id, e.target_port)
        for e in Edge.objects.filter(pipeline=pipeline).order_by("id")
    }
    for i, form in enumerate(edge_fs.forms if edge_fs else ()):
        pk = form.instance.pk
        if form in edge_fs.deleted_forms:
            edges.pop(pk, None)
        elif form.has_changed():
            data = form.cleaned_data
            edges[pk if pk is not None else f"new-{i}"] = (
                data["source"].pk,
                data["source_port"],
                data["target"].pk,
                data["target_port"],
            )
    specs = dict.fromkeys(
        (keys[s], sp, keys[t], tp) for s, sp, t, tp in edges.values() if s in keys and t in keys
    )  # de-duplicated, in order
    return Graph(
        nodes=list(nodes.values()),
        edges=[EdgeSpec(source=s, source_port=sp, target=t, target_port=tp) for s, sp, t, tp in specs],
    )


class PipelineForm(forms.ModelForm):
    class Meta:
        model = Pipeline
        fields = [
            "name",
            "slug",
            "description",
            "owner",
            "status",
            "tags",
            "shared_with_users",
            "shared_with_groups",
            "schedule_cron",
            "schedule_timezone",
            "schedule_enabled",
            "default_params",
            "concurrency_limit",
            "priority",
            "backend",
        ]

    def clean_default_params(self):
        return check_json_object(self.cleaned_data.get("default_params"), "the default parameters as a JSON object")

    def clean(self):
        data = super().clean()
        if all(name in data for name in ("schedule_cron", "schedule_timezone", "schedule_enabled")):
            try:
                check_schedule(data["schedule_cron"] or "", data["schedule_timezone"], data["schedule_enabled"])
            except ValidationError as exc:
                add_service_errors(self, exc)
        return data


@admin.register(Pipeline)
class PipelineAdmin(admin.ModelAdmin):
    form = PipelineForm
    list_display = ["name", "slug", "owner", "status", "backend", "version", "schedule", "updated_at"]
    list_filter = ["status", "backend", "tags", "owner", "schedule_enabled"]
    search_fields = ["name", "slug", "description", "owner__username"]
    readonly_fields = ["current_version", "created_at", "updated_at"]
    filter_horizontal = ["tags", "shared_with_users", "shared_with_groups"]
    inlines = [NodeInline, EdgeInline]
    actions = ["make_version"]
    list_select_related = ["owner", "current_version"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="current version", ordering="current_version__number")
    def version(self, obj):
        return f"v{obj.current_version.number}" if obj.current_version else "draft only"

    @admin.display(description="schedule", ordering="schedule_cron")
    def schedule(self, obj):
        if not obj.schedule_cron:
            return "—"
        return f"{obj.schedule_cron} ({obj.schedule_timezone})" + ("" if obj.schedule_enabled else ", off")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {name: data[name] for name in EDITABLE_FIELDS if name in data}
        tags = [tag.name for tag in data.get("tags", [])]
        if change:
            services.pipeline_update(pipeline=obj, user=request.user, tags=tags, slug=data["slug"], **fields)
        else:
            name = fields.pop("name")
            created = services.pipeline_create(user=data["owner"], name=name, slug=data["slug"], tags=tags, **fields)
            adopt(obj, created)

    def save_related(self, request, form, formsets, change):
        pipeline = form.instance
        pipeline.shared_with_users.set(form.cleaned_data.get("shared_with_users", []))
        pipeline.shared_with_groups.set(form.cleaned_data.get("shared_with_groups", []))
        graph = graph_from_formsets(pipeline, formsets)
        if graph is not None:
            services.pipeline_graph_set(pipeline=pipeline, user=request.user, graph=graph)
        for formset in formsets:  # saved above through the service; the change message reads these
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request, obj):
        services.pipeline_delete(pipeline=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for pipeline in queryset:
            services.pipeline_delete(pipeline=pipeline, user=request.user)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Versions cannot be deleted one by one, but they go with their pipeline.
        perms_needed.discard(PipelineVersion._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    @admin.action(description="Create a version from the draft")
    def make_version(self, request, queryset):
        counts = {"created": 0, "unchanged": 0, "invalid": 0}
        for pipeline in queryset:
            try:
                version, created = services.pipeline_version_create(
                    pipeline=pipeline, user=request.user, message="made in the admin"
                )
            except ValidationError as exc:
                counts["invalid"] += 1
                problems = exc.messages
                shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
                more = f" (and {len(problems) - MAX_PROBLEMS_SHOWN} more)" if len(problems) > MAX_PROBLEMS_SHOWN else ""
                self.message_user(request, f"{pipeline.slug}: invalid — {shown}{more}", messages.ERROR)
                continue
            if created:
                counts["created"] += 1
                self.message_user(request, f"{pipeline.slug}: created v{version.number}", messages.SUCCESS)
            else:
                counts["unchanged"] += 1
                self.message_user(request, f"{pipeline.slug}: unchanged, still v{version.number}", messages.INFO)
        self.message_user(
            request,
            f"Versions: {counts['created']} created, {counts['unchanged']} unchanged, {counts['invalid']} invalid.",
            messages.WARNING if counts["invalid"] else messages.SUCCESS,
        )


# --- Nodes and edges on their own pages: the same draft graph, through the same service ---------------


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    form = NodeForm
    list_display = ["key", "type", "pipeline", "label"]
    list_filter = ["type"]
    search_fields = ["key", "type", "label", "pipeline__slug", "pipeline__name"]
    list_select_related = ["pipeline"]
    autocomplete_fields = ["pipeline"]

    def get_readonly_fields(self, request, obj=None):
        return ["pipeline"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        pipeline = obj.pipeline
        graph = pipeline_graph(pipeline=pipeline)
        spec = node_spec(obj)
        if change:
            old_key = Node.objects.only("key").get(pk=obj.pk).key
            graph.nodes = [spec if n.key == old_key else n for n in graph.nodes]
            for edge in graph.edges:
                edge.source = spec.key if edge.source == old_key else edge.source
                edge.target = spec.key if edge.target == old_key else edge.target
        else:
            graph.nodes.append(spec)
        services.pipeline_graph_set(pipeline=pipeline, user=request.user, graph=graph)
        adopt(obj, Node.objects.get(pipeline=pipeline, key=spec.key))  # a renamed node is a new row

    def delete_model(self, request, obj):
        self.delete_queryset(request, Node.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        keys_by_pipeline = defaultdict(set)
        for node in queryset.select_related("pipeline"):
            keys_by_pipeline[node.pipeline].add(node.key)
        for pipeline, keys in keys_by_pipeline.items():
            graph = graph_without(pipeline_graph(pipeline=pipeline), node_keys=keys)
            services.pipeline_graph_set(pipeline=pipeline, user=request.user, graph=graph)


def edge_ident(edge: Edge) -> tuple[str, str, str, str]:
    return (edge.source.key, edge.source_port, edge.target.key, edge.target_port)


@admin.register(Edge)
class EdgeAdmin(admin.ModelAdmin):
    form = EdgeForm
    list_display = ["pipeline", "source", "source_port", "target", "target_port"]
    list_filter = ["source__type", "target__type"]
    search_fields = ["pipeline__slug", "pipeline__name", "source__key", "target__key", "source__type", "target__type"]
    list_select_related = ["pipeline", "source", "target"]
    autocomplete_fields = ["pipeline"]

    def get_readonly_fields(self, request, obj=None):
        return ["pipeline"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        nodes = Node.objects.select_related("pipeline").order_by("pipeline__slug", "key")
        for name in ("source", "target"):
            if name in form.base_fields:
                form.base_fields[name].queryset = nodes.filter(pipeline=obj.pipeline) if obj else nodes
        return form

    def save_model(self, request, obj, form, change):
        pipeline = obj.pipeline
        graph = pipeline_graph(pipeline=pipeline)
        if change:
            graph = graph_without(
                graph, edges=[edge_ident(Edge.objects.select_related("source", "target").get(pk=obj.pk))]
            )
        ident = edge_ident(obj)
        if ident not in {(e.source, e.source_port, e.target, e.target_port) for e in graph.edges}:
            graph.edges.append(EdgeSpec(source=ident[0], source_port=ident[1], target=ident[2], target_port=ident[3]))
        services.pipeline_graph_set(pipeline=pipeline, user=request.user, graph=graph)
        saved = Edge.objects.get(
            pipeline=pipeline,
            source__key=ident[0],
            source_port=ident[1],
            target__key=ident[2],
            target_port=ident[3],
        )
        adopt(obj, saved)  # the service rewrites the edge rows

    def delete_model(self, request, obj):
        self.delete_queryset(request, Edge.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        by_pipeline = defaultdict(list)
        for edge in queryset.select_related("pipeline", "source", "target"):
            by_pipeline[edge.pipeline].append(edge_ident(edge))
        for pipeline, idents in by_pipeline.items():
            graph = graph_without(pipeline_graph(pipeline=pipeline), edges=idents)
            services.pipeline_graph_set(pipeline=pipeline, user=request.user, graph=graph)


@admin.register(PipelineVersion)
class PipelineVersionAdmin(admin.ModelAdmin):
    """Versions are immutable: view only."""

    list_display = ["pipeline", "number", "created_by", "created_at", "message"]
    list_filter = ["pipeline"]
    search_fields = ["pipeline__slug", "pipeline__name", "message", "content_hash"]
    fields = ["pipeline", "number", "message", "created_by", "created_at", "content_hash", "graph_pretty"]
    readonly_fields = fields
    list_select_related = ["pipeline", "created_by"]

    @admin.display(description="graph")
    def graph_pretty(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.graph, indent=2, ensure_ascii=False))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Templates and connections: the service checks in the form, the service to save ------------------


class TemplateForm(forms.ModelForm):
    class Meta:
        model = PipelineTemplate
        fields = ["name", "slug", "category", "description", "graph", "parameters"]

    def clean_parameters(self):
        return check_json_object(self.cleaned_data.get("parameters"), "a JSON Schema object")

    def clean(self):
        data = super().clean()
        if "graph" in data and "parameters" in data:
            try:
                template_check_parameters(data["parameters"])
                template_check_graph(data["graph"], data["parameters"])
            except ValidationError as exc:
                add_service_errors(self, exc)
        return data


@admin.register(PipelineTemplate)
class PipelineTemplateAdmin(admin.ModelAdmin):
    form = TemplateForm
    list_display = ["name", "slug", "category", "owner", "builtin", "updated_at"]
    list_filter = ["category", "builtin"]
    search_fields = ["name", "slug", "category", "description"]
    readonly_fields = ["owner", "builtin", "created_by", "created_at", "updated_at"]
    list_select_related = ["owner"]
    prepopulated_fields = {"slug": ["name"]}

    # The admin (staff only) may change built-in templates; the API and the pages may not.
    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in TemplateForm.Meta.fields}
        if change:
            services.template_update(template=obj, user=request.user, override_builtin=True, **fields)
        else:
            adopt(obj, services.template_create(user=request.user, **fields))

    def delete_model(self, request, obj):
        services.template_delete(template=obj, user=request.user, override_builtin=True)

    def delete_queryset(self, request, queryset):
        for template in queryset:
            services.template_delete(template=template, user=request.user, override_builtin=True)


class ConnectionForm(forms.ModelForm):
    set_secrets = forms.JSONField(
        required=False,
        label="Set secrets",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password", "size": 60}),
        help_text='Write-only, never shown again. {"password": "…"} sets a secret, {"password": null} removes it; '
        "blank keeps the stored secrets.",
    )

    class Meta:
        model = Connection
        fields = ["name", "slug", "kind", "description", "config", "owner", "shared_with_groups"]

    def clean_config(self):
        return check_json_object(self.cleaned_data.get("config"), "the connection's settings as a JSON object")

    def clean_set_secrets(self):
        secrets = check_json_object(self.cleaned_data.get("set_secrets"), 'an object such as {"password": "…"}')
        bad = sorted(k for k, v in secrets.items() if v is not None and not isinstance(v, str))
        if bad:
            raise ValidationError(f"Secret values are text (or null to remove one): {', '.join(bad)}.")
        return secrets

    def clean(self):
        data = super().clean()
        if not data.get("kind") or "config" not in data or "set_secrets" not in data:
            return data
        merged = dict(self.instance.secrets) if self.instance.pk else {}
        for key, value in data["set_secrets"].items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        try:
            connection_check_config(data["kind"], data["config"], merged)
        except ValidationError as exc:
            add_service_errors(self, exc, aliases={"secrets": "set_secrets"})
        return data


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    form = ConnectionForm
    list_display = ["name", "slug", "kind", "owner", "secret_names", "updated_at"]
    list_filter = ["kind", "owner"]
    search_fields = ["name", "slug", "kind", "description"]
    readonly_fields = ["secret_keys", "created_at", "updated_at"]
    filter_horizontal = ["shared_with_groups"]
    list_select_related = ["owner"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="secrets")
    def secret_names(self, obj):
        return ", ".join(obj.secret_keys) or "—"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {name: data[name] for name in ("name", "slug", "kind", "description", "config")}
        if change:
            services.connection_update(connection=obj, user=request.user, secrets=data["set_secrets"], **fields)
        else:
            created = services.connection_create(
                user=data["owner"], acting_user=request.user, secrets=data["set_secrets"], **fields
            )
            adopt(obj, created)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        slugs = [c.slug for c in objs]
        users = Node.objects.filter(config__connection__in=slugs).select_related("pipeline")
        protected = list(protected) + sorted(
            {f"Pipeline {n.pipeline.slug} (node {n.key}) uses connection {n.config['connection']}" for n in users}
        )
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.connection_delete(connection=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for connection in queryset:
            services.connection_delete(connection=connection, user=request.user)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
