"""Failures are loud and lose nothing: the real App, a real SQLite store broken underneath it."""

import asyncio
import logging
import signal
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from bot.answers import phrases
from bot.conversation.dispatch import Incoming, Reply
from bot.service import housekeeping as housekeeping_module
from bot.service import replies as replies_module
from bot.service.app import App
from bot.service.config import Settings
from bot.store.backends import open_store
from tests.app_settings import app_settings, started
from tests.fake_mattermost.server import FakeMattermost
from tests.integration.test_run import START_TIMEOUT_S, bot_env, free_port, start_bot, stop_bot

CHANNEL = "incubateur-animation"
SEEN = "websocket:last_create_at"


class Failures(logging.Handler):
    """Records the bot's error lines; wakes whoever waits for one."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []
        self.changed = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())
        self.changed.set()

    async def until(self, part: str, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait for an error line containing `part` (e.g. "seen failed: OperationalError")."""
        async with asyncio.timeout(timeout):
            while not any(part in line for line in self.lines):
                self.changed.clear()
                await self.changed.wait()


@pytest.fixture
def failures() -> Iterator[Failures]:
    handler = Failures()
    logger = logging.getLogger("bot")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@pytest.fixture
def settings(mm: FakeMattermost, tmp_path: Path) -> Settings:
    return app_settings(mm, tmp_path, rate_limit_per_minute=0)


def database(settings: Settings) -> str:
    return settings.database_url.removeprefix("sqlite:///")


@contextmanager
def table_missing(settings: Settings, table: str) -> Iterator[None]:
    """The table is renamed away (every statement on it fails) until the block ends."""
    with closing(sqlite3.connect(database(settings))) as db:
        db.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        yield
    finally:
        with closing(sqlite3.connect(database(settings))) as db:
            db.execute(f"ALTER TABLE {table}_away RENAME TO {table}")


def saved_watermark(settings: Settings) -> int | None:
    store = open_store(settings.database_url)
    try:
        saved = store.get_state(SEEN)
    finally:
        store.close()
    return int(saved) if saved is not None else None


@pytest.fixture
async def app(settings: Settings, mm: FakeMattermost) -> AsyncIterator[App]:
    running = await started(settings, mm)
    yield running
    await running.stop()


async def test_the_first_start_on_a_new_database_saves_the_watermark_at_once(mm, settings):
    app = App(settings)
    await app.start()
    try:
        saved = saved_watermark(settings)  # read before any periodic save could run
    finally:
        await app.stop()
    assert saved is not None


async def test_a_mention_owed_when_the_first_run_is_killed_is_answered_by_the_next(mm, tmp_path):
    env = {**bot_env(mm.url, mm.team["name"], free_port(), tmp_path), "BETABOT_CLAIM_LEASE_S": "1"}
    first = await start_bot(env, tmp_path)
    try:
        await mm.wait_for_connection("betabot", timeout=START_TIMEOUT_S)
        mm.fail_next("POST /api/v4/posts", status=503, times=10_000)
        post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
        await mm.wait_until(
            lambda: True if any(r.path == "/api/v4/posts" for r in mm.requests) else None,
            timeout=START_TIMEOUT_S,
            failure=lambda: "the bot never tried to reply",
        )
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()
    mm.failures.pending.clear()
    second = await start_bot(env, tmp_path)
    try:
        reply = await mm.wait_for_reply(post, timeout=START_TIMEOUT_S)
    finally:
        code, out = await stop_bot(second)
    assert code == 0, out
    assert mm.replies_to(post) == [reply]


async def test_the_watermark_loop_survives_a_store_error_and_saves_again(
    mm, settings, failures, monkeypatch
):
    monkeypatch.setattr(housekeeping_module, "SEEN_SAVE_INTERVAL_S", 0.05)
    app = await started(settings, mm)
    try:
        with table_missing(settings, "state"):
            post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
            await mm.wait_for_reply(post, timeout=5)
            await failures.until("seen failed: OperationalError")  # newer watermark not saved
        await mm.wait_until(
            lambda: True if (saved_watermark(settings) or 0) >= post["create_at"] else None,
            timeout=10,
            failure=lambda: f"watermark never saved again: {saved_watermark(settings)}",
        )
    finally:
        await app.stop()


async def test_a_store_error_while_claiming_leaves_the_post_owed_and_it_is_answered_once(
    mm, settings, failures, app
):
    with table_missing(settings, "claims"):
        post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
        await failures.until("failed: OperationalError")
    reply = await mm.wait_for_reply(post, timeout=10)
    await app.stop()
    assert mm.replies_to(post) == [reply]


async def test_a_post_whose_action_failed_holds_the_saved_watermark_until_answered(
    mm, settings, failures
):
    alice = mm.user("alice")["id"]
    app = await started(settings, mm)
    with table_missing(settings, "subscriptions"):
        owed = await mm.dm_as("alice", "betabot", "postes abonnement")
        await failures.until("failed: OperationalError")
        later = await mm.post_as("bob", CHANNEL, "@betabot qui logement")
        await mm.wait_for_reply(later, timeout=5)  # the bot has seen past the owed post
        await app.stop()
    assert mm.replies_to(owed) == []
    assert saved_watermark(settings) <= owed["create_at"]
    app = await started(settings, mm)
    try:
        reply = await mm.wait_for_reply(owed, timeout=10)
        subscribers = app.store.subscribers()
    finally:
        await app.stop()
    assert mm.replies_to(owed) == [reply]
    assert subscribers == [alice]


async def test_a_post_that_makes_answering_crash_gets_one_apology_and_frees_its_channel(
    mm, settings, failures, monkeypatch
):
    """A bug triggered by one text: tried DECIDE_ATTEMPTS times, then one apology, then on."""
    real = App._handle

    async def poisoned(self: App, incoming: Incoming) -> Reply | None:
        if "poison" in incoming.text:  # the fault injected: our answering code raising
            raise RuntimeError("a bug on this text")
        return await real(self, incoming)

    monkeypatch.setattr(replies_module, "REPLY_RETRY_BASE_S", 0.01)
    monkeypatch.setattr(App, "_handle", poisoned)
    app = await started(settings, mm)
    try:
        poison = await mm.post_as("alice", CHANNEL, "@betabot poison")
        later = await mm.post_as("bob", CHANNEL, "@betabot qui logement")
        answer = await mm.wait_for_reply(later, timeout=10)
        apology = mm.replies_to(poison)
    finally:
        await app.stop()
    assert [p["message"] for p in apology] == [phrases.REPLY_FAILED]
    assert apology[0]["root_id"] == poison["id"]
    assert "Maël Inizan" in answer["message"]
    assert mm.replies_to(later) == [answer]
    assert sum("replies failed: RuntimeError" in line for line in failures.lines) == 3
    assert saved_watermark(settings) >= later["create_at"]


async def test_a_database_error_while_answering_is_retried_not_apologised_for(
    mm, settings, failures, monkeypatch
):
    monkeypatch.setattr(replies_module, "REPLY_RETRY_BASE_S", 0.01)
    app = await started(settings, mm)
    try:
        with table_missing(settings, "subscriptions"):
            owed = await mm.dm_as("alice", "betabot", "postes abonnement")
            for _ in range(replies_module.DECIDE_ATTEMPTS + 1):  # more failures than a bug gets
                await failures.until("failed: OperationalError")
                failures.lines.clear()
            assert mm.replies_to(owed) == []
        reply = await mm.wait_for_reply(owed, timeout=10)
    finally:
        await app.stop()
    assert mm.replies_to(owed) == [reply]
    assert phrases.REPLY_FAILED not in reply["message"]


async def test_first_start_answers_a_mention_posted_before_its_first_websocket_connection(
    mm, settings
):
    """A new database: what was posted after the start, before the websocket came, is read back."""
    before = await mm.post_as("alice", CHANNEL, "@betabot qui culture")  # before the first start
    mm.fail_next("GET /api/v4/websocket", status=503, times=2)  # the first connection comes late
    app = App(settings)
    await app.start()
    try:
        during = await mm.post_as("bob", CHANNEL, "@betabot qui logement")
        await mm.wait_for_connection("betabot", timeout=20)
        reply = await mm.wait_for_reply(during, timeout=10)
        after = await mm.post_as("bob", CHANNEL, "@betabot qui justice")
        await mm.wait_for_reply(after, timeout=10)  # later than any backfill of `during`
    finally:
        await app.stop()
    assert mm.replies_to(during) == [reply]
    assert "Maël Inizan" in reply["message"]
    assert mm.replies_to(before) == []  # older than the first start: not this bot's history
