from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.knowledge.timezone import PARIS
from bot.postes.announcer import AnnounceConfig, Announcer
from bot.postes.cron import crontab_weekdays, digest_trigger, last_fire_time
from bot.postes.scheduler import JobScheduler, build_scheduler
from bot.service.config import load_settings
from bot.service.env_values import ConfigError
from bot.service.outgoing import announce_config
from bot.store.store import SqlStore

BASE_ENV = {
    "MATTERMOST_URL": "https://mattermost.example.org",
    "MATTERMOST_TOKEN": "t0ken",
    "MATTERMOST_TEAM": "communaute",
}


def fire_times(cron: str, start: datetime, count: int) -> list[datetime]:
    trigger = digest_trigger(cron)
    times: list[datetime] = []
    fire = trigger.get_next_fire_time(None, start)
    while len(times) < count:
        times.append(fire)
        fire = trigger.get_next_fire_time(fire, fire)
    return times


def test_default_digest_is_monday_10_paris_across_spring_dst_change() -> None:
    start = datetime(2025, 3, 20, tzinfo=PARIS)
    times = fire_times("0 10 * * 1", start, 3)
    assert [t.isoformat() for t in times] == [
        "2025-03-24T10:00:00+01:00",
        "2025-03-31T10:00:00+02:00",
        "2025-04-07T10:00:00+02:00",
    ]
    assert [t.astimezone(UTC).hour for t in times] == [9, 8, 8]


def test_default_digest_is_monday_10_paris_across_autumn_dst_change() -> None:
    times = fire_times("0 10 * * 1", datetime(2025, 10, 20, 11, tzinfo=PARIS), 2)
    assert [t.isoformat() for t in times] == [
        "2025-10-27T10:00:00+01:00",
        "2025-11-03T10:00:00+01:00",
    ]


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("*", "*"),
        ("1", "mon"),
        ("0", "sun"),
        ("7", "sun"),
        ("1-5", "mon,tue,wed,thu,fri"),
        ("5-7", "sun,fri,sat"),
        ("*/2", "sun,tue,thu,sat"),
        ("mon,FRI", "mon,fri"),
    ],
)
def test_crontab_weekdays_follow_crontab_numbering(field: str, names: str) -> None:
    assert crontab_weekdays(field) == names


@pytest.mark.parametrize("field", ["8", "lundi", "5-1", "*/0", "1/a"])
def test_invalid_crontab_weekdays_are_refused(field: str) -> None:
    with pytest.raises(ValueError, match="invalid day of week"):
        crontab_weekdays(field)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2025, 3, 31, 9, 59, tzinfo=PARIS), None),
        (datetime(2025, 3, 31, 10, 0, tzinfo=PARIS), "2025-03-31T10:00:00+02:00"),
        (datetime(2025, 4, 1, 9, 59, tzinfo=PARIS), "2025-03-31T10:00:00+02:00"),
        (datetime(2025, 4, 1, 10, 1, tzinfo=PARIS), None),
    ],
)
def test_last_fire_time_within_24_hours(now: datetime, expected: str | None) -> None:
    found = last_fire_time(digest_trigger("0 10 * * 1"), now, 24 * 3600)
    assert (found.isoformat() if found else None) == expected


def test_announcement_settings_are_read_from_the_environment(tmp_path: Path) -> None:
    env = {
        **BASE_ENV,
        "BETABOT_POSTES_DIR": str(tmp_path),
        "BETABOT_ANNOUNCE_CHANNEL": "~incubateur-embauche",
        "BETABOT_ANNOUNCE_CHANNELS": "Développement=incubateur-embauche-dev, design=~design",
        "BETABOT_POSTES_INTERVAL": "5m",
        "BETABOT_DIGEST_CRON": "30 9 * * 1-5",
    }
    assert announce_config(load_settings(env, env_file=None)) == AnnounceConfig(
        team="communaute",
        channel="incubateur-embauche",
        domain_channels={"developpement": "incubateur-embauche-dev", "design": "design"},
        interval_s=300.0,
        digest_cron="30 9 * * 1-5",
    )


def test_announcement_settings_have_defaults() -> None:
    settings = load_settings(BASE_ENV, env_file=None)
    assert (settings.announce_channel, settings.announce_channels) == ("", ())
    assert (settings.postes_interval_s, settings.digest_cron) == (600.0, "0 10 * * 1")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "BETABOT_ANNOUNCE_CHANNELS",
            "developpement",
            "BETABOT_ANNOUNCE_CHANNELS invalide : attendu domaine=canal séparés par des "
            "virgules, par exemple developpement=incubateur-embauche-developpement.",
        ),
        (
            "BETABOT_POSTES_INTERVAL",
            "dix minutes",
            "BETABOT_POSTES_INTERVAL invalide : attendu une durée non nulle, comme 3 (secondes), "
            "3s, 1m ou 1h.",
        ),
        (
            "BETABOT_POSTES_INTERVAL",
            "0",
            "BETABOT_POSTES_INTERVAL invalide : attendu une durée non nulle, comme 3 (secondes), "
            "3s, 1m ou 1h.",
        ),
        (
            "BETABOT_DIGEST_CRON",
            "lundi 10h",
            "BETABOT_DIGEST_CRON invalide : attendu une expression crontab à cinq champs, "
            "par exemple « 0 10 * * 1 » (lundi 10 h, heure de Paris).",
        ),
    ],
)
def test_malformed_announcement_setting_stops_with_one_french_line(
    name: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({**BASE_ENV, name: value}, env_file=None)
    assert str(caught.value) == message


class Unreachable:
    """A Mattermost that no test round reaches: the scheduler tests only look at jobs."""

    async def create_post(self, *args: object, **kwargs: object) -> dict[str, object]:
        raise AssertionError("no post expected")

    async def find_post_with_key(self, *args: object, **kwargs: object) -> str | None:
        raise AssertionError("no lookup expected")

    async def dm_channel(self, user_id: str) -> str:
        raise AssertionError("no DM expected")

    async def user_id_by_username(self, name: str) -> str | None:
        raise AssertionError("no lookup expected")

    async def channel_id(self, team: str, name: str) -> str:
        raise AssertionError("no lookup expected")


def test_build_scheduler_plans_catch_up_round_and_digest(tmp_path: Path, store: SqlStore) -> None:
    now = datetime(2025, 3, 26, 12, 0, tzinfo=PARIS)  # a Wednesday
    config = AnnounceConfig(team="t", channel="c", interval_s=120)
    announcer = Announcer(store, Unreachable(), config, "holder", tuple)

    async def run(step: object) -> None:
        return None

    scheduler = build_scheduler(announcer, run, now)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert sorted(jobs) == ["catch-up", "digest", "postings"]
    assert jobs["catch-up"].trigger.run_date == now
    assert jobs["postings"].trigger.interval.total_seconds() == 120
    assert jobs["postings"].next_run_time == now
    next_digest = jobs["digest"].trigger.get_next_fire_time(None, now)
    assert next_digest.isoformat() == "2025-03-31T10:00:00+02:00"


async def test_job_scheduler_starts_in_the_loop_and_stops(tmp_path: Path, store: SqlStore) -> None:
    config = AnnounceConfig(team="t", channel="")
    scheduler = JobScheduler(Announcer(store, Unreachable(), config, "holder", tuple))
    started = scheduler.start()
    assert started.running
    await scheduler.stop()
    assert not started.running
