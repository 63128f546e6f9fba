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

.PHONY: run serve test lint install security lock lock-upgrade translations

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/activate
	$(BIN)/pip install --quiet -c $(LOCK) --upgrade pip
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[test]'
	touch $@

# The Spanish pages, e-mails and letters: each catalog (.po, kept in git) compiled for gettext.
TRANSLATIONS := records_app/translations
COMPILED_CATALOGS := $(patsubst %.po,%.mo,$(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po))

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel --quiet compile --input-file $< --output-file $@

install: $(VENV)/.installed $(COMPILED_CATALOGS)

# After changing words in the code or templates: the catalogs gain the new strings (empty, to
# be translated) and lose the ones no longer used; tests/test_translations.py fails until
# every public string has its translation.
translations: install
	$(BIN)/pybabel --quiet extract --mapping-file babel.cfg --keyword lazy_gettext \
		--no-location --omit-header --width 100 --output-file $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel --quiet update --input-file $(TRANSLATIONS)/messages.pot \
		--output-dir $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete --width 100
	rm $(TRANSLATIONS)/messages.pot

# `flask run` reads FLASK_RUN_HOST and FLASK_RUN_PORT, and so does the config: in development
# PUBLIC_BASE_URL (the address in letters and e-mails) follows them.
run: export FLASK_RUN_HOST = $(HOST)
run: export FLASK_RUN_PORT = $(PORT)
# The migrations' log goes to instance/db-upgrade.log and is shown only when the upgrade fails;
# what is printed instead is a few lines: the database, the schema, where to go, how to sign in.
run: install
	@mkdir -p instance
	@$(BIN)/flask --app app db upgrade >instance/db-upgrade.log 2>&1 || { \
		cat instance/db-upgrade.log; echo "make run: the database upgrade failed (above)" >&2; exit 1; }
	@seeded="$$($(BIN)/flask --app app canned-texts seed 2>&1)" || { echo "$$seeded"; exit 1; }; \
	staff="$$($(BIN)/flask --app app users list 2>&1)" || { echo "$$staff"; exit 1; }; \
	applied="$$(grep -c 'Running upgrade' instance/db-upgrade.log)"; \
	echo; \
	echo "Database:  $$(printf '%s' "$${DATABASE_URL:-instance/records.sqlite3}" | sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#')"; \
	if [ "$$applied" -gt 0 ]; then \
		echo "Schema:    up to date ($$applied migrations applied; log in instance/db-upgrade.log)"; \
	else echo "Schema:    up to date"; fi; \
	if grep -q 'is not set: generated' instance/db-upgrade.log; then \
		echo "Keys:      development keys generated into instance/ (secret_key, records_keys, records_lookup_key, audit_keys)"; fi; \
	case "$$seeded" in Added*) echo "Texts:     $$seeded";; esac; \
	echo "Open:      http://$(HOST):$(PORT)/  (staff: http://$(HOST):$(PORT)/staff/sign-in)"; \
	if [ "$$(printf '%s\n' "$$staff" | wc -l)" -le 1 ]; then \
		echo "Staff:     no account yet. Create the first admin in a second terminal, in this folder:"; \
		echo '           .venv/bin/flask --app app users create you@example.org --name "Your Name" --role admin'; fi; \
	echo
	$(BIN)/flask --app app run

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

# The lock holds the test and security extras too, and pip itself (--allow-unsafe). It names
# packages and versions only, not the index they came from (--no-emit-*).
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
