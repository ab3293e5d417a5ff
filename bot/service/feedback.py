"""The maintainers' loop at run time: record what was asked, count 👍/👎 on the answers.

Called from two places only: the reply path once an answer is delivered (`on_answered`)
and the websocket frames (`on_frame`, reactions). Every store call runs in a worker thread;
a failure is logged and never touches the reply.
"""

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from bot.conversation.dispatch import Reply
from bot.mattermost.events import Reaction, to_reaction
from bot.store.privacy import private_question
from bot.store.questions import AskedQuestion, QuestionLog
from bot.store.store import Store
from bot.telemetry.metrics import Metrics

log = logging.getLogger(__name__)

FULL_CONFIDENCE = 100.0  # below this score, a question is kept for the maintainers
VOTES = {"+1": 1, "thumbsup": 1, "-1": -1, "thumbsdown": -1}  # Mattermost's emoji names
NOT_QUESTIONS = frozenset({"subscribe", "unsubscribe", "flood", "admin"})


def worth_keeping(reply: Reply) -> bool:
    """Whether the question behind `reply` was not understood or answered below full score."""
    if reply.intent in NOT_QUESTIONS or not reply.question.strip():
        return False
    return reply.intent == "unknown" or reply.score < FULL_CONFIDENCE


class Feedback:
    """Questions and votes into the store; reactions from the websocket."""

    def __init__(
        self,
        store: Store,
        metrics: Metrics,
        record_questions: bool,
        spawn: Callable[[Coroutine[Any, Any, None], str], None],
    ) -> None:
        """`record_questions` False (BETABOT_QUESTIONS_REPORT=0): no question text is kept."""
        self.log = QuestionLog(store)
        self._metrics = metrics
        self._record_questions = record_questions
        self._spawn = spawn
        # How many answers and reactions were handled (recorded or not): for tests and
        # `/beta admin statut`, with a condition to wait on instead of polling.
        self.answers_handled = 0
        self.reactions_handled = 0
        self._changed = asyncio.Condition()
        # Reactions apply in their websocket order (an add then its removal): tasks start in
        # creation order and the lock serves its waiters first come, first served.
        self._in_order = asyncio.Lock()

    async def wait_handled(self, answers: int, reactions: int, timeout_s: float) -> None:
        """Return once at least that many answers and reactions were handled.

        Raises:
            TimeoutError: not within `timeout_s` seconds.
        """

        def reached() -> bool:
            return self.answers_handled >= answers and self.reactions_handled >= reactions

        async with asyncio.timeout(timeout_s), self._changed:
            await self._changed.wait_for(reached)

    async def _handled(self, answers: int = 0, reactions: int = 0) -> None:
        async with self._changed:
            self.answers_handled += answers
            self.reactions_handled += reactions
            self._changed.notify_all()

    async def on_answered(self, reply: Reply, post_id: str, now: datetime) -> None:
        """Count the question, keep it if unsure, remember the answer post for its votes."""
        try:
            await asyncio.to_thread(self._answered, reply, post_id, now)
        except Exception:  # the boundary: the answer is out, its bookkeeping may fail
            log.exception("feedback: recording an answer failed")
        await self._handled(answers=1)

    def _answered(self, reply: Reply, post_id: str, now: datetime) -> None:
        if reply.intent in NOT_QUESTIONS:
            return
        self.log.count_question(now.date(), reply.intent)
        if self._record_questions and worth_keeping(reply):
            asked = AskedQuestion(
                private_question(reply.question),
                reply.intent,
                reply.subject,
                reply.suggestions,
                round(reply.score, 1),
                1,
            )
            self.log.record_question(now.date(), asked)
        if post_id:
            self.log.remember_answer(post_id, reply.intent, reply.subject, now.timestamp())

    def on_frame(self, frame: dict[str, Any]) -> None:
        """A websocket frame: a 👍/👎 added or removed is counted, anything else ignored."""
        reaction = to_reaction(frame)
        if reaction is not None and reaction.emoji_name in VOTES:
            self._spawn(self.apply(reaction, time.time()), "feedback")

    async def apply(self, reaction: Reaction, now_s: float) -> None:
        """Count or withdraw one vote; a reaction on anything but a bot's answer is ignored."""
        vote = VOTES[reaction.emoji_name]
        async with self._in_order:
            counted = await self._vote(reaction, vote, now_s)
        if counted is not None:
            self._metrics.count_feedback(vote, reaction.added)
            log.info("feedback post=%s vote=%+d added=%s", reaction.post_id, vote, reaction.added)
        await self._handled(reactions=1)

    async def _vote(self, reaction: Reaction, vote: int, now_s: float) -> tuple[str, str] | None:
        try:
            if reaction.added:
                counted = await asyncio.to_thread(
                    self.log.vote, reaction.post_id, reaction.user_id, vote, now_s
                )
            else:
                counted = await asyncio.to_thread(
                    self.log.unvote, reaction.post_id, reaction.user_id, vote
                )
        except Exception:  # the boundary: one lost vote must not stop the listener
            log.exception("feedback: recording a reaction failed")
            return None
        return counted

    async def purge(self, now: datetime) -> int:
        """Delete what is past retention (90 days); the number of rows deleted."""
        return await asyncio.to_thread(self.log.purge, now.date(), now.timestamp())
