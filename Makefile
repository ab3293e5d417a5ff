# One command for everything CI checks: `make test` (installs, lints, type-checks, tests).
PY ?= python3

.PHONY: install test lint postgres

install:
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'

lint:
	ruff check .
	ruff format --check .
	mypy
	betabot check

# PostgreSQL's binaries for the store and two-replica tests (installed with apt when root).
postgres:
	scripts/ensure-postgres.sh

test: install lint postgres
	$(PY) -m pytest
