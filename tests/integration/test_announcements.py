"""Job announcements against the fake Mattermost server, with the real client and store.

Time is given (`now`), never slept: each call is one scheduled round at that instant.
"""

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.answers.answer import subscription
from bot.answers.render import render_answer, render_posting_announcement, render_postings_digest
from bot.knowledge.postings import load_postings, parse_posting
from bot.knowledge.timezone import PARIS
from bot.mattermost.client import MattermostClient, MattermostError
from bot.postes.announcer import AnnounceConfig, Announcer, PostingsSource
from bot.service.app import App
from bot.service.config import Settings, parse_server_url
from bot.store.backends import open_store
from bot.store.store import SqlStore
from bot.telemetry.metrics import Metrics
from tests.app_settings import app_settings as make_settings
from tests.fake_mattermost.server import FakeMattermost
from tests.paths import ARCHIVE

TOKEN = "betabot-token-0123456789abcd"  # noqa: S105 - a token of the fake server only
CHANNEL = "incubateur-embauche"
DEV_CHANNEL = "incubateur-embauche-developpement"
NOW = datetime(2025, 3, 10, 9, 0, tzinfo=PARIS)  # a Monday, before the 10:00 digest
LEASE_S = 60.0
REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "knowledge" / "postes" / "2024-01-01-responsables-de-portefeuille.md"
Json = dict[str, Any]


@pytest.fixture
async def fake() -> AsyncIterator[FakeMattermost]:
    server = await FakeMattermost().start()
    server.add_bot("betabot", token=TOKEN)
    for name in ("alice", "bob", "carole"):
        server.add_user(name)
    server.add_channel(CHANNEL, members=["betabot", "alice"])
    server.add_channel(DEV_CHANNEL, members=["betabot"])
    yield server
    await server.close()


@pytest.fixture
async def client(fake: FakeMattermost) -> AsyncIterator[MattermostClient]:
    made = MattermostClient(parse_server_url(fake.url), TOKEN)
    await made.login()
    yield made
    await made.aclose()


@pytest.fixture
def db(sqlite_url: str) -> Iterator[SqlStore]:
    opened = open_store(sqlite_url)
    yield opened
    opened.close()


@pytest.fixture
def postes(tmp_path: Path) -> Path:
    folder = tmp_path / "postes"
    folder.mkdir()
    return folder


def folder_postings(postes: Path) -> PostingsSource:
    """The postings as the app's knowledge reload would give them: the folder, read now."""
    return lambda: load_postings(postes)[0]


def config(postes: Path, **changes: Any) -> AnnounceConfig:
    base = AnnounceConfig(team="betagouv", channel=CHANNEL, lease_s=LEASE_S)
    return replace(base, **changes)


def announcer(
    db: SqlStore, client: MattermostClient, postes: Path, holder: str = "replica-a", **changes: Any
) -> Announcer:
    return Announcer(db, client, config(postes, **changes), holder, folder_postings(postes))


def write_posting(
    folder: Path,
    slug: str = "2025-03-01-dev-front",
    *,
    is_open: bool = True,
    extra: str = "",
) -> Path:
    path = folder / f"{slug}.md"
    path.write_text(
        f"---\nroles: Dev front\nopen: {'true' if is_open else 'false'}\nstartup: aides.jeunes\n"
        f"{extra}---\nL'équipe recrute une ou un dev front.\n<!--more-->\n## Candidater\n\n"
        "Écrivez-nous sur Mattermost.\n",
        encoding="utf-8",
    )
    return path


def announcement_of(path: Path, reopened: bool = False, to_subscriber: bool = False) -> str:
    posting, problems = parse_posting(path)
    assert problems == []
    assert posting is not None
    return render_posting_announcement(posting, reopened=reopened, to_subscriber=to_subscriber)


def bot_posts(fake: FakeMattermost, channel: str) -> list[tuple[str, str]]:
    """(message, betabot_key) of every bot post in `channel`, oldest first."""
    bot_id = fake.user("betabot")["id"]
    return [
        (p["message"], p["props"].get("betabot_key", ""))
        for p in sorted(fake.posts_in(channel), key=lambda p: p["create_at"])
        if p["user_id"] == bot_id
    ]


def dms_to(fake: FakeMattermost, username: str) -> list[tuple[str, str]]:
    """(message, betabot_key) of the bot's direct messages to `username`."""
    bot_id, user_id = fake.user("betabot")["id"], fake.user(username)["id"]
    return [
        (p["message"], p["props"].get("betabot_key", ""))
        for p in fake.posts_by("betabot")
        if fake.channel(p["channel_id"])["type"] == "D"
        and fake.channel(p["channel_id"])["name"]
        in (f"{bot_id}__{user_id}", f"{user_id}__{bot_id}")
    ]


# --- announcements ----------------------------------------------------------------------------


async def test_open_posting_is_announced_once_with_a_tagged_post(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    path = write_posting(postes)
    bot = announcer(db, client, postes)
    outcomes = await bot.announce_new_jobs(NOW)
    assert [o.status for o in outcomes] == ["posted"]
    expected = [(announcement_of(path), "announce:2025-03-01-dev-front:1")]
    assert bot_posts(fake, CHANNEL) == expected
    assert await bot.announce_new_jobs(NOW + timedelta(minutes=10)) == []
    assert bot_posts(fake, CHANNEL) == expected


async def test_restart_does_not_announce_again(
    fake: FakeMattermost, client: MattermostClient, sqlite_url: str, postes: Path
) -> None:
    write_posting(postes)
    first = open_store(sqlite_url)
    await announcer(first, client, postes, holder="before").announce_new_jobs(NOW)
    first.close()
    second = open_store(sqlite_url)
    try:
        later = NOW + timedelta(hours=1)
        assert (
            await announcer(second, client, postes, holder="after").announce_new_jobs(later) == []
        )
    finally:
        second.close()
    assert len(bot_posts(fake, CHANNEL)) == 1


async def test_closed_and_depublished_postings_are_never_announced(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    shutil.copy(SEED, postes / SEED.name)
    write_posting(postes, "2025-01-01-ferme", is_open=False)
    write_posting(postes, "2025-01-02-depublie", extra="depublication_date: 2025-03-10\n")
    bot = announcer(db, client, postes)
    assert await bot.announce_new_jobs(NOW) == []
    assert bot_posts(fake, CHANNEL) == []


@pytest.mark.skipif(not ARCHIVE.is_dir(), reason=f"posting archive absent: {ARCHIVE}")
async def test_archive_of_543_postings_announces_none(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore
) -> None:
    bot = announcer(db, client, ARCHIVE)
    assert await bot.announce_new_jobs(NOW) == []
    assert await bot.send_digest(NOW) is None
    assert bot_posts(fake, CHANNEL) == []


async def test_reopened_posting_is_announced_again_as_reopened_once(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    path = write_posting(postes)
    bot = announcer(db, client, postes)
    await bot.announce_new_jobs(NOW)
    write_posting(postes, is_open=False)
    assert await bot.announce_new_jobs(NOW + timedelta(days=1)) == []
    write_posting(postes)
    await bot.announce_new_jobs(NOW + timedelta(days=2))
    await bot.announce_new_jobs(NOW + timedelta(days=3))
    assert bot_posts(fake, CHANNEL) == [
        (announcement_of(path), "announce:2025-03-01-dev-front:1"),
        (announcement_of(path, reopened=True), "announce:2025-03-01-dev-front:2"),
    ]
    assert bot_posts(fake, CHANNEL)[1][0].startswith("#### Poste à nouveau ouvert : ")


async def test_posting_goes_to_the_channel_of_its_domain(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    dev = write_posting(postes, "2025-03-01-dev", extra="domaines:\n  - Développement\n")
    other = write_posting(postes, "2025-03-02-anim", extra="domaines: [Animation]\n")
    routes = {"developpement": DEV_CHANNEL}
    await announcer(db, client, postes, domain_channels=routes).announce_new_jobs(NOW)
    assert bot_posts(fake, DEV_CHANNEL) == [(announcement_of(dev), "announce:2025-03-01-dev:1")]
    assert bot_posts(fake, CHANNEL) == [(announcement_of(other), "announce:2025-03-02-anim:1")]


async def test_posting_routed_to_an_unknown_channel_does_not_block_later_postings(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes, "2025-03-01-dev", extra="domaines: [Développement]\n")
    later = write_posting(postes, "2025-03-02-anim", extra="domaines: [Animation]\n")
    routes = {"developpement": "incubateur-embauche-inexistant"}
    bot = announcer(db, client, postes, domain_channels=routes)
    outcomes = await bot.announce_new_jobs(NOW)
    assert [o.status for o in outcomes] == ["posted"]
    assert bot_posts(fake, CHANNEL) == [(announcement_of(later), "announce:2025-03-02-anim:1")]
    fake.add_channel("incubateur-embauche-inexistant", members=["betabot"])
    await bot.announce_new_jobs(NOW + timedelta(minutes=10))  # the channel now exists
    assert [key for _, key in bot_posts(fake, "incubateur-embauche-inexistant")] == [
        "announce:2025-03-01-dev:1"
    ]


async def test_no_channel_configured_announces_nothing(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes)
    assert await announcer(db, client, postes, channel="").announce_new_jobs(NOW) == []
    assert bot_posts(fake, CHANNEL) == []


async def test_two_replicas_at_once_announce_once(
    fake: FakeMattermost, client: MattermostClient, sqlite_url: str, postes: Path
) -> None:
    write_posting(postes, "2025-03-01-a")
    write_posting(postes, "2025-03-02-b")
    first, second = open_store(sqlite_url), open_store(sqlite_url)
    try:
        await asyncio.gather(
            announcer(first, client, postes, holder="a").announce_new_jobs(NOW),
            announcer(second, client, postes, holder="b").announce_new_jobs(NOW),
        )
        later = NOW + timedelta(minutes=LEASE_S + 1)
        await announcer(second, client, postes, holder="b").announce_new_jobs(later)
    finally:
        first.close()
        second.close()
    keys = sorted(key for _, key in bot_posts(fake, CHANNEL))
    assert keys == ["announce:2025-03-01-a:1", "announce:2025-03-02-b:1"]


# --- subscriptions ----------------------------------------------------------------------------


async def test_subscribers_get_each_new_announcement_by_dm_once(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    alice, carole = fake.user("alice")["id"], fake.user("carole")["id"]
    db.subscribe(alice, NOW.timestamp())
    db.subscribe(carole, NOW.timestamp())
    db.subscribe(fake.user("bob")["id"], NOW.timestamp())
    db.unsubscribe(fake.user("bob")["id"])
    path = write_posting(postes)
    bot = announcer(db, client, postes)
    await bot.announce_new_jobs(NOW)
    await bot.announce_new_jobs(NOW + timedelta(minutes=10))
    dm_text = announcement_of(path, to_subscriber=True)
    assert dms_to(fake, "alice") == [(dm_text, f"dm:2025-03-01-dev-front:1:{alice}")]
    assert dms_to(fake, "carole") == [(dm_text, f"dm:2025-03-01-dev-front:1:{carole}")]
    assert dms_to(fake, "bob") == []


@pytest.mark.parametrize("other_replica", ["failed", "crashed"])
async def test_dm_held_by_another_replica_that_never_sends_it_is_sent_later_once(
    fake: FakeMattermost,
    client: MattermostClient,
    db: SqlStore,
    postes: Path,
    other_replica: str,
) -> None:
    alice, carole = fake.user("alice")["id"], fake.user("carole")["id"]
    db.subscribe(alice, NOW.timestamp())
    db.subscribe(carole, NOW.timestamp())
    path = write_posting(postes)
    alice_key = f"dm:2025-03-01-dev-front:1:{alice}"
    db.claim(alice_key, "replica-a", NOW.timestamp(), LEASE_S)  # replica a is sending it
    bot = announcer(db, client, postes, holder="replica-b")
    await bot.announce_new_jobs(NOW)  # announces, DMs carole, skips alice (held by a)
    if other_replica == "failed":
        db.release(alice_key, "replica-a")  # a's post failed; a crash lets the lease run out
    for minutes in (10, 20):
        await bot.announce_new_jobs(NOW + timedelta(minutes=minutes))
    dm_text = announcement_of(path, to_subscriber=True)
    assert dms_to(fake, "alice") == [(dm_text, alice_key)]
    assert dms_to(fake, "carole") == [(dm_text, f"dm:2025-03-01-dev-front:1:{carole}")]


async def test_subscriber_who_cannot_be_messaged_does_not_block_the_others_nor_is_retried(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    alice, carole = fake.user("alice")["id"], fake.user("carole")["id"]
    gone = "deleteduser0000000000000000"  # a subscriber whose account no longer exists
    for user_id in (gone, alice, carole):  # oldest subscription first
        db.subscribe(user_id, NOW.timestamp())
    path = write_posting(postes)
    bot = announcer(db, client, postes)
    for minutes in (0, 10, 20):
        await bot.announce_new_jobs(NOW + timedelta(minutes=minutes))
    dm_text = announcement_of(path, to_subscriber=True)
    assert dms_to(fake, "alice") == [(dm_text, f"dm:2025-03-01-dev-front:1:{alice}")]
    assert dms_to(fake, "carole") == [(dm_text, f"dm:2025-03-01-dev-front:1:{carole}")]
    tries = [r for r in fake.requests if r.path == "/api/v4/channels/direct" and gone in r.json()]
    assert [r.status for r in tries] == [400]  # given up for good after a permanent refusal
    assert db.is_done(f"dm:2025-03-01-dev-front:1:{gone}")


class SlowRestPoster:
    """The real client, where each DM channel look-up takes 45 s of the round's elapsed clock;
    right before each DM is posted, another replica tries to take over its key."""

    def __init__(self, client: MattermostClient, db: SqlStore) -> None:
        self.client = client
        self.db = db
        self.elapsed_s = 0.0
        self.taken_over: list[bool] = []
        self.race_on = "dm:"  # posts whose key starts so: another replica tries to take them
        self.post_delay_s = 0.0

    def clock(self) -> float:
        return self.elapsed_s

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    async def dm_channel(self, user_id: str) -> str:
        self.elapsed_s += 45.0
        return await self.client.dm_channel(user_id)

    async def create_post(
        self,
        channel_id: str,
        message: str,
        root_id: str = "",
        props: Json | None = None,
        guard: Callable[[], Awaitable[bool]] | None = None,
    ) -> Json:
        key = (props or {}).get("betabot_key", "")
        if key.startswith(self.race_on):
            self.elapsed_s += self.post_delay_s  # e.g. waiting out a 429 before posting
            other_now = NOW.timestamp() + self.elapsed_s
            self.taken_over.append(self.db.claim(key, "replica-b", other_now, LEASE_S) is not None)
        return await self.client.create_post(channel_id, message, root_id, props, guard=guard)


async def test_dm_claimed_late_in_a_long_round_holds_for_a_full_lease(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    alice, carole = fake.user("alice")["id"], fake.user("carole")["id"]
    db.subscribe(alice, NOW.timestamp())
    db.subscribe(carole, NOW.timestamp())
    write_posting(postes)
    poster = SlowRestPoster(client, db)
    bot = Announcer(
        db, poster, config(postes), "replica-a", folder_postings(postes), clock=poster.clock
    )
    await bot.announce_new_jobs(NOW)  # carole's DM is claimed 90 s into the round
    assert poster.taken_over == [False, False]
    assert len(dms_to(fake, "alice")) == len(dms_to(fake, "carole")) == 1


async def test_announcement_whose_lease_ran_out_before_posting_is_not_posted_twice(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes)
    poster = SlowRestPoster(client, db)
    poster.race_on, poster.post_delay_s = "announce:", LEASE_S + 1  # replica b takes over
    bot = Announcer(
        db, poster, config(postes), "replica-a", folder_postings(postes), clock=poster.clock
    )
    assert await bot.announce_new_jobs(NOW) == []  # a no longer holds it: it does not post
    assert poster.taken_over == [True]
    assert bot_posts(fake, CHANNEL) == []
    later = NOW + timedelta(seconds=poster.elapsed_s + LEASE_S + 1)  # b died: its lease ran out
    outcomes = await announcer(db, client, postes).announce_new_jobs(later)
    assert [(o.status, o.attempt) for o in outcomes] == [("posted", 3)]
    assert [key for _, key in bot_posts(fake, CHANNEL)] == ["announce:2025-03-01-dev-front:1"]


async def test_subscribing_later_does_not_send_past_announcements(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes)
    bot = announcer(db, client, postes)
    await bot.announce_new_jobs(NOW)
    db.subscribe(fake.user("alice")["id"], NOW.timestamp())
    await bot.announce_new_jobs(NOW + timedelta(minutes=10))
    assert dms_to(fake, "alice") == []


# --- digest -----------------------------------------------------------------------------------


async def test_digest_lists_open_postings_once_per_scheduled_run(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    path = write_posting(postes)
    write_posting(postes, "2025-01-01-ferme", is_open=False)
    bot = announcer(db, client, postes)
    monday_10 = NOW.replace(hour=10)
    outcome = await bot.send_digest(monday_10)
    assert outcome is not None
    assert outcome.status == "posted"
    assert await bot.send_digest(monday_10) is not None
    posting, _ = parse_posting(path)
    assert posting is not None
    assert bot_posts(fake, CHANNEL) == [(render_postings_digest([posting]), "digest:2025-03-10")]


async def test_failed_digest_is_retried_by_the_next_rounds_once_within_grace_period(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes)
    bot = announcer(db, client, postes)
    await bot.announce_new_jobs(NOW)
    monday_10 = NOW.replace(hour=10)
    fake.fail_next("POST /api/v4/posts", status=400)
    with pytest.raises(MattermostError):
        await bot.send_digest(monday_10)  # the cron fires once; its post fails
    for minutes in (10, 20):
        await bot.tick(monday_10 + timedelta(minutes=minutes))
    digests = [key for _, key in bot_posts(fake, CHANNEL) if key.startswith("digest:")]
    assert digests == ["digest:2025-03-10"]


async def test_failed_digest_is_not_retried_after_the_grace_period(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes)
    bot = announcer(db, client, postes)
    monday_10 = NOW.replace(hour=10)
    fake.fail_next("POST /api/v4/posts", status=400)
    with pytest.raises(MattermostError):
        await bot.send_digest(monday_10)
    await bot.tick(monday_10 + timedelta(hours=24, minutes=1))
    assert [key for _, key in bot_posts(fake, CHANNEL) if key.startswith("digest:")] == []


async def test_rounds_send_no_digest_that_was_not_due(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    bot = announcer(db, client, postes)
    monday_10 = NOW.replace(hour=10)
    assert await bot.send_digest(monday_10) is None  # nothing open at 10:00: no digest
    write_posting(postes)  # opened at 11:00: announced, not digested
    await bot.tick(monday_10 + timedelta(hours=1))
    assert [key for _, key in bot_posts(fake, CHANNEL)] == ["announce:2025-03-01-dev-front:1"]


async def test_no_digest_when_no_posting_is_open(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes, is_open=False)
    assert await announcer(db, client, postes).send_digest(NOW.replace(hour=10)) is None
    assert bot_posts(fake, CHANNEL) == []


@pytest.mark.parametrize(
    ("started_at", "sent"),
    [
        (datetime(2025, 3, 10, 9, 59, tzinfo=PARIS), False),  # before this week's run
        (datetime(2025, 3, 10, 15, 0, tzinfo=PARIS), True),  # down at 10:00, up the same day
        (datetime(2025, 3, 11, 9, 59, tzinfo=PARIS), True),  # within 24 h
        (datetime(2025, 3, 11, 10, 1, tzinfo=PARIS), False),  # too late, wait for next week
    ],
)
async def test_missed_digest_is_sent_at_start_up_within_grace_period(
    fake: FakeMattermost,
    client: MattermostClient,
    db: SqlStore,
    postes: Path,
    started_at: datetime,
    sent: bool,
) -> None:
    write_posting(postes)
    bot = announcer(db, client, postes)
    await bot.catch_up_digest(datetime(2025, 3, 1, 9, 0, tzinfo=PARIS))  # first run, a week ago
    await bot.catch_up_digest(started_at)
    await bot.catch_up_digest(started_at + timedelta(seconds=30))  # a second restart
    expected = ["digest:2025-03-10"] if sent else []
    assert [key for _, key in bot_posts(fake, CHANNEL) if key.startswith("digest:")] == expected


async def test_first_start_ever_sends_no_catch_up_digest(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes)
    bot = announcer(db, client, postes)
    assert await bot.catch_up_digest(NOW.replace(hour=15)) is None
    # A restart, or a second replica starting just after: installed after 10:00, nothing missed.
    assert await bot.catch_up_digest(NOW.replace(hour=16)) is None
    assert bot_posts(fake, CHANNEL) == []


async def test_catch_up_after_the_scheduled_digest_sends_nothing_more(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes)
    bot = announcer(db, client, postes)
    await bot.catch_up_digest(NOW)  # started before 10:00
    await bot.send_digest(NOW.replace(hour=10))
    await bot.catch_up_digest(NOW.replace(hour=18))
    assert [key for _, key in bot_posts(fake, CHANNEL)] == ["digest:2025-03-10"]


# --- reminders --------------------------------------------------------------------------------


async def test_contacts_are_reminded_once_45_days_after_the_date(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(
        postes, "2025-01-24-vieux", extra="contacts: [alice, '@bob', inconnu.e@beta.gouv.fr]\n"
    )
    bot = announcer(db, client, postes)
    assert await bot.remind_stale(datetime(2025, 3, 9, 9, 0, tzinfo=PARIS)) == []  # 44 days
    assert dms_to(fake, "alice") == []
    day_45 = datetime(2025, 3, 10, 9, 0, tzinfo=PARIS)
    await bot.remind_stale(day_45)
    await bot.remind_stale(day_45 + timedelta(days=1))
    reminder = (
        "Bonjour, le poste « aides.jeunes recrute : Dev front » est ouvert depuis le 24/01/2025 "
        "(45 jours). Est-il toujours à pourvoir ? Sinon, passez « open: false » dans sa fiche "
        "(`2025-01-24-vieux.md`)."
    )
    alice, bob = fake.user("alice")["id"], fake.user("bob")["id"]
    assert dms_to(fake, "alice") == [(reminder, f"remind:2025-01-24-vieux:{alice}")]
    assert dms_to(fake, "bob") == [(reminder, f"remind:2025-01-24-vieux:{bob}")]
    assert len(fake.posts_by("betabot")) == 2


async def test_a_contact_whose_reminder_fails_does_not_block_the_next_one_and_is_retried(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes, "2025-01-24-vieux", extra="contacts: [alice, bob]\n")
    bot = announcer(db, client, postes)
    day_45 = datetime(2025, 3, 10, 9, 0, tzinfo=PARIS)
    fake.fail_next("POST /api/v4/channels/direct", status=401)  # alice's DM channel, once
    await bot.remind_stale(day_45)
    alice, bob = fake.user("alice")["id"], fake.user("bob")["id"]
    assert [key for _, key in dms_to(fake, "alice")] == []
    assert [key for _, key in dms_to(fake, "bob")] == [f"remind:2025-01-24-vieux:{bob}"]
    await bot.remind_stale(day_45 + timedelta(days=1))
    assert [key for _, key in dms_to(fake, "alice")] == [f"remind:2025-01-24-vieux:{alice}"]
    assert [key for _, key in dms_to(fake, "bob")] == [f"remind:2025-01-24-vieux:{bob}"]


# --- crashes ----------------------------------------------------------------------------------


async def test_failed_post_is_retried_next_round_and_posted_once(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes)
    bot = announcer(db, client, postes)
    fake.fail_next("POST /api/v4/posts", status=400)
    await bot.tick(NOW)  # the failure is logged, the round survives
    assert bot_posts(fake, CHANNEL) == []
    await bot.tick(NOW + timedelta(minutes=10))
    assert [key for _, key in bot_posts(fake, CHANNEL)] == ["announce:2025-03-01-dev-front:1"]


async def test_cancelled_after_post_before_confirm_is_found_not_reposted(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes)
    bot = announcer(db, client, postes, holder="crashing")
    task = asyncio.create_task(bot.announce_new_jobs(NOW))
    await fake.wait_until(
        lambda: bot_posts(fake, CHANNEL) or None, 5.0, lambda: "the announcement never arrived"
    )
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    restarted = announcer(db, client, postes, holder="restarted")
    await restarted.announce_new_jobs(NOW + timedelta(seconds=LEASE_S + 1))
    assert [key for _, key in bot_posts(fake, CHANNEL)] == ["announce:2025-03-01-dev-front:1"]
    assert db.is_done("announce:2025-03-01-dev-front:1")


async def test_crashed_announcement_is_found_under_many_later_posts_not_reposted(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    """The channel's newest page holds 60 posts: recovery must look further back than that."""
    write_posting(postes)
    key = "announce:2025-03-01-dev-front:1"
    crashing = announcer(db, client, postes, holder="crashing")
    fake.fail_next("POST /api/v4/posts", status=400)  # the post fails: the claim is released,
    await crashing.tick(NOW)  # as a crash after posting leaves it (attempt > 1 looks first)
    channel_id = fake.channel(CHANNEL)["id"]
    text = announcement_of(postes / "2025-03-01-dev-front.md")
    await client.create_post(channel_id, text, props={"betabot_key": key})  # it did arrive
    for n in range(70):
        await fake.post_as("alice", CHANNEL, f"message {n}")
    restarted = announcer(db, client, postes, holder="restarted")
    outcomes = await restarted.announce_new_jobs(NOW + timedelta(minutes=10))
    assert [(o.status, o.attempt) for o in outcomes] == [("found", 2)]
    assert bot_posts(fake, CHANNEL) == [(text, key)]


@pytest.mark.parametrize("kind", ["announce", "dm"])
async def test_502_after_the_post_was_created_is_found_next_round_not_reposted(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path, kind: str
) -> None:
    alice = fake.user("alice")["id"]
    db.subscribe(alice, NOW.timestamp())
    path = write_posting(postes)
    text = announcement_of(path)
    dm_text = announcement_of(path, to_subscriber=True)
    key = "announce:2025-03-01-dev-front:1"
    if kind == "dm":  # the announcement is done: the next post is alice's DM
        db.claim(key, "earlier", NOW.timestamp(), LEASE_S)
        await client.create_post(fake.channel(CHANNEL)["id"], text, props={"betabot_key": key})
        db.confirm(key, "earlier")
    bot = announcer(db, client, postes)
    fake.fail_next("POST /api/v4/posts", status=502, after=True)  # created, then a proxy error
    await bot.tick(NOW)
    await bot.tick(NOW + timedelta(minutes=10))
    assert bot_posts(fake, CHANNEL) == [(text, key)]
    assert dms_to(fake, "alice") == [(dm_text, f"dm:2025-03-01-dev-front:1:{alice}")]


@pytest.mark.parametrize("step", ["claimed", "posted", "confirmed", "dm-posted"])
async def test_process_killed_at_each_step_announces_exactly_once_after_restart(
    fake: FakeMattermost,
    client: MattermostClient,
    db: SqlStore,
    postes: Path,
    step: str,
) -> None:
    """What a killed process leaves behind, then a restart: one announcement, one DM each."""
    alice = fake.user("alice")["id"]
    carole = fake.user("carole")["id"]
    db.subscribe(alice, NOW.timestamp())
    db.subscribe(carole, NOW.timestamp())
    path = write_posting(postes)
    key = "announce:2025-03-01-dev-front:1"
    text = announcement_of(path)
    dm_text = announcement_of(path, to_subscriber=True)
    channel_id = fake.channel(CHANNEL)["id"]
    db.claim(key, "killed", NOW.timestamp(), LEASE_S)
    if step != "claimed":
        await client.create_post(channel_id, text, props={"betabot_key": key})
    if step in ("confirmed", "dm-posted"):
        db.confirm(key, "killed")
    if step == "dm-posted":
        dm_key = f"dm:2025-03-01-dev-front:1:{alice}"
        db.claim(dm_key, "killed", NOW.timestamp(), LEASE_S)
        dm = await client.dm_channel(alice)
        await client.create_post(dm, dm_text, props={"betabot_key": dm_key})
    restarted = announcer(db, client, postes, holder="restarted")
    await restarted.announce_new_jobs(NOW + timedelta(seconds=10))  # the lease still runs
    for minutes in (2, 12, 22):
        await restarted.announce_new_jobs(NOW + timedelta(minutes=minutes))
    assert bot_posts(fake, CHANNEL) == [(text, key)]
    assert dms_to(fake, "alice") == [(dm_text, f"dm:2025-03-01-dev-front:1:{alice}")]
    assert dms_to(fake, "carole") == [(dm_text, f"dm:2025-03-01-dev-front:1:{carole}")]


# --- the running app --------------------------------------------------------------------------


@pytest.fixture
def app_settings(mm: FakeMattermost, postes: Path, tmp_path: Path) -> Settings:
    mm.add_channel(CHANNEL, members=["betabot", "alice"])
    return make_settings(mm, tmp_path, postes_dir=postes, announce_channel=CHANNEL)


async def wait_for_key(mm: FakeMattermost, channel: str, key: str) -> None:
    await mm.wait_until(
        lambda: True if any(k == key for _, k in bot_posts(mm, channel)) else None,
        10.0,
        lambda: f"no post tagged {key} in {channel}: {bot_posts(mm, channel)}",
    )


async def test_running_bot_announces_at_start_and_a_restart_does_not_repeat(
    mm: FakeMattermost, app_settings: Settings, postes: Path
) -> None:
    first = write_posting(postes, "dev-front")
    app = App(app_settings)
    await app.start()
    try:
        await wait_for_key(mm, CHANNEL, "announce:dev-front:1")
    finally:
        await app.stop()
    write_posting(postes, "design")
    restarted = App(app_settings)
    await restarted.start()
    try:
        await wait_for_key(mm, CHANNEL, "announce:design:1")  # the restarted round has run
    finally:
        await restarted.stop()
    announced = [(text, key) for text, key in bot_posts(mm, CHANNEL) if key.startswith("announce")]
    assert announced == [
        (announcement_of(first), "announce:dev-front:1"),
        (announcement_of(postes / "design.md"), "announce:design:1"),
    ]


async def test_subscribing_by_dm_then_new_posting_arrives_by_dm(
    mm: FakeMattermost, app_settings: Settings, postes: Path
) -> None:
    app = App(app_settings)
    await app.start()
    try:
        await mm.wait_for_connection("betabot")
        asked = await mm.dm_as("alice", "betabot", "postes abonnement")
        reply = await mm.wait_for_reply(asked, timeout=5)
        assert reply["message"] == render_answer(subscription("subscribe"))
        assert app.store.subscribers() == [mm.user("alice")["id"]]
    finally:
        await app.stop()
    path = write_posting(postes, "dev-back")
    restarted = App(app_settings)
    await restarted.start()
    try:
        await wait_for_key(mm, CHANNEL, "announce:dev-back:1")
        alice = mm.user("alice")["id"]
        await mm.wait_until(
            lambda: dms_to(mm, "alice")[1:] or None, 10.0, lambda: f"{dms_to(mm, 'alice')}"
        )
    finally:
        await restarted.stop()
    dm = announcement_of(path, to_subscriber=True)
    assert dms_to(mm, "alice")[1:] == [(dm, f"dm:dev-back:1:{alice}")]
    assert dm.endswith(
        "\n\nVous recevez ce message parce que vous êtes abonné(e) aux nouveaux postes. "
        "Pour arrêter : **postes désabonnement**."
    )
    assert "postes abonnement" not in dm


async def test_subscribing_twice_and_unsubscribing_twice_say_what_changed(
    mm: FakeMattermost, app_settings: Settings
) -> None:
    app = App(app_settings)
    await app.start()
    said = []
    try:
        await mm.wait_for_connection("betabot")
        for text in (
            "postes abonnement",
            "postes abonnement",
            "postes désabonnement",
            "postes desabonnement",
        ):
            asked = await mm.dm_as("alice", "betabot", text)
            said.append((await mm.wait_for_reply(asked, timeout=5))["message"])
    finally:
        await app.stop()
    assert said == [
        "C'est noté : vous recevrez en message direct chaque nouveau poste ouvert à l'ISN. "
        "Pour arrêter : **postes désabonnement**.",
        "Vous êtes déjà abonné(e) : vous recevez en message direct chaque nouveau poste ouvert "
        "à l'ISN. Pour arrêter : **postes désabonnement**.",
        "C'est noté : vous ne recevrez plus les nouveaux postes en message direct.",
        "Vous n'êtes pas abonné(e) aux nouveaux postes : il n'y a rien à arrêter. "
        "Pour vous abonner : **postes abonnement**.",
    ]


async def test_a_posting_added_while_running_is_announced_once_the_answers_list_it(
    mm: FakeMattermost, app_settings: Settings, postes: Path
) -> None:
    # One source: the announcer reads the postings of the knowledge the answers use, and a
    # reload that changes them runs the round at once (the interval stays 10 minutes).
    write_posting(postes, "dev-front")
    app = App(replace(app_settings, reload_interval_s=0.05))
    await app.start()
    try:
        await wait_for_key(mm, CHANNEL, "announce:dev-front:1")  # the first round has run
        added = write_posting(postes, "design")
        await wait_for_key(mm, CHANNEL, "announce:design:1")
        assert app.knowledge is not None
        assert [p.slug for p in app.knowledge.postings] == ["design", "dev-front"]
    finally:
        await app.stop()
    announced = [(text, key) for text, key in bot_posts(mm, CHANNEL) if key.startswith("announce")]
    assert announced == [
        (announcement_of(postes / "dev-front.md"), "announce:dev-front:1"),
        (announcement_of(added), "announce:design:1"),
    ]


async def test_each_announcement_posted_is_counted_once_by_kind(
    fake: FakeMattermost, client: MattermostClient, db: SqlStore, postes: Path
) -> None:
    write_posting(postes)
    metrics = Metrics()
    bot = Announcer(db, client, config(postes), "replica-a", folder_postings(postes), metrics)
    await bot.announce_new_jobs(NOW)
    await bot.announce_new_jobs(NOW + timedelta(minutes=10))  # already done: not counted again
    await bot.send_digest(NOW)
    lines = metrics.render().decode().splitlines()
    assert [line for line in lines if line.startswith("betabot_announcements_sent_total")] == [
        'betabot_announcements_sent_total{kind="announce"} 1.0',
        'betabot_announcements_sent_total{kind="digest"} 1.0',
    ]
