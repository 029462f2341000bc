"""Form helpers of the server-rendered pages of every app.

``BootstrapFormMixin`` styles widgets and marks invalid ones; ``apply_service_errors`` puts a
service's ValidationError back on a form so it shows inline; ``schema_fields``/``schema_values``
turn the properties of a JSON Schema (a node's or a connection's config) into form fields and back.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class BootstrapFormMixin:
    """Bootstrap 5 classes on every widget; after validation, invalid widgets get ``is-invalid`` and
    ``aria-describedby`` pointing at their inline error (rendered by templates/includes/form_field.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        """Give every widget its Bootstrap class (idempotent: call again after adding fields)."""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            classes = widget.attrs.get("class", "").split()
            if css not in classes:
                widget.attrs["class"] = " ".join([*classes, css])

    def full_clean(self):
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        for name, field in self.fields.items():
            if name not in self.errors:
                continue
            attrs = field.widget.attrs
            if "is-invalid" not in attrs.get("class", ""):
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            auto_id = self[name].auto_id
            described = [f"{auto_id}_error"]
            if field.help_text:
                described.append(f"{auto_id}_helptext")
            attrs["aria-describedby"] = " ".join(described)
            attrs["aria-invalid"] = "true"


def apply_service_errors(
    form: forms.Form, exc: ValidationError, *, field_map: dict[str, str | None] | None = None
) -> None:
    """Put a service's ValidationError on ``form``: keys naming a form field go to that field (after
    ``field_map``; a key mapped to None is a non-field error), the rest to the non-field errors with
    their key as a prefix."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, errors in exc.message_dict.items():
        target = field_map.get(key, key)
        for message in errors:
            if target in form.fields:
                form.add_error(target, message)
            elif target is None or key in ("__all__", "non_field_errors"):
                form.add_error(None, message)
            else:
                form.add_error(None, f"{key}: {message}")
    if hasattr(form, "mark_invalid"):
        form.mark_invalid()


def _simple_type(prop: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """``(the non-null alternative, nullable)`` of a property such as pydantic's ``X | None``."""
    options = prop.get("anyOf") or prop.get("oneOf")
    if options and len(options) == 2 and {"type": "null"} in options:
        other = next(o for o in options if o != {"type": "null"})
        return {**prop, **other, "anyOf": None, "oneOf": None}, True
    return prop, False


def schema_fields(schema: dict[str, Any], *, prefix: str, initial: dict[str, Any] | None = None) -> dict[str, Any]:
    """Form fields for the properties of a JSON Schema object: strings, enums, integers, numbers,
    booleans, arrays of strings (comma-separated) and, for anything richer, a JSON text area."""
    initial = initial or {}
    required = set(schema.get("required", []))
    fields: dict[str, forms.Field] = {}
    for name, raw in (schema.get("properties") or {}).items():
        if not isinstance(raw, dict):
            continue
        prop, nullable = _simple_type(raw)
        label = prop.get("title") or name.replace("_", " ").capitalize()
        help_text = prop.get("description", "")
        is_required = name in required and not nullable
        value = initial.get(name, prop.get("default"))
        kind = prop.get("type")
        if "const" in prop:
            continue
        if "enum" in prop:
            choices = [(str(v), str(v)) for v in prop["enum"]]
            if not is_required:
                choices = [("", "—"), *choices]
            field = forms.TypedChoiceField(choices=choices, required=is_required, empty_value=None)
        elif kind == "boolean":
            field = forms.BooleanField(required=False)
        elif kind == "integer":
            field = forms.IntegerField(
                required=is_required, min_value=prop.get("minimum"), max_value=prop.get("maximum")
            )
        elif kind == "number":
            field = forms.FloatField(required=is_required, min_value=prop.get("minimum"), max_value=prop.get("maximum"))
        elif kind == "string" and "$ref" not in prop:
            field = forms.CharField(
                required=is_required, max_length=prop.get("maxLength"), strip=True, empty_value=None if nullable else ""
            )
        elif kind == "array" and (prop.get("items") or {}).get("type") == "string":
            field = forms.CharField(required=is_required)
            help_text = f"{help_text} Comma-separated.".strip()
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            field.json_kind = "csv"
        else:
            field = forms.JSONField(required=is_required, widget=forms.Textarea(attrs={"rows": 4}))
            help_text = f"{help_text} JSON.".strip()
        field.label, field.help_text = label, help_text
        if value is not None:
            field.initial = value
        field.schema_name = name
        fields[f"{prefix}{name}"] = field
    return fields


def schema_values(form: forms.Form, *, prefix: str, keep_empty: bool = False) -> dict[str, Any]:
    """The cleaned values of the fields ``schema_fields`` made, under their schema names; empty
    optional values are left out so that the schema's defaults apply."""
    values: dict[str, Any] = {}
    for key, field in form.fields.items():
        if not key.startswith(prefix) or not hasattr(field, "schema_name"):
            continue
        value = form.cleaned_data.get(key)
        if getattr(field, "json_kind", "") == "csv":
            value = [v.strip() for v in (value or "").split(",") if v.strip()] or None
        if value is None or value == "":
            if keep_empty:
                values[field.schema_name] = None
            continue
        values[field.schema_name] = value
    return values
