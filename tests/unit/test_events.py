import json

import pytest

from bot.conversation.dispatch import Incoming, Me
from bot.mattermost.events import mentions_name, post_to_incoming, to_incoming

ME = Me(user_id="botid000000000000000000000", username="betabot")


def posted(post: dict, channel_type: str = "O", mentions: list[str] | None = None) -> dict:
    data = {
        "post": json.dumps(post),
        "channel_type": channel_type,
        "channel_name": "incubateur-animation",
        "sender_name": "@alice",
        "team_id": "team1",
    }
    if mentions is not None:
        data["mentions"] = json.dumps(mentions)
    return {"event": "posted", "data": data, "broadcast": {"channel_id": "ch1"}, "seq": 3}


POST = {
    "id": "post1",
    "create_at": 1700000000123,
    "update_at": 1700000000123,
    "edit_at": 0,
    "user_id": "alice-id",
    "channel_id": "ch1",
    "root_id": "",
    "message": "@betabot qui logement",
    "type": "",
    "props": {},
}


def test_mention_event_decodes_the_json_post_and_mentions():
    assert to_incoming(posted(POST, mentions=[ME.user_id]), ME) == Incoming(
        transport="websocket",
        text="@betabot qui logement",
        user_id="alice-id",
        user_name="alice",
        channel_id="ch1",
        channel_type="O",
        post_id="post1",
        root_id="",
        post_type="",
        from_bot=False,
        edited=False,
        mentioned=True,
        create_at=1700000000123,
    )


def test_direct_message_without_mention_keeps_channel_type_and_is_not_mentioned():
    post = {**POST, "message": "qui logement", "root_id": "root9"}
    incoming = to_incoming(posted(post, channel_type="D"), ME)
    assert incoming is not None
    assert (incoming.channel_type, incoming.mentioned, incoming.root_id) == ("D", False, "root9")


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"from_bot": "true"}, True),
        ({"from_webhook": "true"}, True),
        ({"from_plugin": True}, True),
        ({"from_bot": "false"}, False),
        ({}, False),
    ],
)
def test_bot_webhook_and_plugin_posts_are_flagged(props, expected):
    incoming = to_incoming(posted({**POST, "props": props}), ME)
    assert incoming is not None
    assert incoming.from_bot is expected


def test_edit_and_system_message_are_flagged():
    incoming = to_incoming(posted({**POST, "edit_at": 5, "type": "system_join_channel"}), ME)
    assert incoming is not None
    assert (incoming.edited, incoming.post_type) == (True, "system_join_channel")


@pytest.mark.parametrize(
    "frame",
    [
        {"event": "hello", "data": {"connection_id": "c1"}, "seq": 0},
        {"status": "OK", "seq_reply": 1},
        {"event": "post_edited", "data": {"post": json.dumps(POST)}, "seq": 2},
        {"event": "posted", "data": {"post": "{not json"}, "seq": 2},
        {"event": "posted", "data": "nope", "seq": 2},
        {"event": "posted", "data": {"post": json.dumps({"id": "x"})}, "seq": 2},
    ],
)
def test_other_events_and_malformed_frames_give_none(frame):
    assert to_incoming(frame, ME) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@betabot qui logement", True),
        ("bonjour @BetaBot, qui ?", True),
        ("@betabot2 qui", False),
        ("mail@betabot.fr", False),
        ("betabot qui", False),
        ("merci @betabot.", True),  # a trailing dot is punctuation
        ("@betabot. qui logement", True),
        ("écrivez à @betabot.dev", False),  # another user: names may contain dots
        ("@@betabot qui", False),
    ],
)
def test_mention_by_name_is_a_whole_word(text, expected):
    assert mentions_name(text, ME) is expected


def test_rest_post_without_mentions_field_detects_the_mention_in_text():
    incoming = post_to_incoming(POST, "O", mentions_name(POST["message"], ME))
    assert incoming is not None
    assert incoming.mentioned is True
