"""Server-rendered pages of the monitoring app (mounted at the site root by config/urls.py).

The pages live in the "monitoring" namespace (monitoring:stages, monitoring:system, monitoring:alerts
...); the dashboard is at the root without a namespace (``{% url 'dashboard' %}``), so this module sets
no app_name itself and includes its pages under one instead."""

from django.urls import include, path

from monitoring import views, views_setup

monitoring_patterns = [
    path("monitoring/", views.stages, name="stages"),
    path("monitoring/system/", views.system, name="system"),
    path("dashboard/parts/<str:part>/", views.dashboard_part, name="dashboard-part"),
    # The execution page's parts (templates/executions/_live.html).
    path("monitoring/executions/<id:pk>/timeline/", views.execution_timeline_part, name="execution-timeline"),
    path("monitoring/executions/<id:pk>/resources/", views.execution_resources_part, name="execution-resources"),
    path("alerts/", views.alerts, name="alerts"),
    path("setup/", views_setup.setup_page, name="setup"),
    path("alerts/rules/new/", views.alert_rule_create, name="alert-rule-create"),
    path("alerts/rules/<id:pk>/edit/", views.alert_rule_edit, name="alert-rule-edit"),
    path("alerts/rules/<id:pk>/toggle/", views.alert_rule_toggle, name="alert-rule-toggle"),
    path("alerts/rules/<id:pk>/delete/", views.alert_rule_delete, name="alert-rule-delete"),
    path("alerts/<id:pk>/resolve/", views.alert_resolve_view, name="alert-resolve"),
    path("alerts/<id:pk>/acknowledge/", views.alert_acknowledge_view, name="alert-acknowledge"),
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("", include((monitoring_patterns, "monitoring"))),
]
