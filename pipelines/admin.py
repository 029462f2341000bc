"""The Django admin for pipelines. Writes that have rules go through the services: versions are made by
an action (never edited), templates and connections are checked like the API checks them, and
connection secrets are write-only."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from pipelines import services
from pipelines.models import Connection, Edge, Node, Pipeline, PipelineTemplate, PipelineVersion, Tag
from pipelines.services.connections import connection_check_config, connection_store_secrets
from pipelines.services.templates import template_check_graph, template_check_parameters


class NodeInline(admin.TabularInline):
    model = Node
    extra = 0
    fields = ["key", "type", "label", "config", "position_x", "position_y"]


class EdgeInline(admin.TabularInline):
    model = Edge
    extra = 0
    fields = ["source", "source_port", "target", "target_port"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        pipeline_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if db_field.name in ("source", "target") and pipeline_id:
            kwargs["queryset"] = Node.objects.filter(pipeline_id=pipeline_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Pipeline)
class PipelineAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "owner", "status", "version", "schedule", "updated_at"]
    list_filter = ["status", "schedule_enabled", "tags", "owner"]
    search_fields = ["name", "slug", "description", "owner__username"]
    readonly_fields = ["current_version", "created_at", "updated_at"]
    filter_horizontal = ["tags", "shared_with_users", "shared_with_groups"]
    inlines = [NodeInline, EdgeInline]
    actions = ["make_version"]
    list_select_related = ["owner", "current_version"]

    @admin.display(description="version")
    def version(self, obj):
        return f"v{obj.current_version.number}" if obj.current_version else "draft"

    @admin.display(description="schedule")
    def schedule(self, obj):
        if not obj.schedule_cron:
            return "—"
        return f"{obj.schedule_cron} ({obj.schedule_timezone})" + ("" if obj.schedule_enabled else " off")

    @admin.action(description="Create a version from the draft")
    def make_version(self, request, queryset):
        for pipeline in queryset:
            try:
                version, created = services.pipeline_version_create(pipeline=pipeline, user=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{pipeline.slug}: invalid — {'; '.join(exc.messages[:5])}", messages.ERROR)
                continue
            word = "created" if created else "unchanged, still"
            self.message_user(request, f"{pipeline.slug}: {word} v{version.number}")


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    list_display = ["key", "type", "pipeline", "label"]
    list_filter = ["type"]
    search_fields = ["key", "type", "label", "pipeline__slug"]
    list_select_related = ["pipeline"]


@admin.register(Edge)
class EdgeAdmin(admin.ModelAdmin):
    list_display = ["pipeline", "source", "source_port", "target", "target_port"]
    search_fields = ["pipeline__slug", "source__key", "target__key"]
    list_filter = ["pipeline"]
    list_select_related = ["pipeline", "source", "target"]


@admin.register(PipelineVersion)
class PipelineVersionAdmin(admin.ModelAdmin):
    """Versions are immutable: view only."""

    list_display = ["pipeline", "number", "created_by", "created_at", "message"]
    list_filter = ["pipeline"]
    search_fields = ["pipeline__slug", "message", "content_hash"]
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


class TemplateForm(forms.ModelForm):
    class Meta:
        model = PipelineTemplate
        fields = ["name", "slug", "category", "description", "graph", "parameters"]

    def clean(self):
        data = super().clean()
        if "graph" in data and "parameters" in data:
            template_check_parameters(data["parameters"] or {})
            template_check_graph(data["graph"], data["parameters"] or {})
        return data


@admin.register(PipelineTemplate)
class PipelineTemplateAdmin(admin.ModelAdmin):
    form = TemplateForm
    list_display = ["name", "slug", "category", "updated_at"]
    list_filter = ["category"]
    search_fields = ["name", "slug", "description"]


class ConnectionForm(forms.ModelForm):
    set_secrets = forms.JSONField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='Write-only. {"password": "…"} sets a secret, {"password": null} removes it; blank keeps them.',
    )

    class Meta:
        model = Connection
        fields = ["name", "slug", "kind", "description", "config", "owner", "shared_with_groups"]

    def clean(self):
        data = super().clean()
        secrets = data.get("set_secrets")
        if secrets is not None and not isinstance(secrets, dict):
            raise ValidationError({"set_secrets": "Expected an object of secret names and values."})
        merged = dict(self.instance.secrets) if self.instance.pk else {}
        for key, value in (secrets or {}).items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        if data.get("kind"):
            connection_check_config(data["kind"], data.get("config") or {}, merged)
        self.merged_secrets = merged
        return data

    def save(self, commit=True):
        connection_store_secrets(self.instance, self.merged_secrets)
        return super().save(commit=commit)


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    form = ConnectionForm
    list_display = ["name", "slug", "kind", "owner", "secret_names", "updated_at"]
    list_filter = ["kind", "owner"]
    search_fields = ["name", "slug", "description"]
    readonly_fields = ["secret_keys", "created_at", "updated_at"]
    filter_horizontal = ["shared_with_groups"]

    @admin.display(description="secrets")
    def secret_names(self, obj):
        return ", ".join(obj.secret_keys) or "—"


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
