"""The maintainers' weekly report: posted once per week, across replicas and restarts."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

from bot.knowledge.timezone import PARIS
from bot.postes.scheduler import digest_trigger
from bot.service.app import App
from bot.service.config import Settings
from bot.service.report import build_report, render_report
from bot.store.backends import open_store
from bot.store.questions import AskedQuestion
from tests.app_settings import app_settings
from tests.fake_mattermost import FakeMattermost

ADMIN = "betabot-admin"
# The last Monday 9:00 before now: the store purges anything older than 90 days at start-up.
_TODAY = datetime.now(PARIS).replace(hour=9, minute=0, second=0, microsecond=0)
MONDAY_9 = _TODAY - timedelta(days=_TODAY.weekday() + 7)
KEY = f"report:{MONDAY_9.date().isoformat()}"


@asynccontextmanager
async def running(mm: FakeMattermost, tmp_path: Path, url: str) -> AsyncIterator[App]:
    app = App(app_settings(mm, tmp_path, database_url=url, admin_channel=ADMIN))
    await app.start()
    try:
        yield app
    finally:
        await app.stop()


def reports(mm: FakeMattermost) -> list[tuple[str, str]]:
    bot_id = mm.user("betabot")["id"]
    return [
        (p["message"], p["props"]["betabot_key"])
        for p in mm.posts_in(ADMIN)
        if p["user_id"] == bot_id and p["props"].get("betabot_key", "").startswith("report:")
    ]


def test_the_report_runs_on_monday_9_paris_by_default() -> None:
    trigger = digest_trigger(Settings.report_cron)
    after = datetime(2026, 3, 3, 12, 0, tzinfo=PARIS)
    assert trigger.get_next_fire_time(None, after) == datetime(2026, 3, 9, 9, 0, tzinfo=PARIS)


async def test_two_replicas_on_postgresql_post_the_weekly_report_once(
    mm: FakeMattermost, tmp_path: Path, postgres_db: str
) -> None:
    mm.add_channel(ADMIN, members=["betabot"])
    async with (
        running(mm, tmp_path / "a", postgres_db) as a,
        running(mm, tmp_path / "b", postgres_db) as b,
    ):
        asked = AskedQuestion("le blorgatron", "unknown", "", ("Logement",), 0.0, 1)
        for _ in range(2):
            await asyncio.to_thread(
                a.feedback.log.record_question, MONDAY_9.date() - timedelta(1), asked
            )
        await asyncio.to_thread(a.feedback.log.count_question, MONDAY_9.date(), "unknown")
        first, second = a.weekly_report(), b.weekly_report()
        outcomes = await asyncio.gather(first.send(MONDAY_9), second.send(MONDAY_9))
        assert sorted(o.status if o else "none" for o in outcomes) in (
            ["none", "posted"],
            ["posted", "skipped"],
        )
        # Later rounds (retries) and a second firing change nothing.
        assert await second.retry(MONDAY_9 + timedelta(minutes=10)) is None
        assert await first.send(MONDAY_9) is None
        expected = render_report(build_report(a.feedback.log, MONDAY_9.date() - timedelta(1), 7))
    assert reports(mm) == [(expected, KEY)]
    assert "- `le blorgatron` — 2 fois ; sujets proches : Logement" in expected.splitlines()
    # A restart the same day, within the grace period: the catch-up finds it done.
    async with running(mm, tmp_path / "c", postgres_db) as c:
        assert await c.weekly_report().catch_up(MONDAY_9 + timedelta(hours=2)) is None
    assert len(reports(mm)) == 1


async def test_a_report_missed_while_down_is_sent_at_start_up_once(
    mm: FakeMattermost, tmp_path: Path, sqlite_url: str
) -> None:
    mm.add_channel(ADMIN, members=["betabot"])
    store = open_store(sqlite_url)  # the bot first started two days before that Monday
    store.set_state("report:first-start", (MONDAY_9 - timedelta(days=2)).isoformat())
    store.close()
    async with running(mm, tmp_path, sqlite_url) as app:
        report = app.weekly_report()
        outcome = await report.catch_up(MONDAY_9 + timedelta(hours=3))  # restarted after 9:00
        assert outcome is not None
        assert outcome.status == "posted"
        assert await report.catch_up(MONDAY_9 + timedelta(hours=4)) is None
        # A week later, more than the grace period after: nothing is caught up.
        assert await report.catch_up(MONDAY_9 + timedelta(days=8, hours=3)) is None
    assert [key for _, key in reports(mm)] == [KEY]


async def test_a_report_due_before_the_first_start_is_not_caught_up(
    mm: FakeMattermost, tmp_path: Path, sqlite_url: str
) -> None:
    mm.add_channel(ADMIN, members=["betabot"])
    async with running(mm, tmp_path, sqlite_url) as app:  # first start: now
        assert await app.weekly_report().catch_up(MONDAY_9 + timedelta(hours=3)) is None
    assert reports(mm) == []
