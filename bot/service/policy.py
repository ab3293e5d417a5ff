"""The one path every transport takes from a message to its reply: flood, action, answer.

Websocket posts (channel mentions and DMs) and slash commands all go through
`Policy.handle()`, which applies, in this order: the decision to answer (`respond()`, pure),
flood control, the action (subscribe or unsubscribe), and returns the answer to send.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot.answers.directory import Directory
from bot.answers.phrases import SLOW_DOWN_MESSAGE
from bot.conversation import dispatch
from bot.conversation.dispatch import Incoming, Me, Reply
from bot.conversation.flood import FloodGate
from bot.knowledge.model import Knowledge
from bot.store.delivery import store_runner
from bot.store.store import Store
from bot.telemetry.metrics import METRICS

log = logging.getLogger(__name__)


class Policy:
    """Decide and act on one message, the same way whatever transport brought it."""

    def __init__(
        self,
        me: Me,
        store: Store,
        flood: FloodGate,
        knowledge: Callable[[], Knowledge | None],
        now: Callable[[], datetime],
        people: Callable[[], Directory | None] = lambda: None,
    ) -> None:
        """`knowledge()` is the knowledge in use (None before the first load: no answer);
        `people()` the people's Mattermost handles, if known (passed to `respond()`)."""
        self._me = me
        self._store = store
        self._flood = flood
        self._knowledge = knowledge
        self._now = now
        self._people = people

    async def handle(self, incoming: Incoming) -> Reply | None:
        """The reply to send for `incoming`, after flood control and its action; None: none.

        Called once per message actually handled (never for a replay or a duplicate), so
        flood control counts each question once. A flooded message gets the warning, marked
        ephemeral, and no action; then silence, except for slash commands (only the asker
        sees their response, and Mattermost needs some text in it).

        Raises:
            Exception: the store failed to apply the action (the message is still owed).
        """
        reply = self._respond(incoming)
        if reply is None:
            return None
        verdict = self._flood.check(incoming.user_id, time.monotonic())
        if verdict == "silence" and incoming.transport != "slash":
            log.info("post=%s: flood, left unanswered", incoming.post_id)
            return None
        if verdict != "answer":
            return slowed_down(reply)
        return await self._apply_action(reply)

    def _respond(self, incoming: Incoming) -> Reply | None:
        knowledge = self._knowledge()
        if knowledge is None:
            return None
        reply = dispatch.respond(incoming, knowledge, self._me, self._now(), self._people())
        if reply is not None:
            METRICS.count_question(reply.intent, understood=reply.intent != "unknown")
        return reply

    async def _apply_action(self, reply: Reply) -> Reply:
        # One statement each, applied in the order the messages are handled (a channel's
        # messages in the order they were sent): subscribe then unsubscribe ends unsubscribed.
        # The reply then says whether anything changed (« déjà abonné(e) »…).
        run = store_runner(self._store)
        if reply.action == "subscribe":
            changed = await run(self._store.subscribe, reply.user_id, time.time())
        elif reply.action == "unsubscribe":
            changed = await run(self._store.unsubscribe, reply.user_id)
        else:
            return reply
        return dispatch.after_action(reply, bool(changed))


def slowed_down(reply: Reply) -> Reply:
    """The flood warning instead of `reply`: only the asker should see it, nothing applied."""
    return replace(reply, text=SLOW_DOWN_MESSAGE, intent="flood", action="none", ephemeral=True)
