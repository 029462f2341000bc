from django.urls import path

from executions.api import views

urlpatterns = [
    path("pipelines/<int:pk>/run/", views.PipelineRunApi.as_view(), name="pipeline-run"),
    path("pipelines/<int:pk>/dry-run/", views.PipelineDryRunApi.as_view(), name="pipeline-dry-run"),
    path("pipelines/<int:pk>/dependencies/", views.PipelineDependenciesApi.as_view(), name="pipeline-dependencies"),
    path("pipelines/<int:pk>/schedule/next-runs/", views.PipelineNextRunsApi.as_view(), name="pipeline-next-runs"),
    path("dependencies/<int:pk>/", views.DependencyDeleteApi.as_view(), name="dependency-delete"),
    path("executions/", views.ExecutionListApi.as_view(), name="execution-list"),
    path("executions/active/", views.ExecutionActiveApi.as_view(), name="execution-active"),
    path("executions/<int:pk>/", views.ExecutionDetailApi.as_view(), name="execution-detail"),
    path("executions/<int:pk>/logs/", views.ExecutionLogsApi.as_view(), name="execution-logs"),
    path("executions/<int:pk>/cancel/", views.ExecutionCancelApi.as_view(), name="execution-cancel"),
    path("executions/<int:pk>/retry/", views.ExecutionRetryApi.as_view(), name="execution-retry"),
    path("executions/<int:pk>/rerun/", views.ExecutionRerunApi.as_view(), name="execution-rerun"),
    path("executions/<int:pk>/steps/<str:node_key>/preview/", views.StepPreviewApi.as_view(), name="step-preview"),
]
