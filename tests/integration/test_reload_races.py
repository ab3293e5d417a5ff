"""`admin recharger` slower than its deadline, or asked during another check: never stale.

The loads are made slow by a real filesystem condition (a Linux write lease, `tests.leases`):
the reloader's `open()` of a leased file waits until the test releases it.
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path

import pytest

from bot.answers.render import escape
from bot.knowledge.loader import summary
from bot.service.admin import RELOAD_PENDING
from bot.service.app import App
from tests.app_settings import app_settings
from tests.fake_mattermost import FakeMattermost
from tests.leases import leases
from tests.paths import knowledge_copy

SLASH_TOKEN = "slashtokenreload00000000000"  # noqa: S105 - a test value
CHANNEL = "incubateur-animation"
POSTING = "2024-01-01-responsables-de-portefeuille.md"
LOGEMENT_HEAD = "Pour le ministère du Logement, votre contact à l'incubateur : "
# Sorted after every other file: a check fingerprinting the folder opens it last.
LAST_FILE = "zz-notes.txt"


class _ReloadLog(logging.Handler):
    """Events of the reloader's log: a knowledge swapped in, a check waiting for another."""

    def __init__(self) -> None:
        super().__init__()
        self.applied = asyncio.Event()
        self.waiting = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message == "knowledge reloaded":
            self.applied.set()
        elif message == "knowledge: a check is already running, this one waits for it":
            self.waiting.set()


@pytest.fixture
def reload_log() -> Iterator[_ReloadLog]:
    logger = logging.getLogger("bot.service.reload")
    handler, level = _ReloadLog(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = knowledge_copy(tmp_path)
    (copy / LAST_FILE).write_text("Notes des mainteneurs, lues par personne.\n", "utf-8")
    return copy


@pytest.fixture
async def app(mm: FakeMattermost, tmp_path: Path, folder: Path) -> AsyncIterator[App]:
    settings = app_settings(
        mm,
        tmp_path,
        SLASH_TOKEN,
        knowledge_dir=folder,
        postes_dir=folder / "postes",
        admins=frozenset({"bob", "admin"}),
        reload_interval_s=3600.0,  # only the admin commands reload in these tests
        rate_limit_per_minute=0,
    )
    started = App(settings)
    await started.start()
    await mm.wait_for_connection("betabot")
    try:
        yield started
    finally:
        await started.stop()


async def _slash(mm: FakeMattermost, app: App, text: str) -> str:
    url = f"http://127.0.0.1:{app.port}/mattermost/slash"
    resp = await mm.slash_as("bob", CHANNEL, f"/beta {text}", url=url, token=SLASH_TOKEN)
    assert resp.status == 200
    body = resp.json()
    assert body["response_type"] == "ephemeral"
    return str(body["text"])


async def _logement(mm: FakeMattermost) -> str:
    post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
    return str((await mm.wait_for_reply(post))["message"])


def _rename_mael(folder: Path, new_name: str) -> None:
    people = folder / "personnes.yaml"
    people.write_text(people.read_text("utf-8").replace("Maël Inizan", new_name), "utf-8")


async def _first_of(what: str, *waits: Awaitable[object], timeout_s: float = 10.0) -> None:
    tasks = [asyncio.ensure_future(w) for w in waits]
    done, pending = await asyncio.wait(
        tasks, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED
    )
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    assert done, f"none within {timeout_s} s: {what}"


async def test_a_reload_slower_than_the_slash_deadline_says_so_and_is_applied_when_ready(
    mm: FakeMattermost, app: App, folder: Path, reload_log: _ReloadLog
) -> None:
    _rename_mael(folder, "Maël Testé")
    with leases() as held:
        held.take(folder / "personnes.yaml")  # the check waits at its first look at the file
        assert await _slash(mm, app, "admin recharger") == RELOAD_PENDING
        during = await _logement(mm)
        assert not reload_log.applied.is_set()
        held.release(folder / "personnes.yaml")
    await _first_of("the reload was never applied", reload_log.applied.wait())
    after = await _logement(mm)
    assert during.startswith(f"{LOGEMENT_HEAD}**Maël Inizan**")
    assert after == during.replace("Maël Inizan", "Maël Testé")


async def test_a_reload_asked_during_another_waits_for_it_and_the_newer_edit_wins(
    mm: FakeMattermost, app: App, folder: Path, reload_log: _ReloadLog
) -> None:
    posting = folder / "postes" / POSTING
    with leases() as held:
        held.take(folder / LAST_FILE)
        first = await mm.dm_as("bob", "betabot", "admin recharger")
        await held.wait_opened("bob's reload never fingerprinted the folder")
        held.take(posting)  # fingerprinted already; its load reads it after the YAML files
        held.release(folder / LAST_FILE)
        await held.wait_opened("bob's reload never loaded the posting")
        # Bob's load has read personnes.yaml as it was. A newer edit, then a second reload.
        _rename_mael(folder, "Maël Testé")
        held.swap_out(posting)  # the second reload's reads are not held
        second = await mm.dm_as("admin", "betabot", "admin recharger")
        await _first_of(
            "the second reload neither waited for the first nor answered",
            reload_log.waiting.wait(),
            mm.wait_for_reply(second, 10),
        )
        held.release(posting)
        replies = [await mm.wait_for_reply(post, 10) for post in (first, second)]
    assert app.knowledge is not None
    done = f"**Rechargé.** {escape(summary(app.knowledge, folder))}"
    assert [reply["message"] for reply in replies] == [done, done]
    assert (await _logement(mm)).startswith(f"{LOGEMENT_HEAD}**Maël Testé**")
