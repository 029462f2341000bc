"""The report pages, in the "reports" namespace (config/urls.py mounts them at the site root)."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list, name="list"),
    path("reports/new/", views.report_new, name="new"),
    path("reports/preview/", views.builder_preview, name="preview"),
    path("reports/<id:pk>/", views.report_detail, name="detail"),
    path("reports/<id:pk>/edit/", views.report_edit, name="edit"),
    path("reports/<id:pk>/send/", views.report_send_view, name="send"),
    path("reports/<id:pk>/delete/", views.report_delete_view, name="delete"),
]
