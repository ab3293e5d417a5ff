"""The app's handling of what arrives: the policy's reply, admin commands, buttons, feedback.

`Handling` is a part of `app.App` (the composition root builds the attributes declared here in
`start()`): the websocket's reply worker and the slash endpoint both end in `_handle()`, a
clicked suggestion in `_answer()`; websocket frames and delivered replies feed the
maintainers' loop and the backfill.
"""

from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.conversation import dispatch
from bot.conversation.dispatch import Incoming, Me, Reply
from bot.knowledge.model import Knowledge
from bot.knowledge.timezone import PARIS
from bot.service.admin import (
    ADMIN_ELSEWHERE,
    DM_RELOAD_WAIT_S,
    SLASH_RELOAD_WAIT_S,
    Admin,
    AdminCommand,
    parse_admin,
)
from bot.service.backfill import Backfill
from bot.service.buttons import Buttons
from bot.service.contacts_keeper import ContactsKeeper
from bot.service.feedback import Feedback
from bot.service.policy import Policy


class Handling:
    """Incoming → Reply around the policy, and the hooks of frames and delivered replies."""

    knowledge: Knowledge | None
    me: Me | None
    contacts: ContactsKeeper | None
    _policy: Policy | None
    _buttons: Buttons | None
    _feedback: Feedback | None
    _backfill: Backfill | None
    _admin: Admin

    async def handle_slash(self, incoming: Incoming) -> Reply | None:
        """Answer a verified slash command (the HTTP response carries the reply)."""
        reply = await self._handle(incoming)
        if reply is not None and self._feedback is not None:
            await self._feedback.on_answered(reply, "", datetime.now(PARIS))
        return reply

    async def _handle(self, incoming: Incoming) -> Reply | None:
        """The policy's reply, then what the maintainers' loop adds: the admin commands."""
        if self._policy is None:
            return None
        reply = await self._policy.handle(incoming)
        if reply is None or reply.intent == "flood":
            return reply
        command = parse_admin(reply.question)
        if command is not None:
            return await self._admin_reply(incoming, reply, command)
        if self._buttons is not None and reply.suggestions:
            reply = replace(reply, extra_props=self._buttons.props_for(reply))
        return reply

    def _answer(self, incoming: Incoming) -> Reply | None:
        """What `respond()` says, without flood control (a clicked suggestion's answer)."""
        if self.knowledge is None or self.me is None:
            return None
        people = self.contacts.directory if self.contacts is not None else None
        return dispatch.respond(incoming, self.knowledge, self.me, datetime.now(PARIS), people)

    async def _admin_reply(self, incoming: Incoming, reply: Reply, command: AdminCommand) -> Reply:
        """An admin command's answer: run by DM or /beta (always private), never in a channel."""
        if incoming.transport == "websocket" and incoming.channel_type != "D":
            # In a channel, everyone would read the status: point to the private ways.
            return replace(reply, text=ADMIN_ELSEWHERE, intent="admin", suggestions=())
        ephemeral = incoming.transport == "slash"
        wait_s = SLASH_RELOAD_WAIT_S if ephemeral else DM_RELOAD_WAIT_S
        said = await self._admin.answer(incoming.user_id, command, wait_s)
        return replace(reply, text=said, intent="admin", suggestions=(), ephemeral=ephemeral)

    def _on_frame(self, frame: dict[str, Any]) -> None:
        if self._feedback is not None:
            self._feedback.on_frame(frame)
        if self._backfill is not None:
            self._backfill.on_frame(frame)

    async def _on_delivered(self, reply: Reply, post_id: str) -> None:
        if self._feedback is not None:
            await self._feedback.on_answered(reply, post_id, datetime.now(PARIS))
