# Sluice — the commands of a developer, of CI and of the quickstart.
# `make help` lists the targets. Needs GNU make, Python 3.11+, and for the front-end Node 20 + npm.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# --- Knobs (override on the command line or in the environment) -------------------------------
# The interpreter that creates .venv: python3.11 when it runs (it may be a pyenv shim without that
# version), else python3 when it is 3.11 or newer.
PYTHON ?= $(shell for p in python3.11 python3; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then echo $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check

# make run
HOST ?= 127.0.0.1
PORT ?= 8000

# make test / test-fast / check / bench: the services of the suite. Only these targets see them;
# `make run` keeps its embedded SQLite unless DATABASE_URL is in your environment.
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_WORKERS ?= 2
PYTEST_TIMEOUT ?= 900
PYTEST_ARGS ?=
TEST_ENV = SLUICE_MODE=test DATABASE_URL="$(DATABASE_URL)" REDIS_URL="$(REDIS_URL)"

# Installed-requirements stamps: pip runs again only when a requirements file changes.
RUNTIME_STAMP := $(VENV)/.sluice-runtime
DEV_STAMP := $(VENV)/.sluice-dev

.PHONY: help run serve setup test test-fast lint fmt check bench frontend frontend-if-missing frontend-deps frontend-test gen-types gen-client chromium java \
	venv venv-dev constraints clean distclean

help: ## List the targets
	@echo "Sluice — make targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo "Knobs: HOST=$(HOST) PORT=$(PORT) DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL)"
	@echo "       PYTEST_WORKERS=$(PYTEST_WORKERS) PYTEST_ARGS='$(PYTEST_ARGS)' SLUICE_TEST_DB_NAME (own test DB)"

# --- Python environment ---------------------------------------------------------------------------
$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "make: no Python 3.11+ found (tried python3.11, python3); set PYTHON=..." >&2; exit 1; fi
	@echo "--- creating $(VENV) with $$($(PYTHON) -V)"
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt constraints.txt | $(PY)
	@echo "--- installing requirements.txt into $(VENV) (the first time takes a few minutes)"
	$(PIP) install --quiet -r requirements.txt -c constraints.txt
	@touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt constraints.txt clients/python/pyproject.toml | $(PY)
	@echo "--- installing requirements-dev.txt into $(VENV)"
	$(PIP) install --quiet -r requirements-dev.txt -c constraints.txt
	@echo "--- installing the Python client and the sluice CLI (clients/python, editable) into $(VENV)"
	$(PIP) install --quiet --no-deps -e ./clients/python
	@touch $(RUNTIME_STAMP) $@

constraints: ## Re-pin every installed package (transitive ones too) into constraints.txt, from a fresh venv
	rm -rf $(VENV).pin && $(PYTHON) -m venv $(VENV).pin
	$(VENV).pin/bin/pip install --quiet -r requirements-dev.txt
	{ sed -n '1,3p' constraints.txt; $(VENV).pin/bin/pip freeze --all --exclude pip --exclude setuptools --exclude wheel; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf $(VENV).pin

venv: $(RUNTIME_STAMP) ## Create .venv with the runtime requirements
venv-dev: $(DEV_STAMP) ## Create .venv with the runtime, test and lint requirements

# --- The embedded quickstart ----------------------------------------------------------------------
DAPHNE = exec $(VENV)/bin/daphne -b $(HOST) -p $(PORT) config.asgi:application

run: setup ## Quickstart: venv, migrate, admin user, demo pipelines, then serve at http://HOST:PORT
	@echo "--- Sluice at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(DAPHNE)

setup: $(RUNTIME_STAMP) frontend-if-missing ## Migrate the database, create the admin user, load the demo pipelines
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ensure_admin
	$(PY) manage.py load_demo

serve: $(RUNTIME_STAMP) ## Serve the app with daphne (HTTP + WebSockets) without the set-up steps
	@echo "--- Sluice at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(DAPHNE)

# --- Front-end ------------------------------------------------------------------------------------
frontend: ## Build the front-end: npm ci + npm run build (frontend/ -> static/dist/)
	@if [ ! -f frontend/package.json ]; then echo "--- no frontend/package.json: nothing to build"; exit 0; fi
	cd frontend && npm ci --no-audit --no-fund
	cd frontend && npm run build

frontend-if-missing:
	@if [ -f frontend/package.json ] && [ ! -d static/dist ]; then $(MAKE) frontend; fi

# npm packages for the front-end's unit tests and for the browser tests (they inject axe-core).
frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend-deps:
	@if [ -f frontend/package.json ]; then $(MAKE) frontend/node_modules/.package-lock.json; fi

frontend-test: frontend-deps ## Vitest: the builder's graph logic and the live client
	@if [ -f frontend/package.json ]; then cd frontend && npm test; fi

# The front-end's API and event types: the OpenAPI document and the event data schemas, written by
# the server (PostgreSQL settings: integer bounds follow the database), then openapi-typescript.
# tests/test_generated_types.py and CI fail when the committed files are not current.
gen-types: $(RUNTIME_STAMP) frontend-deps ## Regenerate frontend/src/api (openapi.json, events.json and their .d.ts types)
	$(TEST_ENV) $(PY) manage.py spectacular --format openapi-json --file frontend/src/api/openapi.json
	$(TEST_ENV) $(PY) manage.py event_schemas --file frontend/src/api/events.json
	cd frontend && npm run gen:types

# The Python client (clients/python/sluice_client) from the same OpenAPI document, by openapi-python-client,
# and the documents' JSON Schema the CLI validates with offline (clients/python/sluice_cli/document-schema.json).
# tests/clients/test_client_generated.py fails when either is not current.
gen-client: $(DEV_STAMP) ## Regenerate the Python client (clients/python) from frontend/src/api/openapi.json
	$(TEST_ENV) $(PY) clients/python/generate.py

# --- Tests and checks -----------------------------------------------------------------------------
# pytest's exit code 5 means "no tests collected": a failure here, said out loud.
define pytest
	@echo '--- pytest $(1) $(PYTEST_ARGS)  [DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL)]'
	@rc=0; $(TEST_ENV) $(PY) -m pytest $(1) --timeout=$(PYTEST_TIMEOUT) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make: pytest collected no tests (exit code 5) — counted as a failure" >&2; fi; \
	exit $$rc
endef

test: $(DEV_STAMP) chromium java frontend-test frontend-if-missing ## The whole suite but benchmarks: Vitest, then pytest on PostgreSQL + Redis (2 xdist workers)
	$(call pytest,-m "not bench" -n $(PYTEST_WORKERS) --dist loadgroup --durations=30)

test-fast: $(DEV_STAMP) ## Unit tests only (no e2e, browser or bench tests)
	$(call pytest,-m "not e2e and not browser and not bench" -n $(PYTEST_WORKERS) --dist loadgroup)

lint: $(DEV_STAMP) ## ruff check + ruff format --check + the import contracts between the apps (lint-imports)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

fmt: $(DEV_STAMP) ## Sort imports and format the code with ruff (rewrites files)
	$(VENV)/bin/ruff check --select I --fix .
	$(VENV)/bin/ruff format .

check: $(RUNTIME_STAMP) ## manage.py check + makemigrations --check (SLUICE_MODE=test)
	$(TEST_ENV) $(PY) manage.py check
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

bench: $(DEV_STAMP) ## Run every bench/*.py script (each prints its ratio against a peer)
	@scripts=$$(grep -l '__main__' bench/[!_]*.py 2>/dev/null || true); \
	if [ -z "$$scripts" ]; then echo "--- bench/: no benchmark scripts yet"; exit 0; fi; \
	failed=""; \
	for script in $$scripts; do \
		echo "=== $$script"; \
		$(TEST_ENV) $(PY) $$script || failed="$$failed $$script"; \
	done; \
	if [ -n "$$failed" ]; then echo "make: benchmarks failed:$$failed" >&2; exit 1; fi

# Debian's Chromium for the browser tests (never `playwright install`: it downloads its own browser).
chromium: ## Install Chromium (browser tests) and pango (WeasyPrint: reports as PDF) with apt-get when missing (root only)
	@if [ ! -d tests/e2e ]; then exit 0; fi; \
	if command -v chromium >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "--- Chromium or pango is missing and this is not root: browser tests (or report PDFs) cannot run."; \
		echo "    Install it with: sudo apt-get install -y chromium libpango-1.0-0 libpangoft2-1.0-0"; \
		exit 0; \
	fi; \
	echo "--- installing Debian's chromium for the browser tests"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq; \
	apt-get install -y -qq --no-install-recommends chromium fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	chromium --version

# Java 17 for the Spark tests' local cluster (tests/spark_cluster.py: Spark's jars come with pyspark).
java: ## Install Java 17 (the Spark tests' local cluster) with apt-get when missing (root only)
	@if command -v java >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "--- Java is missing and this is not root: the Spark tests cannot start their cluster."; \
		echo "    Install it with: sudo apt-get install -y openjdk-17-jre-headless"; \
		exit 0; \
	fi; \
	echo "--- installing Java 17 for the Spark tests"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq; \
	apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null; \
	java -version

# --- Housekeeping ---------------------------------------------------------------------------------
clean: ## Remove caches and collected static files (keeps .venv and var/: your data and keys)
	find . -path ./.venv -prune -o -path ./frontend/node_modules -prune -o -name __pycache__ -type d -print \
		| xargs rm -rf
	rm -rf .pytest_cache .ruff_cache staticfiles var/static test-results

distclean: clean ## clean + remove .venv and frontend/node_modules
	rm -rf $(VENV) frontend/node_modules
