"""Forms of the execution pages: the list's filters and the log viewer's filters (GET forms), and the
dependency form of the pipeline page's dependencies part."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from core.forms import BootstrapFormMixin
from executions.models import Execution
from pipelines.models import Pipeline

LOG_LEVELS = [("", "All levels"), ("debug", "Debug"), ("info", "Info"), ("warning", "Warning"), ("error", "Error")]
LOG_LEVELS += [("critical", "Critical")]


class ExecutionFilterForm(forms.Form):
    pipeline = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Pipeline")
    status = forms.MultipleChoiceField(required=False, choices=Execution.Status.choices, label="Status")
    trigger = forms.MultipleChoiceField(required=False, choices=Execution.Trigger.choices, label="Trigger")
    created_after = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}), help_text="Created on or after"
    )
    created_before = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}), help_text="Created on or before"
    )

    def __init__(self, *args, pipelines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pipeline"].choices = [("", "All pipelines"), *((p.pk, p.name) for p in pipelines)]
        for name, field in self.fields.items():
            select = isinstance(field.widget, forms.Select | forms.SelectMultiple)
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if select else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("id", f"filter-{name}")
        self.fields["status"].widget.attrs["size"] = 4
        self.fields["trigger"].widget.attrs["size"] = 4

    def clean(self):
        data = super().clean()
        after, before = data.get("created_after"), data.get("created_before")
        if after and before and after > before:
            self.add_error("created_before", "The end date is before the start date.")
        return data

    def selector_kwargs(self) -> dict:
        """Arguments of executions_filtered() (dates as the active time zone's day bounds)."""
        data = self.cleaned_data
        tz = timezone.get_current_timezone()

        def bound(day, *, next_day: bool = False):
            if day is None:
                return None
            return timezone.make_aware(datetime.combine(day + timedelta(days=1 if next_day else 0), time.min), tz)

        return {
            "pipeline_id": data.get("pipeline"),
            "statuses": data.get("status") or None,
            "triggers": data.get("trigger") or None,
            "created_after": bound(data.get("created_after")),
            "created_before": bound(data.get("created_before"), next_day=True),
        }


class LogFilterForm(forms.Form):
    level = forms.ChoiceField(required=False, choices=LOG_LEVELS, label="Level")
    q = forms.CharField(required=False, max_length=200, label="Search")
    step = forms.ChoiceField(required=False, label="Step")
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", "All steps"), *((k, k) for k in steps)]
        self.fields["level"].widget.attrs.update({"class": "form-select form-select-sm", "id": "log-level"})
        self.fields["step"].widget.attrs.update({"class": "form-select form-select-sm", "id": "log-step"})
        self.fields["q"].widget.attrs.update(
            {"class": "form-control form-control-sm", "id": "log-q", "placeholder": "Text in message or logger"}
        )


class DependencyForm(BootstrapFormMixin, forms.Form):
    UPSTREAM, DOWNSTREAM = "upstream", "downstream"
    direction = forms.ChoiceField(
        label="Relation",
        choices=[(UPSTREAM, "Run this pipeline after…"), (DOWNSTREAM, "After this pipeline succeeds, run…")],
        initial=UPSTREAM,
    )
    other = forms.ModelChoiceField(label="Pipeline", queryset=Pipeline.objects.none(), empty_label="Choose a pipeline")

    def __init__(self, *args, pipelines=None, **kwargs):
        super().__init__(*args, **kwargs)
        if pipelines is not None:
            self.fields["other"].queryset = pipelines
