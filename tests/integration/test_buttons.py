"""Clickable suggestions: the server clicks a button exactly as Mattermost does."""

import json
import socket
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import aiohttp
import pytest

from bot.conversation import dispatch
from bot.conversation.dispatch import Incoming, Me
from bot.knowledge.model import Knowledge
from bot.knowledge.timezone import PARIS
from bot.service.app import App
from bot.service.buttons import SUBSCRIBE_LABEL
from tests.app_settings import app_settings
from tests.fake_mattermost import FakeMattermost
from tests.fake_mattermost.actions import find_action

CHANNEL = "incubateur-animation"
SECRET = "actions-secret-for-tests-0000"  # noqa: S105 - a test value
SLASH_TOKEN = "slashtokenbuttons00000000000"  # noqa: S105 - a test value
UNSURE = "qui logmenn"  # « Vouliez-vous dire : Logement ? »


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def app(mm: FakeMattermost, tmp_path: Path) -> AsyncIterator[App]:
    port = free_port()
    settings = app_settings(
        mm,
        tmp_path,
        SLASH_TOKEN,
        http_port=port,
        public_url=f"http://127.0.0.1:{port}",
        actions_secret=SECRET,
    )
    started = App(settings)
    await started.start()
    await mm.wait_for_connection("betabot")
    try:
        yield started
    finally:
        await started.stop()


def chosen_answer(mm: FakeMattermost, knowledge: Knowledge, label: str) -> str:
    incoming = Incoming("action", label, mm.user("alice")["id"], channel_id="c", mentioned=True)
    me = Me(mm.user("betabot")["id"], "betabot")
    reply = dispatch.respond(incoming, knowledge, me, datetime.now(PARIS))
    assert reply is not None
    return reply.text


async def post_raw(url: str, body: object) -> int:
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as resp:
        return resp.status


async def test_a_verified_click_answers_in_the_thread_once_and_disables_the_buttons(
    mm: FakeMattermost, app: App, knowledge: Knowledge
) -> None:
    question = await mm.post_as("alice", CHANNEL, f"@betabot {UNSURE}")
    unsure = await mm.wait_for_reply(question)
    button = find_action(unsure, "suggestion0")
    assert button is not None
    assert (button["type"], button["name"]) == ("button", "Logement")
    assert button["integration"]["url"] == f"http://127.0.0.1:{app.port}/mattermost/actions"
    assert [a["name"] for a in unsure["props"]["attachments"][0]["actions"]] == ["Logement"]

    clicked = await mm.click_as("bob", unsure, "suggestion0")
    assert (clicked.status, clicked.applied) == (200, True)
    replies = mm.replies_to(question)
    assert [r["message"] for r in replies] == [
        unsure["message"],
        chosen_answer(mm, knowledge, "Logement"),
    ]
    updated = replies[0]
    assert updated["props"] == {
        "betabot_key": f"reply:{question['id']}",
        "from_bot": "true",
        "attachments": [{"text": "Choisi : **Logement**"}],
    }
    assert replies[1]["root_id"] == question["id"]

    # The same request again (a second click, a replay): 401, nothing posted.
    url = button["integration"]["url"]
    request = json.loads(clicked.request)
    assert await post_raw(url, request) == 401
    # A forged context (another label, the old signature): 401, nothing posted.
    forged = {**request, "context": {**request["context"], "label": "Justice", "nonce": "x"}}
    assert await post_raw(url, forged) == 401
    assert await post_raw(url, {**request, "context": {}}) == 401
    assert len(mm.replies_to(question)) == 2


async def test_a_slash_answer_offers_the_same_buttons_answered_privately_once(
    mm: FakeMattermost, app: App, knowledge: Knowledge
) -> None:
    url = f"http://127.0.0.1:{app.port}/mattermost/slash"
    resp = await mm.slash_as("alice", CHANNEL, f"/beta {UNSURE}", url=url, token=SLASH_TOKEN)
    ephemeral = mm.ephemerals[-1]
    assert resp.json()["props"]["attachments"][0]["actions"][0]["name"] == "Logement"
    clicked = await mm.click_as("alice", ephemeral, "suggestion0")
    assert (clicked.status, clicked.applied) == (200, True)
    assert mm.ephemerals[-1]["message"] == chosen_answer(mm, knowledge, "Logement")
    again = await mm.click_as("alice", ephemeral, "suggestion0")
    assert again.status == 401
    assert mm.posts_in(CHANNEL) == []


POSTING = """\
---
title: "Une ou un dev Python"
roles: dev
open: true
date: {day}
---

Une ou un dev Python, au sein de l'incubateur.
"""


async def test_a_posting_announcement_has_a_button_that_subscribes_the_clicker(
    mm: FakeMattermost, tmp_path: Path
) -> None:
    postes = tmp_path / "postes"
    postes.mkdir()
    day = datetime.now(PARIS).date().isoformat()
    (postes / f"{day}-dev.md").write_text(POSTING.format(day=day), encoding="utf-8")
    port = free_port()
    settings = app_settings(
        mm,
        tmp_path,
        http_port=port,
        public_url=f"http://127.0.0.1:{port}",
        actions_secret=SECRET,
        announce_channel=CHANNEL,
        postes_dir=postes,
    )
    app = App(settings)
    await app.start()
    try:
        bot_id = mm.user("betabot")["id"]
        announced = await mm.wait_until(
            lambda: next((p for p in mm.posts_in(CHANNEL) if p["user_id"] == bot_id), None),
            5,
            lambda: "no announcement",
        )
        button = find_action(announced, "subscribe")
        assert button is not None
        assert button["name"] == SUBSCRIBE_LABEL
        clicked = await mm.click_as("bob", announced, "subscribe")
        assert (clicked.status, clicked.applied) == (200, True)
        assert app.store.subscribers() == [mm.user("bob")["id"]]
        assert mm.ephemerals[-1]["message"].startswith("C'est noté")
    finally:
        await app.stop()


async def test_without_a_public_url_the_text_suggestions_remain_and_no_route(
    mm: FakeMattermost, tmp_path: Path
) -> None:
    app = App(app_settings(mm, tmp_path))
    await app.start()
    try:
        await mm.wait_for_connection("betabot")
        reply = await mm.wait_for_reply(await mm.post_as("alice", CHANNEL, f"@betabot {UNSURE}"))
        assert "Vouliez-vous dire : **Logement** ?" in reply["message"]
        assert "attachments" not in reply["props"]
        url = f"http://127.0.0.1:{app.port}/mattermost/actions"
        assert await post_raw(url, {}) == 404
    finally:
        await app.stop()
