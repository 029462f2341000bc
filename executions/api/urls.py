from django.urls import path

from executions.api import backfill, pools, schedules, views, views_onboarding
from executions.api.views_profiles import profile_urlpatterns

urlpatterns = [
    path("onboarding/first-pipeline/", views_onboarding.FirstPipelineApi.as_view(), name="first-pipeline"),
    path("pipelines/<id:pk>/run/", views.PipelineRunApi.as_view(), name="pipeline-run"),
    path("pipelines/<id:pk>/dry-run/", views.PipelineDryRunApi.as_view(), name="pipeline-dry-run"),
    path("pipelines/<id:pk>/dependencies/", views.PipelineDependenciesApi.as_view(), name="pipeline-dependencies"),
    path("pipelines/<id:pk>/schedule/next-runs/", views.PipelineNextRunsApi.as_view(), name="pipeline-next-runs"),
    path("pipelines/<id:pk>/backfill/", backfill.PipelineBackfillApi.as_view(), name="pipeline-backfill"),
    path("backfills/", backfill.BackfillListApi.as_view(), name="backfill-list"),
    path("pools/", pools.PoolListApi.as_view(), name="pool-list"),
    path("pools/<id:pk>/", pools.PoolDetailApi.as_view(), name="pool-detail"),
    path("schedules/", schedules.ScheduleListApi.as_view(), name="schedule-list"),
    path("backfills/<id:pk>/", backfill.BackfillDetailApi.as_view(), name="backfill-detail"),
    path("backfills/<id:pk>/cancel/", backfill.BackfillCancelApi.as_view(), name="backfill-cancel"),
    path("dependencies/<id:pk>/", views.DependencyDeleteApi.as_view(), name="dependency-delete"),
    path("executions/", views.ExecutionListApi.as_view(), name="execution-list"),
    path("executions/active/", views.ExecutionActiveApi.as_view(), name="execution-active"),
    path("executions/<id:pk>/", views.ExecutionDetailApi.as_view(), name="execution-detail"),
    path("executions/<id:pk>/logs/", views.ExecutionLogsApi.as_view(), name="execution-logs"),
    path("executions/<id:pk>/cancel/", views.ExecutionCancelApi.as_view(), name="execution-cancel"),
    path("executions/<id:pk>/retry/", views.ExecutionRetryApi.as_view(), name="execution-retry"),
    path("executions/<id:pk>/rerun/", views.ExecutionRerunApi.as_view(), name="execution-rerun"),
    path("executions/<id:pk>/steps/<str:node_key>/preview/", views.StepPreviewApi.as_view(), name="step-preview"),
    *profile_urlpatterns,
]
