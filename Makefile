# One command for everything CI checks: `make test` (installs, lints, type-checks, tests).
PY ?= python3

.PHONY: install test lint lock postgres

install:
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'

lint:
	$(PY) scripts/check_lock.py
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m bot check

# The hashed lock the Dockerfile installs: regenerate after changing dependencies in
# pyproject.toml (needs pip-tools and PyPI; `make lint` checks the two agree, offline).
lock:
	$(PY) -m piptools compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

# PostgreSQL's binaries for the store and two-replica tests (installed with apt when root).
postgres:
	scripts/ensure-postgres.sh

test: install lint postgres
	$(PY) -m pytest
