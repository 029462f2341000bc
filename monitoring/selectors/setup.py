"""The admin setup checklist (docs/users.md, *Setup checklist*): each item's status read from the running
system, never assumed. ``ok`` (done), ``todo`` (needs an admin) or ``optional`` (not needed in this set-up,
said why); each with what was found and where to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts import oidc
from executions.models import Execution
from monitoring.models import Worker
from pipelines.models import Connection

CONSOLE_BACKENDS = ("django.core.mail.backends.console.EmailBackend",)


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    status: str  # ok | todo | optional
    detail: str
    fix_url: str
    fix_label: str

    @property
    def done(self) -> bool:
        return self.status != "todo"


def _identity() -> Item:
    if oidc.enabled():
        detail = f"Sign-in through {settings.SLUICE_OIDC_PROVIDER_NAME} ({settings.SLUICE_OIDC_ISSUER})."
        return Item("identity", "Identity provider", "ok", detail, reverse("accounts:users"), "Users and roles")
    return Item(
        "identity",
        "Identity provider",
        "todo",
        "No OpenID Connect provider: people sign in with local passwords only. Set SLUICE_OIDC_ISSUER, "
        "SLUICE_OIDC_CLIENT_ID and SLUICE_OIDC_CLIENT_SECRET (docs/configuration.md) and restart.",
        reverse("accounts:users"),
        "Users and roles",
    )


def _email(*, accepted: bool) -> Item:
    backend = settings.EMAIL_BACKEND
    if backend not in CONSOLE_BACKENDS:
        host = getattr(settings, "EMAIL_HOST", "")
        detail = f"Emails go out through {backend.rsplit('.', 2)[-2]}" + (f" ({host})." if host else ".")
        return Item("email", "Email delivery", "ok", detail, reverse("monitoring:alerts"), "Alert rules")
    if accepted:
        detail = "The console backend (emails are written to the log): accepted by you."
        return Item("email", "Email delivery", "ok", detail, reverse("monitoring:setup"), "Setup checklist")
    return Item(
        "email",
        "Email delivery",
        "todo",
        "The console backend: invitations and notification emails are only written to the log. Set EMAIL_URL "
        "(e.g. smtp://user:pass@host:587) and restart, or accept the console backend.",
        reverse("monitoring:setup"),
        "Accept the console backend",
    )


def _workers(now) -> Item:
    link = reverse("monitoring:system")
    if settings.SLUICE_EXECUTOR != "celery":
        detail = f"Runs execute in the web process (SLUICE_EXECUTOR={settings.SLUICE_EXECUTOR}): no worker needed."
        return Item("workers", "Workers", "optional", detail, link, "System")
    fresh = now - timedelta(seconds=max(30.0, 4 * settings.METRICS_INTERVAL))
    alive = Worker.objects.filter(status=Worker.Status.ONLINE, last_seen__gte=fresh).count()
    if alive:
        return Item(
            "workers", "Workers", "ok", f"{alive} worker(s) sent a heartbeat in the last minute.", link, "System"
        )
    return Item(
        "workers",
        "Workers",
        "todo",
        "No Celery worker has sent a heartbeat recently: runs stay queued. Start one (`celery -A config worker`).",
        link,
        "System",
    )


def _redis() -> Item:
    link = reverse("monitoring:system")
    if not settings.REDIS_URL:
        detail = "Not configured: events and the scheduler stay in this one process (fine for the embedded mode)."
        return Item("redis", "Redis", "optional", detail, link, "System")
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
    except Exception as exc:  # reported on the checklist, never raised
        detail = f"Not reachable at the configured REDIS_URL: {type(exc).__name__}."
        return Item("redis", "Redis", "todo", detail, link, "System")
    return Item("redis", "Redis", "ok", "Answers a ping at the configured REDIS_URL.", link, "System")


def _connection() -> Item:
    count = Connection.objects.count()
    if count:
        return Item(
            "connection",
            "A connection",
            "ok",
            f"{count} connection(s).",
            reverse("pipelines:connections"),
            "Connections",
        )
    return Item(
        "connection",
        "A connection",
        "todo",
        "No database or service connection yet: pipelines can only read and write files.",
        reverse("pipelines:connection_create"),
        "New connection",
    )


def _first_success() -> Item:
    run = Execution.objects.filter(status=Execution.Status.SUCCEEDED).order_by("-finished_at").first()
    if run is not None:
        return Item(
            "run",
            "A successful run",
            "ok",
            f"Run #{run.pk} succeeded.",
            reverse("executions:detail", args=[run.pk]),
            "Open it",
        )
    return Item(
        "run",
        "A successful run",
        "todo",
        "No pipeline run has succeeded yet: Build your first pipeline runs one on the demo data.",
        reverse("pipelines:list"),
        "Pipelines",
    )


def setup_checklist(*, console_email_accepted: bool = False, now=None) -> list[Item]:
    """The checklist's items in order. A fixed number of queries (and one Redis ping when configured)."""
    now = now or timezone.now()
    return [
        _identity(),
        _email(accepted=console_email_accepted),
        _workers(now),
        _redis(),
        _connection(),
        _first_success(),
    ]
