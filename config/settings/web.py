"""Auth and the API, limits, WebSockets and events, metrics, email, data, git sync, static files, security
headers and logging."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import BASE_DIR, EMBEDDED, PRODUCTION, SECRET_KEY, SLUICE_MODE, VAR_DIR, env
from config.settings.runtime import REDIS_SCOPE, REDIS_URL
from core.object_store import artifacts_url_problem, scheme_of

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
SLUICE_MAX_GRAPH_NODES = env.int("SLUICE_MAX_GRAPH_NODES", default=2000)
SLUICE_MAX_GRAPH_EDGES = env.int("SLUICE_MAX_GRAPH_EDGES", default=8000)

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
# The data store (uploads, and the files source.file reads and destination.file writes; docs/files.md): the
# local DATA_ROOT by default, or SLUICE_DATA_URL: a local directory, file:///path or s3://bucket/prefix, so that
# web and workers on several machines share no directory. Its S3 options fall back to the artifact store's.
# DATA_ROOT stays a local directory for what must be a local file (sqlite/duckdb connections, the warehouse).
SLUICE_DATA_URL = env.str("SLUICE_DATA_URL", default="")
if SLUICE_DATA_URL and scheme_of(SLUICE_DATA_URL) == "file":
    DATA_ROOT = Path(SLUICE_DATA_URL.removeprefix("file://"))
    SLUICE_DATA_URL = ""
# The artifact store (docs/operations.md "Production layout"): a local directory, file:// or s3://bucket/prefix
# (s3fs). SLUICE_ARTIFACTS_URL wins over the older ARTIFACTS_DIR. The S3 options below, when unset, fall back
# to the usual AWS chain (AWS_* variables, instance profile). Names with KEY/SECRET: hidden in error pages.
_LOCAL_ARTIFACTS = env.str("ARTIFACTS_DIR", default=str(VAR_DIR / "artifacts"))
ARTIFACTS_DIR = env.str("SLUICE_ARTIFACTS_URL", default="") or _LOCAL_ARTIFACTS
SLUICE_ARTIFACTS_ENDPOINT_URL = env.str("SLUICE_ARTIFACTS_ENDPOINT_URL", default="")
SLUICE_ARTIFACTS_KEY_ID = env.str("SLUICE_ARTIFACTS_KEY_ID", default="")
SLUICE_ARTIFACTS_SECRET_KEY = env.str("SLUICE_ARTIFACTS_SECRET_KEY", default="")
SLUICE_ARTIFACTS_REGION = env.str("SLUICE_ARTIFACTS_REGION", default="")
_artifacts_problem = artifacts_url_problem(ARTIFACTS_DIR, endpoint=SLUICE_ARTIFACTS_ENDPOINT_URL)
if _artifacts_problem:
    raise ImproperlyConfigured(f"SLUICE_ARTIFACTS_URL: {_artifacts_problem} (see docs/configuration.md)")
SLUICE_DATA_ENDPOINT_URL = env.str("SLUICE_DATA_ENDPOINT_URL", default="") or SLUICE_ARTIFACTS_ENDPOINT_URL
SLUICE_DATA_KEY_ID = env.str("SLUICE_DATA_KEY_ID", default="") or SLUICE_ARTIFACTS_KEY_ID
SLUICE_DATA_SECRET_KEY = env.str("SLUICE_DATA_SECRET_KEY", default="") or SLUICE_ARTIFACTS_SECRET_KEY
SLUICE_DATA_REGION = env.str("SLUICE_DATA_REGION", default="") or SLUICE_ARTIFACTS_REGION
_data_problem = SLUICE_DATA_URL and artifacts_url_problem(
    SLUICE_DATA_URL, endpoint=SLUICE_DATA_ENDPOINT_URL, setting="SLUICE_DATA"
)
if _data_problem:
    raise ImproperlyConfigured(f"SLUICE_DATA_URL: {_data_problem} (see docs/configuration.md)")
# Local working files of a process (Polars' temporary and spill files): never shared, never on the store.
SLUICE_SCRATCH_DIR = env.str("SLUICE_SCRATCH_DIR", default=str(VAR_DIR / "scratch"))
os.environ.setdefault("POLARS_TEMP_DIR", str(Path(SLUICE_SCRATCH_DIR) / "polars"))
os.environ.setdefault("POLARS_OOC_SPILL_DIR", str(Path(SLUICE_SCRATCH_DIR) / "spill"))
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
