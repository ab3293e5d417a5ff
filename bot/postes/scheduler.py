"""The schedule of job announcements: APScheduler in the bot's loop, and the digest's trigger.

`build_scheduler()` puts an `Announcer` on an `AsyncIOScheduler`: one round of
postings and reminders every interval (the first at once), the weekly digest on its crontab in
Europe/Paris, and the start-up catch-up of a missed digest. `JobScheduler` starts and stops it
with the app.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.knowledge.postings import PARIS

if TYPE_CHECKING:  # bot.postes.announcer imports this module
    from bot.postes.announcer import Announcer
    from bot.postes.weekly import WeeklyPost
    from bot.store.delivery import Outcome

log = logging.getLogger(__name__)

DEFAULT_DIGEST_CRON = "0 10 * * 1"  # Monday 10:00, Europe/Paris
STOP_DRAIN_S = 10.0  # a round in progress at shutdown gets this long to finish


def digest_trigger(cron: str) -> CronTrigger:
    """The digest's cron trigger in Europe/Paris (so 10:00 stays 10:00 across DST changes).

    The day of the week follows crontab (0 or 7 = Sunday, 1 = Monday), not APScheduler 3's
    `from_crontab`, which reads 0 as Monday.

    Raises:
        ValueError: `cron` is not a five-field crontab expression.
    """
    fields = cron.split()
    if len(fields) != 5:
        raise ValueError(f"expected 5 crontab fields, got {len(fields)}")
    minute, hour, day, month, weekday = fields
    return CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=crontab_weekdays(weekday),
        timezone=PARIS,
    )


_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field (`1`, `1-5`, `*/2`, `mon,fri`) as APScheduler day names.

    Raises:
        ValueError: not a valid crontab day-of-week field.
    """
    if field == "*":
        return field
    days: set[int] = set()
    for item in field.lower().split(","):
        span, _, step = item.partition("/")
        if span == "*":
            first, last = 0, 6
        else:
            low, _, high = span.partition("-")
            first = _weekday_number(low)
            last = _weekday_number(high) if high else (6 if step else first)
        if (step and (not step.isdigit() or int(step) == 0)) or last < first:
            raise ValueError(f"invalid day of week: {item!r}")
        days.update(d % 7 for d in range(first, last + 1, int(step or 1)))
    return ",".join(_WEEKDAYS[d] for d in sorted(days))


def _weekday_number(text: str) -> int:
    if text.isdigit() and int(text) <= 7:
        return int(text)
    if text[:3] in _WEEKDAYS and len(text) == 3:
        return _WEEKDAYS.index(text)
    raise ValueError(f"invalid day of week: {text!r}")


def last_fire_time(trigger: CronTrigger, now: datetime, grace_s: float) -> datetime | None:
    """The latest fire time of `trigger` within `grace_s` seconds before `now`, if any."""
    fire: datetime | None = trigger.get_next_fire_time(None, now - timedelta(seconds=grace_s))
    last = None
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return last


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

    def start(self) -> AsyncIOScheduler:
        """Build and start the scheduler in the running loop; the first round runs at once."""
        self._scheduler = build_scheduler(self.announcer, self._guarded, self._clock())
        for post in self.weekly:
            add_weekly(self._scheduler, post, self._guarded, self._clock(), self.announcer)
        self._scheduler.start()
        return self._scheduler

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
) -> AsyncIOScheduler:
    """An `AsyncIOScheduler` with the postings round, the digest and the start-up catch-up.

    `run(step)` awaits `step(now)`; the caller decides what `now` is and how failures are kept.
    """
    config = announcer.config
    scheduler = AsyncIOScheduler(timezone=PARIS)
    common: dict[str, Any] = {"coalesce": True, "max_instances": 1}
    scheduler.add_job(run, "date", run_date=now, args=[announcer.catch_up_digest], id="catch-up")
    scheduler.add_job(
        run,
        IntervalTrigger(seconds=config.interval_s, timezone=PARIS),
        args=[announcer.tick],
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
