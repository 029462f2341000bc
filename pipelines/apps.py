from django.apps import AppConfig

from core.ids import is_digits


class PipelinesConfig(AppConfig):
    name = "pipelines"
    verbose_name = "Pipelines"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pipelines.nodes import registry

        registry.load_builtin()
        registry.load_plugins()

        from notifications.topics import register_topic

        def can_view_pipeline(user, ident: str) -> bool:
            from pipelines.selectors import pipelines_visible_to

            return (
                user.is_authenticated
                and is_digits(ident)
                and pipelines_visible_to(user=user).filter(pk=int(ident)).exists()
            )

        register_topic("pipeline", can_view_pipeline)

        from notifications.topics import register_event_scope

        def pipelines_visible_ids(user):
            """Events naming a pipeline (``pipeline_id``) on aggregate topics such as ``dashboard``:
            only the pipelines the subscriber may see (None for admins: all)."""
            from pipelines import roles
            from pipelines.selectors import pipelines_visible_to

            if roles.sees_everything(user):
                return None
            return set(pipelines_visible_to(user=user).values_list("pk", flat=True))

        # A pipeline becomes visible to someone new only when it is created (sharing is set in the Django
        # admin, which publishes nothing: sockets pick it up at their periodic re-read).
        register_event_scope("pipeline_id", pipelines_visible_ids, refresh_on=("pipeline.created",))

        from django.conf import settings

        from notifications.delivery import set_url_guard

        def webhook_guard(url: str) -> None:
            from pipelines.netguard import check_url

            check_url(url, allow_private=settings.ALLOW_PRIVATE_NETWORK_SOURCES)

        set_url_guard(webhook_guard)

        import pipelines.testing.kind  # noqa: F401  (registers the PipelineTest document kind)
