"""Apps, middleware, templates, the database, Redis (channel layer, cache), Celery and the execution engine."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import BASE_DIR, EMBEDDED, PRODUCTION, SLUICE_MODE, VAR_DIR, _required, env
from core.sizes import parse_byte_size

# daphne's app only replaces `manage.py runserver` with an ASGI one (WebSockets work), and importing it
# loads Twisted (about 30 MB) into every process; the servers run the `daphne` command itself.
INSTALLED_APPS = ["daphne"] if sys.argv[1:2] == ["runserver"] else []
INSTALLED_APPS += [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_celery_beat",
    "django_prometheus",
    "axes",
    "corsheaders",
    "csp",
    "core",
    "pipelines",
    "executions",
    "monitoring",
    "notifications",
    "accounts",
    "gitsync",
    "quality",
    "insights",
    "reports",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "core.middleware.RequestIdMiddleware",
    "core.middleware.QueryNulMiddleware",  # a NUL in the query string: a 400 before any filter sees it
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before anything that answers (WhiteNoise, CommonMiddleware)
    "core.csp.CSPMiddleware",  # django-csp's, with SLUICE_CSP_ROUTE_UPDATES
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.AccountsMiddleware",  # the audit rows' address; sessions' last seen and revoke
    "accounts.preferences_web.PreferencesMiddleware",  # the user's time zone; after sign-in, their landing page
    "django.contrib.messages.middleware.MessageMiddleware",
    "pipelines.interactive.InteractiveErrorMiddleware",  # a page whose interactive work hit a limit: 503/422
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last: turns a login refused by the lockout into the lockout page (core/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
                "accounts.context_processors.account_links",
                "accounts.preferences_web.ui_preferences",  # data-bs-theme and density on <html>
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
if EMBEDDED:
    _default_db = f"sqlite:///{VAR_DIR / 'sluice.sqlite3'}"
elif PRODUCTION:
    _default_db = None
else:
    _default_db = "postgres://postgres@127.0.0.1:5432/test"
if PRODUCTION:
    _required("DATABASE_URL")
DATABASES = {"default": env.db_url("DATABASE_URL", default=_default_db)}
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends."
)
DATABASES["default"].setdefault("OPTIONS", {})
if "sqlite" in DATABASES["default"]["ENGINE"]:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL + a busy timeout so the web process and the local executor's threads share the file, and
    # transactions that take the write lock when they begin: a deferred one that read first and writes
    # later fails at once with "database is locked" when another thread wrote in between (the busy
    # timeout does not apply to that upgrade), e.g. Run pressed while another run's steps finish.
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
elif env.bool("SLUICE_DB_POOL", default=False):
    # The web process (config/asgi.py sets it): under ASGI every request runs in a context of its own, and
    # Django keeps a persistent connection per context, so CONN_MAX_AGE opened a new PostgreSQL connection
    # (and a backend with cold caches) for every request. A psycopg pool keeps them across requests. A
    # request holds its connection to its end (one waiting on an interactive child too): requests beyond
    # SLUICE_DB_POOL_MAX at once wait for one, at most SLUICE_DB_POOL_TIMEOUT seconds.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("SLUICE_DB_POOL_MIN", default=2),
        "max_size": env.int("SLUICE_DB_POOL_MAX", default=20),
        "timeout": env.float("SLUICE_DB_POOL_TIMEOUT", default=10.0),
        "max_idle": 60.0,
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # the pool checks a connection before lending it
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # Server-side prepared statements for the step hot path (core/db.py's statements ask for them): Django's
    # backend passes prepare_threshold=None unless OPTIONS names one, and psycopg prepares nothing then,
    # not even a statement executed with prepare=True. Django's own queries bind on the client and are never
    # prepared whatever this says. Off (SLUICE_DB_PREPARED_STATEMENTS=0) behind a pooler that does not keep
    # prepared statements per client: PgBouncer in transaction mode before 1.21, or without
    # max_prepared_statements.
    _prepare = env.bool("SLUICE_DB_PREPARED_STATEMENTS", default=True)
    DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5 if _prepare else None)
# Separate test database names let several test runs share one server.
if env.str("SLUICE_TEST_DB_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env.str("SLUICE_TEST_DB_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, channel layer, Celery ----------------------------------------
# Test runs share one Redis while each has its own database whose ids start at 1: without a scope of
# their own, execution:1 of one run would hear another run's live events. The scope is inherited by
# the daphne and Celery processes a run starts (they get its environment).
REDIS_SCOPE = ""
if SLUICE_MODE == "test":
    os.environ.setdefault("SLUICE_TEST_RUN", secrets.token_hex(4))
    REDIS_SCOPE = f":test-{os.environ['SLUICE_TEST_RUN']}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}:"
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0" if SLUICE_MODE == "test" else "")
if PRODUCTION:
    REDIS_URL = _required("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py's async pool is bounded: hundreds of sockets subscribing at once need room.
                # socket_timeout None: redis-py 8 defaults to 5 s, which cuts channels_redis's blocking
                # BZPOPMIN (5 s) short and breaks every receive (channels_redis#422, redis-py#4091).
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": env.int("CHANNEL_LAYER_MAX_CONNECTIONS", default=1000),
                        "socket_timeout": None,
                    }
                ],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="sluice:asgi") + REDIS_SCOPE.rstrip(":"),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# The cache holds state every web process must share (the API throttles' counters): Redis when there is
# Redis, else the one process's memory (the embedded mode).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("SLUICE_CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": env.str("SLUICE_CACHE_PREFIX", default="sluice:cache") + REDIS_SCOPE.rstrip(":"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sluice"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# At-least-once delivery made exactly-once by the claim in the database (see DESIGN §3).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_DEFAULT_PRIORITY = 4
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Execution -------------------------------------------------------------------
# celery when a broker is configured, else a thread pool in the web process.
SLUICE_EXECUTOR = env.str("SLUICE_EXECUTOR", default="celery" if CELERY_BROKER_URL else "local")
# The embedded mode fires cron schedules from a thread of the web process (no celery beat).
SLUICE_EMBEDDED_SCHEDULER = env.bool("SLUICE_EMBEDDED_SCHEDULER", default=SLUICE_EXECUTOR == "local")
# Run linear chains of nodes as one step and one Polars plan (DESIGN §3, "Fused chains").
SLUICE_FUSE_CHAINS = env.bool("SLUICE_FUSE_CHAINS", default=True)
# How deep pipeline.call nodes may nest (a call inside a called pipeline is depth 2); cycles are always refused.
SLUICE_CALL_MAX_DEPTH = max(1, min(env.int("SLUICE_CALL_MAX_DEPTH", default=5), 20))
# Keep a profile of what each destination received (docs/profiling.md): its sample is taken in the pass
# that writes the destination (no second read); false turns it off.
SLUICE_PROFILE_DESTINATIONS = env.bool("SLUICE_PROFILE_DESTINATIONS", default=True)
# Profiles (docs/profiling.md): at most this many rows (a larger output is sampled), this long for the details.
SLUICE_PROFILE_ROWS = env.int("SLUICE_PROFILE_ROWS", default=100_000)
SLUICE_PROFILE_SECONDS = env.float("SLUICE_PROFILE_SECONDS", default=10.0)
SLUICE_LOCAL_WORKERS = env.int("SLUICE_LOCAL_WORKERS", default=2)
# Polars allocates through jemalloc, which keeps freed pages for a while before it gives them back
# (Polars sets 0.5 s dirty, 1 s muzzy): a step that reads, sorts and writes then holds every phase's
# memory at once. Handing them back after 250 ms makes a step's peak RSS follow what it holds (about
# 25% lower on bench/engine.py) at no measurable cost in time. Read by jemalloc when Polars loads,
# which is after the settings. It goes last in _RJEM_MALLOC_CONF, so it wins over what is there (a
# parent process that imported Polars passes Polars' own defaults down). Empty: Polars' defaults.
SLUICE_MALLOC_CONF = env.str("SLUICE_MALLOC_CONF", default="dirty_decay_ms:250,muzzy_decay_ms:0")
_malloc_conf = os.environ.get("_RJEM_MALLOC_CONF", "")
if SLUICE_MALLOC_CONF and "polars" not in sys.modules and not _malloc_conf.endswith(SLUICE_MALLOC_CONF):
    os.environ["_RJEM_MALLOC_CONF"] = f"{_malloc_conf},{SLUICE_MALLOC_CONF}".lstrip(",")
SLUICE_STEP_QUEUE = env.str("SLUICE_STEP_QUEUE", default="celery")
# Backfills (docs/executions.md): their steps go to a queue of their own so that they never delay
# scheduled runs; workers consume both (-Q celery,celery-backfill). Bounds of one backfill.
SLUICE_BACKFILL_QUEUE = env.str("SLUICE_BACKFILL_QUEUE", default="") or f"{SLUICE_STEP_QUEUE}-backfill"
SLUICE_BACKFILL_MAX_CONCURRENCY = env.int("SLUICE_BACKFILL_MAX_CONCURRENCY", default=4)
SLUICE_BACKFILL_MAX_INTERVALS = env.int("SLUICE_BACKFILL_MAX_INTERVALS", default=1000)
# Fair scheduling (docs/scheduling.md): a waiting step or run gains one priority level per this many
# seconds of waiting, so a low priority is never starved.
SLUICE_PRIORITY_AGING_SECONDS = max(env.float("SLUICE_PRIORITY_AGING_SECONDS", default=60.0), 0.001)
# A worker that finished a step runs one successor it released itself (no broker hop) for
# this long after it took its task; 0 dispatches every step through the broker. At most 240 s, so a
# task stays within CELERY_TASK_TIME_LIMIT (the longest step timeout + 300 s).
SLUICE_CONTINUE_SECONDS = min(env.float("SLUICE_CONTINUE_SECONDS", default=30.0), 240.0)
# A chain of small, pure steps continued in one worker records its successes in one transaction,
# committed at least this often (milliseconds; see executions.services.chain.Chain). 0: every step
# commits on its own.
SLUICE_CHAIN_COMMIT_MS = env.float("SLUICE_CHAIN_COMMIT_MS", default=25.0)
# Step bookkeeping (a claim, a chain's successes) commits without waiting for the WAL flush; a run's
# finish waits, and flushes them with it (executions.services.chain.relax_commit). True: every commit waits.
SLUICE_DURABLE_STEP_COMMITS = env.bool("SLUICE_DURABLE_STEP_COMMITS", default=False)
SLUICE_HEARTBEAT_SECONDS = env.float("SLUICE_HEARTBEAT_SECONDS", default=3.0)
SLUICE_CANCEL_GRACE_SECONDS = env.float("SLUICE_CANCEL_GRACE_SECONDS", default=5.0)
# Queued steps not picked up after this long are dispatched again (a lost broker message).
SLUICE_REDISPATCH_AFTER_SECONDS = env.int("SLUICE_REDISPATCH_AFTER_SECONDS", default=600)
SLUICE_LOST_WORKER_RETRIES = env.int("SLUICE_LOST_WORKER_RETRIES", default=2)
SLUICE_STALE_AFTER_SECONDS = env.int("SLUICE_STALE_AFTER_SECONDS", default=30)
# The most memory a step may add to its worker process's RSS: bytes, or "3GiB", "512MB". A step that goes
# over fails at once and is not retried (docs/performance.md). Unset or empty: no limit.
try:
    SLUICE_STEP_MEMORY_LIMIT = (
        parse_byte_size(env.str("SLUICE_STEP_MEMORY_LIMIT", default=""))
        if env.str("SLUICE_STEP_MEMORY_LIMIT", default="").strip()
        else None
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"SLUICE_STEP_MEMORY_LIMIT: {exc}") from None
# Where a step's big Polars pass runs (executions/engine/planproc.py, docs/executions.md): "child", a lean
# plan process of the worker (Python and Polars only, recycled after a pass that grew it); "inline", the
# worker itself: the default under pytest, where a child per pass would add its start to the suite's time.
SLUICE_PLAN_PROCESS = env.str(
    "SLUICE_PLAN_PROCESS", default="inline" if env.str("PYTEST_VERSION", default="") else "child"
)
if SLUICE_PLAN_PROCESS not in ("child", "inline"):
    raise ImproperlyConfigured("SLUICE_PLAN_PROCESS must be 'child' or 'inline'")
SLUICE_ARTIFACT_RETENTION_DAYS = env.int("SLUICE_ARTIFACT_RETENTION_DAYS", default=7)
SLUICE_DRY_RUN_SECONDS = env.float("SLUICE_DRY_RUN_SECONDS", default=30.0)
# Interactive data work (validation's schema inference, dry-run, preview, file inspection, connection
# test and introspection) runs in a pool of child processes (pipelines/interactive.py, docs/operations.md).
# "inline" runs it in the calling process: the pytest unit suite (rows in uncommitted transactions) and
# management commands other than runserver (load_demo, run_pipeline: the operator's, not the web process).
_MANAGE_COMMAND = sys.argv[1:2] if sys.argv and Path(sys.argv[0]).name == "manage.py" else []
SLUICE_INTERACTIVE_POOL = env.str(
    "SLUICE_INTERACTIVE_POOL",
    default="inline"
    if env.str("PYTEST_VERSION", default="") or (_MANAGE_COMMAND and _MANAGE_COMMAND != ["runserver"])
    else "process",
)
if SLUICE_INTERACTIVE_POOL not in ("process", "inline"):
    raise ImproperlyConfigured("SLUICE_INTERACTIVE_POOL must be 'process' or 'inline'")
SLUICE_INTERACTIVE_WORKERS = env.int("SLUICE_INTERACTIVE_WORKERS", default=2)
SLUICE_INTERACTIVE_SECONDS = env.float("SLUICE_INTERACTIVE_SECONDS", default=30.0)
SLUICE_INTERACTIVE_QUEUE_SECONDS = env.float("SLUICE_INTERACTIVE_QUEUE_SECONDS", default=30.0)
# RLIMIT_AS of each child: address space, not resident memory (Polars/jemalloc reserve about twice what
# they touch, and an idle child already maps about 1.1 GB). 4096 MB fits a sort of ~10 million rows. 0: no cap.
SLUICE_INTERACTIVE_MEMORY_MB = env.int("SLUICE_INTERACTIVE_MEMORY_MB", default=4096)
SLUICE_MAX_STEP_TIMEOUT = env.int("SLUICE_MAX_STEP_TIMEOUT", default=6 * 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis: 10 priority levels (0 = most urgent) and a visibility timeout above twice the longest step.
    "priority_steps": list(range(10)),
    "sep": ":",
    "queue_order_strategy": "priority",
    "visibility_timeout": 2 * SLUICE_MAX_STEP_TIMEOUT + 600,
}
CELERY_TASK_TIME_LIMIT = SLUICE_MAX_STEP_TIMEOUT + 300
# How often running executions are compared with their pipeline's duration SLA (docs/quality.md).
SLUICE_SLA_CHECK_SECONDS = env.float("SLUICE_SLA_CHECK_SECONDS", default=15.0)
# Insights (docs/insights.md): how often every pipeline with recent history is re-examined (celery beat and
# the embedded loop; each finished run refreshes its own pipeline too), the window of history read, and the
# memory a worker may use, against which a step's peak RSS is judged.
SLUICE_INSIGHTS_INTERVAL = env.float("SLUICE_INSIGHTS_INTERVAL", default=3600.0)
SLUICE_INSIGHTS_WINDOW_DAYS = env.int("SLUICE_INSIGHTS_WINDOW_DAYS", default=30)
SLUICE_WORKER_MEMORY_MB = env.int("SLUICE_WORKER_MEMORY_MB", default=4096)
# Reports (docs/reports.md): attempts of a report's webhook delivery (with backoff) before it is recorded as failed.
SLUICE_REPORT_WEBHOOK_ATTEMPTS = env.int("SLUICE_REPORT_WEBHOOK_ATTEMPTS", default=3)
# "Send now" of reports per user and hour (each one emails its recipients and renders a PDF); 0: no limit.
# The test mode's default is out of the suite's reach (the counters outlive a test database); its test sets one.
SLUICE_REPORT_SENDS_PER_HOUR = env.int("SLUICE_REPORT_SENDS_PER_HOUR", default=0 if SLUICE_MODE == "test" else 30)
# Hourly monitoring rollups (docs/monitoring.md): how often newly sealed hours are folded in.
SLUICE_ROLLUP_SECONDS = max(env.float("SLUICE_ROLLUP_SECONDS", default=60.0), 1.0)
CELERY_BEAT_SCHEDULE = {
    "sluice-watchdog": {"task": "executions.watchdog", "schedule": 15.0},
    "sluice-cleanup-artifacts": {"task": "executions.cleanup_artifacts", "schedule": 3600.0},
    "sluice-cleanup-events": {"task": "notifications.cleanup_events", "schedule": 3600.0},
    "sluice-cleanup-metrics": {"task": "monitoring.cleanup_metrics", "schedule": 3600.0},
    "sluice-purge-uploads": {"task": "pipelines.purge_uploads", "schedule": 6 * 3600.0},
    "sluice-cleanup-quality": {"task": "quality.cleanup_results", "schedule": 3600.0},
    # Runs still going past their pipeline's duration SLA: announced once, while they run.
    "sluice-check-slas": {"task": "quality.check_slas", "schedule": SLUICE_SLA_CHECK_SECONDS},
    # Queues a sync of each git repository whose own interval has passed (docs/git-sync.md).
    "sluice-git-sync-due": {"task": "gitsync.sync_due", "schedule": 60.0},
    # Email notifications held during someone's quiet hours, sent when they end (docs/ui.md).
    "sluice-release-held-emails": {"task": "accounts.release_held_emails", "schedule": 60.0},
    # Reports whose cron schedule is due: sent by email and/or webhook (docs/reports.md).
    "sluice-reports-due": {"task": "reports.send_due", "schedule": 60.0},
    # Insights of every pipeline with recent history (docs/insights.md).
    "sluice-insights": {"task": "insights.refresh_all", "schedule": SLUICE_INSIGHTS_INTERVAL},
    # Newly sealed hours folded into the monitoring rollups (docs/monitoring.md).
    "sluice-rollups": {"task": "monitoring.refresh_rollups", "schedule": SLUICE_ROLLUP_SECONDS},
}
