# Verksam's developer commands. The two that matter:
#
#   make run    set up .venv, migrate, load the demo and serve it, with its task worker,
#               on http://127.0.0.1:8000
#   make test   set up .venv and run the whole test suite
#
# Nothing here needs an activated virtual environment; every tool is called
# through $(VENV)/bin. Override the interpreter with PYTHON=python3.12, the
# port with PORT=8080.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
PYTEST_ARGS ?=
SCALE ?= national
SEED ?= 1

BIN := $(VENV)/bin
# Touched after a successful install; pip runs again only when pyproject.toml is newer.
STAMP := $(VENV)/.installed

# The dev server runs with DEBUG on unless the caller chose otherwise; the
# settings refuse to start without SECRET_KEY when DEBUG is off. Tests and the
# other maintenance commands always run with DEBUG on.
RUN_DEBUG := $(or $(DEBUG),1)
MANAGE := DEBUG=1 $(BIN)/python manage.py

.DEFAULT_GOAL := help
.PHONY: help setup run test lint format messages bench load clean

help:
	@echo "make run       set up, migrate, load the demo and serve it with its task worker"
	@echo "               on http://127.0.0.1:$(PORT)"
	@echo "               (PORT=8080 make run for another port)"
	@echo "make test      set up and run the whole test suite (SQLite, or DATABASE_URL)"
	@echo "make lint      ruff check, ruff format --check, lint-imports, makemigrations --check"
	@echo "make format    fix what ruff can fix and format the code"
	@echo "make messages  update the sv and en translation files and compile them"
	@echo "make bench     load the synthetic national data set into SQLite and PostgreSQL and"
	@echo "               time the main pages and API lists (SCALE=county for a quick run,"
	@echo "               SEED=1; PostgreSQL from BENCH_DATABASE_URL, which is dropped)"
	@echo "make load      serve the county data set with gunicorn and read and write it"
	@echo "               concurrently for LOAD_SECONDS (60); SQLite in a temporary folder,"
	@echo "               or PostgreSQL from LOAD_DATABASE_URL, which is dropped"
	@echo "make setup     only create $(VENV) and install the project into it"
	@echo "make clean     remove $(VENV) and caches (the database in var/ is kept)"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
		echo "Cannot find '$(PYTHON)'. Install Python 3.11 or later, or name it with PYTHON=..." >&2; \
		exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
		echo "Verksam needs Python 3.11 or later, but '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; \
		echo "Name a newer interpreter, e.g.: make run PYTHON=python3.12" >&2; \
		exit 1; }
	$(PYTHON) -m venv $(VENV) || { \
		rm -rf $(VENV); \
		echo "Could not create $(VENV). On Debian and Ubuntu: apt install python3-venv" >&2; \
		exit 1; }

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(MANAGE) migrate
	$(MANAGE) demo
	@echo "Serving Verksam on http://127.0.0.1:$(PORT)/ with its task worker (Ctrl-C stops both)."
	@echo "Mail (reminders, decisions) is written to files in $${EMAIL_FILE_PATH:-var/mail}/ unless EMAIL_BACKEND is set."
	@# One command runs the web server and the background task worker (documents,
	@# imports, reminders); see verksam/core/management/commands/serve.py. --insecure
	@# only matters when DEBUG is off: static files are still served then.
	@# Links in mail point at this server; mail goes to files rather than over the terminal.
	DEBUG=$(RUN_DEBUG) BASE_URL="$${BASE_URL:-http://127.0.0.1:$(PORT)}" \
		EMAIL_BACKEND="$${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}" \
		$(BIN)/python manage.py serve --insecure 127.0.0.1:$(PORT)

# pytest answers 5 when it collected no tests; that is a failure too.
test: $(STAMP)
	@DEBUG=1 $(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest found no tests to run." >&2; fi; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# The layers contract in pyproject.toml: apps import only downward.
	$(BIN)/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix-only .
	$(BIN)/ruff format .

# All of the project's strings go to verksam/locale (LOCALE_PATHS). The
# compiled .mo files are committed, so gettext is needed only here.
messages: $(STAMP)
	$(MANAGE) makemessages -l sv -l en --ignore='.venv/*' --ignore='staticfiles/*' --ignore='build/*'
	$(MANAGE) compilemessages --ignore='.venv' --ignore='staticfiles' --ignore='build'

# Builds its own databases (build/bench/ and BENCH_DATABASE_URL); see bench/README.md.
bench: $(STAMP)
	$(BIN)/python bench/bench_pages.py --scale $(SCALE) --seed $(SEED)

# A fresh database each run (a temporary SQLite file, or LOAD_DATABASE_URL, dropped);
# LOAD_SECONDS, LOAD_WORKERS, LOAD_THREADS, LOAD_READERS, LOAD_WRITERS; see bench/README.md.
load: $(STAMP)
	$(BIN)/python bench/load/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
