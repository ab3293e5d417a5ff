"""Replies to websocket posts: one queue per channel, one worker loop per busy channel.

A worker takes its channel's oldest post, claims it in the store (still ours? `deliver_once`),
has the policy decide (flood, action, answer), posts the reply and confirms it; then the next
post. Replies keep the order of the questions in each channel; channels run side by side.
A post leaves its queue only once done (answered, ignored, refused for good): after any
other failure it is tried again, and until then the saved watermark does not pass it.
One exception: when deciding the reply itself raises something other than a database or
network error `DECIDE_ATTEMPTS` times (a bug this text triggers), the post is answered with
an apology once, instead of holding its channel's later posts forever.
"""

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from bot.answers import phrases
from bot.conversation import dispatch
from bot.conversation.dispatch import Incoming, Me, Reply
from bot.mattermost.client import MattermostClient, MattermostError, still_in_flight
from bot.mattermost.retry import backoff_s
from bot.service.supervise import report
from bot.store.backends import is_database_error
from bot.store.delivery import Fence, Outcome, deliver_once
from bot.store.store import Store
from bot.telemetry.logs import MESSAGE_TEXT
from bot.telemetry.metrics import METRICS

log = logging.getLogger(__name__)

REPLY_RETRY_BASE_S = 0.25  # a reply that failed is tried again after a delay doubling from
REPLY_RETRY_MAX_S = 60.0  # the base up to this cap (full jitter)
DECIDE_ATTEMPTS = 3  # a reply whose deciding raised (not the store, not the network) this often

Handle = Callable[[Incoming], Awaitable[Reply | None]]


@dataclass
class _Job:
    """One post owed a reply, and the reply decided for it (kept when posting is retried)."""

    incoming: Incoming
    arrived_s: float  # time.monotonic() when it was queued
    decided: bool = False  # the policy ran: flood counted and action applied, once
    reply: Reply | None = None
    decide_failures: int = 0  # times deciding raised a bug (not the store, not the network)

    @property
    def key(self) -> str:
        return f"reply:{self.incoming.post_id}"


class ReplyWorker:
    """Answers websocket posts exactly once, each channel's in order."""

    def __init__(
        self,
        store: Store,
        client: MattermostClient,
        holder: str,
        lease_s: float,
        me: Me,
        handle: Handle,
        stopping: asyncio.Event,
        seen_ms: int,
        on_delivered: Callable[[Reply, str], Awaitable[None]] | None = None,
    ) -> None:
        """Keep the collaborators; `stopping` set means no more posts are taken.

        `on_delivered(reply, post_id)` runs once per answer this replica posted (not for the
        flood warning, a skipped or a found one): the maintainers' loop hooks there.
        """
        self._store = store
        self._client = client
        self._holder = holder
        self._lease_s = lease_s
        self._me = me
        self._handle = handle
        self._stopping = stopping
        self._on_delivered = on_delivered
        self._queues: dict[str, deque[_Job]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        # Post id -> create_at of every post queued and not done: a replay or a backfill of
        # one of them is dropped, and the watermark stays at or before the oldest.
        self._owed: dict[str, int] = {}
        self.seen_ms = seen_ms  # create_at of the newest post seen on the websocket

    def enqueue(self, incoming: Incoming) -> None:
        """Queue a websocket or backfilled post addressed to the bot, behind its channel's."""
        if self._stopping.is_set() or incoming.post_id in self._owed:
            return
        self.seen_ms = max(self.seen_ms, incoming.create_at)
        if not dispatch.is_for_me(incoming, self._me):
            return  # most posts of a channel: nothing to claim, nothing owed
        self._owed[incoming.post_id] = incoming.create_at
        channel = incoming.channel_id
        self._queues.setdefault(channel, deque()).append(_Job(incoming, time.monotonic()))
        if channel not in self._workers:
            self._workers[channel] = asyncio.create_task(self._work(channel))

    def watermark(self) -> int:
        """The newest post seen, but never past a post still owed a reply (restart backfill)."""
        return min([self.seen_ms, *self._owed.values()])

    async def drain(self, timeout_s: float) -> None:
        """Let the workers finish their queues, up to `timeout_s`; cancel the late ones.

        A cancelled reply releases its claim and stays owed: the next start answers it.
        """
        workers = list(self._workers.values())
        if not workers:
            return
        _, late = await asyncio.wait(workers, timeout=timeout_s)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
        if self._owed:
            log.warning("shutdown: %d replies left for the next start", len(self._owed))

    async def _work(self, channel: str) -> None:
        """The channel's worker: its posts one after the other, until its queue is empty."""
        queue = self._queues[channel]
        try:
            while queue:
                job = queue[0]
                if not await self._reply(job):
                    return  # shutdown: this post and the channel's later ones stay owed
                queue.popleft()
                del self._owed[job.incoming.post_id]
        finally:
            del self._workers[channel]
            if not queue:
                del self._queues[channel]

    async def _reply(self, job: _Job) -> bool:
        """Deliver one reply, trying again after failures; False when shutdown came first."""
        failures = 0
        while True:
            try:
                outcome = await deliver_once(
                    self._store,
                    job.key,
                    self._holder,
                    partial(self._post, job),
                    partial(self._find_posted, job),
                    self._lease_s,
                    keep_claim=still_in_flight,
                    max_call_s=self._client.max_call_s,
                )
            except MattermostError as err:
                if not _transient(err):  # refused (4xx): the same post would be refused again
                    log.error("post=%s: reply refused, given up: %s", job.incoming.post_id, err)
                    return True
                self._client.on_retry(err.status)
                log.warning("post=%s: reply failed (%s), retried", job.incoming.post_id, err)
            except Exception as err:  # the loop boundary: a store error, a bug
                report("replies", err)
            else:
                self._log(job, outcome)
                await self._delivered(job, outcome)
                return True
            failures += 1
            if not await self._pause(failures):
                return False

    async def _post(self, job: _Job, still_mine: Fence) -> str:
        """Under the claim: decide once (flood, action, answer), then post; the post's id."""
        if not job.decided:
            job.reply = await self._decide(job)
            job.decided = True
        reply = job.reply
        if reply is None:
            return ""  # nothing to say (flood): done all the same
        # The one place a reply is posted. An ephemeral reply (the flood warning) in a channel
        # goes to the asker alone when the server allows it; else (a 403, remembered by the
        # client) or in a DM, it is posted in the thread as any reply.
        if reply.ephemeral and job.incoming.channel_type != "D":
            shown = await self._client.create_ephemeral_post(
                job.incoming.user_id, reply.channel_id, reply.text, reply.root_id
            )
            if shown:
                return ""
        props = {"betabot_key": job.key, **reply.extra_props}
        created = await self._client.create_post(
            reply.channel_id, reply.text, reply.root_id, props, guard=still_mine
        )
        METRICS.observe_reply(time.monotonic() - job.arrived_s, job.incoming.transport)
        return str(created.get("id", ""))

    async def _decide(self, job: _Job) -> Reply | None:
        """The policy's reply; after `DECIDE_ATTEMPTS` bugs on this post, the apology."""
        try:
            return await self._handle(job.incoming)
        except (MattermostError, OSError, TimeoutError):
            raise  # the network: tried again until it comes back
        except Exception as err:
            if is_database_error(err):
                raise  # the database: tried again until it comes back
            job.decide_failures += 1
            if job.decide_failures < DECIDE_ATTEMPTS:
                raise
            report("replies", err)
            log.error(
                "post=%s: answering failed %d times, apology posted",
                job.incoming.post_id,
                job.decide_failures,
            )
            return failure_reply(job.incoming)

    async def _delivered(self, job: _Job, outcome: Outcome) -> None:
        reply = job.reply
        posted = outcome.status == "posted" and reply is not None and reply.intent != "flood"
        if posted and reply is not None and self._on_delivered is not None:
            await self._on_delivered(reply, outcome.result)

    async def _find_posted(self, job: _Job) -> str | None:
        incoming = job.incoming
        root_id = dispatch.reply_root(incoming)
        return await self._client.find_post_with_key(
            incoming.channel_id, job.key, root_id, since_ms=incoming.create_at
        )

    async def _pause(self, failures: int) -> bool:
        """Wait before trying again (backoff, full jitter); False when stopping meanwhile."""
        delay_s = backoff_s(failures, REPLY_RETRY_BASE_S, REPLY_RETRY_MAX_S)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), delay_s)
        return not self._stopping.is_set()

    def _log(self, job: _Job, outcome: Outcome) -> None:
        reply = job.reply
        log.info(
            "post=%s intent=%s score=%.0f delivery=%s latency_ms=%.1f",
            job.incoming.post_id,
            reply.intent if reply else "-",
            reply.score if reply else 0.0,
            outcome.status,
            (time.monotonic() - job.arrived_s) * 1000,
            extra={MESSAGE_TEXT: job.incoming.text},  # printed only with BETABOT_LOG_MESSAGES=1
        )


def failure_reply(incoming: Incoming) -> Reply:
    """The apology for a post the bot could not answer, in the post's thread."""
    return Reply(
        text=phrases.REPLY_FAILED,
        channel_id=incoming.channel_id,
        root_id=dispatch.reply_root(incoming),
        reply_to=incoming.post_id,
        intent="error",
        user_id=incoming.user_id,
    )


def _transient(err: MattermostError) -> bool:
    """Whether the same post may succeed later (no response, timeout, rate limit, 5xx)."""
    return err.status in (0, 408, 429) or err.status >= 500
