"""Websocket frames and REST posts → Incoming; decodes the JSON-in-JSON `post` and `mentions`."""

import json
from dataclasses import dataclass
from typing import Any

from bot.conversation.dispatch import Incoming, Me, mention_pattern

_BOT_PROPS = ("from_bot", "from_webhook", "from_plugin")


def to_incoming(frame: dict[str, Any], me: Me) -> Incoming | None:
    """A `posted` websocket event as an Incoming; None for any other event or a malformed one."""
    if frame.get("event") != "posted":
        return None
    data = frame.get("data")
    if not isinstance(data, dict):
        return None
    post = _json_object(data.get("post"))
    if post is None:
        return None
    mentions = _json_list(data.get("mentions"))
    mentioned = me.user_id in mentions or mentions_name(str(post.get("message", "")), me)
    sender = str(data.get("sender_name", "")).removeprefix("@")
    return post_to_incoming(post, str(data.get("channel_type", "")), mentioned, sender)


def post_to_incoming(
    post: dict[str, Any], channel_type: str, mentioned: bool, user_name: str = ""
) -> Incoming | None:
    """A Mattermost Post object (from an event or from REST) as an Incoming; None if malformed."""
    post_id, user_id, channel_id = post.get("id"), post.get("user_id"), post.get("channel_id")
    if not (isinstance(post_id, str) and isinstance(user_id, str) and isinstance(channel_id, str)):
        return None
    raw_props = post.get("props")
    props: dict[str, Any] = raw_props if isinstance(raw_props, dict) else {}
    return Incoming(
        transport="websocket",
        text=str(post.get("message", "")),
        user_id=user_id,
        user_name=user_name,
        channel_id=channel_id,
        channel_type=channel_type,
        post_id=post_id,
        root_id=str(post.get("root_id") or ""),
        post_type=str(post.get("type") or ""),
        from_bot=any(_truthy(props.get(key)) for key in _BOT_PROPS),
        edited=_int(post.get("edit_at")) > 0,
        mentioned=mentioned,
        create_at=_int(post.get("create_at")),
    )


def mentions_name(text: str, me: Me) -> bool:
    """Whether `text` has `@<me.username>` as a whole name (the one rule: `mention_pattern`)."""
    return bool(me.username) and mention_pattern(me.username).search(text) is not None


def _json_object(value: object) -> dict[str, Any] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def _json_list(value: object) -> list[Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return value if isinstance(value, list) else []


def _truthy(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


@dataclass(frozen=True)
class Reaction:
    """A reaction added to or removed from a post, from a `reaction_added`/`_removed` event."""

    added: bool
    user_id: str
    post_id: str
    emoji_name: str  # without colons: "+1", "thumbsup", "-1"…


_REACTION_EVENTS = {"reaction_added": True, "reaction_removed": False}


def to_reaction(frame: dict[str, Any]) -> Reaction | None:
    """A reaction event as a Reaction; None for any other event or a malformed one.

    The server sends `data.reaction` as a JSON string of the Reaction (`user_id`, `post_id`,
    `emoji_name`, `create_at`…), broadcast to the post's channel (app/reaction.go).
    """
    added = _REACTION_EVENTS.get(str(frame.get("event", "")))
    data = frame.get("data")
    if added is None or not isinstance(data, dict):
        return None
    reaction = _json_object(data.get("reaction"))
    if reaction is None:
        return None
    user_id, post_id = reaction.get("user_id"), reaction.get("post_id")
    emoji = reaction.get("emoji_name")
    if not (isinstance(user_id, str) and isinstance(post_id, str) and isinstance(emoji, str)):
        return None
    return Reaction(added, user_id, post_id, emoji)
