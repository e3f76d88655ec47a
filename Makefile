# Praktikbryggan. `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the suite.
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
PYTHON ?= python3
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint format messages clean

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv

# The lock file (uv.lock) pins every package; --inexact keeps uv itself in the venv.
install: $(UV)
	$(UV) sync --frozen --inexact --extra dev --quiet

run: export DEBUG := true
run: install
	mkdir -p var/static var/media
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	mkdir -p var/static
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Translations: edit frontend/locale/*/LC_MESSAGES/django.po, then compile (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l sv --ignore .venv --ignore var --ignore tests
	$(PY) manage.py compilemessages --ignore .venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
