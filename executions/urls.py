"""Server-rendered pages of the executions app (mounted at the site root by config/urls.py).

The parts of the pipeline pages that are about runs (executions/views_pipeline.py) live under
/pipelines/<id>/ too, as the API's /api/pipelines/<id>/run/ is served by executions.api."""

from django.urls import path

from executions import views, views_backfill, views_onboarding, views_pipeline, views_profile, views_schedules

app_name = "executions"

urlpatterns = [
    path("executions/", views.execution_list, name="list"),
    path("onboarding/first-pipeline/", views_onboarding.first_pipeline, name="first_pipeline"),
    path("executions/<id:pk>/", views.execution_detail, name="detail"),
    path("executions/<id:pk>/live/", views.execution_live, name="live"),
    path("executions/<id:pk>/logs/", views.execution_logs_partial, name="logs"),
    path("executions/<id:pk>/steps/<str:node_key>/preview/", views.execution_preview_partial, name="preview"),
    path("executions/<id:pk>/steps/<str:node_key>/profile/", views_profile.step_profile_partial, name="profile"),
    path("executions/<id:pk>/profiles/", views_profile.execution_profiles_partial, name="profiles"),
    path("executions/<id:pk>/cancel/", views.execution_action, {"action": "cancel"}, name="cancel"),
    path("executions/<id:pk>/retry/", views.execution_action, {"action": "retry"}, name="retry"),
    path("executions/<id:pk>/rerun/", views.execution_action, {"action": "rerun"}, name="rerun"),
    # Parts of the pipeline pages (included there with htmx).
    path("pipelines/runs/", views_pipeline.pipeline_list_runs, name="pipeline_list_runs"),
    path("pipelines/<id:pk>/run/", views_pipeline.pipeline_run, name="pipeline_run"),
    path("pipelines/<id:pk>/runs/", views_pipeline.pipeline_runs, name="pipeline_runs"),
    path("pipelines/<id:pk>/next-runs/", views_pipeline.pipeline_next_runs, name="next_runs"),
    path("pipelines/<id:pk>/schedule/preview/", views_pipeline.schedule_preview, name="schedule_preview"),
    path("pipelines/<id:pk>/dependencies/", views_pipeline.pipeline_dependencies, name="dependencies"),
    path("pipelines/<id:pk>/backfills/", views_backfill.pipeline_backfills, name="backfills"),
    path("backfills/<id:pk>/cancel/", views_backfill.backfill_cancel_view, name="backfill_cancel"),
    path("schedules/", views_schedules.schedule_list, name="schedules"),
    path("schedules/<id:pk>/switch/", views_schedules.schedule_switch, name="schedule_switch"),
    path(
        "pipelines/<id:pk>/dependencies/<id:dependency_id>/delete/",
        views_pipeline.dependency_remove,
        name="dependency_remove",
    ),
]
