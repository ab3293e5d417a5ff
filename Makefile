# One command for everything CI checks: `make test` (installs, lints, type-checks, tests).
PY ?= python3

.PHONY: install test lint

install:
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'

lint:
	ruff check .
	ruff format --check .
	mypy
	betabot check

test: install lint
	$(PY) -m pytest
