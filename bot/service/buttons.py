"""Clickable suggestions and the subscribe button: what the bot attaches, what a click does.

Enabled by BETABOT_PUBLIC_URL (with BETABOT_ACTIONS_SECRET); without it, replies keep their
text suggestions only. A click on a suggestion answers that subject in the post's thread (an
ephemeral answer for a slash reply) and replaces the buttons by the choice; each message's
buttons work once (`action:<nonce>` in the store, through `deliver_once`): a second click or
a replayed request gets 401 and nothing happens, as does a forged one.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.answers.answer import subscription
from bot.answers.render import escape, render_answer
from bot.conversation.dispatch import Incoming, Reply
from bot.mattermost import actions
from bot.mattermost.client import MattermostClient, still_in_flight
from bot.store.delivery import Fence, deliver_once
from bot.store.store import Store

log = logging.getLogger(__name__)

SUBSCRIBE_LABEL = "Recevoir les prochains postes"
CHOSEN = "Choisi : {}"
Response = tuple[int, dict[str, Any]]


class Buttons:
    """Builds the buttons' props and handles the server's click requests."""

    def __init__(
        self,
        public_url: str,
        secret: str,
        store: Store,
        client: MattermostClient,
        holder: str,
        lease_s: float,
        respond: Callable[[Incoming], Reply | None],
        answered: Callable[[Reply, str], Awaitable[None]],
    ) -> None:
        """`respond` answers the chosen subject; `answered(reply, post_id)` records it."""
        self.enabled = bool(public_url and secret)
        self._url = actions.action_url(public_url) if public_url else ""
        self._secret = secret
        self._store = store
        self._client = client
        self._holder = holder
        self._lease_s = lease_s
        self._respond = respond
        self._answered = answered

    def props_for(self, reply: Reply) -> dict[str, Any]:
        """The suggestion buttons for `reply`, or nothing (disabled, no suggestion)."""
        if not self.enabled or not reply.suggestions:
            return {}
        nonce = actions.new_nonce()
        return actions.suggestion_props(
            self._url, self._secret, reply.suggestions, reply.ephemeral, nonce
        )

    def announcement_props(self) -> dict[str, Any]:
        """The « Recevoir les prochains postes » button of job announcements, or nothing."""
        if not self.enabled:
            return {}
        return actions.subscribe_props(self._url, self._secret, SUBSCRIBE_LABEL)

    async def handle(self, body: object) -> Response:
        """(HTTP status, JSON body) for one click request; 401 when forged or spent."""
        click = actions.to_click(body, self._secret)
        if click is None:
            log.warning("actions: refused, missing or wrong signature")
            return 401, {}
        kind = click.context.get("do")
        if kind == "subscribe":
            await asyncio.to_thread(self._store.subscribe, click.user_id, time.time())
            text = render_answer(subscription("subscribe"))
            return 200, {"ephemeral_text": text, "skip_slack_parsing": True}
        label = click.context.get("label")
        if kind != "ask" or not isinstance(label, str):
            return 401, {}
        key = f"action:{click.context.get('nonce', '')}"
        if click.context.get("private"):
            return await self._private(click, key, label)
        return await self._public(click, key, label)

    async def _private(self, click: actions.Click, key: str, label: str) -> Response:
        """A slash answer's button: answered ephemerally, once."""
        claim = await asyncio.to_thread(
            self._store.claim, key, self._holder, time.time(), self._lease_s
        )
        if claim is None:
            log.warning("actions: %s already used", key)
            return 401, {}
        await asyncio.to_thread(self._store.confirm, key, self._holder)
        reply = self._respond(_incoming(click, label, click.channel_id, ""))
        text = reply.text if reply is not None else ""
        return 200, {"ephemeral_text": text, "skip_slack_parsing": True}

    async def _public(self, click: actions.Click, key: str, label: str) -> Response:
        """A posted reply's button: the answer in its thread, once; the buttons replaced."""
        post = await self._client.request("GET", f"/posts/{click.post_id}")
        channel_id = str(post["channel_id"])
        root_id = str(post.get("root_id") or post["id"])
        reply = self._respond(_incoming(click, label, channel_id, root_id))
        if reply is None:
            return 401, {}
        answer = reply

        async def send(still_mine: Fence) -> str:
            props = {"betabot_key": key, **answer.extra_props}
            created = await self._client.create_post(
                channel_id, answer.text, root_id, props, guard=still_mine
            )
            return str(created.get("id", ""))

        async def find_posted() -> str | None:
            return await self._client.find_post_with_key(channel_id, key, root_id)

        outcome = await deliver_once(
            self._store,
            key,
            self._holder,
            send,
            find_posted,
            self._lease_s,
            wait_held=False,
            keep_claim=still_in_flight,
            max_call_s=self._client.max_call_s,
        )
        if outcome.status != "posted":
            log.warning("actions: %s already used (%s)", key, outcome.status)
            return 401, {}
        await self._answered(answer, outcome.result)
        chosen = CHOSEN.format(f"**{escape(label)}**")
        return 200, {"update": actions.disabled_update(post, chosen)}


def _incoming(click: actions.Click, label: str, channel_id: str, root_id: str) -> Incoming:
    return Incoming(
        transport="action",
        text=label,
        user_id=click.user_id,
        channel_id=channel_id,
        root_id=root_id,
        mentioned=True,
    )
