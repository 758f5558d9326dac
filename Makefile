# Place Exchange. Two commands for a newcomer:
#   make run   - set everything up, load demo content and official data, serve on http://127.0.0.1:8000
#   make test  - run every test (unit, integration, browser) on SQLite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DATA_DIR ?= $(if $(wildcard ../shared/data),$(abspath ../shared/data),)
ifneq ($(DATA_DIR),)
export DATA_DIR
endif
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/placeexchange
PYTEST_WORKERS ?= 2

.PHONY: run setup setup-dev assets migrate demo data serve serve-production test test-postgres lint check-migrations perf lighthouse clean

run: setup assets migrate demo data
	$(PY) manage.py rebuild_search_index
	@$(PY) manage.py ensure_admin
	@echo "Serving Place Exchange on http://$(HOST):$(PORT)/ (admin at /admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

$(VENV)/.installed-runtime: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

setup: $(VENV)/.installed-runtime
setup-dev: $(VENV)/.installed-dev

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/dist/main.css: node_modules/.installed $(wildcard static/scss/*.scss static/js/*) scripts/build-assets.mjs
	npm run --silent build

assets: static/dist/main.css

migrate: setup
	$(PY) manage.py migrate --noinput

demo: setup
	$(PY) manage.py load_demo

# Official figures: imported from the raw files in DATA_DIR when it is a directory, otherwise
# loaded from the committed snapshot (benchmarks/snapshot/, rebuilt with export_official_snapshot).
data: setup
	@if [ -n "$(DATA_DIR)" ] && [ -d "$(DATA_DIR)" ]; then \
		$(PY) manage.py import_official_data "$(DATA_DIR)"; \
	else \
		if [ -n "$(DATA_DIR)" ]; then echo "DATA_DIR=$(DATA_DIR) is not a directory."; fi; \
		echo "Loading the official figures from the committed snapshot."; \
		$(PY) manage.py load_official_snapshot; \
	fi

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production stack locally: nginx (deploy/nginx.conf.template) on NGINX_PORT in front of gunicorn
# (deploy/gunicorn.conf.py, gthread) on NGINX_PORT+1, production settings, PostgreSQL PG_URL and Redis
# at 127.0.0.1. Installs nginx with apt-get when missing.
NGINX_PORT ?= 8080
SERVE_REDIS_URL ?= redis://127.0.0.1:6379/0
serve-production: setup assets
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update -qq && apt-get install -y -qq nginx)
	$(PY) scripts/production_stack.py --port $(NGINX_PORT) --database-url $(PG_URL) --redis-url $(SERVE_REDIS_URL)

# The same checks as .pre-commit-config.yaml: lint, formatting, template indentation, unused code.
lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	git ls-files -z '*.html' | xargs -0 $(VENV)/bin/djhtml --check
	$(PY) scripts/check_unused.py

check-migrations: setup-dev
	DJANGO_SETTINGS_MODULE=cop.settings.test $(PY) manage.py makemigrations --check --dry-run

# The whole suite on the embedded default (SQLite). Browser tests need Chromium at /usr/bin/chromium.
test: setup-dev assets lint check-migrations
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The same suite against PostgreSQL (and Redis for the cache tests).
test-postgres: setup-dev assets
	DATABASE_URL=$(PG_URL) REDIS_URL=redis://127.0.0.1:6379/15 $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Load tests with gunicorn + PostgreSQL + Redis: not part of `make test`. Installs wrk with
# apt-get when missing. PERF_ARGS e.g. "--fresh" or "--duration 10 --only home,css".
perf: setup-dev assets
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update -qq && apt-get install -y -qq nginx)
	$(PY) tests/perf/run_perf.py $(PERF_ARGS)

# Lighthouse (npm lighthouse + Debian Chromium) on the perf server: home, case study, council, thread.
lighthouse: setup-dev assets
	$(PY) tests/perf/run_perf.py --lighthouse $(PERF_ARGS)

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
