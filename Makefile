# Schakel — two commands do all set-up: `make run` and `make test`.
# make bootstraps uv with pip into .tools/, and uv installs the locked dependencies into .venv/.

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PO_FILES := $(wildcard src/schakel/locale/*/LC_MESSAGES/*.po src/schakel/*/locale/*/LC_MESSAGES/*.po)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve-production test test-sqlite test-postgres bench lint fmt typecheck browser messages clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

$(STAMP): pyproject.toml uv.lock $(PO_FILES) | $(UV)
	$(UV) sync --frozen --quiet
	$(BIN)/python scripts/compile_messages.py
	@touch $@

install: $(STAMP)

run: install
	@HOST=$(HOST) PORT=$(PORT) $(BIN)/python scripts/run.py

# Production WSGI server (README, "Running in production"): production settings and secrets
# come from the environment; a TLS-terminating proxy sits in front.
WORKERS ?= 3
serve-production: install
	DJANGO_SETTINGS_MODULE=schakel.settings.production $(BIN)/gunicorn schakel.wsgi:application \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - --forwarded-allow-ips 127.0.0.1

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@scripts/ensure-chromium.sh

test: install browser
	@scripts/test-all.sh

test-sqlite: install browser
	DATABASE_URL=sqlite:///:memory: $(BIN)/pytest -n 2

test-postgres: install browser
	@DATABASE_URL=$$(scripts/ensure-postgres.sh) $(BIN)/pytest -n 2

bench: install
	@DATABASE_URL=$$(scripts/ensure-postgres.sh) $(BIN)/python -m bench

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: install
	$(BIN)/mypy src

fmt: install
	$(BIN)/ruff check --fix src tests bench scripts
	$(BIN)/ruff format src tests bench scripts

# Refresh the .po files from the source (needs GNU gettext's xgettext).
messages: install
	@command -v xgettext >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	cd src/schakel && ../../$(BIN)/django-admin makemessages -l nl -l en --settings=schakel.settings.local --no-obsolete

clean:
	rm -rf .tools $(VENV) var
