"""One policy for every transport: flood control, then the action, then the answer."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.answers.phrases import SLOW_DOWN_MESSAGE
from bot.service.app import App
from tests.app_settings import app_settings, started
from tests.expected import expected_text
from tests.fake_mattermost.server import FakeMattermost

SLASH_TOKEN = "slashtoken000000000000000b"  # noqa: S105 - a test value
CHANNEL = "incubateur-animation"
SLOWED = {"response_type": "ephemeral", "text": SLOW_DOWN_MESSAGE}


@pytest.fixture
async def one_a_minute(mm: FakeMattermost, tmp_path: Path) -> AsyncIterator[App]:
    running = await started(app_settings(mm, tmp_path, SLASH_TOKEN, rate_limit_per_minute=1), mm)
    yield running
    await running.stop()


@pytest.fixture
async def unlimited(mm: FakeMattermost, tmp_path: Path) -> AsyncIterator[App]:
    running = await started(app_settings(mm, tmp_path, SLASH_TOKEN, rate_limit_per_minute=0), mm)
    yield running
    await running.stop()


async def slash(mm: FakeMattermost, app: App, user: str, text: str) -> dict[str, str]:
    url = f"http://127.0.0.1:{app.port}/mattermost/slash"
    resp = await mm.slash_as(user, CHANNEL, text, url=url, token=SLASH_TOKEN)
    assert resp.status == 200
    body: dict[str, str] = resp.json()
    return body


async def test_a_flooded_subscription_by_dm_is_not_applied_and_gets_the_warning(mm, one_a_minute):
    asked = await mm.dm_as("alice", "betabot", "qui logement")
    await mm.wait_for_reply(asked, timeout=5)
    flooded = await mm.dm_as("alice", "betabot", "postes abonnement")
    warning = await mm.wait_for_reply(flooded, timeout=5)
    assert warning["message"] == SLOW_DOWN_MESSAGE
    assert one_a_minute.store.subscribers() == []


async def test_a_flooded_slash_subscription_is_not_applied_and_gets_the_warning(mm, one_a_minute):
    assert (await slash(mm, one_a_minute, "alice", "/beta qui logement"))[
        "text"
    ] != SLOW_DOWN_MESSAGE
    assert await slash(mm, one_a_minute, "alice", "/beta postes abonnement") == SLOWED
    assert one_a_minute.store.subscribers() == []


async def test_a_flooded_shared_slash_command_gets_the_warning_ephemerally(mm, one_a_minute):
    shared = await slash(mm, one_a_minute, "alice", "/beta partager qui logement")
    assert shared == {
        "response_type": "in_channel",
        "text": expected_text(mm, "qui logement", transport="slash"),
    }
    assert await slash(mm, one_a_minute, "alice", "/beta partager qui logement") == SLOWED
    assert await slash(mm, one_a_minute, "alice", "/beta qui logement partager") == SLOWED


async def test_a_slash_subscription_is_applied_and_answered(mm, unlimited):
    body = await slash(mm, unlimited, "alice", "/beta postes abonnement")
    assert body["response_type"] == "ephemeral"
    assert body["text"] == expected_text(mm, "postes abonnement")
    assert unlimited.store.subscribers() == [mm.user("alice")["id"]]


async def test_subscribe_then_unsubscribe_sent_quickly_ends_unsubscribed(mm, unlimited):
    users = ["alice", "bob", "carole", "david"]
    mm.add_user("carole")
    mm.add_user("david")
    asked = []
    for _ in range(5):  # each user flips five times, without waiting for the answers
        for user in users:
            asked.append(await mm.dm_as(user, "betabot", "postes abonnement"))
            asked.append(await mm.dm_as(user, "betabot", "postes désabonnement"))
    keys = [f"reply:{post['id']}" for post in asked]

    def answered() -> list[str]:
        return [p["props"].get("betabot_key", "") for p in mm.posts_by("betabot")]

    await mm.wait_until(
        lambda: True if set(keys) <= set(answered()) else None,
        timeout=20,
        failure=lambda: f"{len(set(keys) - set(answered()))} of {len(keys)} unanswered",
    )
    assert unlimited.store.subscribers() == []
    assert sorted(answered()) == sorted(keys)  # each exactly once


async def test_subscribe_in_a_channel_then_unsubscribe_by_slash_ends_unsubscribed(mm, unlimited):
    post = await mm.post_as("alice", CHANNEL, "@betabot postes abonnement")
    await mm.wait_for_reply(post, timeout=5)
    await slash(mm, unlimited, "alice", "/beta postes désabonnement")
    assert unlimited.store.subscribers() == []
