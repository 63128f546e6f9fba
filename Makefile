# Two commands: `make run` serves the app on SQLite, `make test` runs the whole suite.
# Both create the virtualenv and install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# Every installed package's version comes from this file (pip's constraints): `make lock`
# brings it in step with pyproject.toml, `make lock-upgrade` moves everything to the newest
# release pyproject.toml allows. Both use pip-tools' pip-compile, pinned here.
LOCK := requirements/constraints.txt
PIP_TOOLS := pip-tools==7.7.0

.PHONY: run serve test lint install security lock lock-upgrade

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/activate
	$(BIN)/pip install --quiet -c $(LOCK) --upgrade pip
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[test]'
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
security: $(VENV)/.installed-security
	bash .ci/security $(BIN)

$(VENV)/.installed-security: $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[test,security]'
	touch $@

# The lock holds the test and security extras too, and pip itself (--allow-unsafe). No index
# or find-links lines: the file must not name this machine's package mirror.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet \
	--extra test --extra security --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	--output-file $(LOCK) pyproject.toml

lock: | $(BIN)/activate
	$(BIN)/pip install --quiet '$(PIP_TOOLS)'
	$(PIP_COMPILE)

lock-upgrade: | $(BIN)/activate
	$(BIN)/pip install --quiet '$(PIP_TOOLS)'
	$(PIP_COMPILE) --upgrade
