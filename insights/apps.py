from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Insights generated from run history: regressions, slowest and most failing nodes, growth forecasts and
    recommendations for a pipeline's graph, their dismissal and history (docs/insights.md). Above monitoring
    and quality: it reads both."""

    name = "insights"
    verbose_name = "Insights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from executions import hooks

        def refresh(execution_id: int) -> None:
            from insights.services.generate import insights_after_execution

            insights_after_execution(execution_id=execution_id)

        hooks.on_execution_finished(refresh)
