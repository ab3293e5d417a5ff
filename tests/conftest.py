"""Shared fixtures: each section names its owner; edit only by small additions."""

import ipaddress
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge
from bot.store.backends import open_store
from bot.store.store import SqlStore
from tests.fake_mattermost import FakeMattermost, seed
from tests.pg_server import MISSING_REASON as PG_MISSING_REASON
from tests.pg_server import PostgresServer
from tests.pg_server import bin_dir as pg_bin_dir

# No timed assertions in tests (speed is measured under bench/): hypothesis's per-example
# deadline failed a property test whose first example builds an index on a loaded machine.
settings.register_profile("betabot", deadline=None)
settings.load_profile("betabot")

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


# --- network guard and fake Mattermost (owner: fake Mattermost) ---

_LOOPBACK_V4 = ipaddress.ip_network("127.0.0.0/8")
_LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address in _LOOPBACK_V4 or address == ipaddress.IPv6Address("::1")


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


class NonLoopbackConnectionError(OSError):
    """Raised (and reported at teardown) when a test reaches beyond 127.0.0.0/8 and ::1."""


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail the test on any connection or name lookup that leaves the machine."""
    attempts: list[str] = []

    def refuse(what: str) -> NonLoopbackConnectionError:
        attempts.append(what)
        return NonLoopbackConnectionError(f"network access outside loopback in a test: {what}")

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_create_connection = socket.create_connection
    real_getaddrinfo = socket.getaddrinfo

    def allowed(sock: socket.socket, address: object) -> bool:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return True  # AF_UNIX and friends stay on the machine
        return isinstance(address, tuple) and _is_loopback(address[0])

    def connect(self: socket.socket, address: Any) -> None:
        if not allowed(self, address):
            raise refuse(f"connect {address!r}")
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not allowed(self, address):
            raise refuse(f"connect_ex {address!r}")
        return real_connect_ex(self, address)

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if not _is_loopback(address[0]):
            raise refuse(f"create_connection {address!r}")
        return real_create_connection(address, *args, **kwargs)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and not _is_loopback(name) and not _is_ip_literal(name):
            raise refuse(f"getaddrinfo {host!r}")  # a DNS query leaves the machine
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    if attempts:
        pytest.fail(f"the test tried to reach the network: {attempts}")


@pytest.fixture
async def mm() -> AsyncIterator[FakeMattermost]:
    """A fake Mattermost on 127.0.0.1: betabot, alice, bob, ~town-square, ~incubateur-animation."""
    fake = seed(await FakeMattermost().start())
    try:
        yield fake
    finally:
        await fake.close()


# --- knowledge (owner: knowledge/loader) ---

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    """The shipped knowledge of `knowledge/`, loaded once per session."""
    return load_knowledge(KNOWLEDGE_DIR)


# --- knowledge cache (owner: issue 11, scale) ---


@pytest.fixture(scope="session", autouse=True)
def _knowledge_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """`betabot ask` run by tests keeps its knowledge cache in a temporary folder, not ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BETABOT_CACHE_DIR", str(tmp_path_factory.mktemp("knowledge-cache")))
        yield
