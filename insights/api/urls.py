"""/api/insights/ (config/urls.py includes this under /api/)."""

from django.urls import path

from insights.api import views

insights = views.InsightViewSet

urlpatterns = [
    path("insights/", insights.as_view({"get": "list"}), name="insight-list"),
    path("insights/<id:pk>/", insights.as_view({"get": "retrieve"}), name="insight-detail"),
    path("insights/<id:pk>/dismiss/", insights.as_view({"post": "dismiss"}), name="insight-dismiss"),
    path("insights/<id:pk>/undismiss/", insights.as_view({"post": "undismiss"}), name="insight-undismiss"),
]
