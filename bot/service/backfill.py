"""Websocket catch-up: read a gap's posts back over REST, holding live posts meanwhile."""

import asyncio
import contextlib
import itertools
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any

from bot.conversation.dispatch import Incoming, Me
from bot.mattermost import events
from bot.mattermost.client import MattermostClient
from bot.mattermost.listener import Gap
from bot.mattermost.retry import backoff_s
from bot.service.replies import REPLY_RETRY_BASE_S, REPLY_RETRY_MAX_S, ReplyWorker

log = logging.getLogger(__name__)

BACKFILL_SKEW_MS = 30_000  # look this far behind the last seen post (clock skew, races)
BACKFILL_MAX_MS = 24 * 3600 * 1000  # never answer older questions after a long outage


class Backfill:
    """Feeds the reply pipeline from websocket frames and, after a gap, from REST."""

    def __init__(
        self,
        client: MattermostClient,
        me: Me,
        replies: ReplyWorker,
        resuming: bool,
        stopping: asyncio.Event,
        spawn: Callable[[Coroutine[Any, Any, None], str], None],
    ) -> None:
        """Keep the collaborators; `resuming` means a previous run left a watermark."""
        self.client = client
        self.me = me
        self._replies = replies
        self._resuming = resuming
        self._stopping = stopping
        self._spawn = spawn
        # While a backfill runs, live posts wait here: enqueued after the gap's posts, so
        # replies keep the questions' order even when the websocket is back first.
        self._held: list[Incoming] = []
        self._backfills = 0

    def on_frame(self, frame: dict[str, Any]) -> None:
        """Parse a websocket frame; hold the post while a backfill runs, else enqueue it."""
        incoming = events.to_incoming(frame, self.me)
        if incoming is not None and self._backfills:
            self._held.append(incoming)
        elif incoming is not None:
            self._replies.enqueue(incoming)

    def on_gap(self, kind: Gap) -> None:
        """Events may have been missed: backfill from just before the newest post seen."""
        now_ms = int(time.time() * 1000)
        until: int | None = None
        if kind == "first" and not self._resuming:
            # First run on this database: no history, but what was posted between the start
            # (the watermark) and this first connection is read back, and only that: later
            # posts come live (an edit that adds a mention to one of them is not a question).
            since, until = self._replies.seen_ms, now_ms
            log.debug("websocket: first connection, reading back since the start %d", since)
        else:
            since = max(self._replies.seen_ms - BACKFILL_SKEW_MS, now_ms - BACKFILL_MAX_MS)
            log.info("websocket: %s gap, backfilling since %d", kind, since)
        self._backfills += 1
        self._spawn(self._backfill_then_release(since, until), "backfill")

    async def _backfill_then_release(self, since_ms: int, until_ms: int | None) -> None:
        try:
            await self._backfill_until_done(since_ms, until_ms)
        finally:
            self._backfills -= 1
            if not self._backfills:
                held, self._held = self._held, []
                for incoming in held:  # already queued by the backfill: dropped there
                    self._replies.enqueue(incoming)

    async def _backfill_until_done(self, since_ms: int, until_ms: int | None) -> None:
        """Backfill, again with backoff after a failure (e.g. 5xx right after a restart)."""
        for failures in itertools.count(1):
            try:
                await self._backfill(since_ms, until_ms)
                return
            except Exception as err:  # the loop boundary: the gap must still be read
                delay_s = backoff_s(failures, REPLY_RETRY_BASE_S, REPLY_RETRY_MAX_S)
                log.warning(
                    "backfill failed (%s), retry %d in %.1f s",
                    type(err).__name__,
                    failures,
                    delay_s,
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay_s)
                if self._stopping.is_set():
                    return

    async def _backfill(self, since_ms: int, until_ms: int | None) -> None:
        """Enqueue the questions created from `since_ms` (up to `until_ms` when given)."""
        me = self.me
        for channel_id, channel_type in await self.client.my_channels():
            for post in await self.client.posts_since(channel_id, since_ms):
                # `since` returns posts *updated* since then, and the roots of updated
                # threads: only questions asked in the gap, and not deleted, are answered.
                created = int(post.get("create_at") or 0)
                late = until_ms is not None and created > until_ms
                if created < since_ms or late or post.get("delete_at"):
                    continue
                mentioned = events.mentions_name(str(post.get("message", "")), me)
                incoming = events.post_to_incoming(post, channel_type, mentioned)
                if incoming is not None:
                    # Edited before the bot ever saw it: still a question, as it now reads.
                    self._replies.enqueue(replace(incoming, edited=False))
