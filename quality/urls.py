"""The quality pages, in the "quality" namespace (config/urls.py mounts them at the site root)."""

from django.urls import path

from quality import views, views_sla

app_name = "quality"

urlpatterns = [
    path("quality/", views.overview, name="overview"),
    path("quality/pipelines/<id:pk>/", views.pipeline_quality, name="pipeline"),
    path("quality/pipelines/<id:pk>/sla/", views_sla.pipeline_sla_view, name="pipeline-sla"),
    path("quality/executions/<id:pk>/", views.execution_quality, name="execution"),
    path("quality/issues/<id:pk>/", views.issue_detail, name="issue"),
    path("quality/issues/<id:pk>/acknowledge/", views.issue_acknowledge_view, name="issue-acknowledge"),
    path("quality/issues/<id:pk>/assign/", views.issue_assign_view, name="issue-assign"),
    path("quality/issues/<id:pk>/resolve/", views.issue_resolve_view, name="issue-resolve"),
    path("quality/issues/<id:pk>/comments/", views.issue_comment_view, name="issue-comment"),
]
