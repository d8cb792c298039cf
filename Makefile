# Samverkan: `make run` sets everything up and serves the site; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
export SAMVERKAN_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test install system-packages lint unit browser bench eval messages lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the project needs: gettext (translations) and chromium (browser tests).
system-packages:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

samverkan/locale/%/LC_MESSAGES/django.mo: samverkan/locale/%/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

install: system-packages $(VENV)/.installed node_modules/.package-lock.json \
	samverkan/locale/sv/LC_MESSAGES/django.mo samverkan/locale/en/LC_MESSAGES/django.mo

# `make run` is development: debug on, e-mail as files; a plain `samverkan serve` is not.
run: export DJANGO_SETTINGS_MODULE ?= samverkan.settings.development
run: export SAMVERKAN_SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(BIN)/samverkan migrate --no-input -v 0
	$(BIN)/samverkan demo
	@echo "Open http://$(HOST):$(PORT)/sv/ and log in with one of the accounts above."
	@echo "E-mails are written to $(SAMVERKAN_DATA_DIR)/mail/; their links start with $(SAMVERKAN_SITE_URL). DEBUG=1 make run shows tracebacks."
	$(BIN)/samverkan serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/samverkan makemigrations --check --dry-run -v 0
	$(BIN)/python scripts/run_tests.py

bench: install
	$(BIN)/python scripts/bench.py

# Ranking quality on the development set (nDCG@10, P@5, MRR, Recall@20) through `match`, and
# the precision, recall and F1 of the Global Goal suggestions.
eval: install
	$(BIN)/python scripts/eval_matching.py
	$(BIN)/python scripts/eval_sdg.py --json

# Update the translation catalogues after changing texts (then translate the new Swedish entries).
messages: install
	cd samverkan && ../$(BIN)/samverkan makemessages -l sv -l en --no-obsolete
	$(BIN)/python scripts/fill_english_catalog.py samverkan/locale/en/LC_MESSAGES/django.po

# Re-resolve the pinned Python dependencies after editing pyproject.toml.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) node_modules var
