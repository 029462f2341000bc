"""GET /api/schedules/: what runs by itself — every visible pipeline with a cron schedule (live or paused)
or an upstream pipeline that starts it — with the next fire time and the last scheduled run. Pausing and
resuming is PATCH /api/pipelines/{id}/ with schedule_enabled (editors)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError as ApiValidationError

from executions.schedule_selectors import STATES, schedule_state, schedules_visible_to, upstream_names
from pipelines.models import Pipeline

TAGS = ["executions"]


class LastScheduledRun(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class ScheduleRow(serializers.ModelSerializer):
    pipeline = serializers.IntegerField(source="pk", help_text="The pipeline's id.")
    cron = serializers.CharField(source="schedule_cron", help_text="Five fields; empty: runs only after upstream.")
    timezone = serializers.CharField(source="schedule_timezone")
    enabled = serializers.BooleanField(source="schedule_enabled", help_text="The schedule's switch.")
    fires = serializers.SerializerMethodField(
        help_text="The cron fires on its own: enabled, the pipeline active, a saved version."
    )
    next_run_at = serializers.SerializerMethodField(help_text="Its next fire time when it fires, else null.")
    problem = serializers.SerializerMethodField(help_text="Why a cron set here does not fire (empty when it does).")
    upstream = serializers.SerializerMethodField(
        help_text="Names of the pipelines whose success starts this one (one you cannot see is not named)."
    )
    last_scheduled_run = serializers.SerializerMethodField(help_text="The latest run its cron started.")

    class Meta:
        model = Pipeline
        fields = [
            "pipeline",
            "name",
            "slug",
            "status",
            "cron",
            "timezone",
            "enabled",
            "fires",
            "next_run_at",
            "problem",
            "upstream",
            "last_scheduled_run",
        ]

    def to_representation(self, instance):
        instance._schedule_state = schedule_state(instance)  # once per row (croniter)
        return super().to_representation(instance)

    def get_fires(self, obj) -> bool:
        return obj._schedule_state.fires

    def get_next_run_at(self, obj) -> str | None:
        moment = obj._schedule_state.next_run_at
        return moment.isoformat() if moment else None

    def get_problem(self, obj) -> str:
        return obj._schedule_state.problem

    def get_upstream(self, obj) -> list[str]:
        return self.context.get("upstream", {}).get(obj.pk, [])

    @extend_schema_field(LastScheduledRun(allow_null=True))
    def get_last_scheduled_run(self, obj) -> dict | None:
        if obj.last_scheduled_id is None:
            return None
        return LastScheduledRun(
            {"id": obj.last_scheduled_id, "status": obj.last_scheduled_status, "created_at": obj.last_scheduled_at}
        ).data


class ScheduleListApi(generics.ListAPIView):
    serializer_class = ScheduleRow

    @extend_schema(
        tags=TAGS,
        summary="Schedules: the pipelines that run by themselves",
        description="Every pipeline you can see with a cron expression (fires or not) or an enabled upstream "
        "dependency, by name, with the next fire time and the last scheduled run. Pause or resume one with "
        "PATCH /api/pipelines/{id}/ {schedule_enabled}.",
        parameters=[
            OpenApiParameter(
                "state",
                str,
                enum=list(STATES),
                description="active: the cron fires; paused: a cron that does not; all (default) adds the "
                "pipelines started only by upstream ones.",
            )
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model without a user
            return Pipeline.objects.none()
        state = self.request.query_params.get("state", "all")
        if state not in STATES:
            raise ApiValidationError({"state": [f"One of {', '.join(STATES)}."]})
        return schedules_visible_to(user=self.request.user, state=state)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        ids = [p.pk for p in page] if page is not None else []
        self._upstream = upstream_names(user=self.request.user, pipeline_ids=ids) if ids else {}
        return page

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "upstream": getattr(self, "_upstream", {})}
