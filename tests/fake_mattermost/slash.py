"""Slash commands as the real server runs them: the form post, then what the answer becomes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NamedTuple

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy

from .hub import broadcast
from .state import CHANNEL_MENTION_RE, Json, dumps, mentioned_usernames

if TYPE_CHECKING:
    from .server import FakeMattermost


class SlashResponse(NamedTuple):
    """What the bot answered to a slash form post."""

    status: int
    headers: CIMultiDictProxy[str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


async def run_command(
    fake: FakeMattermost,
    username: str,
    channel: str,
    command_line: str,
    url: str | None,
    token: str | None,
    method: str | None,
    timeout_s: float,
) -> SlashResponse:
    """Send the form (POST body or GET query) with the headers of `DoCommandRequest`."""
    world = fake.world
    user = world.user(username)
    chan = world.channel(channel)
    trigger, _, text = command_line.strip().lstrip("/").partition(" ")
    command = next((c for c in world.commands.values() if c["trigger"] == trigger), None)
    url = url or (command["url"] if command else None)
    token = token if token is not None else (command["token"] if command else "")
    method = method or (command["method"] if command else "P")
    assert url, f"no URL given and no /{trigger} command registered"
    fields = slash_fields(fake, user, chan, trigger, text, token)
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_s)) as session:
        if method == "P":
            call = session.post(url, data=fields, headers=headers)
        else:
            call = session.get(url, params=fields, headers=headers)
        async with call as resp:
            body = await resp.text()
            answer = SlashResponse(resp.status, CIMultiDictProxy(CIMultiDict(resp.headers)), body)
    if answer.status == 200:
        apply_answer(fake, user, chan, answer, resp.content_type == "application/json")
    return answer


def slash_fields(
    fake: FakeMattermost, user: Json, chan: Json, trigger: str, text: str, token: str
) -> list[tuple[str, str]]:
    """Every form field of research A1, mentions as repeated fields."""
    world = fake.world
    fields = [
        ("channel_id", chan["id"]),
        ("channel_name", chan["name"]),
        ("command", f"/{trigger}"),
        ("response_url", f"{fake.url}/hooks/commands/{world.new_id()}"),
        ("team_domain", world.team["name"]),
        ("team_id", world.team["id"]),
        ("text", text),
        ("token", token),
        ("trigger_id", world.new_id() + world.new_id()),
        ("user_id", user["id"]),
        ("user_name", user["username"]),
    ]
    for name in mentioned_usernames(text):
        mentioned = world.find_user(name)
        if mentioned is not None:
            fields += [("user_mentions", name), ("user_mentions_ids", mentioned["id"])]
    for name in dict.fromkeys(n.lower() for n in CHANNEL_MENTION_RE.findall(text)):
        found = world.find_channel(name)
        if found is not None and found["type"] == "O":
            fields += [("channel_mentions", name), ("channel_mentions_ids", found["id"])]
    return fields


def apply_answer(
    fake: FakeMattermost, user: Json, chan: Json, answer: SlashResponse, is_json: bool
) -> None:
    """In the channel as the invoking user with from_webhook, or ephemeral to them."""
    if not is_json:  # the real server shows any other body verbatim, as plain text
        data: Any = {"text": answer.body}
    else:
        try:
            data = answer.json()
        except ValueError:
            return  # "returned an empty response"
    if not isinstance(data, dict) or not data.get("text"):
        return
    props = {**(data.get("props") or {}), "from_webhook": "true"}
    if data.get("response_type") == "in_channel":
        fake.publish_post(user["id"], chan["id"], str(data["text"]), props=props)
        return
    world = fake.world
    ephemeral = {"id": world.new_id(), "channel_id": chan["id"], "user_id": user["id"]}
    ephemeral |= {"message": str(data["text"]), "create_at": world.now_ms(), "props": props}
    fake.ephemerals.append(ephemeral)
    payload = dumps(ephemeral)
    fake.hub.publish(
        "ephemeral_message", [user["id"]], lambda _uid: {"post": payload}, broadcast(chan["id"])
    )
    fake.notify()
