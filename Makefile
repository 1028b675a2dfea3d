# `make run` installs and starts the bot; `make test` installs and runs every check.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# Test processes (pytest-xdist): one per core of the 2-core machines CI and developers have.
TEST_WORKERS ?= 2

.PHONY: run sandbox test lint bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m bot

sandbox: $(VENV)/.installed
	$(PY) -m bot sandbox

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check bot tests bench
	$(VENV)/bin/ruff format --check bot tests bench
	$(VENV)/bin/mypy

test: lint
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup

bench: $(VENV)/.installed
	$(PY) -m bench
