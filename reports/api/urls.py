"""/api/reports/ (config/urls.py includes this under /api/)."""

from django.urls import path

from reports.api import views

urlpatterns = [
    path("reports/", views.ReportListApi.as_view(), name="report-list"),
    path("reports/<id:pk>/", views.ReportDetailApi.as_view(), name="report-detail"),
    path("reports/<id:pk>/render/", views.ReportRenderApi.as_view(), name="report-render"),
    path("reports/<id:pk>/send/", views.ReportSendApi.as_view(), name="report-send"),
]
