from django.apps import AppConfig

from core.ids import is_digits


class GitsyncConfig(AppConfig):
    name = "gitsync"
    verbose_name = "Git sync"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gitsync import dispatch, services, tasks

        dispatch.serve("sync", task=tasks.git_sync, run=lambda pk: services.repository_sync(sync_id=pk))
        dispatch.serve("push", task=tasks.git_push, run=lambda pk: services.document_push(document_id=pk))
        dispatch.serve(
            "push_now", task=tasks.git_push_now, run=lambda pk: services.document_push(document_id=pk, force=True)
        )

        from pipelines import hooks

        hooks.on_pipeline_saved(services.pipeline_saved)

        from notifications.topics import register_topic

        def can_view_repository(user, ident: str) -> bool:
            from gitsync.selectors import repositories_visible_to

            return (
                user.is_authenticated
                and is_digits(ident)
                and repositories_visible_to(user=user).filter(pk=int(ident)).exists()
            )

        register_topic("git", can_view_repository)
