"""The schedule of job announcements: APScheduler in the bot's loop.

`build_scheduler()` puts an `Announcer` on an `AsyncIOScheduler`: one round of
postings and reminders every interval (the first at once), the weekly digest on its crontab in
Europe/Paris, and the start-up catch-up of a missed digest. `JobScheduler` starts and stops it
with the app.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.knowledge.timezone import PARIS
from bot.postes.announcer import Announcer
from bot.postes.cron import digest_trigger
from bot.postes.weekly import WeeklyPost
from bot.store.delivery import Outcome

log = logging.getLogger(__name__)

STOP_DRAIN_S = 10.0  # a round in progress at shutdown gets this long to finish


class JobScheduler:
    """The APScheduler wrapper the app starts and stops with itself."""

    def __init__(
        self,
        announcer: Announcer,
        clock: Callable[[], datetime] | None = None,
        report: Callable[[str, BaseException], None] | None = None,
        weekly: Sequence[WeeklyPost] = (),
    ) -> None:
        """Prepare; the scheduler is created and started in `start()`.

        `report(where, error)` logs and counts a failed round (default: logged only); the
        next round, or the next start, tries again. `weekly` posts (the maintainers' report)
        run on their crontab beside the digest.
        """
        self.announcer = announcer
        self.weekly = tuple(weekly)
        self._clock = clock or (lambda: datetime.now(PARIS))
        self._report = report or _log_failure
        self._scheduler: AsyncIOScheduler | None = None
        self._running: set[asyncio.Task[Any]] = set()
        self._in_round = False
        self._again = False  # woken during a round: run it once more right after

    def start(self) -> AsyncIOScheduler:
        """Build and start the scheduler in the running loop; the first round runs at once."""
        self._scheduler = build_scheduler(self.announcer, self._guarded, self._clock(), self._tick)
        for post in self.weekly:
            add_weekly(self._scheduler, post, self._guarded, self._clock(), self.announcer)
        self._scheduler.start()
        return self._scheduler

    def wake(self) -> None:
        """Run the postings round now (the postings changed), not at the next interval.

        During a round, that round runs once more when it ends: APScheduler would skip a
        second instance, and the change may have come after the round read the postings.
        """
        if self._scheduler is None or not self._scheduler.running:
            return
        if self._in_round:
            self._again = True
            return
        self._scheduler.modify_job("postings", next_run_time=self._clock())

    async def _tick(self, now: datetime) -> None:
        self._in_round = True
        try:
            await self.announcer.tick(now)
            while self._again:
                self._again = False
                await self.announcer.tick(self._clock())
        finally:
            self._in_round = False

    async def stop(self) -> None:
        """Stop scheduling; let a round in progress finish (bounded), then cancel it."""
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)  # queued on the loop with call_soon_threadsafe
            done = asyncio.get_running_loop().create_future()
            asyncio.get_running_loop().call_soon(done.set_result, None)
            await done  # FIFO: once this resolves, the queued shutdown has run
        if self._running:
            _, late = await asyncio.wait(set(self._running), timeout=STOP_DRAIN_S)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    async def _guarded(self, step: Callable[[datetime], Awaitable[Any]]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            await step(self._clock())
        except asyncio.CancelledError:
            # Only stop() cancels a round; its claims were released, the next start resumes.
            log.warning("scheduled job %s cancelled at shutdown", getattr(step, "__name__", step))
        except Exception as err:  # the loop boundary: the next round tries again
            self._report(f"jobs.{getattr(step, '__name__', 'step')}", err)
        finally:
            if task is not None:
                self._running.discard(task)


def _log_failure(where: str, err: BaseException) -> None:
    log.error("%s failed: %s", where, type(err).__name__)


def build_scheduler(
    announcer: Announcer,
    run: Callable[[Callable[[datetime], Awaitable[Any]]], Awaitable[None]],
    now: datetime,
    tick: Callable[[datetime], Awaitable[None]] | None = None,
) -> AsyncIOScheduler:
    """An `AsyncIOScheduler` with the postings round, the digest and the start-up catch-up.

    `run(step)` awaits `step(now)`; the caller decides what `now` is and how failures are kept.
    `tick` is the postings round (`announcer.tick` by default).
    """
    config = announcer.config
    scheduler = AsyncIOScheduler(timezone=PARIS)
    common: dict[str, Any] = {"coalesce": True, "max_instances": 1}
    scheduler.add_job(run, "date", run_date=now, args=[announcer.catch_up_digest], id="catch-up")
    scheduler.add_job(
        run,
        IntervalTrigger(seconds=config.interval_s, timezone=PARIS),
        args=[tick or announcer.tick],
        id="postings",
        next_run_time=now,
        misfire_grace_time=int(config.interval_s),
        **common,
    )
    scheduler.add_job(
        run,
        digest_trigger(config.digest_cron),
        args=[_digest_step(announcer)],
        id="digest",
        misfire_grace_time=int(config.digest_grace_s),
        **common,
    )
    return scheduler


def add_weekly(
    scheduler: AsyncIOScheduler,
    post: WeeklyPost,
    run: Callable[[Callable[[datetime], Awaitable[Any]]], Awaitable[None]],
    now: datetime,
    announcer: Announcer,
) -> None:
    """Schedule a weekly post as the digest is: its crontab, a catch-up now, retries each round."""
    common: dict[str, Any] = {"coalesce": True, "max_instances": 1}
    interval_s = announcer.config.interval_s
    scheduler.add_job(run, "date", run_date=now, args=[post.catch_up], id=f"{post.name}-catch-up")
    scheduler.add_job(
        run,
        digest_trigger(post.cron),
        args=[post.send],
        id=post.name,
        misfire_grace_time=int(post.grace_s),
        **common,
    )
    scheduler.add_job(
        run,
        IntervalTrigger(seconds=interval_s, timezone=PARIS),
        args=[post.retry],
        id=f"{post.name}-retry",
        misfire_grace_time=int(interval_s),
        **common,
    )


def _digest_step(announcer: Announcer) -> Callable[[datetime], Awaitable[Any]]:
    async def digest(now: datetime) -> Outcome | None:
        return await announcer.send_digest(now)

    return digest
