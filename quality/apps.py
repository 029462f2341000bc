from django.apps import AppConfig


class QualityConfig(AppConfig):
    """Quality over time: the results of every quality rule per run, quality issues, their pages and API
    (docs/quality.md). Sits above executions, beside monitoring: it reads run history."""

    name = "quality"
    verbose_name = "Data quality"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from executions import hooks

        def record(execution_id: int) -> None:
            from quality.services.results import quality_results_record

            quality_results_record(execution_id=execution_id)

        hooks.on_execution_finished(record)
