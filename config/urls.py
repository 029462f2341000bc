from django.contrib import admin
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.auth import TokenObtainView, TokenRefreshLimitedView
from core.ids import IdConverter
from monitoring import prometheus
from monitoring.views import healthz, readyz

# <id:pk>: object ids from 1 to 2**63 - 1; a larger number is a 404, never a query (core/ids.py).
register_converter(IdConverter, "id")
# JSON errors under /api/, the site's pages elsewhere (core/errors.py).
handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/auth/token/", TokenObtainView.as_view(), name="token_obtain_pair"),
    path("api/auth/token/refresh/", TokenRefreshLimitedView.as_view(), name="token_refresh"),
    path("api/auth/", include("rest_framework.urls", namespace="rest_framework")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/", include("pipelines.api.urls")),
    path("api/", include("executions.api.urls")),
    path("api/", include("monitoring.api.urls")),
    path("api/", include("notifications.api.urls")),
    path("api/", include("accounts.api.urls")),
    path("api/", include("gitsync.api.urls")),
    path("api/", include("quality.api.urls")),
    path("api/", include("reports.api.urls")),
    path("api/", include("insights.api.urls")),
    path("metrics", prometheus.metrics, name="prometheus-django-metrics"),
    # Server-rendered pages (docs/ui.md).
    path("", include("pipelines.urls")),
    path("", include("executions.urls")),
    path("", include("monitoring.urls")),
    path("", include("notifications.urls")),
    path("", include("accounts.urls")),
    path("", include("gitsync.urls")),
    path("", include("quality.urls")),
    path("", include("reports.urls")),
    path("", include("insights.urls")),
]
