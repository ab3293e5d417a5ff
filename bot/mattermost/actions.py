"""Interactive message buttons: their shapes, the signed context, the server's click request.

A button (message attachment action) carries `integration.url` and a `context` that the
Mattermost server keeps to itself and sends back with the click
(`PostActionIntegrationRequest`: user_id, user_name, channel_id, channel_name, team_id,
team_domain, post_id, trigger_id, type, data_source, context). The context is signed here
with an HMAC-SHA256 of its canonical JSON under a secret from the environment; a request whose
context does not verify is refused (401) before anything happens. The response may carry
`update` (the post's new message and props: props replace the old ones) and
`ephemeral_text` (shown to the clicker, in the post's thread).
"""

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

ACTIONS_PATH = "/mattermost/actions"
_SIGNATURE = "sig"


def action_url(public_url: str) -> str:
    """Where the server posts clicks: BETABOT_PUBLIC_URL + `/mattermost/actions`."""
    return public_url.rstrip("/") + ACTIONS_PATH


def sign(context: dict[str, Any], secret: str) -> dict[str, Any]:
    """`context` with its signature added."""
    return {**context, _SIGNATURE: _digest(context, secret)}


def verified(context: object, secret: str) -> dict[str, Any] | None:
    """The context without its signature if the signature is right, else None."""
    if not isinstance(context, dict) or not secret:
        return None
    given = context.get(_SIGNATURE)
    bare = {k: v for k, v in context.items() if k != _SIGNATURE}
    if not isinstance(given, str) or not hmac.compare_digest(given, _digest(bare, secret)):
        return None
    return bare


def _digest(context: dict[str, Any], secret: str) -> str:
    canonical = json.dumps(context, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def new_nonce() -> str:
    """A fresh random id: one per message of buttons, spent by the first click."""
    return secrets.token_hex(12)


def suggestion_props(
    url: str, secret: str, labels: tuple[str, ...], private: bool, nonce: str
) -> dict[str, Any]:
    """Post props with one button per suggested subject (`private`: a slash answer)."""
    actions = [
        {
            "id": f"suggestion{i}",
            "type": "button",
            "name": label,
            "integration": {
                "url": url,
                "context": sign(
                    {"do": "ask", "label": label, "nonce": nonce, "private": private}, secret
                ),
            },
        }
        for i, label in enumerate(labels)
    ]
    return {"attachments": [{"text": "", "actions": actions}]}


def subscribe_props(url: str, secret: str, label: str) -> dict[str, Any]:
    """Post props with one button that subscribes the clicker to job announcements."""
    context = sign({"do": "subscribe", "nonce": "subscribe"}, secret)
    action = {
        "id": "subscribe",
        "type": "button",
        "name": label,
        "integration": {"url": url, "context": context},
    }
    return {"attachments": [{"text": "", "actions": [action]}]}


@dataclass(frozen=True)
class Click:
    """A verified click: who clicked which button of which post."""

    user_id: str
    channel_id: str
    post_id: str
    context: dict[str, Any]  # verified, without its signature


def to_click(body: object, secret: str) -> Click | None:
    """The server's request as a Click; None when malformed or its context does not verify."""
    if not isinstance(body, dict):
        return None
    context = verified(body.get("context"), secret)
    fields = [body.get(name) for name in ("user_id", "channel_id", "post_id")]
    if context is None or not all(isinstance(f, str) and f for f in fields):
        return None
    return Click(str(fields[0]), str(fields[1]), str(fields[2]), context)


def disabled_update(post: dict[str, Any], chosen: str) -> dict[str, Any]:
    """The `update` that keeps the post's message and props but replaces its buttons by `chosen`."""
    raw = post.get("props")
    props = {k: v for k, v in (raw if isinstance(raw, dict) else {}).items() if k != "attachments"}
    props["attachments"] = [{"text": chosen}]
    return {"message": str(post.get("message", "")), "props": props}
