# Two commands: `make run` serves the app on SQLite, `make test` runs the whole suite.
# Both create the virtualenv and install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run serve test lint install security

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app canned-texts seed
	$(BIN)/flask --app app run --host $(HOST) --port $(PORT)

# Production-style serving: gunicorn with gunicorn.conf.py (workers, bind, timeouts, access
# log without query strings); see docs/deploy.md for the environment it expects.
serve: install
	$(BIN)/flask --app app db upgrade
	$(BIN)/gunicorn -c gunicorn.conf.py

test: install
	$(BIN)/ruff check records_app tests app.py gunicorn.conf.py
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check records_app tests app.py gunicorn.conf.py
	$(BIN)/ruff format --check records_app tests app.py gunicorn.conf.py

# bandit: no high-severity finding in the package. pip-audit: known vulnerabilities in the
# installed dependencies, where the registry serves vulnerability data (see .ci/security).
security: install
	$(BIN)/pip install --quiet -e '.[test,security]'
	bash .ci/security $(BIN)
