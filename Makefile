# One command for everything CI checks: `make test` (installs, lints, type-checks, tests).
PY ?= python3

.PHONY: install test lint postgres

install:
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m bot check

# PostgreSQL's binaries for the store and two-replica tests (installed with apt when root).
postgres:
	scripts/ensure-postgres.sh

test: install lint postgres
	$(PY) -m pytest
