from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Monitoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from prometheus_client import REGISTRY

        from monitoring.collectors import SluiceCollector

        if not any(isinstance(c, SluiceCollector) for c in list(REGISTRY._collector_to_names)):
            REGISTRY.register(SluiceCollector())

        from monitoring.sampler import connect_celery_signals

        connect_celery_signals()

        from executions import hooks

        def evaluate(execution_id: int) -> None:
            from monitoring.alerts import alerts_evaluate_execution

            alerts_evaluate_execution(execution_id)

        hooks.on_execution_finished(evaluate)
