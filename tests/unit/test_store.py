import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

from bot.store.backends import StoreOpenError, sqlite_path
from bot.store.backends import open_store as _open_store
from bot.store.migrations import POSTGRES, SQLITE
from bot.store.store import Claim, SqlStore

LEASE_S = 30.0
_opened: list[SqlStore] = []


def open_store(url: str, **kwargs: Callable[[], float]) -> SqlStore:
    store = _open_store(url, **kwargs)
    _opened.append(store)
    return store


@pytest.fixture(autouse=True)
def _close_stores() -> Iterator[None]:
    yield
    while _opened:
        _opened.pop().close()


def test_first_claim_of_a_key_is_attempt_one(store_url: str) -> None:
    store = open_store(store_url)
    assert store.claim("reply:p1", "a", 1000.0, LEASE_S) == Claim("reply:p1", "a", 1, 1030.0)
    store.close()


def test_claim_held_by_a_running_lease_is_refused_to_everyone(store_url: str) -> None:
    store = open_store(store_url)
    store.claim("reply:p1", "a", 1000.0, LEASE_S)
    assert store.claim("reply:p1", "b", 1029.0, LEASE_S) is None
    assert store.claim("reply:p1", "a", 1029.0, LEASE_S) is None
    store.close()


def test_expired_unconfirmed_claim_is_taken_over_with_a_higher_attempt(store_url: str) -> None:
    store = open_store(store_url)
    store.claim("announce:dev:1", "a", 1000.0, LEASE_S)
    assert store.claim("announce:dev:1", "b", 1031.0, LEASE_S) == Claim(
        "announce:dev:1", "b", 2, 1061.0
    )
    assert store.claim("announce:dev:1", "c", 1062.0, LEASE_S) == Claim(
        "announce:dev:1", "c", 3, 1092.0
    )
    store.close()


def test_confirmed_key_is_never_claimed_again(store_url: str) -> None:
    store = open_store(store_url)
    store.claim("reply:p1", "a", 1000.0, LEASE_S)
    assert store.is_done("reply:p1") is False
    store.confirm("reply:p1", "a", "post-9")
    assert store.is_done("reply:p1") is True
    assert store.claim("reply:p1", "b", 999_999.0, LEASE_S) is None
    store.close()


def test_released_claim_is_claimable_at_once_with_a_higher_attempt(store_url: str) -> None:
    store = open_store(store_url)
    store.claim("reply:p1", "a", 1000.0, LEASE_S)
    store.release("reply:p1", "a")
    assert store.claim("reply:p1", "b", 1001.0, LEASE_S) == Claim("reply:p1", "b", 2, 1031.0)
    assert store.is_done("reply:p1") is False
    store.close()


def test_release_by_another_holder_changes_nothing(store_url: str) -> None:
    store = open_store(store_url)
    store.claim("reply:p1", "a", 1000.0, LEASE_S)
    store.release("reply:p1", "b")
    assert store.claim("reply:p1", "b", 1001.0, LEASE_S) is None
    store.close()


def test_release_after_confirm_keeps_the_key_done(store_url: str) -> None:
    store = open_store(store_url)
    store.claim("reply:p1", "a", 1000.0, LEASE_S)
    store.confirm("reply:p1", "a")
    store.release("reply:p1", "a")
    assert store.is_done("reply:p1") is True
    assert store.claim("reply:p1", "a", 5000.0, LEASE_S) is None
    store.close()


def test_confirm_without_a_claim_marks_the_key_done(store_url: str) -> None:
    store = open_store(store_url)
    store.confirm("digest:2025-03-31", "a")
    assert store.is_done("digest:2025-03-31") is True
    assert store.claim("digest:2025-03-31", "b", 1000.0, LEASE_S) is None
    store.close()


def test_claims_survive_a_reopen(store_url: str) -> None:
    store = open_store(store_url)
    store.claim("reply:held", "a", 1000.0, LEASE_S)
    store.claim("reply:done", "a", 1000.0, LEASE_S)
    store.confirm("reply:done", "a")
    store.close()
    reopened = open_store(store_url)
    assert reopened.is_done("reply:done") is True
    assert reopened.claim("reply:held", "b", 1010.0, LEASE_S) is None
    assert reopened.claim("reply:held", "b", 1031.0, LEASE_S) == Claim("reply:held", "b", 2, 1061.0)
    reopened.close()


def test_concurrent_claims_from_eight_connections_have_exactly_one_winner(
    store_url: str,
) -> None:
    open_store(store_url).close()  # migrate once, then race on the claims only
    keys = [f"reply:p{i}" for i in range(150)]
    wins: Counter[str] = Counter()
    guard = threading.Lock()
    start = threading.Barrier(8)

    def race(holder: str) -> None:
        store = open_store(store_url)
        try:
            start.wait(timeout=30)
            for key in keys:
                if store.claim(key, holder, 1000.0, LEASE_S) is not None:
                    with guard:
                        wins[key] += 1
        finally:
            store.close()

    threads = [threading.Thread(target=race, args=(f"h{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert wins == Counter(dict.fromkeys(keys, 1))


def test_concurrent_first_opens_both_migrate_without_error(store_url: str) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_and_use(holder: str) -> None:
        try:
            start.wait(timeout=30)
            store = open_store(store_url)
            try:
                store.set_state(holder, "up")
            finally:
                store.close()
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_and_use, args=(f"h{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert schema_version(store_url) == len(SQLITE) == len(POSTGRES)


def test_migrations_are_idempotent(store_url: str) -> None:
    for _ in range(3):
        store = open_store(store_url)
        store.set_state("opened", "yes")
        store.close()
    assert schema_version(store_url) == len(SQLITE)
    store = open_store(store_url)
    assert store.get_state("opened") == "yes"
    store.close()


def test_subscribe_twice_reports_the_second_as_already_subscribed(store_url: str) -> None:
    store = open_store(store_url)
    assert store.subscribe("u-bob", 20.0) is True
    assert store.subscribe("u-alice", 10.0) is True
    assert store.subscribe("u-bob", 30.0) is False
    assert store.subscribers() == ["u-alice", "u-bob"]
    store.close()


def test_unsubscribe_removes_only_that_user(store_url: str) -> None:
    store = open_store(store_url)
    store.subscribe("u-alice", 10.0)
    store.subscribe("u-bob", 20.0)
    assert store.unsubscribe("u-alice") is True
    assert store.unsubscribe("u-alice") is False
    assert store.subscribers() == ["u-bob"]
    store.close()


def test_state_is_none_until_set_then_last_value_wins(store_url: str) -> None:
    store = open_store(store_url)
    assert store.get_state("last_digest") is None
    store.set_state("last_digest", "2025-03-24")
    store.set_state("last_digest", "2025-03-31")
    assert store.get_state("last_digest") == "2025-03-31"
    store.close()


def test_purge_forgets_old_done_replies_only(store_url: str) -> None:
    times = iter([100.0, 100.0, 500.0])
    store = open_store(store_url, clock=lambda: next(times))
    for key in ("reply:old", "announce:dev:1", "reply:held"):
        store.claim(key, "a", 0.0, 1e9)
    store.confirm("reply:old", "a")
    store.confirm("announce:dev:1", "a")
    store.claim("reply:recent", "a", 0.0, 1e9)
    store.confirm("reply:recent", "a")  # done at 500
    assert store.purge_done(before_s=200.0) == 1
    assert store.is_done("reply:old") is False
    assert store.is_done("reply:recent") is True
    assert store.is_done("announce:dev:1") is True
    assert store.claim("reply:held", "b", 1.0, LEASE_S) is None
    store.close()


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///betabot.sqlite3", "betabot.sqlite3"),
        ("sqlite:///data/betabot.sqlite3", "data/betabot.sqlite3"),
        ("sqlite:////var/lib/betabot/betabot.sqlite3", "/var/lib/betabot/betabot.sqlite3"),
        ("sqlite://", ":memory:"),
        ("sqlite://:memory:", ":memory:"),
        ("/srv/bare.sqlite3", "/srv/bare.sqlite3"),
    ],
)
def test_sqlite_url_gives_the_file_path(url: str, path: str) -> None:
    assert sqlite_path(url) == path


def test_unknown_database_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^unsupported database URL scheme: mysql$"):
        open_store("mysql://db/betabot")


def test_sqlite_store_creates_its_folder_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "betabot.sqlite3"
    open_store(f"sqlite:///{path}").close()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA user_version").fetchone() == (len(SQLITE),)


def schema_version(url: str) -> int:
    if url.startswith("sqlite:"):
        with closing(sqlite3.connect(sqlite_path(url))) as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert rows == [(n,) for n in range(1, len(rows) + 1)]
        return len(rows)


def test_postgres_store_reconnects_after_its_connection_is_killed(postgres_db: str) -> None:
    store = open_store(postgres_db)
    store.set_state("before", "1")
    with psycopg.connect(postgres_db, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    assert killed == (1,)
    assert store.claim("reply:p1", "a", 1000.0, LEASE_S) == Claim("reply:p1", "a", 1, 1030.0)
    assert store.get_state("before") == "1"


def test_sqlite_file_and_its_folder_are_created_private(tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0)  # the modes must come from the bot, not from a strict umask
    try:
        store = _open_store(f"sqlite:///{tmp_path}/data/sub/betabot.sqlite3")
    finally:
        os.umask(old)
    store.close()
    modes = [
        stat.S_IMODE(p.stat().st_mode)
        for p in (tmp_path / "data" / "sub", tmp_path / "data" / "sub" / "betabot.sqlite3")
    ]
    assert modes == [0o700, 0o600]


def test_existing_sqlite_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "betabot.sqlite3"
    path.touch(mode=0o640)
    path.chmod(0o640)
    _open_store(f"sqlite:///{path}").close()
    assert path.stat().st_mode & 0o777 == 0o640


def _open_files() -> set[str]:
    fds = Path("/proc/self/fd")
    found = set()
    for fd in fds.iterdir():
        try:
            found.add(str(fd.readlink()))
        except OSError:  # closed between listing and reading
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_store_that_fails_to_open_closes_its_connection(tmp_path: Path) -> None:
    path = tmp_path / "betabot.sqlite3"
    path.write_bytes(b"not a database, a stray file " * 100)
    with pytest.raises(StoreOpenError) as caught:
        open_store(f"sqlite:///{path}")
    assert (caught.value.target, caught.value.reason) == (str(path), "not_a_database")
    # The error (and its context) is still alive here: the connection must be closed anyway.
    assert str(path) not in _open_files()


def test_a_sqlite_path_through_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    path = tmp_path / "file" / "betabot.sqlite3"
    with pytest.raises(StoreOpenError) as caught:
        open_store(f"sqlite:///{path}")
    assert (caught.value.target, caught.value.reason) == (str(path), "not_a_folder")
