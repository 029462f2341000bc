from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import authentication
        from notifications import credentials

        # /ws/events/ accepts a personal API token where it accepts a JWT (`?token=` or {"op": "auth"}).
        credentials.register_token_kind(authentication.PREFIX, authentication.user_for_websocket)
        from accounts import (
            openapi,  # noqa: F401  (the bearer scheme of the API tokens in /api/schema/)
            signals,
        )

        signals.connect()  # sign-in/out: the session row and the audit row
        from accounts import preferences_web

        preferences_web.connect()  # quiet hours hold emails; after sign-in, "/" goes to the landing page
