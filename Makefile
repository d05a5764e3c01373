# The course's commands. `make lab` opens the course; `make test` runs every check.
# Both create .venv with the pinned packages (requirements/lock.txt) on first use.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8888
BIN := $(VENV)/bin
# Python's bytecode caches (__pycache__, gitignored) let a warm `make test` skip recompiling gdlib in every
# kernel and re-rewriting every test module's asserts in every pytest worker (~6 s of CPU each); some
# images switch them off for everything with PYTHONDONTWRITEBYTECODE.
unexport PYTHONDONTWRITEBYTECODE
STAMP := $(VENV)/.installed
LAB_STAMP := $(VENV)/.installed-lab
# jupyter refuses to run as root without this flag (containers, some cloud machines)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg

.PHONY: help lab test unit nbval lint notebooks lock clean e2e bench messages html html-screenshots links test-lowest \
	assignments autograde-demo hub hub-loadtest hub-screenshot

help:
	@echo "make lab        open the course in JupyterLab (open the printed address); PORT=9999 to change,"
	@echo "                UI=ko for JupyterLab's menus in Korean (UI=en: English again)"
	@echo "make test       unit tests + ruff + strict nbval over every notebook"
	@echo "make notebooks  re-execute every notebook in place and normalise volatile metadata"
	@echo "make bench      measure explorer redraws, notebook memory, test time, loop overhead (table + _build/bench.json)"
	@echo "make lock       re-resolve requirements/lock.txt from pyproject.toml (maintainers)"
	@echo "make messages   re-extract gdlib's messages and update + compile the translations (gdlib/locale)"
	@echo "make html       the course (both editions) as an offline static web site in _build/html (open index.html)"
	@echo "make html-screenshots  check the built pages in headless Chromium; screenshots in _build/html-screenshots/"
	@echo "make links      write the Colab/Binder badges and Colab install lines from pyproject's [project.urls]"
	@echo "make test-lowest  unit tests + strict nbval on the lowest versions pyproject allows (.venv-lowest)"
	@echo "make assignments     every notebook (both editions) as an nbgrader assignment in _build/nbgrader (instructors)"
	@echo "make autograde-demo  two demo learners through nbgrader: submit, autograde, feedback, score table"
	@echo "make hub        the course on a JupyterHub at http://127.0.0.1:8000/ (HUB_PORT=...), demo learners"
	@echo "                learner01..learner20 (instructors: hub/jupyterhub_config.py is the config to adapt)"
	@echo "make hub-loadtest  20 learners at once through the hub, each runs a notebook (HUB_LEARNERS=...)"
	@echo "make hub-screenshot  a demo learner logs in with headless Chromium: _build/hub-screenshot.png"

# The environment: rebuilt when pyproject.toml or the lock file changes.
$(STAMP): pyproject.toml requirements/lock.txt
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 10) else f"Python 3.10 or newer is needed; {sys.executable} is {v.major}.{v.minor}. Run: make PYTHON=python3.12 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e ".[test]"
	touch $@

# An optional extra added to .venv once, e.g. .venv/.installed-lab: JupyterLab (make lab and make e2e
# need it, make test does not), site (make html), instructor (nbgrader: make assignments)
.PRECIOUS: $(VENV)/.installed-%
$(VENV)/.installed-%: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e ".[test,$*]"
	touch $@

# UI=ko: JupyterLab's menus in Korean (installs the official Korean language pack); UI=en: back to English
lab: $(LAB_STAMP)
ifneq ($(UI),)
	$(if $(filter ko,$(UI)),$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e ".[lab,ko-ui]")
	$(BIN)/python tools/lab_language.py $(UI)
endif
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.port=$(PORT) $(ROOT_FLAG)

lint: $(STAMP)
	$(BIN)/ruff check gdlib tests tools notebooks e2e web

unit: $(STAMP)
	$(BIN)/python -m pytest tests -q

nbval: $(STAMP)
	$(BIN)/python -m pytest notebooks $(NBVAL) -q

# -n auto: one worker per core; loadscope keeps all cells of a notebook on one worker (nbval needs that)
test: $(STAMP)
	$(BIN)/ruff check gdlib tests tools notebooks e2e web
	$(BIN)/python -m pytest tests notebooks $(NBVAL) -q -n auto --dist loadscope

e2e: $(LAB_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e ".[test,lab,e2e]"
	$(BIN)/python -m pytest e2e -q

bench: $(STAMP)
	$(BIN)/python tools/bench.py

notebooks: $(STAMP)
	$(BIN)/python tools/run_notebooks.py notebooks/*.ipynb notebooks/ko/*.ipynb

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra lab --extra test --extra e2e --extra ko-ui --extra site --extra instructor --extra hub --universal --python-version 3.10 \
		--no-header --no-annotate -o requirements/lock.txt

# gdlib's translations (gettext, with Babel): extract every marked message into the template,
# update each language's .po from it (tools/messages.py: new messages empty, changed ones fuzzy,
# fixed header dates so an unchanged tree gives unchanged files) and compile the .mo gdlib reads.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k _ -k N_ -k 'ngettext:1,2' \
		--omit-header --add-location=file -w 100 -o gdlib/locale/gdlib.pot gdlib
	$(BIN)/python tools/messages.py
	$(BIN)/pybabel compile -d gdlib/locale -D gdlib --statistics

clean:
	rm -rf $(VENV) $(LOWEST) .pytest_cache .ruff_cache _build

# The repository's address is kept once, in pyproject.toml's [project.urls] Repository: this writes it
# into the README course maps' badges and every notebook's badges and Colab install line.
links: $(STAMP)
	$(BIN)/python tools/links.py

# The lowest versions pyproject.toml allows: uv installs every direct dependency at its lower bound
# (--resolution lowest-direct; what they need in turn as new as fits) into .venv-lowest, then the unit
# tests and strict nbval must pass there as in make test, so each lower bound is a version the course
# works with. --upgrade: resolve afresh, whatever an earlier run left installed. PYDEVD_...: ipykernel
# 6.29's debugger would warn about frozen modules at every kernel start.
LOWEST := .venv-lowest
test-lowest: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	test -x $(LOWEST)/bin/python || $(BIN)/uv venv --quiet --python $(PYTHON) $(LOWEST)
	$(BIN)/uv pip install --quiet --python $(LOWEST)/bin/python --resolution lowest-direct --upgrade -e ".[test]"
	PYDEVD_DISABLE_FILE_VALIDATION=1 $(LOWEST)/bin/python -m pytest tests notebooks $(NBVAL) -q -n auto \
		--dist loadscope

# The course as a static web site in _build/html, from the committed outputs (nothing is executed),
# offline: Sphinx + myst-nb (web/conf.py, the `site` extra). tools/build_site.py fails the build on
# anything loaded from another host, raw math, a widget's text or an unfolded solution.
html: $(VENV)/.installed-site
	$(BIN)/python tools/build_site.py

# the built pages (run `make html` first) in headless Chromium: every formula typeset, no request to
# another host; screenshots in _build/html-screenshots/, one kept as _build/html-screenshot.png.
# CHROMIUM=/path/to/chrome to use another browser
html-screenshots: $(STAMP)
	$(BIN)/python tools/site_browser.py

# The instructor kit (README, "For instructors"): nbgrader comes with the optional extra 'instructor',
# installed into .venv by these targets, not needed to learn from the notebooks.
assignments: $(VENV)/.installed-instructor
	$(BIN)/python tools/assignments.py

autograde-demo: $(VENV)/.installed-instructor
	$(BIN)/python tools/autograde_demo.py

# A cohort on one JupyterHub (README, "Running a cohort on JupyterHub"): the hub and each learner's
# JupyterLab from .venv (extras hub + lab), the proxy from npm, pinned by hub/package-lock.json.
# hub/jupyterhub_config.py is the config an instructor adapts.
HUB_PORT ?= 8000
HUB_LEARNERS ?= 20
HUB_PROXY := hub/node_modules/.bin/configurable-http-proxy
$(HUB_PROXY): hub/package.json hub/package-lock.json
	@command -v npm >/dev/null || { sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm; }
	npm ci --prefix hub --no-audit --no-fund --loglevel=error
	touch $@

HUB_DEPS := $(LAB_STAMP) $(VENV)/.installed-hub $(HUB_PROXY)

# http://127.0.0.1:$(HUB_PORT)/, demo learners learner01..learner20; Ctrl-C stops it and every learner's server
hub: $(HUB_DEPS)
	$(BIN)/python tools/hub_server.py --port $(HUB_PORT)

# HUB_LEARNERS learners at once through the hub (each runs a notebook and moves an explorer); table + summary line
hub-loadtest: $(HUB_DEPS)
	$(BIN)/python tools/hub_loadtest.py --learners $(HUB_LEARNERS)

# a demo learner logs in with headless Chromium and the course opens: _build/hub-screenshot.png
hub-screenshot: $(HUB_DEPS)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e ".[test,lab,hub,e2e]"
	$(BIN)/python tools/hub_screenshot.py
