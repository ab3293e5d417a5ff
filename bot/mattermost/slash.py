"""Slash command `/beta`: verify the token, form → Incoming, Reply → JSON response body."""

import hmac
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from bot.conversation.dispatch import Incoming, Reply

REQUIRED_FIELDS = ("user_id", "channel_id")
FORM_MAX_FIELDS = 64  # Mattermost sends about 15
_CHARSETS = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


class SlashError(ValueError):
    """A slash request the bot cannot read: malformed form, or a required field missing."""


def parse_form(body: bytes, charset: str | None) -> dict[str, str]:
    """The fields of an `application/x-www-form-urlencoded` body (UTF-8 or ASCII only).

    Raises:
        SlashError: another charset, bytes or escapes that are not UTF-8, too many fields, or
            a field given twice (a second `token` must not be able to shadow the first).
    """
    if charset is not None and charset.strip().lower() not in _CHARSETS:
        raise SlashError("unsupported form charset")
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=FORM_MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        raise SlashError("malformed form body") from None
    form = dict(pairs)
    if len(form) != len(pairs):
        raise SlashError("form field given twice")
    return form


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
    # Header bytes that are not UTF-8 arrive as lone surrogates: encode them back, never raise.
    return any(
        hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected)
        for given in offered
        if given
    )


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


def to_response(reply: Reply | None, no_answer: str) -> dict[str, Any]:
    """The JSON body Mattermost expects: `response_type` (ephemeral/in_channel), `text`, and
    `props` (the buttons' attachments) when the reply has extras.

    `no_answer` is shown (ephemeral) when there is no reply: the caller owns the sentences.
    """
    if reply is None:
        return {"response_type": "ephemeral", "text": no_answer}
    body: dict[str, Any] = {
        "response_type": "ephemeral" if reply.ephemeral else "in_channel",
        "text": reply.text,
    }
    if reply.extra_props:
        body["props"] = dict(reply.extra_props)
    return body
