"""The store's upkeep while the bot runs: the websocket watermark saved, old records purged."""

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime

from bot.knowledge.timezone import PARIS
from bot.service.feedback import Feedback
from bot.store.store import Store

log = logging.getLogger(__name__)

SEEN_SAVE_INTERVAL_S = 5.0
_SEEN_STATE = "websocket:last_create_at"
REPLY_RETENTION_S = 30 * 24 * 3600.0  # handled post ids are forgotten after this (README)
PURGE_INTERVAL_S = 3600.0


class SeenWatermark:
    """The `create_at` (ms) of the last post handled, kept in the store across restarts."""

    def __init__(self, store: Store) -> None:
        """Nothing is read before `load()`."""
        self.store = store
        self._saved_ms = 0

    async def load(self, now_ms: int) -> tuple[int, bool]:
        """The saved watermark (or `now_ms` on a new database), and whether one was saved."""
        saved = await asyncio.to_thread(self.store.get_state, _SEEN_STATE)
        seen_ms = int(saved) if saved else now_ms
        if saved is None:
            # First start on this database: saved at once, so that a crash before the first
            # periodic save still leaves a watermark, and the next start backfills from it.
            await asyncio.to_thread(self.store.set_state, _SEEN_STATE, str(seen_ms))
        self._saved_ms = seen_ms
        return seen_ms, saved is not None

    async def save_forever(self, watermark: Callable[[], int]) -> None:
        """Every SEEN_SAVE_INTERVAL_S, save `watermark()` when it moved."""
        while True:
            await asyncio.sleep(SEEN_SAVE_INTERVAL_S)
            await asyncio.to_thread(self.save, watermark())

    def save(self, watermark: int) -> None:
        """Save `watermark` unless it is the one saved last (blocking: a store call)."""
        if watermark != self._saved_ms:
            self.store.set_state(_SEEN_STATE, str(watermark))
            self._saved_ms = watermark


async def purge_forever(store: Store, feedback: Feedback | None) -> None:
    """Every PURGE_INTERVAL_S, forget handled post ids, spent buttons and old questions."""
    while True:
        before_s = time.time() - REPLY_RETENTION_S
        purged = await asyncio.to_thread(store.purge_done, before_s)
        # Spent buttons: a click after this long answers again (the post is old).
        purged += await asyncio.to_thread(store.purge_done, before_s, "action:")
        if purged:  # an idle bot writes nothing
            log.info("store: %d handled post ids past retention purged", purged)
        if feedback is not None:
            forgotten = await feedback.purge(datetime.now(PARIS))
            if forgotten:
                log.info("store: %d questions, answers, votes past 90 days purged", forgotten)
        await asyncio.sleep(PURGE_INTERVAL_S)
