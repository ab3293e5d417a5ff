"""Slash command `/beta`: verify the token, form → Incoming, Reply → JSON response body."""

import hmac
from collections.abc import Mapping

from bot.answers import phrases
from bot.conversation.dispatch import Incoming, Reply

REQUIRED_FIELDS = ("user_id", "channel_id")


class SlashError(ValueError):
    """A slash request the bot cannot read (a required form field is missing)."""


def verify(form: Mapping[str, str], headers: Mapping[str, str], token: str) -> bool:
    """Whether the request carries the command's token, in the form or `Authorization: Token`.

    Constant-time comparison; an empty configured token refuses everything.
    """
    if not token:
        return False
    expected = token.encode()
    offered = [form.get("token", "")]
    scheme, _, value = headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "token":
        offered.append(value.strip())
    return any(hmac.compare_digest(given.encode(), expected) for given in offered if given)


def to_incoming(form: Mapping[str, str]) -> Incoming:
    """The slash form (already verified) as an Incoming.

    Raises:
        SlashError: `user_id` or `channel_id` is missing.
    """
    missing = [name for name in REQUIRED_FIELDS if not form.get(name)]
    if missing:
        raise SlashError(f"missing form fields: {', '.join(missing)}")
    channel_name = form.get("channel_name", "")
    return Incoming(
        transport="slash",
        text=form.get("text", ""),
        user_id=form["user_id"],
        user_name=form.get("user_name", ""),
        channel_id=form["channel_id"],
        channel_type="D" if "__" in channel_name else "",
        mentioned=True,
    )


def to_response(reply: Reply | None) -> dict[str, str]:
    """The JSON body Mattermost expects: `response_type` (ephemeral/in_channel) and `text`."""
    if reply is None:
        return {"response_type": "ephemeral", "text": phrases.SLASH_NO_ANSWER}
    return {
        "response_type": "ephemeral" if reply.ephemeral else "in_channel",
        "text": reply.text,
    }
