"""/api/alert-rules/ (admins) and /api/alerts/ (admins, and recipients for their rules' alerts)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from monitoring.models import Alert, AlertRule
from monitoring.selectors.alerts import alerts_visible_to
from monitoring.services.alerts import CHANNELS, alert_acknowledge, alert_resolve_by, alert_rule_delete, alert_rule_save
from pipelines import roles
from pipelines.api.fields import StorableJSON, StorableSlugRelatedField
from pipelines.models import Pipeline


class IsAdminRole(BasePermission):
    message = "Alert rules are managed by admins."

    def has_permission(self, request, view) -> bool:
        return roles.has_role(request.user, roles.ADMIN)


class AlertRuleSerializer(serializers.ModelSerializer):
    pipeline = serializers.PrimaryKeyRelatedField(queryset=Pipeline.objects.all(), allow_null=True, required=False)
    recipients = StorableSlugRelatedField(
        slug_field="username", many=True, required=False, queryset=get_user_model().objects.all()
    )
    webhook_secret = serializers.CharField(write_only=True, required=False, allow_blank=True)
    # Typed rather than free JSON: a multipart `channels=null` decoded to None after the null check and
    # reached the database (a 500); now anything but a list of names or of addresses is a 400.
    params = serializers.DictField(required=False, validators=[StorableJSON()], help_text="Kind-specific settings.")
    # Names are checked by alert_rule_validate, with the params, so both come back in one answer.
    channels = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=f"Any of {', '.join(CHANNELS)}; empty: in_app."
    )
    emails = serializers.ListField(
        child=serializers.EmailField(), required=False, help_text="Addresses told besides the recipients."
    )

    class Meta:
        model = AlertRule
        fields = [
            "id",
            "name",
            "kind",
            "pipeline",
            "params",
            "channels",
            "recipients",
            "emails",
            "webhook_url",
            "webhook_secret",
            "enabled",
            "created_at",
        ]

    def create(self, validated):
        recipients = validated.pop("recipients", [])
        return alert_rule_save(recipients=recipients, **validated)

    def update(self, instance, validated):
        recipients = validated.pop("recipients", None)
        return alert_rule_save(rule=instance, recipients=recipients, **validated)


class AlertSerializer(serializers.ModelSerializer):
    rule_name = serializers.CharField(source="rule.name", read_only=True)
    kind = serializers.CharField(source="rule.kind", read_only=True)
    acknowledged_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "rule",
            "rule_name",
            "kind",
            "subject",
            "status",
            "value",
            "message",
            "fired_at",
            "resolved_at",
            "acknowledged_at",
            "acknowledged_by",
            "deliveries",
        ]


@extend_schema_view(
    list=extend_schema(tags=["alerts"]),
    create=extend_schema(tags=["alerts"]),
    retrieve=extend_schema(tags=["alerts"]),
    update=extend_schema(tags=["alerts"]),
    partial_update=extend_schema(tags=["alerts"]),
    destroy=extend_schema(tags=["alerts"]),
)
class AlertRuleViewSet(viewsets.ModelViewSet):
    serializer_class = AlertRuleSerializer
    permission_classes = [IsAdminRole]
    queryset = AlertRule.objects.select_related("pipeline").prefetch_related("recipients")
    filterset_fields = ["kind", "enabled", "pipeline"]

    def perform_destroy(self, instance: AlertRule) -> None:
        alert_rule_delete(rule=instance)


@extend_schema_view(
    list=extend_schema(tags=["alerts"], summary="Alert history (firing and resolved)"),
    retrieve=extend_schema(tags=["alerts"]),
)
class AlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AlertSerializer
    filterset_fields = ["status", "rule"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Alert.objects.none()
        return alerts_visible_to(user=self.request.user)

    @extend_schema(
        tags=["alerts"],
        request=None,
        summary="Acknowledge an open alert",
        description="Marks a firing alert as taken in hand by you (admins and the rule's recipients). "
        "It stays open until its condition clears or an admin resolves it. 400 when it is resolved or "
        "already acknowledged.",
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk=None) -> Response:
        alert = alert_acknowledge(alert=self.get_object(), user=request.user)
        return Response(AlertSerializer(alert).data)

    @extend_schema(
        tags=["alerts"],
        request=None,
        summary="Resolve an open alert (admins)",
        description="Closes a firing alert by hand, telling its channels; 400 when it is already resolved.",
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk=None) -> Response:
        if not roles.has_role(request.user, roles.ADMIN):
            raise PermissionDenied("Alerts are resolved by admins.")
        alert = alert_resolve_by(alert=self.get_object(), user=request.user)
        return Response(AlertSerializer(alert).data)
