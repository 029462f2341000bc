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
            from monitoring.services.alerts import alerts_evaluate_execution

            alerts_evaluate_execution(execution_id)

        hooks.on_execution_finished(evaluate)

        from notifications.topics import register_event_scope, register_public_events

        # Host metrics and the worker roster are shown to every signed-in user (the system page,
        # /api/workers/); alerts only to admins and the rule's recipients (the alerts page).
        register_public_events("metrics.system", "worker.online", "worker.offline")

        def alert_rules_visible_ids(user):
            from monitoring.models import AlertRule
            from pipelines import roles

            if roles.has_role(user, roles.ADMIN):
                return None
            return set(AlertRule.objects.filter(recipients=user).values_list("pk", flat=True))

        register_event_scope("rule_id", alert_rules_visible_ids)
