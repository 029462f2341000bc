"""The insights pages, in the "insights" namespace (config/urls.py mounts them at the site root)."""

from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.overview, name="overview"),
    path("insights/pipelines/<id:pk>/", views.pipeline_insights, name="pipeline"),
    path("insights/<id:pk>/", views.insight_detail, name="detail"),
    path("insights/<id:pk>/dismiss/", views.dismiss_view, name="dismiss"),
    path("insights/<id:pk>/undismiss/", views.undismiss_view, name="undismiss"),
]
