"""Shared fixtures: each section names its owner; edit only by small additions."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store import SqlStore, open_store
from tests.pg_server import MISSING_REASON as PG_MISSING_REASON
from tests.pg_server import PostgresServer
from tests.pg_server import bin_dir as pg_bin_dir

# --- store and PostgreSQL (owner: store/operations) ---


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server on 127.0.0.1 for the whole session; skips when absent."""
    binaries = pg_bin_dir()
    if binaries is None:
        pytest.skip(PG_MISSING_REASON)
    server = PostgresServer(binaries)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres(postgres_server: PostgresServer) -> str:
    """URL of the session's PostgreSQL server (its default database)."""
    return postgres_server.url


@pytest.fixture
def postgres_db(postgres_server: PostgresServer) -> str:
    """URL of a fresh, empty PostgreSQL database for one test."""
    return postgres_server.new_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of an SQLite file in the test's temporary folder."""
    return f"sqlite:///{tmp_path / 'betabot.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL, once per backend (SQLite file, PostgreSQL database)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'betabot.sqlite3'}"
    return str(request.getfixturevalue("postgres_db"))


@pytest.fixture
def store(sqlite_url: str) -> Iterator[SqlStore]:
    """An open SQLite store on tmp_path, closed after the test."""
    opened = open_store(sqlite_url)
    yield opened
    opened.close()
