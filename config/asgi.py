"""ASGI entry point: HTTP through Django, WebSockets through Channels (routes added by the apps)."""

import gc
import os

from django.conf import settings
from django.core.asgi import get_asgi_application

from config.asgi_server import pass_request_bodies_through

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The web process pools its PostgreSQL connections (config/settings/runtime.py): Django keeps a persistent
# connection per request context under ASGI, so CONN_MAX_AGE opened a new one at every request. Only this
# process: the variable is not left for the processes it starts (the interactive pool's children).
_pool_here = "SLUICE_DB_POOL" not in os.environ
os.environ.setdefault("SLUICE_DB_POOL", "1")
django_asgi_app = get_asgi_application()
if _pool_here:
    del os.environ["SLUICE_DB_POOL"]
pass_request_bodies_through()  # every body reaches Django's parsers (config/asgi_server.py)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from notifications.origin import origin_or_token_validator  # noqa: E402

if settings.SLUICE_WEB_SAMPLER:
    from monitoring.sampler import start_web_sampler

    start_web_sampler()

if settings.SLUICE_EMBEDDED_SCHEDULER:
    from executions.scheduler import start_embedded_scheduler

    start_embedded_scheduler()
    from gitsync.poller import start_embedded_poller

    start_embedded_poller()
    from reports.loop import start_embedded_reports

    start_embedded_reports()
    from insights.loop import start_embedded_insights

    start_embedded_insights()
    from quality.sla_loop import start_embedded_sla_check

    start_embedded_sla_check()
    from monitoring.rollup_loop import start_embedded_rollups

    start_embedded_rollups()

# Interactive data work runs in child processes (pipelines/interactive.py): start them now, not on the
# first request. They set Django up in the background; the web process does not wait for them.
from pipelines import interactive  # noqa: E402

interactive.warm()
interactive.stop_with_the_server()  # SIGTERM: wake the requests waiting on a child, stop the children

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # A cross-site Origin is refused; no Origin at all (a script) is served on a token only.
        "websocket": origin_or_token_validator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# What is loaded by now lives as long as the process: keep it out of the cyclic GC. A full pass over
# Django's ~150,000 start-up objects takes 120+ ms on a small machine, and a web process paused that
# long holds every socket's live events back (bench/events.py's worst latencies were these pauses).
gc.freeze()
