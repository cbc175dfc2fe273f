# The PMO course kit: the two-command bootstrap and the everyday tasks.
#
#   make start      # first run creates .venv and installs the kit, then opens JupyterLab
#   make test       # the test suite
#
# Every target that needs the kit depends on $(STAMP). The stamp is older than
# pyproject.toml only when the dependencies changed, so the kit is (re)installed
# then and only then. Override any variable on the command line, for example
# `make start PORT=8899` or `make test PYTEST_ARGS="-m 'not slow'"`.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8888
HOST ?= 127.0.0.1
APP_PORT ?= 8866
PYTEST_ARGS ?=

VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install start coach test app bench lint typecheck clean

help: ## list the targets
	@echo "usage: make TARGET [PORT=$(PORT)] [HOST=$(HOST)] [APP_PORT=$(APP_PORT)] [PYTHON=$(PYTHON)] [PYTEST_ARGS=...]"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The virtual environment: created once, with a Python that is 3.11 or newer.
$(VPY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "error: the kit needs Python 3.11 or newer, but '$(PYTHON)' is $$($(PYTHON) --version 2>/dev/null || echo 'not found'); run e.g. 'make $(MAKECMDGOALS) PYTHON=python3.11'" >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip

# The kit and its development tools, installed in editable mode.
$(STAMP): pyproject.toml | $(VPY)
	$(VPY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP) ## create .venv and install the kit (done by every target that needs it)

start: $(STAMP) ## JupyterLab on HOST:PORT with token auth, opening the welcome notebook
	$(VPY) -m pmo_exercises.launch lab --host $(HOST) --port $(PORT)

coach: $(STAMP) ## the same JupyterLab with the coach's formgrader and Create Assignment
	$(VPY) -m pmo_exercises.launch lab --coach --host $(HOST) --port $(PORT)

test: $(STAMP) ## run the test suite (extra pytest arguments: PYTEST_ARGS=...)
	$(VPY) -m pytest $(PYTEST_ARGS)

app: $(STAMP) ## the Voila scenario pages alone on HOST:APP_PORT (index: /voila/render/index.ipynb)
	$(VPY) -m pmo_exercises.launch app --host $(HOST) --port $(APP_PORT)

bench: $(STAMP) ## run every benchmarks/bench_*.py in turn (they print figures)
	@failed=""; ran=0; \
	for script in benchmarks/bench_*.py; do \
	  [ -e "$$script" ] || continue; \
	  ran=$$((ran + 1)); \
	  echo "== $$script"; \
	  $(VPY) "$$script" || failed="$$failed $$script"; \
	done; \
	if [ $$ran -eq 0 ]; then echo "no benchmarks/bench_*.py to run"; fi; \
	if [ -n "$$failed" ]; then echo "failed:$$failed" >&2; exit 1; fi

lint: $(STAMP) ## ruff check and ruff format --check
	$(VPY) -m ruff check .
	$(VPY) -m ruff format --check .

typecheck: $(STAMP) ## mypy on the typed layers (the list is [tool.mypy] files in pyproject.toml)
	$(VPY) -m mypy

# Removes caches and build artefacts. It leaves .venv alone, and it never touches
# course/ (an nbgrader course holds trainees' submissions and the gradebook).
clean: ## remove caches and build artefacts (keeps .venv and course/)
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis benchmarks/results tests/screenshots
	find . -path ./$(VENV) -prune -o -path ./.git -prune -o -path ./course -prune -o \
	  \( -name __pycache__ -o -name .ipynb_checkpoints -o -name '*.egg-info' \) -type d -print \
	  | xargs rm -rf
