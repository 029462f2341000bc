"""Server-rendered pages of the executions app (mounted at the site root by config/urls.py)."""

from django.urls import path

from executions import views

app_name = "executions"

urlpatterns = [
    path("executions/", views.execution_list, name="list"),
    path("executions/<id:pk>/", views.execution_detail, name="detail"),
    path("executions/<id:pk>/live/", views.execution_live, name="live"),
    path("executions/<id:pk>/logs/", views.execution_logs_partial, name="logs"),
    path("executions/<id:pk>/steps/<str:node_key>/preview/", views.execution_preview_partial, name="preview"),
    path("executions/<id:pk>/cancel/", views.execution_action, {"action": "cancel"}, name="cancel"),
    path("executions/<id:pk>/retry/", views.execution_action, {"action": "retry"}, name="retry"),
    path("executions/<id:pk>/rerun/", views.execution_action, {"action": "rerun"}, name="rerun"),
]
