"""A weekly post on a crontab, exactly once across replicas and restarts (like the digest).

`WeeklyPost` posts the text its `compose(scheduled)` returns to one channel under the key
`<name>:<YYYY-MM-DD of the scheduled run>` through the `Outbox` (claim, post, confirm). As for
the digest: a run missed while the bot was down is sent at start-up within the grace period,
once, unless the bot was first started after it was due; a failed post is retried by later
rounds within that period. Used for the maintainers' weekly report.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.knowledge.timezone import PARIS
from bot.postes.cron import digest_trigger, last_fire_time
from bot.postes.outbox import Clock, Outbox
from bot.store.delivery import Outcome

log = logging.getLogger(__name__)

WEEKLY_GRACE_S = 24 * 3600.0  # a missed run is sent at start-up, or retried, within this delay


class WeeklyPost:
    """One weekly message (`name`: its key prefix) on crontab `cron`, Europe/Paris."""

    def __init__(
        self,
        outbox: Outbox,
        name: str,
        cron: str,
        channel: str,
        compose: Callable[[datetime], Awaitable[str]],
        grace_s: float = WEEKLY_GRACE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Keep the collaborators; `channel` empty: nothing is ever posted."""
        self.outbox = outbox
        self.name = name
        self.cron = cron
        self.channel = channel
        self.compose = compose
        self.grace_s = grace_s
        self._elapsed = clock

    def key(self, scheduled: datetime) -> str:
        """The store key of the run scheduled at `scheduled`."""
        return f"{self.name}:{scheduled.astimezone(PARIS).date().isoformat()}"

    async def send(self, scheduled: datetime, now: datetime | None = None) -> Outcome | None:
        """Post the run scheduled at `scheduled` unless done; None without a channel."""
        now = now or scheduled
        if not self.channel:
            return None
        store = self.outbox.store
        key = self.key(scheduled)
        await asyncio.to_thread(store.set_state, f"due:{key}", "1")  # retried from now on
        if await asyncio.to_thread(store.is_done, key):
            return None
        text = await self.compose(scheduled)
        channel_id = await self.outbox.channel(self.channel)
        outcome = await self.outbox.deliver(key, channel_id, text, self._clock(now), self.name)
        log.info("%s: %s", key, outcome.status)
        return outcome

    async def catch_up(self, now: datetime) -> Outcome | None:
        """At start-up: send the last run if within grace and the bot was running before it."""
        store = self.outbox.store
        started = f"{self.name}:first-start"
        first = await asyncio.to_thread(store.get_state, started)
        if first is None:
            await asyncio.to_thread(store.set_state, started, now.isoformat())
            return None
        scheduled = last_fire_time(digest_trigger(self.cron), now, self.grace_s)
        if scheduled is None or scheduled <= datetime.fromisoformat(first):
            return None
        return await self.send(scheduled, now)

    async def retry(self, now: datetime) -> Outcome | None:
        """Send the last run again if it was due but is not done (within grace)."""
        scheduled = last_fire_time(digest_trigger(self.cron), now, self.grace_s)
        if scheduled is None:
            return None
        key = self.key(scheduled)
        store = self.outbox.store
        if await asyncio.to_thread(store.get_state, f"due:{key}") is None:
            return None
        return await self.send(scheduled, now)

    def _clock(self, now: datetime) -> Clock:
        started = self._elapsed()
        return lambda: now.timestamp() + (self._elapsed() - started)
