"""Store backends: open SQLite or PostgreSQL, apply the migrations, wrap it in a SqlStore."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.store.migrations import POSTGRES, SQLITE
from bot.store.store import Params, SqlStore

SQLITE_BUSY_TIMEOUT_S = 30.0
MIGRATION_LOCK_ID = 4_206_661_337  # pg_advisory_xact_lock key, arbitrary but fixed
# A vanished PostgreSQL host must fail a call within seconds, not hang it (and the store lock,
# and every thread waiting on it) until the kernel gives the TCP connection up.
PG_CONNECT_OPTIONS: dict[str, Any] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "options": "-c statement_timeout=15000",  # ms; a migration waiting on another replica fits
}

log = logging.getLogger(__name__)


class StoreOpenError(Exception):
    """The database could not be opened; `reason` says why, for a French line at the edge.

    `reason`: "permission" (a folder or the file may not be written), "not_a_folder" (a part
    of the path is a file), "not_a_database" (the file is something else), "unreachable"
    (PostgreSQL refused or could not be reached), or "other". `target` is the SQLite path or
    the PostgreSQL host, never a password.
    """

    def __init__(self, target: str, reason: str, detail: str) -> None:
        """Keep the parts apart; `detail` is the library's short text (no password in it)."""
        super().__init__(f"{target}: {reason} ({detail})")
        self.target = target
        self.reason = reason
        self.detail = detail


def is_database_error(err: BaseException) -> bool:
    """Whether `err` comes from the database (SQLite or PostgreSQL), not from our code."""
    if isinstance(err, sqlite3.Error):
        return True
    psycopg = sys.modules.get("psycopg")  # loaded only when a PostgreSQL store was opened
    return psycopg is not None and isinstance(err, psycopg.Error)


def open_store(url: str, clock: Callable[[], float] | None = None) -> SqlStore:
    """Open (creating and migrating as needed) the store at `url`.

    `url` is `sqlite:///relative/path.sqlite3`, `sqlite:////absolute/path.sqlite3`,
    `sqlite://:memory:` or a bare file path, or `postgresql://…` (also `postgres://…`); the
    numbered migrations of `store.migrations` are applied before returning.

    Raises:
        ValueError: an unknown scheme.
        StoreOpenError: the file cannot be created or written, or the server not reached.
    """
    now = clock or time.time
    if url.startswith(("postgresql://", "postgres://")):
        return _open_postgres(url, now)
    path = sqlite_path(url)
    try:
        return _open_sqlite(path, now)
    except (OSError, sqlite3.Error) as err:
        raise StoreOpenError(path, _sqlite_reason(path, err), str(err)) from None


def _sqlite_reason(path: str, err: Exception) -> str:
    if isinstance(err, PermissionError) or "readonly" in str(err):
        return "permission"
    if isinstance(err, NotADirectoryError | FileExistsError):
        return "not_a_folder"
    if isinstance(err, sqlite3.DatabaseError) and "not a database" in str(err):
        return "not_a_database"
    # sqlite says only "unable to open database file": tell why from the file system.
    folder = Path(path).resolve().parent
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                return "not_a_folder"
            return "permission" if not os.access(part, os.W_OK | os.X_OK) else "other"
    return "other"


def schema_version(url: str) -> tuple[int, int]:
    """(version of the database at `url`, version this code migrates to), without migrating.

    A missing SQLite file or a PostgreSQL database never migrated is version 0. Database
    errors pass through (unreachable server, unreadable file).
    """
    if url.startswith(("postgresql://", "postgres://")):
        return _postgres_version(url), len(POSTGRES)
    return _sqlite_version(sqlite_path(url)), len(SQLITE)


def _postgres_version(url: str) -> int:
    import psycopg

    target = url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(target, autocommit=True, **PG_CONNECT_OPTIONS) as conn:
        exists = conn.execute("SELECT to_regclass('schema_version')").fetchone()
        if exists is None or exists[0] is None:
            return 0
        row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        return int(row[0]) if row else 0


def _sqlite_version(path: str) -> int:
    if path == ":memory:" or not Path(path).exists():
        return 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=SQLITE_BUSY_TIMEOUT_S)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def sqlite_path(url: str) -> str:
    """The file path in an SQLite URL (SQLAlchemy's convention), or the URL if bare."""
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///") :]
    if url.startswith("sqlite://"):
        return url[len("sqlite://") :] or ":memory:"
    if "://" in url:
        raise ValueError(f"unsupported database URL scheme: {url.split('://')[0]}")
    return url


def create_private(path: Path) -> None:
    """Create the SQLite file (0600) and its folder (0700) when missing; existing ones are kept.

    The store holds user ids and subscriptions: only the bot's user may read it. SQLite gives
    its -wal and -shm files the permissions of the database file.
    """
    if not path.parent.is_dir():
        path.parent.parent.mkdir(parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _open_sqlite(path: str, clock: Callable[[], float]) -> SqlStore:
    if path != ":memory:":
        create_private(Path(path))
    conn = sqlite3.connect(
        path, timeout=SQLITE_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    lock = threading.Lock()
    try:
        with lock:
            _enable_wal(conn)
            conn.execute("PRAGMA synchronous=NORMAL")
            _migrate_sqlite(conn, SQLITE)
    except BaseException:
        conn.close()  # never leak the connection of a store that failed to open
        raise

    def run(sql: str, params: Params) -> list[tuple[Any, ...]]:
        with lock:
            return conn.execute(sql, dict(params)).fetchall()

    def close() -> None:
        with lock:  # never under a statement running in another thread
            conn.close()

    return SqlStore(run, close, clock, local=True)


def _enable_wal(conn: sqlite3.Connection) -> None:
    # Switching to WAL does not wait on the busy timeout: when several processes create the
    # file at once, the losers get "database is locked" at once and must retry.
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _migrate_sqlite(conn: sqlite3.Connection, steps: Sequence[str]) -> None:
    conn.execute("BEGIN IMMEDIATE")  # one migrating process at a time
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for number, script in enumerate(steps[version:], start=version + 1):
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number:d}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _open_postgres(url: str, clock: Callable[[], float]) -> SqlStore:
    import psycopg

    target = url.replace("postgres://", "postgresql://", 1)
    try:
        conn = psycopg.connect(target, autocommit=True, **PG_CONNECT_OPTIONS)
    except psycopg.OperationalError as err:
        host = urlsplit(target).hostname or "localhost"
        # psycopg's text names the host and the failure, never the password.
        detail = " ".join(str(err).split())[:300] or type(err).__name__
        raise StoreOpenError(host, "unreachable", detail) from None
    lock = threading.Lock()
    try:
        with lock:
            _migrate_postgres(conn, POSTGRES)
    except BaseException:
        conn.close()
        raise

    def execute(sql: str, params: Params) -> list[tuple[Any, ...]]:
        cur = conn.execute(_to_pyformat(sql), dict(params))
        return cur.fetchall() if cur.description else []

    def run(sql: str, params: Params) -> list[tuple[Any, ...]]:
        nonlocal conn
        with lock:
            try:
                return execute(sql, params)
            except psycopg.OperationalError:
                if not conn.broken:
                    raise
            # The server restarted or dropped us: reconnect and replay once. Every statement
            # is idempotent; a claim whose answer was lost reads as held until its lease ends.
            log.warning("store: PostgreSQL connection lost, reconnecting")
            conn = psycopg.connect(target, autocommit=True, **PG_CONNECT_OPTIONS)
            return execute(sql, params)

    def close() -> None:
        with lock:
            conn.close()

    return SqlStore(run, close, clock)


def _migrate_postgres(conn: Any, steps: Sequence[str]) -> None:
    with conn.transaction():
        # Two replicas starting together: the second waits here, then sees the new version.
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_ID,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
        row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        version = int(row[0])
        for number, script in enumerate(steps[version:], start=version + 1):
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))


def _statements(script: str) -> Iterator[str]:
    for part in script.split(";"):
        if part.strip():
            yield part.strip()


_NAMED = re.compile(r"(?<![:\w]):(\w+)")


def _to_pyformat(sql: str) -> str:
    return _NAMED.sub(r"%(\1)s", sql)
