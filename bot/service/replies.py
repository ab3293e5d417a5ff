"""Per-channel ordered replies: turns, claim-ahead windows, retries of failed replies."""

import asyncio
import contextlib
import itertools
import logging
import random
import time
import traceback
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.conversation.dispatch import Incoming, Reply
from bot.conversation.flood import SLOW_DOWN_MESSAGE, FloodGate
from bot.mattermost.client import MattermostClient, MattermostError, still_in_flight
from bot.store.delivery import Outcome, StoreBatcher, deliver_once
from bot.store.store import Store
from bot.telemetry.logs import MESSAGE_TEXT
from bot.telemetry.metrics import METRICS

log = logging.getLogger(__name__)

CLAIM_AHEAD = 16  # replies of a channel claimed ahead of their turn: a burst pipelines its
# store round trips, while a long queue does not hold leases (other replicas) for long
REPLY_RETRY_BASE_S = 0.25  # a reply that failed after every REST retry is tried again after
REPLY_RETRY_MAX_S = 60.0  # a delay doubling from the base up to this cap (full jitter)


@dataclass(frozen=True)
class _Turns:
    """One reply's place in its channel: when it may claim, and when the next one may post."""

    gate: asyncio.Future[None] | None  # claim after this (CLAIM_AHEAD replies back) is posted
    posted: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class _Left(Exception):
    """An earlier reply of the channel was left for the next start: so is this one."""


class ReplyPipeline:
    """Replies handled concurrently, each channel's in order, claimed in the store first."""

    def __init__(
        self,
        store: Store,
        client: MattermostClient,
        holder: str,
        lease_s: float,
        flood: FloodGate,
        respond: Callable[[Incoming], Reply | None],
        apply_action: Callable[[Reply], Awaitable[None]],
        stopping: asyncio.Event,
        seen_ms: int,
    ) -> None:
        """Keep the collaborators; `stopping` set means no more work is taken."""
        self.store = store
        self.client = client
        self.holder = holder
        self._lease_s = lease_s
        self._flood = flood
        self._respond = respond
        self._apply_action = apply_action
        self._stopping = stopping
        # Replies are handled concurrently, in a pipeline per channel: a reply claims once the
        # reply CLAIM_AHEAD places before it is posted (bounded leases, for other replicas'
        # sake) and posts once the previous one is posted; confirmations run in parallel.
        self._work: set[asyncio.Task[None]] = set()
        self._tails: dict[str, _Turns] = {}  # turns of the last job per channel
        self._windows: dict[str, deque[asyncio.Future[None]]] = {}  # last posted futures
        # create_at of each queued post until it is handled: the saved websocket watermark
        # never passes a reply still owed, so a restart backfills it.
        self._pending: dict[int, int] = {}
        # Post ids queued or in flight: a replay or a backfill of one of them is dropped, so
        # one key never holds two places in a channel's order (the later one, claiming
        # ahead, would keep the earlier one waiting on its lease).
        self._queued: set[str] = set()
        self._tickets = itertools.count()
        # Claims and confirms of replies: many per thread hop, or on the loop for SQLite.
        self._batcher = StoreBatcher(inline=store.local)
        self.seen_ms = seen_ms  # create_at of the newest post seen on the websocket

    def enqueue(self, incoming: Incoming) -> None:
        """Queue a websocket or backfilled post; replies keep each channel's order."""
        if self._stopping.is_set() or incoming.post_id in self._queued:
            return
        self._queued.add(incoming.post_id)
        self.seen_ms = max(self.seen_ms, incoming.create_at)
        key = incoming.channel_id
        previous = self._tails.get(key)
        window = self._windows.setdefault(key, deque(maxlen=CLAIM_AHEAD))
        mine = _Turns(gate=window[0] if len(window) == CLAIM_AHEAD else None)
        window.append(mine.posted)
        self._tails[key] = mine
        mine.posted.add_done_callback(lambda _: self._forget_tail(key, mine))
        ticket = next(self._tickets)
        self._pending[ticket] = incoming.create_at
        task = asyncio.create_task(self._after(incoming, time.monotonic(), previous, mine, ticket))
        self._work.add(task)
        task.add_done_callback(self._work.discard)

    async def drain(self, timeout_s: float) -> None:
        """Wait for replies in flight, up to `timeout_s`; cancel the late ones (still owed)."""
        pending = [task for task in self._work if not task.done()]
        if pending:
            _, late = await asyncio.wait(pending, timeout=timeout_s)
            for task in late:
                task.cancel()
            if late:
                log.warning("shutdown: %d replies abandoned", len(late))
                # Their claims are released (and their post ids stay owed) before the store
                # closes, not after.
                await asyncio.gather(*late, return_exceptions=True)

    def watermark(self) -> int:
        """The newest post seen, but never past a post still owed a reply (restart backfill)."""
        return min([self.seen_ms, *self._pending.values()])

    async def _after(
        self,
        incoming: Incoming,
        arrived: float,
        previous: _Turns | None,
        mine: _Turns,
        ticket: int,
    ) -> None:
        handled = True
        try:
            handled = await self._handle(incoming, arrived, previous, mine)
        except Exception as err:
            # Type and frames only: an exception's message may quote the user's text.
            log.error(
                "post=%s: handling failed: %s\n%s",
                incoming.post_id,
                type(err).__name__,
                "".join(traceback.format_tb(err.__traceback__)),
            )
        finally:
            self._queued.discard(incoming.post_id)
            # Nothing posted (ignored, skipped, failed): pass the turn on, still in order.
            before = previous.posted if previous else None
            if not mine.posted.done():
                try:
                    await _wait_turn(before)
                finally:
                    if before is not None and not before.done():
                        mine.posted.cancel()  # cancelled while waiting (shutdown): left too
                    _follow(before, mine.posted)
        if handled:  # not reached when cancelled at shutdown: the reply stays owed
            self._pending.pop(ticket, None)

    async def _handle(
        self,
        incoming: Incoming,
        arrived: float,
        previous: _Turns | None,
        mine: _Turns,
    ) -> bool:
        """Reply once, in the channel's turn; False when shutdown came first (still owed)."""
        reply = self._respond(incoming)
        if reply is None:
            return True
        await self._apply_action(reply)
        key = f"reply:{incoming.post_id}"
        lease_s = self._lease_s
        verdict = ""
        claiming_s = [0.0]  # a claim made after this holds its lease until at least + lease_s

        async def still_mine() -> bool:  # right before each attempt: fencing
            now_s = time.time()
            if now_s < claiming_s[0] + lease_s - self.client.max_call_s:
                return True  # fresh: the lease outlasts the longest attempt (the common case)
            renewed: bool = await self._batcher.run(
                self.store.renew, key, self.holder, now_s, lease_s
            )
            return renewed

        async def post() -> str:
            nonlocal verdict
            await _wait_turn(previous.posted if previous else None)
            if previous is not None and previous.posted.cancelled():
                raise _Left
            # Checked here, once per post actually handled: replays, duplicates and retries
            # never count.
            verdict = verdict or self._flood.check(incoming.user_id, time.monotonic())
            if verdict == "silence":
                log.info("post=%s: flood, left unanswered", incoming.post_id)
                _pass(mine.posted)
                return ""
            text = reply.text if verdict == "answer" else SLOW_DOWN_MESSAGE
            props = {"betabot_key": key}
            created = await self.client.create_post(
                reply.channel_id, text, reply.root_id, props, guard=still_mine
            )
            # The next reply of the channel may go; a failed post keeps the turn until retried.
            _pass(mine.posted)
            # Observed as soon as the reply exists, not after the confirmation.
            METRICS.observe_reply(time.monotonic() - arrived, incoming.transport)
            return str(created.get("id", ""))

        async def find_posted() -> str | None:
            return await self.client.find_post_with_key(
                reply.channel_id, key, reply.root_id, since_ms=incoming.create_at
            )

        await _wait_turn(mine.gate)
        try:
            outcome = await self._deliver(key, post, find_posted, claiming_s)
        except MattermostError as err:  # refused (4xx): the same post would be refused again
            log.error("post=%s: reply refused, given up: %s", incoming.post_id, err)
            return True
        except _Left:
            outcome = None
        if outcome is None:
            log.warning("post=%s: shutdown, reply left for the next start", incoming.post_id)
            mine.posted.cancel()  # the channel's later replies wait for the next start too
            return False
        latency_s = time.monotonic() - arrived
        log.info(
            "post=%s intent=%s score=%.0f delivery=%s latency_ms=%.1f",
            incoming.post_id,
            reply.intent,
            reply.score,
            outcome.status,
            latency_s * 1000,
            extra={MESSAGE_TEXT: incoming.text},  # printed only with BETABOT_LOG_MESSAGES=1
        )
        return True

    async def _deliver(
        self,
        key: str,
        post: Callable[[], Awaitable[str]],
        find_posted: Callable[[], Awaitable[str | None]],
        claiming_s: list[float],
    ) -> Outcome | None:
        """`deliver_once`, again after transient failures, until done or shutdown (None).

        `claiming_s[0]` is set to the time right before each claim.

        Raises:
            MattermostError: the server refused the post for good (4xx other than 408/429).
        """
        for failures in itertools.count(1):
            claiming_s[0] = time.time()
            try:
                return await deliver_once(
                    self.store,
                    key,
                    self.holder,
                    post,
                    find_posted,
                    self._lease_s,
                    run=self._batcher.run,
                    keep_claim=still_in_flight,
                )
            except MattermostError as err:
                if not _transient(err):
                    raise
                self.client.on_retry(err.status)
                cap_s = min(REPLY_RETRY_MAX_S, REPLY_RETRY_BASE_S * 2 ** (failures - 1))
                delay_s = random.uniform(0, cap_s)  # noqa: S311 - jitter, not security
                log.warning(
                    "%s: reply failed (%s), retry %d in %.1f s", key, err, failures, delay_s
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay_s)
                if self._stopping.is_set():
                    return None
        raise AssertionError("unreachable")  # pragma: no cover

    def _forget_tail(self, key: str, done: _Turns) -> None:
        if self._tails.get(key) is done:
            del self._tails[key]
            self._windows.pop(key, None)


def _pass(turn: asyncio.Future[None]) -> None:
    """Let the next reply of the channel go."""
    if not turn.done():
        turn.set_result(None)


def _follow(previous: asyncio.Future[None] | None, turn: asyncio.Future[None]) -> None:
    """Pass the turn on once the previous one is done; abandoned (cancelled) stays abandoned."""
    if turn.done():
        return
    if previous is not None and previous.cancelled():
        turn.cancel()
    else:
        turn.set_result(None)


def _transient(err: MattermostError) -> bool:
    """Whether the same post may succeed later (no response, timeout, rate limit, 5xx)."""
    return err.status in (0, 408, 429) or err.status >= 500


async def _wait_turn(previous: asyncio.Future[None] | None) -> None:
    """Wait until the previous reply of the channel was posted, given up or left (cancelled)."""
    if previous is not None and not previous.done():
        await asyncio.wait([previous])
