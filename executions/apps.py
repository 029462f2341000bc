from django.apps import AppConfig

from core.ids import is_digits


class ExecutionsConfig(AppConfig):
    name = "executions"
    verbose_name = "Executions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from executions import executors
        from executions.services.steps import step_execute
        from executions.tasks import run_step

        executors.serve(execute=step_execute, task=run_step)  # executors import no service (see there)

        from pipelines import hooks

        def sync(pipeline_id: int) -> None:
            from executions.services.schedules import schedule_sync

            schedule_sync(pipeline_id=pipeline_id)

        def delete(pipeline_id: int) -> None:
            from executions.services.schedules import schedule_delete

            schedule_delete(pipeline_id=pipeline_id)

        from executions import hooks as execution_hooks
        from executions.services.backfill import backfill_execution_finished

        execution_hooks.on_execution_finished(backfill_execution_finished)

        from executions.services.pools import check_pools
        from pipelines.validation import register_check

        register_check(check_pools)  # a node's pool must exist (docs/scheduling.md)

        hooks.on_pipeline_saved(sync)
        hooks.on_pipeline_deleted(delete)

        from notifications.topics import register_topic

        def can_view_execution(user, ident: str) -> bool:
            from executions.selectors import executions_visible_to

            return (
                user.is_authenticated
                and is_digits(ident)
                and executions_visible_to(user=user).filter(pk=int(ident)).exists()
            )

        register_topic("execution", can_view_execution)
