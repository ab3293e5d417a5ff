"""Interactive message buttons as the real server runs a click (app/integration_action.go).

`DoPostActionWithCookie`: find the action on the post, POST a `PostActionIntegrationRequest`
(JSON) to its integration URL, then apply the `PostActionIntegrationResponse`: `update`
replaces the post's message and props (keeping from_webhook/override_* as they were),
`ephemeral_text` goes to the clicker in the post's thread. A non-200 answer is an error for
the clicker and changes nothing.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NamedTuple

import aiohttp

from .hub import broadcast
from .state import Json, dumps

if TYPE_CHECKING:
    from .server import FakeMattermost

RETAIN_PROP_KEYS = ("from_webhook", "override_username", "override_icon_url")


class ClickResult(NamedTuple):
    """The integration's HTTP status and body, and what the server made of it."""

    status: int
    body: str
    applied: bool  # the update and ephemeral text were applied
    request: str  # the JSON body posted to the integration (to replay it)


def find_action(post: Json, action_id: str) -> Json | None:
    for attachment in (post.get("props") or {}).get("attachments") or []:
        for action in attachment.get("actions") or []:
            if action.get("id") == action_id:
                return dict(action)
    return None


async def click(
    fake: FakeMattermost, username: str, post_id: str, action_id: str, timeout_s: float
) -> ClickResult:
    world = fake.world
    user = world.user(username)
    ephemeral = next((p for p in fake.ephemerals if p["id"] == post_id), None)
    post = world.posts.get(post_id) or ephemeral
    assert post is not None, f"no post {post_id}"
    action = find_action(post, action_id)
    assert action is not None, f"no action {action_id}"
    assert action.get("integration"), f"action {action_id} has no integration"
    channel = world.channels[post["channel_id"]]
    request: Json = {
        "user_id": user["id"],
        "user_name": user["username"],
        "channel_id": channel["id"],
        "channel_name": channel["name"],
        "team_id": channel["team_id"],
        "team_domain": world.team["name"] if channel["team_id"] else "",
        "post_id": post_id,
        "trigger_id": world.new_id() + world.new_id(),
        "type": action.get("type", ""),
        "data_source": action.get("data_source", ""),
    }
    context = action["integration"].get("context")
    if context:
        request["context"] = context
    sent = json.dumps(request)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.post(action["integration"]["url"], data=sent, headers=headers) as resp,
    ):
        status, body = resp.status, await resp.text()
    if status != 200:
        return ClickResult(status, body, False, sent)
    response: Any = json.loads(body) if body else {}
    update, text = response.get("update"), response.get("ephemeral_text") or ""
    if update is not None:
        if ephemeral is not None:  # UpdatePost of a post that is not in the database fails
            return ClickResult(status, body, False, sent)
        apply_update(fake, post_id, update)
    if text:
        root = post.get("root_id") or post_id
        send_ephemeral(fake, user["id"], post["channel_id"], text, root)
    return ClickResult(status, body, True, sent)


def apply_update(fake: FakeMattermost, post_id: str, update: Json) -> None:
    post = fake.world.posts[post_id]
    original = dict(post.get("props") or {})
    props = update.get("props")
    if props is None:
        props = original
    else:
        props = dict(props)
        for key in RETAIN_PROP_KEYS:
            if key in original:
                props[key] = original[key]
            else:
                props.pop(key, None)
    now = fake.world.now_ms()
    post.update(message=str(update.get("message", "")), props=props, update_at=now, edit_at=now)
    payload = dumps(post)
    fake.hub.publish(
        "post_edited",
        fake.world.members[post["channel_id"]],
        lambda _uid: {"post": payload},
        broadcast(channel_id=post["channel_id"]),
    )
    fake.notify()


def send_ephemeral(
    fake: FakeMattermost, user_id: str, channel_id: str, text: str, root: str
) -> None:
    world = fake.world
    post: Json = {"id": world.new_id(), "channel_id": channel_id, "user_id": user_id}
    post |= {"message": text, "root_id": root, "create_at": world.now_ms(), "props": {}}
    fake.ephemerals.append(post)
    payload = dumps(post)
    fake.hub.publish(
        "ephemeral_message", [user_id], lambda _uid: {"post": payload}, broadcast(channel_id)
    )
    fake.notify()
