# The two commands of the README: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test install install-python install-node install-system lint database demo bench-provision clean

run: install database demo
	@bash deploy/run.sh

test: install install-system lint
	@$(BIN)/python deploy/ensure_database.py
	$(BIN)/python -m pytest

install: install-python install-node

# Reinstall only when pyproject.toml changed since the last install.
install-python: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install-node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian's Chromium for the browser tests (a test tool's own browser download cannot work here),
# pg_dump for provisioning, and the fonts the official documents are rendered with.
install-system:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pg_dump >/dev/null || ! fc-list | grep -qi "Liberation Serif"; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
			chromium postgresql-client fonts-liberation fonts-dejavu-core >/dev/null; \
	fi

lint: install-python
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

database: install-python
	@$(BIN)/python deploy/ensure_database.py
	@$(BIN)/python manage.py migrate_school_schemas -v 0

demo: database
	@$(BIN)/python manage.py load_demo --quiet

bench-provision: install database
	$(BIN)/python bench/provision.py

clean:
	rm -rf $(VENV) node_modules var
