from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Insights generated from run history: regressions, slowest and most failing nodes, growth forecasts and
    recommendations for a pipeline's graph, their dismissal and history (docs/insights.md). Above monitoring
    and quality: it reads both."""

    name = "insights"
    verbose_name = "Insights"
    default_auto_field = "django.db.models.BigAutoField"
