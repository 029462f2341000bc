"""/api/quality/ (config/urls.py includes this under /api/)."""

from django.urls import path

from quality.api import sla, views

issues = views.IssueViewSet

urlpatterns = [
    path("quality/results/", views.ResultListApi.as_view(), name="quality-results"),
    path("quality/results/export/", views.ResultExportApi.as_view(), name="quality-results-export"),
    path("quality/summary/", views.SummaryApi.as_view(), name="quality-summary"),
    path("quality/issues/", issues.as_view({"get": "list"}), name="quality-issue-list"),
    path(
        "quality/issues/<id:pk>/",
        issues.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="quality-issue-detail",
    ),
    path("quality/issues/<id:pk>/acknowledge/", issues.as_view({"post": "acknowledge"}), name="quality-issue-ack"),
    path("quality/issues/<id:pk>/assign/", issues.as_view({"post": "assign"}), name="quality-issue-assign"),
    path("quality/issues/<id:pk>/resolve/", issues.as_view({"post": "resolve"}), name="quality-issue-resolve"),
    path("quality/issues/<id:pk>/comments/", issues.as_view({"post": "comments"}), name="quality-issue-comments"),
    path("quality/pipelines/<id:pk>/sla/", sla.PipelineSLAApi.as_view(), name="quality-pipeline-sla"),
    path("quality/sla-breaches/", sla.SLABreachListApi.as_view(), name="quality-sla-breaches"),
]
