"""Knowledge edits while the bot runs: valid ones are picked up, broken ones change nothing."""

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.service.app import App
from bot.service.config import Settings
from bot.service.reload import admin_message
from tests.app_settings import app_settings
from tests.fake_mattermost import FakeMattermost
from tests.paths import knowledge_copy

ADMIN_CHANNEL = "town-square"
QUESTION = "@betabot qui est Maël Inizan"
BROKEN_YAML = "personnes:\n  - id: [\n"


class _Reloaded(logging.Handler):
    """Sets an event when the reloader says it swapped in a new knowledge."""

    def __init__(self) -> None:
        super().__init__()
        self.event = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() == "knowledge reloaded":
            self.event.set()


@pytest.fixture
def reloaded() -> Iterator[_Reloaded]:
    logger = logging.getLogger("bot.service.reload")
    handler, level = _Reloaded(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return knowledge_copy(tmp_path)


def _settings(mm: FakeMattermost, tmp_path: Path, folder: Path) -> Settings:
    return app_settings(
        mm,
        tmp_path,
        knowledge_dir=folder,
        postes_dir=folder / "postes",
        admin_channel=ADMIN_CHANNEL,
        reload_interval_s=0.05,
        rate_limit_per_minute=0,
    )


def _load_error(folder: Path) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder, folder / "postes")
    return str(caught.value)


async def _ask(mm: FakeMattermost) -> str:
    post = await mm.post_as("alice", "incubateur-animation", QUESTION)
    reply = await mm.wait_for_reply(post, timeout=5)
    return str(reply["message"])


async def test_broken_edit_keeps_previous_answers_and_warns_admins_then_a_fix_is_picked_up(
    mm, tmp_path, folder, reloaded
):
    app = App(_settings(mm, tmp_path, folder))
    await app.start()
    try:
        await mm.wait_for_connection("betabot")
        before = await _ask(mm)
        reloaded.event.clear()
        people = folder / "personnes.yaml"
        good = people.read_text(encoding="utf-8")
        people.write_text(BROKEN_YAML, encoding="utf-8")
        notice = await mm.wait_until(
            lambda: next(iter(_reload_notices(mm)), None),
            5,
            lambda: "no notice in the admin channel after a broken edit",
        )
        assert notice["message"] == admin_message(_load_error(folder))
        assert await _ask(mm) == before
        people.write_text(good.replace("nom: Maël Inizan", "nom: Maël Inizan-Testé"), "utf-8")
        await asyncio.wait_for(reloaded.event.wait(), 5)
        after = await _ask(mm)
    finally:
        await app.stop()
    assert after == before.replace("Maël Inizan", "Maël Inizan-Testé")
    assert [p["message"] for p in _reload_notices(mm)] == [notice["message"]]


def _reload_notices(mm):
    """Admin channel posts about the knowledge, not the contacts report (issue 12) also there."""
    return [p for p in mm.posts_in(ADMIN_CHANNEL) if not p["message"].startswith("Contacts")]
