# syntax=docker/dockerfile:1
# Sluice: one image for the web (daphne), the Celery workers, celery beat and the migrate one-off.
#   docker build -t sluice .
#   docker compose up -d            (see docker-compose.yml and docs/operations.md)
# Needs BuildKit (the default builder since Docker 23) for the cache mounts.

ARG PYTHON_VERSION=3.11

# --- 1. Front-end ---------------------------------------------------------------------------------
# Rebuilds static/dist/ from frontend/ when the sources are in the build context; otherwise keeps the
# committed static/dist/. COPY cannot copy a path that may be absent, so the stage takes the whole
# (.dockerignore-filtered) context and decides in the shell.
FROM node:20-slim AS frontend
ARG NPM_VERSION=11
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.npm \
    mkdir -p static/dist \
    && if [ -f frontend/package.json ]; then \
        npm install --global --no-audit --no-fund "npm@${NPM_VERSION}" \
        && cd frontend \
        && npm ci --no-audit --no-fund \
        && npm run build; \
    else \
        echo "no frontend/package.json: keeping the committed static/dist"; \
    fi

# --- 2. Python dependencies -----------------------------------------------------------------------
# A virtualenv at the path it keeps in the final image. Every pinned requirement ships wheels for
# linux x86_64 and aarch64 (psycopg[binary] and adbc-driver-postgresql bundle libpq): no compiler.
FROM python:${PYTHON_VERSION}-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_INPUT=1
RUN python -m venv /opt/venv
COPY requirements.txt constraints.txt /tmp/
RUN --mount=type=cache,target=/root/.cache/pip \
    /opt/venv/bin/pip install --upgrade pip \
    && /opt/venv/bin/pip install -r /tmp/requirements.txt -c /tmp/constraints.txt

# --- 3. Runtime -----------------------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim AS runtime
LABEL org.opencontainers.image.title="Sluice" \
      org.opencontainers.image.description="Self-hosted data pipeline platform (web, worker, beat)"

# DATA_ROOT and ARTIFACTS_DIR live under /srv/sluice: mount one volume there and share it between the
# web and the workers (or point ARTIFACTS_DIR at an object store, e.g. s3://bucket/sluice).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SLUICE_MODE=production \
    SLUICE_VAR_DIR=/srv/sluice/var \
    DATA_ROOT=/srv/sluice/data \
    ARTIFACTS_DIR=/srv/sluice/artifacts

# Pango (and a font) for WeasyPrint, which renders reports as PDF (docs/reports.md).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 sluice \
    && useradd --system --uid 10001 --gid sluice --home-dir /app --no-create-home --shell /usr/sbin/nologin sluice \
    && mkdir -p /srv/sluice/data /srv/sluice/artifacts /srv/sluice/var \
    && chown -R sluice:sluice /srv/sluice

COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
# The code stays owned by root: the sluice user can read it, not change it.
COPY . /app
COPY --from=frontend /src/static/dist /app/static/dist

# collectstatic imports the production settings, which refuse to start without their secrets and
# services. These dummies exist only for this command (they are not in the image's environment);
# nothing connects to the database or Redis here.
RUN SECRET_KEY=collectstatic-only-not-a-secret \
    SLUICE_FERNET_KEYS=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    DATABASE_URL=postgres://collectstatic@127.0.0.1:1/collectstatic \
    REDIS_URL=redis://127.0.0.1:1/0 \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput --verbosity 1

USER sluice:sluice
EXPOSE 8000

# /healthz answers when the process is up. The Host header is the first of ALLOWED_HOSTS so that the
# request passes Django's host check whatever the deployment allows.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = h if h not in ('', '*') else 'localhost'; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

CMD ["python", "-m", "config.serve", "-b", "0.0.0.0", "-p", "8000"]
