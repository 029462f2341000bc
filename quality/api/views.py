"""/api/quality/: results, pass rates per day, exports, and issues with their actions. Reading needs the
view right of the pipeline; acting on an issue (PATCH, comment, acknowledge, assign, resolve) needs the
editor role (or above) and the view right (docs/quality.md, "Permissions")."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ids import is_digits
from core.pagination import CappedCountPagination
from pipelines.api.common import NOT_FOUND
from pipelines.selectors import pipelines_visible_to
from quality import exports
from quality.api import serializers as io
from quality.models import QualityIssue, QualityIssueEntry
from quality.selectors import issues_filtered, parse_span, pass_rates_per_day, results_filtered
from quality.services.issues import (
    issue_acknowledge,
    issue_assign,
    issue_can_act,
    issue_comment,
    issue_resolve,
    issue_set_severity,
)

TAGS = ["quality"]
PIPELINE = OpenApiParameter("pipeline", OpenApiTypes.INT, description="Only this pipeline (its id).")
SINCE = OpenApiParameter("since", OpenApiTypes.STR, description="ISO date or date-time (default: 30 days ago).")
UNTIL = OpenApiParameter("until", OpenApiTypes.STR, description="ISO date (that day included) or date-time; now.")
RESULT_FILTERS = [
    PIPELINE,
    OpenApiParameter("rule", OpenApiTypes.STR, description="Only this rule (its name)."),
    OpenApiParameter("node", OpenApiTypes.STR, description="Only this quality node (its key)."),
    OpenApiParameter("execution", OpenApiTypes.INT, description="Only this run."),
    OpenApiParameter("failed", OpenApiTypes.BOOL, description="Only failed results."),
    SINCE,
    UNTIL,
]


def _int(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if not is_digits(raw) or not 1 <= int(raw) <= 2**63 - 1:
        raise ValidationError({name: [f"{name} must be a positive integer."]})
    return int(raw)


def _text(request, name: str, limit: int = 100) -> str:
    value = request.query_params.get(name, "")
    if len(value) > limit:
        raise ValidationError({name: [f"At most {limit} characters."]})
    return value


def _filters(request) -> dict:
    """The arguments of results_filtered from the query string (the user's own)."""
    return {
        "user": request.user,
        "span": parse_span(request.query_params.get("since"), request.query_params.get("until")),
        "pipeline_id": _int(request, "pipeline"),
        "rule": _text(request, "rule"),
        "node_key": _text(request, "node", 63),
        "execution_id": _int(request, "execution"),
        "failed_only": request.query_params.get("failed", "").lower() in ("1", "true", "yes"),
    }


def _results(request):
    return results_filtered(**_filters(request))


class ResultListApi(generics.ListAPIView):
    serializer_class = io.QualityResultOutput
    filter_backends: list = []
    pagination_class = CappedCountPagination

    def get_queryset(self):
        return _results(self.request)

    @extend_schema(tags=TAGS, parameters=RESULT_FILTERS, summary="Quality results: one per rule per run, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class IgnoreFormatNegotiation(DefaultContentNegotiation):
    """``?format=`` names the file format here, not DRF's renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ResultExportApi(APIView):
    content_negotiation_class = IgnoreFormatNegotiation

    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=list(exports.FORMATS), description="csv or parquet."),
            *RESULT_FILTERS,
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/vnd.apache.parquet"): OpenApiTypes.BINARY,
        },
        summary="Quality results as CSV (streamed) or Parquet; at most 100,000 rows",
    )
    def get(self, request):
        fmt = exports.parse_format(request.query_params.get("format"))
        return exports.results_export_response(**_filters(request), fmt=fmt, filename="quality-results")


class SummaryApi(APIView):
    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter("pipeline", OpenApiTypes.INT, required=True, description="The pipeline (its id)."),
            SINCE,
            UNTIL,
        ],
        responses={200: io.QualitySummaryOutput, 404: NOT_FOUND},
        summary="Pass rate per rule per UTC day",
        description="404 when the pipeline does not exist or is not visible to you.",
    )
    def get(self, request):
        pipeline_id = _int(request, "pipeline")
        if pipeline_id is None:
            raise ValidationError({"pipeline": ["This parameter is required."]})
        pipeline = get_object_or_404(pipelines_visible_to(user=request.user), pk=pipeline_id)
        span = parse_span(request.query_params.get("since"), request.query_params.get("until"))
        days = pass_rates_per_day(pipeline_id=pipeline.pk, span=span, user=request.user)
        return Response(
            io.QualitySummaryOutput(
                {"pipeline": pipeline.pk, "since": span.since, "until": span.until, "days": days}
            ).data
        )


def _assignee(username: str | None):
    if username in (None, ""):
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError({"assignee": ["That user does not exist or may not see this pipeline."]})
    return user


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="Quality issues of the pipelines you may see",
        parameters=[
            PIPELINE,
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=["open", "failing", "passing", "resolved"],
                description="open: failing or passing.",
            ),
            OpenApiParameter("rule", OpenApiTypes.STR, description="Only this rule."),
            OpenApiParameter("assignee", OpenApiTypes.STR, description="Only issues assigned to this username."),
        ],
    ),
    retrieve=extend_schema(
        tags=TAGS, summary="A quality issue with its timeline", responses=io.QualityIssueDetailOutput
    ),
)
class IssueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = io.QualityIssueOutput
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return QualityIssue.objects.none()
        if self.action != "list":
            entries = QualityIssueEntry.objects.select_related("user").order_by("created_at", "id")
            return issues_filtered(user=self.request.user).prefetch_related(Prefetch("entries", queryset=entries))
        status_filter = _text(self.request, "status", 20)
        if status_filter and status_filter not in ("open", *QualityIssue.Status.values):
            raise ValidationError({"status": ["One of open, failing, passing, resolved."]})
        return issues_filtered(
            user=self.request.user,
            pipeline_id=_int(self.request, "pipeline"),
            status=status_filter,
            rule=_text(self.request, "rule"),
            assignee=_text(self.request, "assignee", 150),
        )

    def get_serializer_class(self):
        return io.QualityIssueOutput if self.action == "list" else io.QualityIssueDetailOutput

    def _acted_on(self) -> QualityIssue:
        issue = self.get_object()  # 404 for those who may not see it
        if not issue_can_act(user=self.request.user, issue=issue):
            raise PermissionDenied("Acting on quality issues needs the editor role.")
        return issue

    def _detail(self, issue: QualityIssue) -> Response:
        return Response(io.QualityIssueDetailOutput(self.get_queryset().get(pk=issue.pk)).data)

    @extend_schema(
        tags=TAGS,
        request=io.QualityIssuePatchInput,
        responses=io.QualityIssueDetailOutput,
        summary="Change an issue's severity or assignee",
    )
    def partial_update(self, request, pk=None):
        issue = self._acted_on()
        data = io.QualityIssuePatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        if "severity" in data.validated_data:
            issue_set_severity(issue=issue, user=request.user, severity=data.validated_data["severity"])
        if "assignee" in data.validated_data:
            issue_assign(issue=issue, user=request.user, assignee=_assignee(data.validated_data["assignee"]))
        return self._detail(issue)

    @extend_schema(tags=TAGS, request=None, responses=io.QualityIssueDetailOutput, summary="Acknowledge an open issue")
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._detail(issue_acknowledge(issue=self._acted_on(), user=request.user))

    @extend_schema(
        tags=TAGS, request=io.QualityAssignInput, responses=io.QualityIssueDetailOutput, summary="Assign an issue"
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        issue = self._acted_on()
        data = io.QualityAssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(
            issue_assign(issue=issue, user=request.user, assignee=_assignee(data.validated_data["assignee"]))
        )

    @extend_schema(
        tags=TAGS,
        request=io.QualityResolveInput,
        responses=io.QualityIssueDetailOutput,
        summary="Resolve an open issue, with the resolving run",
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        issue = self._acted_on()
        data = io.QualityResolveInput(data=request.data)
        data.is_valid(raise_exception=True)
        resolved = issue_resolve(
            issue=issue,
            user=request.user,
            execution_id=data.validated_data.get("execution"),
            note=data.validated_data.get("note", ""),
        )
        return self._detail(resolved)

    @extend_schema(
        tags=TAGS,
        request=io.QualityCommentInput,
        responses={201: io.QualityEntryOutput},
        summary="Comment on an issue",
    )
    @action(detail=True, methods=["post"])
    def comments(self, request, pk=None):
        issue = self._acted_on()
        data = io.QualityCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = issue_comment(issue=issue, user=request.user, text=data.validated_data["text"])
        return Response(io.QualityEntryOutput(entry).data, status=status.HTTP_201_CREATED)
