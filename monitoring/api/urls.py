"""Every endpoint of the monitoring app under /api/ (config/urls.py includes this once): metrics,
exports, graphs and timelines (views.py), workers (workers.py), alert rules and alerts (alerts.py)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from monitoring.api import setup, views
from monitoring.api.alerts import AlertRuleViewSet, AlertViewSet
from monitoring.api.workers import WorkerListApi

alerts_router = DefaultRouter(trailing_slash=True)
alerts_router.include_root_view = False
alerts_router.register("alert-rules", AlertRuleViewSet, basename="alert-rule")
alerts_router.register("alerts", AlertViewSet, basename="alert")

urlpatterns = [
    path("monitoring/summary/", views.SummaryApi.as_view(), name="monitoring-summary"),
    path("monitoring/active/", views.ActiveApi.as_view(), name="monitoring-active"),
    path("monitoring/stages/", views.StagesApi.as_view(), name="monitoring-stages"),
    path(
        "monitoring/stages/<id:pipeline_id>/<str:node_key>/history/",
        views.StageHistoryApi.as_view(),
        name="monitoring-stage-history",
    ),
    path("monitoring/exports/executions/", views.ExecutionExportApi.as_view(), name="monitoring-export-executions"),
    path("monitoring/exports/stages/", views.StageExportApi.as_view(), name="monitoring-export-stages"),
    path("pipelines/<id:pk>/dependency-graph/", views.DependencyGraphApi.as_view(), name="pipeline-dependency-graph"),
    path("pipelines/<id:pk>/state/", views.PipelineStateApi.as_view(), name="pipeline-state"),
    path("executions/<id:pk>/timeline/", views.ExecutionTimelineApi.as_view(), name="execution-timeline"),
    path("workers/", WorkerListApi.as_view(), name="worker-list"),
    path("setup/checklist/", setup.SetupChecklistApi.as_view(), name="setup-checklist"),
    path("", include(alerts_router.urls)),
]
