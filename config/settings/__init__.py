"""Sluice settings, read from the environment (django-environ).

One module per concept, read in order: ``base`` (the mode, paths, secrets, hosts), ``runtime``
(apps, middleware, database, Redis, Celery, execution) and ``web`` (auth, API, limits, events, data,
git sync, static files, security headers, logging). Each imports by name what it uses from the ones
before it; this package is what ``DJANGO_SETTINGS_MODULE=config.settings`` reads.

Three modes, chosen by ``SLUICE_MODE``:

* ``embedded`` (default): SQLite under ``var/``, in-memory channel layer,
  local executor. SECRET_KEY and the Fernet key are generated once and kept
  under ``var/``. Nothing external is needed (``make run``).
* ``test``: like production but with safe defaults for the local services
  (``make test``); DATABASE_URL and REDIS_URL point at 127.0.0.1.
* ``production``: every secret and every external service must be configured;
  a missing one stops the process at start with a message naming the variable.
"""

from config.settings.base import *  # noqa: F403
from config.settings.runtime import *  # noqa: F403
from config.settings.web import *  # noqa: F403
