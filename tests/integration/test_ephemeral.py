"""Messages that concern only the asker: ephemeral when the server allows it, else threaded."""

import logging
from collections.abc import AsyncIterator

import pytest

from bot.answers.phrases import SLOW_DOWN_MESSAGE
from bot.service.app import App
from tests.app_settings import app_settings

CHANNEL = "incubateur-animation"
EPHEMERAL = "/api/v4/posts/ephemeral"


@pytest.fixture
async def limited(mm, tmp_path) -> AsyncIterator[App]:
    app = App(app_settings(mm, tmp_path, rate_limit_per_minute=1))
    await app.start()
    await mm.wait_for_connection("betabot")
    yield app
    await app.stop()


def ephemeral_calls(mm) -> list[int]:
    return [r.status for r in mm.requests if r.method == "POST" and r.path == EPHEMERAL]


async def test_flood_message_in_a_channel_is_ephemeral_to_the_asker_when_allowed(mm, limited):
    bot_id, alice = mm.user("betabot")["id"], mm.user("alice")["id"]
    mm.world.ephemeral_posters.add(bot_id)
    first = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
    second = await mm.post_as("alice", CHANNEL, "@betabot qui logement encore")
    other = await mm.post_as("bob", CHANNEL, "@betabot contact")
    await mm.wait_for_reply(other, timeout=5)  # in channel order: alice's are handled
    await limited.stop()
    assert len(mm.replies_to(first)) == 1
    assert mm.replies_to(second) == []  # nothing public in the thread
    ((recipient, post),) = mm.world.ephemeral_posts
    assert recipient == alice
    assert (post["user_id"], post["channel_id"], post["root_id"], post["message"]) == (
        bot_id,
        mm.channel(CHANNEL)["id"],
        second["id"],
        SLOW_DOWN_MESSAGE,
    )
    assert ephemeral_calls(mm) == [201]


async def test_without_the_permission_one_403_then_threaded_replies(mm, limited, caplog):
    caplog.set_level(logging.WARNING, logger="bot.mattermost.client")
    posts = {}
    for user in ("alice", "bob"):
        await mm.post_as(user, CHANNEL, "@betabot qui logement")
        posts[user] = await mm.post_as(user, CHANNEL, "@betabot qui logement encore")
    for post in posts.values():
        reply = await mm.wait_for_reply(post, timeout=5)
        assert (reply["message"], reply["root_id"]) == (SLOW_DOWN_MESSAGE, post["id"])
    await limited.stop()
    assert ephemeral_calls(mm) == [403]  # remembered: asked once, not once per message
    assert mm.world.ephemeral_posts == []
    refused = [r.getMessage() for r in caplog.records if "ephemeral" in r.getMessage()]
    assert refused == [
        "ephemeral posts refused (403, no create_post_ephemeral permission): messages for one "
        "person go to the thread instead"
    ]


async def test_in_a_direct_message_the_flood_message_is_an_ordinary_reply(mm, limited):
    mm.world.ephemeral_posters.add(mm.user("betabot")["id"])
    first = await mm.dm_as("alice", "betabot", "qui logement")
    await mm.dm_as("alice", "betabot", "qui logement encore")
    replies = await mm.wait_until(
        lambda: r if len(r := mm.replies_to(first)) == 2 else None,
        5,
        lambda: f"bot replies in the DM: {mm.replies_to(first)}",
    )
    assert [r["message"] == SLOW_DOWN_MESSAGE for r in replies] == [False, True]
    assert ephemeral_calls(mm) == []


async def test_answers_stay_public_even_when_ephemeral_posts_are_allowed(mm, limited):
    mm.world.ephemeral_posters.add(mm.user("betabot")["id"])
    post = await mm.post_as("alice", CHANNEL, "@betabot blablabla incompréhensible")
    reply = await mm.wait_for_reply(post, timeout=5)
    assert reply["root_id"] == post["id"]
    assert reply["message"] != SLOW_DOWN_MESSAGE
    assert ephemeral_calls(mm) == []
