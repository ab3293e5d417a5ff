"""deliver_once against a real store; the "channel" is a list of tagged posts."""

import asyncio
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import pytest

from bot.service.config import load_settings
from bot.service.outgoing import announce_config
from bot.store.backends import open_store
from bot.store.delivery import Fence, Outcome, deliver_once, store_runner
from bot.store.store import SqlStore

LEASE_S = 60.0


@dataclass
class Channel:
    """Posts as Mattermost would keep them: id and the `betabot_key` prop."""

    posts: list[tuple[str, str]] = field(default_factory=list)
    lookups: int = 0
    fail_posts: int = 0
    fenced: list[bool] = field(default_factory=list)  # what each still_mine() answered

    def poster(
        self, key: str, started: asyncio.Event | None = None
    ) -> Callable[[Fence], Awaitable[str]]:
        async def post(still_mine: Fence) -> str:
            self.fenced.append(await still_mine())
            if not self.fenced[-1]:
                raise ConnectionError("lease lost: not posted")
            if started is not None:
                started.set()
                await asyncio.Event().wait()  # hangs until cancelled
            if self.fail_posts:
                self.fail_posts -= 1
                raise ConnectionError("503 Service Unavailable")
            post_id = f"post{len(self.posts) + 1}"
            self.posts.append((post_id, key))
            return post_id

        return post

    def finder(self, key: str) -> Callable[[], Awaitable[str | None]]:
        async def find_posted() -> str | None:
            self.lookups += 1
            return next((pid for pid, tagged in self.posts if tagged == key), None)

        return find_posted


@pytest.fixture
def db(store_url: str) -> Iterator[SqlStore]:
    store = open_store(store_url)
    yield store
    store.close()


def clock(at: float) -> Callable[[], float]:
    return lambda: at


async def test_first_delivery_posts_once_and_marks_the_key_done(db: SqlStore) -> None:
    channel = Channel()
    key = "reply:p1"
    outcome = await deliver_once(db, key, "a", channel.poster(key), channel.finder(key))
    assert outcome == Outcome("posted", 1, "post1")
    assert channel.posts == [("post1", "reply:p1")]
    assert channel.lookups == 0
    assert db.is_done(key) is True


async def test_second_delivery_of_a_done_key_posts_nothing(db: SqlStore) -> None:
    channel = Channel()
    key = "announce:dev-python:1"
    await deliver_once(db, key, "a", channel.poster(key), channel.finder(key))
    outcome = await deliver_once(db, key, "b", channel.poster(key), channel.finder(key))
    assert outcome == Outcome("skipped")
    assert channel.posts == [("post1", key)]


async def test_key_held_by_a_live_replica_is_skipped_when_not_waiting(db: SqlStore) -> None:
    channel = Channel()
    key = "reply:p1"
    db.claim(key, "a", 1000.0, LEASE_S)
    outcome = await deliver_once(
        db, key, "b", channel.poster(key), channel.finder(key), clock=clock(1059.0), wait_held=False
    )
    assert outcome == Outcome("skipped")
    assert channel.posts == []


class SteppedClock:
    """A settable clock that signals once it has been read `n` times."""

    def __init__(self, now: float, n: int = 2) -> None:
        self.now = now
        self.n = n
        self.read_enough = asyncio.Event()

    def __call__(self) -> float:
        self.n -= 1
        if self.n <= 0:
            self.read_enough.set()
        return self.now


async def test_waiting_replica_skips_once_the_holder_confirms(db: SqlStore) -> None:
    channel = Channel()
    key = "reply:p1"
    db.claim(key, "a", 1000.0, LEASE_S)
    ticking = SteppedClock(1001.0)
    task = asyncio.create_task(
        deliver_once(db, key, "b", channel.poster(key), channel.finder(key), clock=ticking)
    )
    await asyncio.wait_for(ticking.read_enough.wait(), timeout=5)  # b has seen it held
    db.confirm(key, "a", "post-by-a")
    assert await asyncio.wait_for(task, timeout=5) == Outcome("skipped")
    assert channel.posts == []


async def test_waiting_replica_takes_over_when_the_holder_dies(db: SqlStore) -> None:
    channel = Channel()
    key = "reply:p1"
    db.claim(key, "a", 1000.0, LEASE_S)
    ticking = SteppedClock(1001.0)
    task = asyncio.create_task(
        deliver_once(db, key, "b", channel.poster(key), channel.finder(key), clock=ticking)
    )
    await asyncio.wait_for(ticking.read_enough.wait(), timeout=5)
    ticking.now = 1061.0  # a's lease ran out without a confirmation
    assert await asyncio.wait_for(task, timeout=5) == Outcome("posted", 2, "post1")
    assert channel.posts == [("post1", key)]
    assert channel.lookups == 1


async def test_crash_after_post_before_confirm_is_recovered_without_reposting(
    db: SqlStore,
) -> None:
    channel = Channel()
    key = "announce:dev-python:1"
    db.claim(key, "crashed", 1000.0, LEASE_S)
    channel.posts.append(("post-by-crashed", key))  # posted, then the process died
    outcome = await deliver_once(
        db, key, "b", channel.poster(key), channel.finder(key), clock=clock(1061.0)
    )
    assert outcome == Outcome("found", 2, "post-by-crashed")
    assert channel.posts == [("post-by-crashed", key)]
    assert db.is_done(key) is True


async def test_crash_before_post_is_retried_once_after_the_lease(db: SqlStore) -> None:
    channel = Channel()
    key = "announce:dev-python:1"
    db.claim(key, "crashed", 1000.0, LEASE_S)
    outcome = await deliver_once(
        db, key, "b", channel.poster(key), channel.finder(key), clock=clock(1061.0)
    )
    assert outcome == Outcome("posted", 2, "post1")
    assert channel.posts == [("post1", key)]
    assert channel.lookups == 1


async def test_failed_post_releases_the_claim_for_an_immediate_retry(db: SqlStore) -> None:
    channel = Channel(fail_posts=1)
    key = "dm:dev-python:1:u-alice"
    with pytest.raises(ConnectionError, match=r"^503 Service Unavailable$"):
        await deliver_once(db, key, "a", channel.poster(key), channel.finder(key))
    assert db.is_done(key) is False
    outcome = await deliver_once(db, key, "a", channel.poster(key), channel.finder(key))
    assert outcome == Outcome("posted", 2, "post1")
    assert channel.posts == [("post1", key)]


async def test_a_post_maybe_still_in_flight_keeps_its_claim_until_the_lease_ends(
    db: SqlStore,
) -> None:
    channel = Channel(fail_posts=1)
    key = "reply:p2"

    def in_flight(err: BaseException) -> bool:
        return isinstance(err, ConnectionError)  # as a timeout after the request was sent

    with pytest.raises(ConnectionError):
        await deliver_once(
            db,
            key,
            "a",
            channel.poster(key),
            channel.finder(key),
            clock=clock(1000.0),
            keep_claim=in_flight,
        )
    # Nobody may look (and post again) while the server may still create the first post.
    held = await deliver_once(
        db,
        key,
        "b",
        channel.poster(key),
        channel.finder(key),
        clock=clock(1059.0),
        wait_held=False,
    )
    assert held == Outcome("skipped")
    channel.posts.append(("late", key))  # the server finished the first post after all
    outcome = await deliver_once(
        db, key, "b", channel.poster(key), channel.finder(key), clock=clock(1061.0)
    )
    assert outcome == Outcome("found", 2, "late")
    assert channel.posts == [("late", key)]


async def test_cancelled_post_releases_the_claim(db: SqlStore) -> None:
    channel = Channel()
    key = "reply:p1"
    started = asyncio.Event()
    task = asyncio.create_task(
        deliver_once(db, key, "a", channel.poster(key, started=started), channel.finder(key))
    )
    await asyncio.wait_for(started.wait(), timeout=5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    outcome = await deliver_once(db, key, "b", channel.poster(key), channel.finder(key))
    assert outcome == Outcome("posted", 2, "post1")
    assert channel.posts == [("post1", key)]


async def test_two_replicas_racing_on_200_keys_post_each_exactly_once(store_url: str) -> None:
    replicas = [open_store(store_url), open_store(store_url)]
    channel = Channel()
    keys = [f"reply:p{i}" for i in range(200)]
    try:
        outcomes = await asyncio.gather(
            *(
                deliver_once(store, key, f"replica{n}", channel.poster(key), channel.finder(key))
                for key in keys
                for n, store in enumerate(replicas)
            )
        )
    finally:
        for store in replicas:
            store.close()
    assert Counter(key for _, key in channel.posts) == Counter(dict.fromkeys(keys, 1))
    assert Counter(o.status for o in outcomes) == Counter({"posted": 200, "skipped": 200})


def test_announcements_claim_with_the_configured_lease() -> None:
    env = {
        "MATTERMOST_URL": "https://mattermost.example.org",
        "MATTERMOST_TOKEN": "t0ken",
        "MATTERMOST_TEAM": "communaute",
        "BETABOT_CLAIM_LEASE_S": "15",
    }
    assert announce_config(load_settings(env, env_file=None)).lease_s == 15.0


def test_renew_extends_only_a_running_lease_of_the_same_holder(db: SqlStore) -> None:
    db.claim("reply:p1", "a", 1000.0, 10.0)
    assert db.renew("reply:p1", "a", 1005.0, 10.0) is True  # now until 1015
    assert db.renew("reply:p1", "b", 1006.0, 10.0) is False
    assert db.claim("reply:p1", "b", 1014.0, 10.0) is None  # still a's
    assert db.renew("reply:p1", "a", 1016.0, 10.0) is False  # expired: a must not act
    assert db.claim("reply:p1", "b", 1016.0, 10.0) is not None


def test_confirm_by_a_holder_that_lost_its_claim_leaves_the_key_to_the_new_holder(
    db: SqlStore,
) -> None:
    db.claim("reply:p1", "a", 1000.0, 10.0)
    taken = db.claim("reply:p1", "b", 1011.0, 10.0)
    assert taken is not None
    assert taken.attempt == 2
    db.confirm("reply:p1", "a", "post-a")
    assert not db.is_done("reply:p1")
    db.confirm("reply:p1", "b", "post-b")
    assert db.is_done("reply:p1")


def test_postgres_store_bounds_each_statement(postgres_db: str) -> None:
    store = open_store(postgres_db)
    try:
        assert store._run("SHOW statement_timeout", {}) == [("15s",)]
    finally:
        store.close()


async def test_store_calls_run_on_the_loop_only_for_a_local_store(store_url: str) -> None:
    store = open_store(store_url)
    try:
        ran_in = await store_runner(store)(threading.get_ident)
    finally:
        store.close()
    assert (ran_in == threading.get_ident()) is store_url.startswith("sqlite")


def test_only_sqlite_is_a_local_store(store_url: str) -> None:
    store = open_store(store_url)
    try:
        assert store.local is store_url.startswith("sqlite")
    finally:
        store.close()


class Ticking:
    """A clock the poster moves forward, as a long wait (rate limit) before posting would."""

    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


def expires_at(db: SqlStore, key: str) -> float:
    rows = db._run("SELECT expires_at FROM claims WHERE key = :key", {"key": key})
    return float(rows[0][0])


async def test_a_fresh_lease_that_outlasts_the_longest_call_is_not_renewed(db: SqlStore) -> None:
    channel, key = Channel(), "reply:p1"
    outcome = await deliver_once(
        db, key, "a", channel.poster(key), channel.finder(key), clock=Ticking(1000.0),
        max_call_s=30.0,
    )  # fmt: skip
    assert (outcome, channel.fenced) == (Outcome("posted", 1, "post1"), [True])
    assert expires_at(db, key) == 1000.0 + LEASE_S  # as claimed: no renewal was needed


async def test_a_lease_that_may_not_outlast_the_call_is_renewed_before_posting(
    db: SqlStore,
) -> None:
    channel, key, now = Channel(), "reply:p1", Ticking(1000.0)
    poster = channel.poster(key)

    async def late(still_mine: Fence) -> str:
        now.at += LEASE_S - 29.0  # 31 s left: a 30 s call may still end in time, not 29
        return await poster(still_mine)

    outcome = await deliver_once(
        db, key, "a", late, channel.finder(key), LEASE_S, clock=now, max_call_s=30.0
    )
    assert (outcome, channel.fenced) == (Outcome("posted", 1, "post1"), [True])
    assert expires_at(db, key) == 1031.0 + LEASE_S  # renewed right before the post


async def test_a_lease_taken_over_by_another_holder_stops_the_post(db: SqlStore) -> None:
    channel, key, now = Channel(), "reply:p1", Ticking(1000.0)
    poster = channel.poster(key)

    async def overtaken(still_mine: Fence) -> str:
        now.at += LEASE_S + 1.0  # waited out a rate limit longer than the lease
        assert db.claim(key, "b", now.at, LEASE_S) is not None  # b took the key over
        return await poster(still_mine)

    with pytest.raises(ConnectionError, match="lease lost"):
        await deliver_once(
            db, key, "a", overtaken, channel.finder(key), LEASE_S, clock=now, max_call_s=30.0
        )
    assert (channel.posts, channel.fenced) == ([], [False])
