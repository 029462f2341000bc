from django.urls import path

from monitoring.api import views

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
]
