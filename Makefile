# Fulei Portal. `make run` sets up and serves the portal; `make test` sets up and runs the tests.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run setup test lint format check-migrations clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes, so a second `make run` is fast.
$(VENV)/.installed-runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

# Migrate, load the real divisions, set up the site, load the demo world (docs/demo.md), build
# the search index. Idempotent.
setup: $(VENV)/.installed-runtime
	mkdir -p var
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) createcachetable
	$(MANAGE) load_divisions
	$(MANAGE) setup_site
	$(MANAGE) load_demo_data
	$(MANAGE) update_index
	$(MANAGE) search_rebuild
	$(MANAGE) snapshot_impact
	$(MANAGE) create_demo_superuser --port $(PORT)

run: setup
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	scripts/ensure-browser
	$(PY) -m pytest

# ruff, then the boundaries between the apps (import-linter contracts in pyproject.toml).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-migrations: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var
