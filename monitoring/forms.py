"""Forms of the monitoring pages: the stage and system filters (GET) and the alert rule form, one set of
parameter fields per rule kind (the service, monitoring.services.alerts.alert_rule_save, validates them again)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.forms import BootstrapFormMixin
from monitoring.models import AlertRule
from monitoring.selectors.windows import parse_window
from monitoring.services.alerts import CHANNELS, METRICS
from pipelines.models import Pipeline

WINDOWS = [("1h", "Last hour"), ("6h", "Last 6 hours"), ("24h", "Last 24 hours"), ("7d", "Last 7 days")]
WINDOWS += [("30d", "Last 30 days"), ("90d", "Last 90 days")]
CHANNEL_LABELS = {"in_app": "In-app inbox", "email": "Email", "webhook": "Webhook"}
METRIC_LABELS = {
    "cpu_percent": "CPU %",
    "memory_percent": "Memory %",
    "disk_percent": "Disk %",
    "queue_depth": "Steps waiting in the queue",
}


class _WindowMixin:
    default = "24h"

    def default_window(self):
        return parse_window(self.default)

    def clean_window(self):
        value = self.cleaned_data.get("window") or self.default
        try:
            self.cleaned_data["window_parsed"] = parse_window(value)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["window"]) from None
        return value


class StagesFilterForm(_WindowMixin, BootstrapFormMixin, forms.Form):
    pipeline = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Pipeline")
    window = forms.ChoiceField(required=False, choices=WINDOWS, initial="24h", label="Time window")

    def __init__(self, *args, pipelines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pipeline"].choices = [(p.pk, p.name) for p in pipelines]


class SystemFilterForm(_WindowMixin, BootstrapFormMixin, forms.Form):
    default = "1h"
    window = forms.ChoiceField(required=False, choices=WINDOWS, initial="1h", label="Time window")
    host = forms.CharField(required=False, max_length=200, label="Host", help_text="Empty: every host.")

    def set_hosts(self, hosts: list[str]) -> None:
        """Offer the hosts seen in the window as a select (any host typed is still accepted)."""
        current = (self.data.get("host") or "") if self.is_bound else ""
        choices = [("", "Every host"), *((h, h) for h in hosts)]
        if current and current not in hosts:
            choices.append((current, current))
        self.fields["host"].widget = forms.Select(choices=choices, attrs={"class": "form-select"})


# --- alert rules ---------------------------------------------------------------------------------

KIND_PARAMS: dict[str, tuple[str, ...]] = {
    AlertRule.Kind.EXECUTION_FAILED: (),
    AlertRule.Kind.DURATION_ABOVE_BASELINE: ("method", "runs", "z", "factor"),
    AlertRule.Kind.ROWS_OUT_OF_RANGE: ("runs", "z"),
    AlertRule.Kind.METRIC_ABOVE_THRESHOLD: ("metric", "threshold", "for_seconds"),
    AlertRule.Kind.WORKER_OFFLINE: (),
}
KIND_HELP = {
    AlertRule.Kind.EXECUTION_FAILED: "Fires when a run of the pipeline fails; resolves when one succeeds.",
    AlertRule.Kind.DURATION_ABOVE_BASELINE: "Fires when a successful run takes longer than the baseline of the "
    "last runs (their p95 times a factor, or mean + z standard deviations).",
    AlertRule.Kind.ROWS_OUT_OF_RANGE: "Fires when a successful run writes a number of rows more than z standard "
    "deviations away from the mean of the last runs.",
    AlertRule.Kind.METRIC_ABOVE_THRESHOLD: "Fires when a host metric (or the queue depth) stays above the "
    "threshold for the given time.",
    AlertRule.Kind.WORKER_OFFLINE: "Fires when a worker stops heart-beating; resolves when it is back.",
}
PIPELINE_KINDS = {
    AlertRule.Kind.EXECUTION_FAILED,
    AlertRule.Kind.DURATION_ABOVE_BASELINE,
    AlertRule.Kind.ROWS_OUT_OF_RANGE,
}


def _param_fields() -> dict[str, forms.Field]:
    return {
        "method": forms.ChoiceField(
            choices=[("p95", "p95 of the last runs × factor"), ("zscore", "mean + z standard deviations")],
            required=False,
            initial="p95",
            label="Baseline",
        ),
        "runs": forms.IntegerField(
            min_value=3,
            max_value=1000,
            required=False,
            initial=20,
            label="Runs in the baseline",
            help_text="3 to 1000.",
        ),
        "z": forms.FloatField(
            min_value=0.5,
            max_value=20,
            required=False,
            initial=3.0,
            label="z (standard deviations)",
            help_text="0.5 to 20.",
        ),
        "factor": forms.FloatField(
            min_value=1, max_value=100, required=False, initial=1.0, label="Factor over the p95", help_text="1 to 100."
        ),
        "metric": forms.ChoiceField(choices=[(m, METRIC_LABELS.get(m, m)) for m in METRICS], label="Metric"),
        "threshold": forms.FloatField(min_value=0, max_value=1e12, label="Threshold"),
        "for_seconds": forms.IntegerField(
            min_value=0,
            max_value=86400,
            required=False,
            initial=60,
            label="For at least (seconds)",
            help_text="0 to 86400.",
        ),
    }


class AlertRuleForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(max_length=200, label="Name")
    pipeline = forms.ModelChoiceField(
        queryset=Pipeline.objects.none(), required=False, empty_label="Every pipeline", label="Pipeline"
    )
    channels = forms.MultipleChoiceField(
        choices=[(c, CHANNEL_LABELS[c]) for c in CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        initial=["in_app"],
        label="Deliver to",
    )
    recipients = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Recipients",
        help_text="Users who get the alert in their inbox (and by email when chosen).",
    )
    emails = forms.CharField(
        required=False,
        label="More email addresses",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Comma or line separated.",
    )
    webhook_url = forms.URLField(required=False, max_length=500, label="Webhook URL", assume_scheme="https")
    webhook_secret = forms.CharField(
        required=False,
        max_length=200,
        label="Webhook secret",
        widget=forms.PasswordInput(render_value=False),
        help_text="Signs the webhook body (HMAC-SHA256). Leave empty to keep the current one.",
    )
    enabled = forms.BooleanField(required=False, initial=True, label="Enabled")

    def __init__(self, *args, kind: str, user, rule: AlertRule | None = None, **kwargs):
        self.kind, self.rule = kind, rule
        bound = (args and args[0] is not None) or kwargs.get("data") is not None
        if rule is not None and not bound:
            kwargs["initial"] = {
                "name": rule.name,
                "pipeline": rule.pipeline_id,
                "channels": rule.channels or ["in_app"],
                "recipients": [u.pk for u in rule.recipients.all()],
                "emails": ", ".join(rule.emails or []),
                "webhook_url": rule.webhook_url,
                "enabled": rule.enabled,
                **{k: v for k, v in (rule.params or {}).items() if k in KIND_PARAMS.get(kind, ())},
            }
        super().__init__(*args, **kwargs)
        if kind in PIPELINE_KINDS:
            self.fields["pipeline"].queryset = Pipeline.objects.order_by("name")
        else:
            del self.fields["pipeline"]
        self.fields["recipients"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        params = _param_fields()
        for name in KIND_PARAMS.get(kind, ()):
            self.fields[name] = params[name]
        self.style_fields()

    @property
    def kind_help(self) -> str:
        return KIND_HELP.get(self.kind, "")

    @property
    def param_names(self) -> tuple[str, ...]:
        return KIND_PARAMS.get(self.kind, ())

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data.get("emails") or ""
        emails = [e.strip() for e in raw.replace("\n", ",").split(",") if e.strip()]
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                bad.append(email)
        if bad:
            raise ValidationError(f"Not an email address: {', '.join(bad)}.")
        return emails

    def clean(self):
        data = super().clean()
        if "webhook" in (data.get("channels") or []) and not data.get("webhook_url"):
            self.add_error("webhook_url", "A webhook channel needs a URL.")
        wants_email = "email" in (data.get("channels") or []) and "emails" not in self.errors
        if wants_email and not data.get("emails") and not data.get("recipients"):
            self.add_error("emails", "Email delivery needs recipients or email addresses.")
        return data

    def rule_fields(self) -> tuple[dict, list]:
        """The keyword arguments of alert_rule_save (without ``rule``) and the recipients."""
        data = self.cleaned_data
        params = {name: data[name] for name in self.param_names if data.get(name) is not None}
        fields = {
            "name": data["name"],
            "kind": self.kind,
            "pipeline": data.get("pipeline"),
            "params": params,
            "channels": data["channels"],
            "emails": data["emails"],
            "webhook_url": data.get("webhook_url") or "",
            "enabled": data["enabled"],
        }
        if data.get("webhook_secret") or self.rule is None:
            fields["webhook_secret"] = data.get("webhook_secret") or ""
        return fields, list(data.get("recipients") or [])

    def add_service_errors(self, exc: ValidationError) -> None:
        """The service's field errors on the form (``params`` errors above the form)."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, errors in exc.message_dict.items():
            self.add_error(field if field in self.fields else None, errors)
        self.mark_invalid()
