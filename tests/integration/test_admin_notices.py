"""Notices to the admin channel: exactly once across two replicas, retried until posted.

Two real apps share one real PostgreSQL database and the fake Mattermost, as two replicas do;
each notice is looked for by its `props.betabot_key`.
"""

import asyncio
import hashlib
import logging
import os
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.knowledge.timezone import PARIS
from bot.service.app import App
from bot.service.config import default_knowledge_dir
from bot.service.contacts import usernames_for
from bot.service.reload import admin_message, fingerprint
from bot.store.backends import open_store
from tests.app_settings import app_settings
from tests.fake_mattermost import FakeMattermost
from tests.paths import knowledge_copy

ADMIN = "betabot-admin"
WAIT_S = 15.0
BROKEN_YAML = "personnes:\n  - id: [\n"
OTHER_BROKEN_YAML = "personnes: [\n"  # another error (one line up)
CONFIG_NOTICE = (
    "Configuration à corriger (le bot répond toujours aux questions) :\n"
    "- BETABOT_ANNOUNCE_CHANNEL=incubateur-embauch : canal introuvable dans l'équipe betagouv "
    "(vérifiez son nom d'URL).\n"
    "Vérifiez tout avec `betabot doctor`."
)


class _Told(logging.Handler):
    """Counts, per key, the replicas that handled a notice (posted it, or found it told)."""

    def __init__(self, mm: FakeMattermost) -> None:
        super().__init__()
        self.mm = mm
        self.loop = asyncio.get_running_loop()
        self.handled: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        words = record.getMessage().split()
        if words[:2] == ["notice", "posted:"]:  # bot.postes.outbox
            self.handled[words[2]] += 1
        elif words[2:4] == ["already", "told"]:  # bot.service.notices
            self.handled[words[1]] += 1
        else:
            return
        self.loop.call_soon_threadsafe(self.mm.notify)  # wakes mm.wait_until


@pytest.fixture
async def told(mm: FakeMattermost) -> AsyncIterator[_Told]:
    handler = _Told(mm)
    loggers = [logging.getLogger("bot.postes.outbox"), logging.getLogger("bot.service.notices")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return knowledge_copy(tmp_path)


@pytest.fixture
async def replicas(mm: FakeMattermost) -> AsyncIterator[Callable[..., Awaitable[App]]]:
    """Starts apps (each a replica: its own holder, store connection, websocket)."""
    mm.add_channel(ADMIN, members=["betabot", "admin"])
    _everyone_active(mm)  # no stale contacts: the admin channel holds only the test's notices
    started: list[App] = []

    async def start(tmp_path: Path, database_url: str, **overrides: Any) -> App:
        settings = app_settings(
            mm, tmp_path, database_url=database_url, admin_channel=ADMIN, **overrides
        )
        app = App(settings)
        started.append(app)
        await app.start()
        return app

    yield start
    for app in reversed(started):  # each restores the loop's exception handler it replaced
        await app.stop()


def notices(mm: FakeMattermost) -> list[tuple[str, str]]:
    return [(p["props"].get("betabot_key", ""), p["message"]) for p in mm.posts_in(ADMIN)]


async def handled_by(mm: FakeMattermost, told: _Told, key: str, count: int) -> None:
    """Until `count` replicas handled `key`, or more than one notice of it was posted."""

    def done() -> bool | None:
        posted = sum(1 for k, _ in notices(mm) if k in (key, ""))
        return True if told.handled[key] >= count or posted > 1 else None

    await mm.wait_until(
        done, WAIT_S, lambda: f"{key} handled {told.handled[key]} times: {notices(mm)}"
    )


# --- the stale contacts list ---


def _everyone_active(mm: FakeMattermost) -> None:
    """An account for each person of the shipped knowledge, as the bot looks it up."""
    for person in load_knowledge(default_knowledge_dir()).people.values():
        first, last = person.name.split(maxsplit=1)
        username = person.mattermost or usernames_for(person.name)[0]
        mm.add_user(username, first_name=first, last_name=last)


def _stale_key(change: int, *rows: str) -> str:
    digest = hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()
    return f"notice:contacts-stale:{change}:{digest[:16]}"


def _stale_notice(name: str, person_id: str, username: str) -> str:
    return (
        "Contacts à vérifier dans `knowledge/personnes.yaml` : ces personnes sont nommées sans "
        "lien dans les réponses (le contact de leur pôle est donné à la place).\n"
        f"- {name} (`{person_id}`) : désactivé ({username}, convention)\n"
        "Corrigez `mattermost:` ou retirez la personne, puis `betabot contacts`."
    )


async def test_two_replicas_tell_a_stale_contacts_change_once_and_the_next_change_again(
    mm, replicas, told, postgres_db, tmp_path
):
    mm.deactivate("julien.bouquillon")
    first = await replicas(tmp_path / "a", postgres_db)
    second = await replicas(tmp_path / "b", postgres_db)
    assert first.contacts is not None
    assert second.contacts is not None
    for app in (first, second):  # the resolution at start: the first tells, the second reads
        await asyncio.wait_for(app.contacts.wait_rounds(1), WAIT_S)  # type: ignore[union-attr]
    mm.world.users[mm.user("julien.bouquillon")["id"]]["delete_at"] = 0  # back
    mm.deactivate("mael.inizan")
    # Both replicas resolve the new change at once; the notice is slow to post, so each
    # resolves before the other has saved it (as a daily refresh or a reload on both).
    mm.stall_next("POST /api/v4/posts", 2.0)
    await asyncio.gather(first.contacts.refresh(), second.contacts.refresh())
    mm.world.users[mm.user("mael.inizan")["id"]]["delete_at"] = 0
    await asyncio.gather(first.contacts.refresh(), second.contacts.refresh())
    mm.deactivate("julien.bouquillon")  # an earlier state again: a new change, told again
    await asyncio.gather(first.contacts.refresh(), second.contacts.refresh())
    julien = _stale_notice("Julien Bouquillon", "julien-bouquillon", "julien.bouquillon")
    everyone = "Contacts : toutes les personnes des connaissances ont un compte Mattermost actif."
    assert [message for _, message in notices(mm)] == [
        julien,
        _stale_notice("Maël Inizan", "mael-inizan", "mael.inizan"),
        everyone,
        julien,
    ]
    julien_row = "julien-bouquillon:deactivated:julien.bouquillon"
    assert [key for key, _ in notices(mm)] == [
        _stale_key(1, julien_row),
        _stale_key(2, "mael-inizan:deactivated:mael.inizan"),
        _stale_key(3),
        _stale_key(4, julien_row),
    ]


# --- a rejected knowledge reload ---


def _write(path: Path, text: str) -> None:
    """Replace the file at once: a check never reads it half written (another error)."""
    partial = path.with_name(path.name + ".tmp")  # ignored by the reloader
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _load_error(folder: Path) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder, folder / "postes")
    return str(caught.value)


def _rejected_key(folder: Path) -> str:
    problems = _load_error(folder).replace(str(folder), "<0>")
    digest = hashlib.sha256(problems.encode()).hexdigest()[:16]
    return f"notice:knowledge-rejected:{fingerprint((folder,))[:16]}:{digest}"


async def test_two_replicas_tell_the_same_broken_knowledge_once_and_a_new_break_again(
    mm, replicas, told, postgres_db, tmp_path, folder
):
    for name in ("a", "b"):
        await replicas(
            tmp_path / name,
            postgres_db,
            knowledge_dir=folder,
            postes_dir=folder / "postes",
            reload_interval_s=0.05,
        )
    people = folder / "personnes.yaml"
    _write(people, BROKEN_YAML)
    broken = (_rejected_key(folder), admin_message(_load_error(folder)))
    await handled_by(mm, told, broken[0], 2)
    _write(people, OTHER_BROKEN_YAML)
    other = (_rejected_key(folder), admin_message(_load_error(folder)))
    await handled_by(mm, told, other[0], 2)
    assert [message for _, message in notices(mm)] == [broken[1], other[1]]
    assert notices(mm) == [broken, other]


async def test_a_refused_reload_notice_is_posted_at_a_later_check(
    mm, replicas, told, sqlite_url, tmp_path, folder
):
    await replicas(
        tmp_path,
        sqlite_url,
        knowledge_dir=folder,
        postes_dir=folder / "postes",
        reload_interval_s=0.05,
    )
    mm.fail_next("POST /api/v4/posts", status=500)
    _write(folder / "personnes.yaml", BROKEN_YAML)
    broken = (_rejected_key(folder), admin_message(_load_error(folder)))
    await handled_by(mm, told, broken[0], 1)
    assert notices(mm) == [broken]
    refused = [r for r in mm.requests if (r.method, r.path) == ("POST", "/api/v4/posts")]
    assert [r.status for r in refused] == [500, 201]


# --- the start-up check of the configured channels ---


def _config_key(day: str) -> str:
    problems = CONFIG_NOTICE.splitlines()[1:-1]
    digest = hashlib.sha256("\n".join(problems).encode()).hexdigest()[:16]
    return f"notice:config:{day}:{digest}"


def _today() -> str:
    return datetime.now(PARIS).date().isoformat()


async def test_two_replicas_starting_with_a_misspelled_channel_tell_it_once(
    mm, replicas, told, postgres_db, tmp_path
):
    day = _today()
    for name in ("a", "b"):
        await replicas(tmp_path / name, postgres_db, announce_channel="incubateur-embauch")
    if _today() != day:
        pytest.skip("started across midnight: each day's check is told once")
    await handled_by(mm, told, _config_key(day), 2)
    assert [message for _, message in notices(mm)] == [CONFIG_NOTICE]
    assert notices(mm) == [(_config_key(day), CONFIG_NOTICE)]


async def test_a_refused_config_notice_is_posted_on_a_later_try(
    mm, replicas, told, sqlite_url, tmp_path
):
    day = _today()
    mm.fail_next("POST /api/v4/posts", status=503)
    await replicas(tmp_path, sqlite_url, announce_channel="incubateur-embauch")
    if _today() != day:
        pytest.skip("started across midnight")
    await handled_by(mm, told, _config_key(day), 1)
    assert notices(mm) == [(_config_key(day), CONFIG_NOTICE)]


async def test_a_notice_posted_by_a_replica_that_died_before_confirming_is_not_posted_again(
    mm, replicas, told, postgres_db, tmp_path
):
    day = _today()
    key = _config_key(day)
    store = open_store(postgres_db)
    try:  # a replica claimed the notice, posted it, and died before confirming (lease over)
        assert store.claim(key, "dead-replica", time.time() - 120, 60) is not None
    finally:
        store.close()
    await mm.post_as("betabot", ADMIN, CONFIG_NOTICE, props={"betabot_key": key})
    await replicas(tmp_path, postgres_db, announce_channel="incubateur-embauch")
    if _today() != day:
        pytest.skip("started across midnight")
    await handled_by(mm, told, key, 1)
    assert notices(mm) == [(key, CONFIG_NOTICE)]
