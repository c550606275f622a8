# Two commands on a fresh machine: `make run` and `make test`. Everything else is installed by them.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ARGS ?=

.PHONY: run demo smoke test lint bench screenshot clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: setup.cfg pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-deps: setup.cfg pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,dev]'
	@touch $@ $(VENV)/.run-deps

run: $(VENV)/.run-deps  ## start the counter client on the local SQLite database
	$(PY) main.py $(ARGS)

demo: $(VENV)/.run-deps  ## start with sample data in an empty database
	$(PY) main.py --demo $(ARGS)

smoke: $(VENV)/.run-deps  ## build the window offscreen, migrate, render a receipt, exit
	$(PY) main.py --smoke $(ARGS)

test: $(VENV)/.test-deps  ## the whole suite (uses PostgreSQL at 127.0.0.1:5432 when it answers)
	$(PY) -m pytest $(ARGS)

lint: $(VENV)/.test-deps
	$(PY) -m ruff check app db ui tests bench main.py
	$(PY) -m mypy app db main.py

bench: $(VENV)/.test-deps
	$(PY) -m bench $(ARGS)

screenshot: $(VENV)/.test-deps  ## refresh docs/main-window.png
	QT_QPA_PLATFORM=offscreen $(PY) docs/make_screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info
