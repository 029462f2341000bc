"""The bottom layer: helpers every app may use and that use no app.

Database and SQL helpers (batched statements, percentile aggregates), request/response plumbing of the
API (ids, parsers, pagination, errors, throttles, token views, CSP, OpenAPI hooks) and of the pages
(htmx, Bootstrap forms). Nothing here imports ``pipelines``, ``executions``, ``monitoring``,
``notifications`` or ``config``; the import-linter contract in pyproject.toml checks it.
"""
