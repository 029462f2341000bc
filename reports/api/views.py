"""/api/reports/: CRUD, render (HTML or PDF) and send now. Readers of a report are its owner, those it is
shared with (directly or through a group) and admins; its owner and admins change, delete and send it;
anyone else gets a 404. Creating one needs the editor role."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, Throttled, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from pipelines.api.common import READ_ERRORS, WRITE_ERRORS, fake_view, parse
from reports.api.serializers import DeliveryOutput, ReportDetailOutput, ReportInput, ReportOutput
from reports.models import Report
from reports.rendering import report_html, report_pdf
from reports.selectors import report_can_edit, report_figures, reports_visible_to
from reports.services import (
    SendLimitReached,
    report_create,
    report_delete,
    report_link,
    report_send,
    report_update,
)

TAGS = ["reports"]
FORMATS = ("html", "pdf")


def reports_for_api(user):
    from django.contrib.auth.models import Group

    from pipelines.models import Pipeline

    return reports_visible_to(user=user).prefetch_related(
        Prefetch("pipelines", queryset=Pipeline.objects.only("pk")),
        "shared_with_users",
        Prefetch("shared_with_groups", queryset=Group.objects.only("pk", "name")),
    )


def visible_report(request, pk: int) -> Report:
    """The report ``pk`` if the user may read it, else 404 (never 403: existence is not disclosed)."""
    return get_object_or_404(reports_for_api(request.user), pk=pk)


class ReportListApi(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ReportOutput
    filterset_class = None
    filter_backends: list = []

    def get_queryset(self):
        if fake_view(self):
            return Report.objects.none()
        return reports_for_api(self.request.user).order_by("name", "id")

    @extend_schema(tags=TAGS, summary="Reports you own, that are shared with you, or all (admins)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Create a report",
        description="Needs the editor role; you own the report. Blocks, window, filters, sharing and schedule "
        "are validated together: a 400 names each bad field (`blocks.1.limit`, `pipelines`, `schedule_cron`...) "
        "and nothing is saved. A pipeline you cannot see is reported as not found.",
        request=ReportInput,
        responses={201: ReportDetailOutput, **WRITE_ERRORS},
    )
    def post(self, request, *args, **kwargs):
        data = parse(ReportInput, request.data)
        report = report_create(user=request.user, **data)
        out = ReportDetailOutput(visible_report(request, report.pk), context={"request": request})
        return Response(out.data, status=status.HTTP_201_CREATED)


class ReportDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="A report with its last deliveries",
        description="Recipients and the webhook URL are shown to the report's owner and admins only.",
        responses={200: ReportDetailOutput, **READ_ERRORS},
    )
    def get(self, request, pk: int):
        return Response(ReportDetailOutput(visible_report(request, pk), context={"request": request}).data)

    def _update(self, request, pk: int, *, partial: bool) -> Response:
        report = visible_report(request, pk)
        if not report_can_edit(report=report, user=request.user):  # a reader's 403 comes before validation
            raise PermissionDenied("Only the report's owner or an admin changes it.")
        data = parse(ReportInput, request.data, partial=partial)
        report_update(report=report, user=request.user, **data)
        return Response(ReportDetailOutput(visible_report(request, pk), context={"request": request}).data)

    @extend_schema(
        tags=TAGS,
        summary="Replace a report",
        description="Its owner or an admin (403 for those it is shared with).",
        request=ReportInput,
        responses={200: ReportDetailOutput, **WRITE_ERRORS},
    )
    def put(self, request, pk: int):
        return self._update(request, pk, partial=False)

    @extend_schema(
        tags=TAGS,
        summary="Change some fields of a report",
        description="Its owner or an admin (403 for those it is shared with).",
        request=ReportInput,
        responses={200: ReportDetailOutput, **WRITE_ERRORS},
    )
    def patch(self, request, pk: int):
        return self._update(request, pk, partial=True)

    @extend_schema(
        tags=TAGS,
        summary="Delete a report",
        description="Its owner or an admin; its delivery history goes with it.",
        responses={204: None, **READ_ERRORS},
    )
    def delete(self, request, pk: int):
        report_delete(report=visible_report(request, pk), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IgnoreFormatNegotiation(DefaultContentNegotiation):
    """``?format=`` names the document format here, not DRF's renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ReportRenderApi(APIView):
    permission_classes = [IsAuthenticated]
    content_negotiation_class = IgnoreFormatNegotiation

    @extend_schema(
        tags=TAGS,
        summary="The report rendered now, as HTML or PDF",
        description="Figures as you may see them: pipelines the report names that you cannot see are left out. "
        "HTML is one standalone file (inline styles and SVG charts); the PDF is made by WeasyPrint, which "
        "fetches no URL.",
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=list(FORMATS), description="html (default) or pdf.")
        ],
        responses={
            (200, "text/html"): OpenApiTypes.STR,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="A format other than html or pdf."),
            **READ_ERRORS,
        },
    )
    def get(self, request, pk: int):
        fmt = request.query_params.get("format") or "html"
        if fmt not in FORMATS:
            raise ValidationError({"format": ["html or pdf."]})
        report = visible_report(request, pk)
        figures = report_figures(report=report, user=request.user)
        link = report_link(report=report, base_url=request.build_absolute_uri("/"))
        name = slugify(report.name) or f"report-{report.pk}"
        if fmt == "pdf":
            body, _pages = report_pdf(figures, link=link)
            response = HttpResponse(body, content_type="application/pdf")
        else:
            response = HttpResponse(report_html(figures, link=link), content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response


class ReportSendApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Send a report now",
        description="Its owner or an admin. Renders the report as its owner and delivers it to every configured "
        "channel (email with the PDF attached, webhook); answers one delivery record per channel, failed ones "
        "with the error. A report without recipients or webhook is a 400; more than "
        "SLUICE_REPORT_SENDS_PER_HOUR sends by hand per user and hour is a 429 (Retry-After).",
        request=None,
        responses={
            200: DeliveryOutput(many=True),
            429: OpenApiResponse(OpenApiTypes.OBJECT, description="Too many sends this hour."),
            **WRITE_ERRORS,
        },
    )
    def post(self, request, pk: int):
        report = visible_report(request, pk)
        try:
            deliveries = report_send(report=report, user=request.user, base_url=request.build_absolute_uri("/"))
        except SendLimitReached as exc:
            raise Throttled(wait=exc.wait, detail=str(exc)) from None
        return Response(DeliveryOutput(deliveries, many=True).data)
