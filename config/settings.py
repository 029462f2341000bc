"""Sluice settings, read from the environment (django-environ).

Three modes, chosen by ``SLUICE_MODE``:

* ``embedded`` (default): SQLite under ``var/``, in-memory channel layer,
  local executor. SECRET_KEY and the Fernet key are generated once and kept
  under ``var/``. Nothing external is needed (``make run``).
* ``test``: like production but with safe defaults for the local services
  (``make test``); DATABASE_URL and REDIS_URL point at 127.0.0.1.
* ``production``: every secret and every external service must be configured;
  a missing one stops the process at start with a message naming the variable.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Under pytest (which sets PYTEST_VERSION) the default is the test mode against the local services.
SLUICE_MODE = env.str("SLUICE_MODE", default="test" if env.str("PYTEST_VERSION", default="") else "embedded")
if SLUICE_MODE not in {"embedded", "test", "production"}:
    raise ImproperlyConfigured(f"SLUICE_MODE must be embedded, test or production, not {SLUICE_MODE!r}")
EMBEDDED = SLUICE_MODE == "embedded"
PRODUCTION = SLUICE_MODE == "production"

VAR_DIR = Path(env.str("SLUICE_VAR_DIR", default=str(BASE_DIR / "var")))


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when SLUICE_MODE=production (see docs/configuration.md)")
    return value


def _kept_secret(name: str, filename: str, make) -> str:
    """A secret from the environment, or (outside production) one generated once and kept under var/."""
    value = env.str(name, default="")
    if value:
        return value
    if PRODUCTION:
        return _required(name)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _kept_secret("SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(50))
# Comma-separated Fernet keys; the first encrypts, all decrypt (key rotation).
FERNET_KEYS = _kept_secret("SLUICE_FERNET_KEYS", "fernet_key", lambda: Fernet.generate_key().decode()).split(",")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    _required("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[] if PRODUCTION else ["http://127.0.0.1:8000", "http://localhost:8000"]
)

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
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
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
# Keep a profile of what each destination received (docs/profiling.md): off by default, it re-reads the input.
SLUICE_PROFILE_DESTINATIONS = env.bool("SLUICE_PROFILE_DESTINATIONS", default=False)
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
# A worker that finished a step runs one successor it released itself (no broker hop) for
# this long after it took its task; 0 dispatches every step through the broker. At most 240 s, so a
# task stays within CELERY_TASK_TIME_LIMIT (the longest step timeout + 300 s).
SLUICE_CONTINUE_SECONDS = min(env.float("SLUICE_CONTINUE_SECONDS", default=30.0), 240.0)
# A chain of small, pure steps continued in one worker records its successes in one transaction,
# committed at least this often (milliseconds; see executions.services.chain.Chain). 0: every step
# commits on its own.
SLUICE_CHAIN_COMMIT_MS = env.float("SLUICE_CHAIN_COMMIT_MS", default=25.0)
SLUICE_HEARTBEAT_SECONDS = env.float("SLUICE_HEARTBEAT_SECONDS", default=3.0)
SLUICE_CANCEL_GRACE_SECONDS = env.float("SLUICE_CANCEL_GRACE_SECONDS", default=5.0)
# Queued steps not picked up after this long are dispatched again (a lost broker message).
SLUICE_REDISPATCH_AFTER_SECONDS = env.int("SLUICE_REDISPATCH_AFTER_SECONDS", default=600)
SLUICE_LOST_WORKER_RETRIES = env.int("SLUICE_LOST_WORKER_RETRIES", default=2)
SLUICE_STALE_AFTER_SECONDS = env.int("SLUICE_STALE_AFTER_SECONDS", default=30)
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
CELERY_BEAT_SCHEDULE = {
    "sluice-watchdog": {"task": "executions.watchdog", "schedule": 15.0},
    "sluice-cleanup-artifacts": {"task": "executions.cleanup_artifacts", "schedule": 3600.0},
    "sluice-cleanup-events": {"task": "notifications.cleanup_events", "schedule": 3600.0},
    "sluice-cleanup-metrics": {"task": "monitoring.cleanup_metrics", "schedule": 3600.0},
    "sluice-purge-uploads": {"task": "pipelines.purge_uploads", "schedule": 6 * 3600.0},
    "sluice-cleanup-quality": {"task": "quality.cleanup_results", "schedule": 3600.0},
    # Queues a sync of each git repository whose own interval has passed (docs/git-sync.md).
    "sluice-git-sync-due": {"task": "gitsync.sync_due", "schedule": 60.0},
    # Email notifications held during someone's quiet hours, sent when they end (docs/ui.md).
    "sluice-release-held-emails": {"task": "accounts.release_held_emails", "schedule": 60.0},
}

# --- Auth, API -------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"
# Users, invitations (a link works once, for SLUICE_INVITE_DAYS) and OpenID Connect sign-in: docs/users.md.
SLUICE_INVITE_DAYS = env.int("SLUICE_INVITE_DAYS", default=7)
SLUICE_PUBLIC_URL = env.str("SLUICE_PUBLIC_URL", default="")  # links in emails; empty: the admin's address
SLUICE_OIDC_ISSUER = env.str("SLUICE_OIDC_ISSUER", default="").rstrip("/")  # endpoints from its discovery
SLUICE_OIDC_PROVIDER_NAME = env.str("SLUICE_OIDC_PROVIDER_NAME", default="single sign-on")
OIDC_RP_CLIENT_ID = env.str("SLUICE_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("SLUICE_OIDC_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("SLUICE_OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("SLUICE_OIDC_SIGN_ALGO", default="RS256")
SLUICE_OIDC_GROUPS_CLAIM = env.str("SLUICE_OIDC_GROUPS_CLAIM", default="groups")
SLUICE_OIDC_ROLE_MAP = env.dict("SLUICE_OIDC_ROLE_MAP", default={})  # "sluice-admins=admin,data-eng=editor"
SLUICE_OIDC_DEFAULT_ROLE = env.str("SLUICE_OIDC_DEFAULT_ROLE", default="")  # empty: no mapped group, no entry
SLUICE_LOCAL_PASSWORDS = env.bool("SLUICE_LOCAL_PASSWORDS", default=True)  # false: no password sign-in at all
OIDC_USE_PKCE, OIDC_AUTHENTICATION_CALLBACK_URL = True, "accounts:oidc-callback"
OIDC_TIMEOUT = env.float("SLUICE_OIDC_TIMEOUT", default=10.0)
OIDC_VERIFY_SSL = env.bool("SLUICE_OIDC_VERIFY_SSL", default=True)
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
if (SLUICE_OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET)) or not (
    SLUICE_LOCAL_PASSWORDS or SLUICE_OIDC_ISSUER
):
    raise ImproperlyConfigured("SLUICE_OIDC_ISSUER needs a client id and secret, local passwords off an issuer")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",  # Bearer slu_… (personal API tokens), before JWT
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.exception_handler",
    # Rates: see "Limits" below; the state lives in CACHES["default"] (shared by the web processes).
    "DEFAULT_THROTTLE_CLASSES": ["core.throttling.AnonRateThrottle", "core.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        # The test mode's defaults are out of the suite's reach; the tests of the limits set their own.
        "anon": env.str("SLUICE_THROTTLE_ANON", default="100000/min" if SLUICE_MODE == "test" else "60/min"),
        "user": env.str("SLUICE_THROTTLE_USER", default="100000/min" if SLUICE_MODE == "test" else "1200/min"),
        "auth": env.str("SLUICE_THROTTLE_AUTH", default="100000/min" if SLUICE_MODE == "test" else "20/min"),
    },
    # Reverse proxies in front of the web service whose X-Forwarded-For is trusted (0: the peer's address).
    "NUM_PROXIES": env.int("SLUICE_TRUSTED_PROXIES", default=0),
}
from config.openapi_settings import openapi_settings  # noqa: E402

SPECTACULAR_SETTINGS = openapi_settings()  # config/openapi_settings.py: the OpenAPI document's settings
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": __import__("datetime").timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": __import__("datetime").timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "SIGNING_KEY": SECRET_KEY,
}

# --- Limits ------------------------------------------------------------------
# Largest API request body (bytes); larger bodies get a 400 before parsing.
SLUICE_MAX_REQUEST_BYTES = env.int("SLUICE_MAX_REQUEST_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = SLUICE_MAX_REQUEST_BYTES
# Largest graph a pipeline may hold.
SLUICE_MAX_GRAPH_NODES = env.int("SLUICE_MAX_GRAPH_NODES", default=500)
SLUICE_MAX_GRAPH_EDGES = env.int("SLUICE_MAX_GRAPH_EDGES", default=2000)

# Extra modules whose import registers node types (besides the sluice.nodes entry points).
SLUICE_NODE_MODULES = env.list("SLUICE_NODE_MODULES", default=[])

# /metrics computes Sluice's figures from the database at most this often.
SLUICE_METRICS_CACHE_SECONDS = env.float("SLUICE_METRICS_CACHE_SECONDS", default=5.0)

# WebSockets (/ws/events/)
SLUICE_WS_MAX_PER_USER = env.int("SLUICE_WS_MAX_PER_USER", default=20)
SLUICE_WS_MAX_TOPICS = env.int("SLUICE_WS_MAX_TOPICS", default=50)
SLUICE_WS_REPLAY_LIMIT = env.int("SLUICE_WS_REPLAY_LIMIT", default=1000)
SLUICE_WS_AUTH_SECONDS = env.float("SLUICE_WS_AUTH_SECONDS", default=10.0)
SLUICE_WS_HEARTBEAT_SECONDS = env.float("SLUICE_WS_HEARTBEAT_SECONDS", default=25.0)
SLUICE_WS_IDLE_SECONDS = env.float("SLUICE_WS_IDLE_SECONDS", default=600.0)
# Unauthenticated sockets (waiting for their token) per client address, per web process.
SLUICE_WS_MAX_ANON_PER_ADDRESS = env.int("SLUICE_WS_MAX_ANON_PER_ADDRESS", default=10)
SLUICE_WS_MAX_MESSAGE_BYTES = env.int("SLUICE_WS_MAX_MESSAGE_BYTES", default=65_536)
# How often a socket re-reads which pipelines its user may see (aggregate topics such as dashboard).
SLUICE_WS_AUDIENCE_SECONDS = env.float("SLUICE_WS_AUDIENCE_SECONDS", default=60.0)
# Live events between processes (notifications/fanout.py): Redis pub/sub when there is Redis, else within
# the one process of the embedded mode.
SLUICE_EVENT_BUS = env.str("SLUICE_EVENT_BUS", default="redis" if REDIS_URL else "local")
if SLUICE_EVENT_BUS not in ("redis", "local"):
    raise ImproperlyConfigured("SLUICE_EVENT_BUS must be 'redis' or 'local'")
SLUICE_EVENT_CHANNEL_PREFIX = env.str("SLUICE_EVENT_CHANNEL_PREFIX", default="sluice:events") + (REDIS_SCOPE or ":")
SLUICE_EVENT_RETENTION_DAYS = env.int("SLUICE_EVENT_RETENTION_DAYS", default=30)

# Host metrics: the web sampler and worker heartbeats every METRICS_INTERVAL seconds (1-300).
METRICS_INTERVAL = env.float("METRICS_INTERVAL", default=5.0)
SLUICE_WEB_SAMPLER = env.bool("SLUICE_WEB_SAMPLER", default=True)
SLUICE_METRICS_RETENTION_DAYS = env.int("SLUICE_METRICS_RETENTION_DAYS", default=7)
# Quality results (one row per rule per run, docs/quality.md) are deleted after this many days.
SLUICE_QUALITY_RETENTION_DAYS = env.int("SLUICE_QUALITY_RETENTION_DAYS", default=90)

# Email (alert delivery): EMAIL_URL like smtp://user:pass@host:587 ; console backend by default.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="sluice@localhost")

# --- Data ----------------------------------------------------------------------
DATA_ROOT = Path(env.str("DATA_ROOT", default=str(BASE_DIR / "data")))
ARTIFACTS_DIR = env.str("ARTIFACTS_DIR", default=str(VAR_DIR / "artifacts"))
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=1024 * 1024 * 1024)
ALLOW_PRIVATE_NETWORK_SOURCES = env.bool("ALLOW_PRIVATE_NETWORK_SOURCES", default=False)
# Longest run-time statement of a database source/destination when the step has no timeout (seconds).
DATABASE_STATEMENT_TIMEOUT = env.int("DATABASE_STATEMENT_TIMEOUT", default=3600)
SOURCE_METADATA_TIMEOUT = env.float("SOURCE_METADATA_TIMEOUT", default=10.0)

# --- Git sync (docs/git-sync.md) ---------------------------------------------------
# Directories local repositories may be read from (a list of paths): none in production unless set, the
# data root in the embedded mode. The cache of fetched repositories lives under var/, never in DATA_ROOT.
SLUICE_GIT_LOCAL_ROOTS = env.list("SLUICE_GIT_LOCAL_ROOTS", default=[str(DATA_ROOT)] if EMBEDDED else [])
# Test runs share var/ while each has its own database whose ids start at 1: a cache of their own.
SLUICE_GIT_CACHE_DIR = env.str("SLUICE_GIT_CACHE_DIR", default=str(VAR_DIR / "git" / REDIS_SCOPE.strip(":")))
SLUICE_GIT_QUEUE = env.str("SLUICE_GIT_QUEUE", default="celery")

# --- I18N, static ------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles" if PRODUCTION else VAR_DIR / "static")))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Security ----------------------------------------------------------------
# Cookies and HTTPS (docs/configuration.md "Web, static files, security"). Outside production the
# cookies go over plain HTTP (make run) and nothing redirects.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
# The front-end reads the token from <meta name="csrf-token"> when the cookie is out of its reach.
CSRF_COOKIE_HTTPONLY = env.bool("CSRF_COOKIE_HTTPONLY", default=PRODUCTION)
SESSION_COOKIE_SAMESITE = env.str("SESSION_COOKIE_SAMESITE", default="Lax")
CSRF_COOKIE_SAMESITE = env.str("CSRF_COOKIE_SAMESITE", default="Lax")
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
# Probes and the Prometheus scraper speak plain HTTP to the container itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
# Preloading is a promise made for the whole registrable domain and submitted by hand
# (hstspreload.org); it stays the operator's choice, so `check --deploy` is not asked to nag about it.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response (django-csp 4). Scripts only from this origin or with the
# request's nonce; no inline event handlers. Styles allow 'unsafe-inline': the templates' style
# attributes (progress bars, chart heights), ECharts, React Flow and htmx set inline styles.
# 'self' in connect-src covers the same-origin ws:/wss: of /ws/events/ (CSP Level 3).
from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE  # noqa: E402

_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, *env.list("SLUICE_CSP_CONNECT_SRC", default=[])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if env.str("SLUICE_CSP_REPORT_URI", default=""):
    _CSP["DIRECTIVES"]["report-uri"] = [env.str("SLUICE_CSP_REPORT_URI")]
# Additions on named routes only (core/csp.py). The builder's node forms (@rjsf with Ajv) compile each
# node type's JSON Schema into a validator with `new Function`: 'unsafe-eval' there and nowhere else.
SLUICE_CSP_ROUTE_UPDATES = {"pipelines:builder": {"script-src": [UNSAFE_EVAL]}}
# Report-only: browsers report violations (console, report-uri) and block nothing.
if env.bool("SLUICE_CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
    CONTENT_SECURITY_POLICY = None
else:
    CONTENT_SECURITY_POLICY = _CSP

# CORS: off unless origins are listed (django-cors-headers); only the API answers cross-origin.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = env.bool("CORS_ALLOW_CREDENTIALS", default=False)
CORS_URLS_REGEX = r"^/api/.*$"

# Login lockout (django-axes): too many failed sign-ins per user name or per address lock that name or
# address out for a while, the right password included (docs/operations.md "Locked-out users").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out attempt before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
if not SLUICE_LOCAL_PASSWORDS:  # no password sign-in anywhere: /login/, /api/auth/token/, the admin's
    AUTHENTICATION_BACKENDS.remove("django.contrib.auth.backends.ModelBackend")
if SLUICE_OIDC_ISSUER:
    AUTHENTICATION_BACKENDS.append("accounts.oidc.SluiceOIDCBackend")
AXES_ENABLED = env.bool("SLUICE_LOGIN_LOCKOUT", default=True)
AXES_FAILURE_LIMIT = env.int("SLUICE_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = __import__("datetime").timedelta(minutes=env.float("SLUICE_LOGIN_COOLOFF_MINUTES", default=15))
# Comma-separated; each item locks on its own, "username+ip_address" locks the pair.
AXES_LOCKOUT_PARAMETERS = [
    item.split("+") if "+" in item else item
    for item in env.list("SLUICE_LOGIN_LOCKOUT_PARAMETERS", default=["username", "ip_address"])
]
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
AXES_VERBOSE = False  # no banner on every process start; failures and lockouts are still logged (WARNING)
AXES_HTTP_RESPONSE_CODE = 429
# Successful sign-ins are not logged (the table would grow with every token a script asks for).
AXES_DISABLE_ACCESS_LOG = not env.bool("SLUICE_LOGIN_ACCESS_LOG", default=False)
# The client's address behind SLUICE_TRUSTED_PROXIES reverse proxies, read as the API throttles read it.
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_address"

# /metrics: readable with `Authorization: Bearer <SLUICE_METRICS_TOKEN>` or from SLUICE_METRICS_ALLOWED_IPS
# (addresses or CIDRs). With neither set it is open outside production and closed in production.
SLUICE_METRICS_TOKEN = env.str("SLUICE_METRICS_TOKEN", default="")
SLUICE_METRICS_ALLOWED_IPS = env.list("SLUICE_METRICS_ALLOWED_IPS", default=[])

# --- Logging -------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="json")  # json | console
from config.logging import build_logging  # noqa: E402

LOGGING_CONFIG = None
build_logging(level=LOG_LEVEL, fmt=LOG_FORMAT)
