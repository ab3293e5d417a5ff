"""Crontab helpers for the digest: the trigger in Europe/Paris, crontab weekdays, last fire time.

Imports only APScheduler's trigger and the time zone constant, so that the settings can
validate BETABOT_DIGEST_CRON without importing the announcer (no import cycle).
"""

from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from bot.knowledge.timezone import PARIS

DEFAULT_DIGEST_CRON = "0 10 * * 1"  # Monday 10:00, Europe/Paris


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
