"""Forms of the server-rendered pages (pipelines, schedules, subscriptions, templates, connections;
the dependency form is executions.forms.DependencyForm).

Forms only parse and check the shape of input; every rule of the domain stays in the services, whose
ValidationErrors are put back on the form (``apply_service_errors``) so they show inline.

The shared form helpers (``BootstrapFormMixin``, ``apply_service_errors``, the JSON-Schema fields)
live in ``core.forms``.
"""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.core.exceptions import ValidationError

from core.forms import BootstrapFormMixin, schema_fields, schema_values
from pipelines.models import Pipeline
from pipelines.models.pipeline import TAG_RE


def parse_tags(raw: str) -> list[str]:
    return [t.strip().lower() for t in (raw or "").replace(";", ",").split(",") if t.strip()]


# --- Pipelines --------------------------------------------------------------------------------


class PipelineFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    tag = forms.ChoiceField(label="Tag", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *Pipeline.Status.choices])

    def __init__(self, *args, tags: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", "Any tag"), *((t, t) for t in tags)]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": "Name, slug or description"})


class PipelineCreateForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tags = forms.CharField(
        required=False,
        max_length=500,
        help_text="Comma-separated; lowercase letters, digits, '-' and '_' (e.g. sales, nightly).",
    )

    def clean_tags(self) -> list[str]:
        import re

        tags = parse_tags(self.cleaned_data["tags"])
        bad = [t for t in tags if not re.match(TAG_RE, t)]
        if bad:
            raise ValidationError(f"Invalid tag {bad[0]!r}: use lowercase letters, digits, '-' and '_'.")
        return tags


_TIMEZONES = sorted(available_timezones())


class ScheduleForm(BootstrapFormMixin, forms.Form):
    schedule_cron = forms.CharField(
        label="Cron expression",
        required=False,
        max_length=120,
        help_text="Five fields: minute hour day-of-month month day-of-week, e.g. '0 6 * * 1-5' "
        "(06:00 on weekdays). Empty: no schedule.",
    )
    schedule_timezone = forms.ChoiceField(label="Time zone", choices=[(z, z) for z in _TIMEZONES])
    schedule_enabled = forms.BooleanField(label="Enabled", required=False)
    backend = forms.ChoiceField(
        label="Backend",
        required=False,
        choices=Pipeline.Backend.choices,
        help_text="Where runs compute: the workers (Polars), or the graph compiled to SQL in its database "
        "(validation then lists the nodes that cannot compile; see docs/backends.md).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schedule_cron"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        self.fields["schedule_cron"].widget.attrs["class"] += " font-monospace"


class VersionDiffForm(BootstrapFormMixin, forms.Form):
    old = forms.TypedChoiceField(label="From version", coerce=int)
    new = forms.TypedChoiceField(label="To version", coerce=int)

    def __init__(self, *args, numbers: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, f"v{n}") for n in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("old") is not None and data.get("old") == data.get("new"):
            raise ValidationError("Choose two different versions.")
        return data


SUBSCRIBABLE_EVENTS = [
    ("execution.failed", "Failed runs"),
    ("execution.succeeded", "Successful runs"),
]


class SubscriptionForm(BootstrapFormMixin, forms.Form):
    event_types = forms.MultipleChoiceField(
        label="Tell me about",
        choices=SUBSCRIBABLE_EVENTS,
        widget=forms.CheckboxSelectMultiple,
        initial=["execution.failed"],
    )
    channels = forms.MultipleChoiceField(
        label="By",
        choices=[("in_app", "Inbox"), ("email", "Email")],
        widget=forms.CheckboxSelectMultiple,
        initial=["in_app"],
    )


# --- Templates --------------------------------------------------------------------------------

PARAM_PREFIX = "param_"


class TemplateApplyForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(max_length=200, help_text="Name of the new pipeline.")
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Default: the template's description."
    )

    def __init__(self, *args, template, **kwargs):
        self.template = template
        super().__init__(*args, **kwargs)
        extra = schema_fields(template.parameters or {}, prefix=PARAM_PREFIX)
        self.fields.update(extra)
        self.style_fields()
        if not self.is_bound:
            self.fields["name"].initial = template.name

    def parameters(self) -> dict[str, Any]:
        return schema_values(self, prefix=PARAM_PREFIX)

    def parameter_fields(self):
        return [self[k] for k in self.fields if k.startswith(PARAM_PREFIX)]


# --- Connections ------------------------------------------------------------------------------

CONFIG_PREFIX = "config_"
SECRET_PREFIX = "secret_"
CLEAR_PREFIX = "clear_"


class ConnectionForm(BootstrapFormMixin, forms.Form):
    """Name, description and the kind's config fields (from its JSON Schema) and secrets. Secrets are
    write-only: their inputs are always empty; on edit, an empty input keeps the stored value and a
    'remove' box deletes it."""

    name = forms.CharField(max_length=200)
    slug = forms.SlugField(
        max_length=100, required=False, help_text="Nodes refer to the connection by it. Made from the name if empty."
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kind: str, kind_schema: dict[str, Any], connection=None, **kwargs):
        self.kind, self.connection = kind, connection
        super().__init__(*args, **kwargs)
        initial_config = dict(connection.config) if connection is not None else {}
        for key, field in schema_fields(
            kind_schema["config_schema"], prefix=CONFIG_PREFIX, initial=initial_config
        ).items():
            if isinstance(field, forms.JSONField) and field.initial is not None:
                field.initial = json.dumps(field.initial)
            self.fields[key] = field
        stored = set(connection.secret_keys) if connection is not None else set()
        for name in kind_schema["secrets"]:
            help_text = "Stored. Leave empty to keep it." if name in stored else "Write-only: never shown again."
            self.fields[f"{SECRET_PREFIX}{name}"] = forms.CharField(
                label=f"Secret: {name}",
                required=False,
                strip=False,
                max_length=10_000,
                widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
                help_text=help_text,
            )
            if name in stored:
                self.fields[f"{CLEAR_PREFIX}{name}"] = forms.BooleanField(
                    label=f"Remove the stored {name}", required=False
                )
        self.style_fields()
        if connection is not None and not self.is_bound:
            for name in ("name", "slug", "description"):
                self.fields[name].initial = getattr(connection, name)

    def config(self) -> dict[str, Any]:
        return schema_values(self, prefix=CONFIG_PREFIX)

    def secrets(self) -> dict[str, Any]:
        """On create, the given secrets; on edit, what changes (a value sets, None removes)."""
        result: dict[str, Any] = {}
        for key in self.fields:
            if key.startswith(SECRET_PREFIX):
                name = key.removeprefix(SECRET_PREFIX)
                value = self.cleaned_data.get(key) or ""
                if value:
                    result[name] = value
                elif self.cleaned_data.get(f"{CLEAR_PREFIX}{name}"):
                    result[name] = None
        return result

    def general_fields(self):
        return [self[k] for k in ("name", "slug", "description")]

    def config_fields(self):
        return [self[k] for k in self.fields if k.startswith(CONFIG_PREFIX)]

    def secret_fields(self):
        return [self[k] for k in self.fields if k.startswith((SECRET_PREFIX, CLEAR_PREFIX))]


class IntrospectForm(BootstrapFormMixin, forms.Form):
    schema = forms.CharField(label="Schema", required=False, max_length=63, help_text="Empty: every schema.")
