# Two commands on a fresh machine: `make run` and `make test`. Everything else is installed by them.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ARGS ?=

.PHONY: run demo smoke test lint bench screenshot clean lock catalog
.DELETE_ON_ERROR:

# The venv is ready when its pip is; a half-made venv (no ensurepip: Debian's python3-venv missing)
# is removed so that the next run starts clean instead of failing on "No module named pip".
$(VENV)/bin/pip:
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || { echo "python3-venv가 없습니다: sudo apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(PY) -m pip install --quiet --upgrade pip

# Dependencies come from the lock files (exact versions with hashes; `make lock` rewrites them on purpose),
# then the project itself without resolving anything again.
$(VENV)/.run-deps: requirements/run.lock setup.cfg pyproject.toml | $(VENV)/bin/pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/run.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.test-deps: requirements/test.lock setup.cfg pyproject.toml | $(VENV)/bin/pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/test.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@ $(VENV)/.run-deps

# The screen languages: resources/i18n/<lang>.po compiled to .mo (the program reads the .po where no .mo is newer).
resources/i18n/en.mo: resources/i18n/en.po | $(VENV)/.run-deps
	$(PY) -m app.i18n_catalog compile

catalog: $(VENV)/.run-deps  ## extract the texts to translate into resources/i18n/en.po (then translate the new ones)
	$(PY) -m app.i18n_catalog update

run: $(VENV)/.run-deps resources/i18n/en.mo  ## start the counter client on the local SQLite database
	$(PY) main.py $(ARGS)

demo: $(VENV)/.run-deps resources/i18n/en.mo  ## start with sample data in an empty database
	$(PY) main.py --demo $(ARGS)

smoke: $(VENV)/.run-deps resources/i18n/en.mo  ## build the window offscreen, migrate, render a receipt, exit
	$(PY) main.py --smoke $(ARGS)

test: $(VENV)/.test-deps resources/i18n/en.mo  ## the whole suite (uses PostgreSQL at 127.0.0.1:5432 when it answers)
	$(PY) -m pytest $(ARGS)

lint: $(VENV)/.test-deps
	$(PY) -m ruff check app db ui tests bench main.py
	$(PY) -m mypy app db main.py

bench: $(VENV)/.test-deps
	$(PY) -m bench $(ARGS)

screenshot: $(VENV)/.test-deps  ## refresh docs/main-window.png
	QT_QPA_PLATFORM=offscreen $(PY) docs/make_screenshots.py

# Rewrite the lock files from setup.cfg: a deliberate upgrade, committed on its own. The holiday calendar
# decides legal deadlines: after an upgrade, tests/unit/test_holiday_calendar.py must pass.
lock: | $(VENV)/bin/pip
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements/run.lock setup.cfg
	$(PY) -m piptools compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links --extra test --extra dev \
		-o requirements/test.lock setup.cfg

clean:
	rm -rf $(VENV) build *.egg-info
