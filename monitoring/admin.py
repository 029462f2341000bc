"""Admin for monitoring: samples and workers are read-only records; alert rules are edited through
alert_rule_save (its checks become form errors); alerts are acknowledged or resolved by action."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from monitoring.models import Alert, AlertRule, MetricSample, Worker
from monitoring.services.alerts import (
    RULE_FIELDS,
    alert_acknowledge,
    alert_resolve_by,
    alert_rule_delete,
    alert_rule_save,
    alert_rule_validate,
)
from notifications.admin import ReadOnlyAdmin


@admin.register(MetricSample)
class MetricSampleAdmin(ReadOnlyAdmin):
    list_display = ["ts", "source", "host", "cpu_percent", "memory_percent", "disk_percent"]
    list_filter = ["source", "host"]
    search_fields = ["host"]
    date_hierarchy = "ts"


@admin.register(Worker)
class WorkerAdmin(ReadOnlyAdmin):
    list_display = ["name", "host", "pid", "status", "last_seen", "cpu_percent", "memory_percent", "concurrency"]
    list_filter = ["status", "host"]
    search_fields = ["name", "host"]


class AlertRuleForm(forms.ModelForm):
    webhook_url = forms.URLField(required=False, max_length=500, assume_scheme="https")
    webhook_secret = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Write-only, never shown again; blank keeps the stored secret.",
    )

    class Meta:
        model = AlertRule
        fields = [*RULE_FIELDS, "recipients"]

    def clean(self):
        data = super().clean()
        if not data.get("webhook_secret") and self.instance.pk:
            data["webhook_secret"] = self.instance.webhook_secret
        if self.errors:
            return data
        fields = {name: data.get(name) for name in RULE_FIELDS}
        try:  # the service's checks before it runs: their errors show on their fields
            alert_rule_validate(
                kind=fields["kind"],
                params=fields["params"],
                channels=fields["channels"],
                webhook_url=fields["webhook_url"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    form = AlertRuleForm
    list_display = ["name", "kind", "pipeline", "enabled", "created_at"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "pipeline__slug"]
    filter_horizontal = ["recipients"]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data.get(name) for name in RULE_FIELDS}
        alert_rule_save(rule=obj, recipients=form.cleaned_data.get("recipients"), **fields)  # saves obj itself

    def save_related(self, request, form, formsets, change):
        """The recipients were set by alert_rule_save."""

    def get_deleted_objects(self, objs, request):
        """A rule goes with its alert history (alert_rule_delete), though alerts cannot be deleted alone."""
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        alert_rule_delete(rule=obj)

    def delete_queryset(self, request, queryset):
        for rule in queryset:
            alert_rule_delete(rule=rule)


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["fired_at", "rule", "subject", "status", "acknowledged_by", "resolved_at"]
    list_filter = ["status", "rule__kind"]
    search_fields = ["subject", "message", "rule__name"]
    date_hierarchy = "fired_at"
    list_select_related = ["rule", "acknowledged_by"]
    actions = ["acknowledge", "resolve"]

    def _each(self, request, queryset, service, done: str) -> None:
        count = 0
        for alert in queryset.select_related("rule"):
            try:
                service(alert=alert, user=request.user)
                count += 1
            except ValidationError as exc:
                self.message_user(request, f"{alert}: {' '.join(exc.messages)}", messages.WARNING)
        if count:
            self.message_user(request, f"{count} alert(s) {done}.")

    @admin.action(description="Acknowledge the selected open alerts")
    def acknowledge(self, request, queryset):
        self._each(request, queryset, alert_acknowledge, "acknowledged")

    @admin.action(description="Resolve the selected open alerts")
    def resolve(self, request, queryset):
        self._each(request, queryset, alert_resolve_by, "resolved")
