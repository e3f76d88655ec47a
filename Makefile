# Praktikbryggan. `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the suite.
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
PYTHON ?= python3
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint format messages bench bench-data bench-load clean

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv

# The lock file (uv.lock) pins every package; --inexact keeps uv itself in the venv. Bytecode is
# compiled when packages change: with PYTHONDONTWRITEBYTECODE set and no .pyc files, every
# process (each command, test subprocess, gunicorn and Celery worker) compiled the modules it
# imports again, 2.4 s of a 4 s `manage.py check`.
install: $(UV) .env
	$(UV) sync --frozen --inexact --extra dev --quiet --compile-bytecode

# Development mode for every command run on this checkout (`.venv/bin/python manage.py …` in a
# fresh shell): written once, never overwritten, ignored by git and by the image build, so a
# production environment without SECRET_KEY still refuses to start.
.env:
	printf '# Written by make install: development mode on this machine only.\nDEBUG=true\n' > $@

run: export DEBUG := true
run: install
	mkdir -p var/static var/media
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Test processes side by side (pytest-xdist): auto is one per core; 0 runs the suite in this one.
PYTEST_WORKERS ?= auto
test: install
	mkdir -p var/static
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks against PostgreSQL (started as in .ci/run); the demo region at BENCH_SCALE opportunities
# is loaded once (idempotent), then each benchmark prints its rows of one table.
BENCH_DB ?= praktikbryggan_bench
BENCH_SCALE ?= 100000
# A Redis database for the Celery workers of bench-load and the full recomputation.
BENCH_BROKER_URL ?= redis://127.0.0.1:6379/0
BENCH_ENV := DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB)
# The benchmarks sign in as chamber staff without a second factor, on this machine only.
BENCH_RUN := $(BENCH_ENV) DEBUG=false SECRET_KEY=benchmark-only-key-not-secret ALLOWED_HOSTS=127.0.0.1 \
  MFA_REQUIRED_FOR_STAFF=false BENCH_BROKER_URL=$(BENCH_BROKER_URL)

bench-data: install
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB)'" \
	  | grep -q 1 || createdb -h 127.0.0.1 -U postgres $(BENCH_DB)
	$(BENCH_ENV) DEBUG=true $(PY) manage.py migrate --noinput -v0
	$(BENCH_ENV) DEBUG=true $(PY) manage.py load_demo --scale $(BENCH_SCALE)

bench: bench-data
	$(BENCH_RUN) $(PY) -m benchmarks.opportunity_search
	$(BENCH_RUN) $(PY) -m benchmarks.matches_recompute --full
	$(BENCH_RUN) $(PY) -m benchmarks.reports_grouped
	$(PY) -m benchmarks.matching_stable
	$(PY) -m benchmarks.matching_pairing
	$(PY) -m benchmarks.matching_scoring

# Load: gunicorn (2 workers) on the bench database, locust with 16 clients for 60 s (not in `bench`).
bench-load: bench-data
	$(BENCH_RUN) $(PY) -m benchmarks.load

# Translations: edit frontend/locale/*/LC_MESSAGES/django.po, then compile (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l sv --ignore .venv --ignore var --ignore tests
	$(PY) manage.py compilemessages --ignore .venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
