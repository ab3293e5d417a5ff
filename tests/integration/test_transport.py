"""The real App against the fake Mattermost server: mentions, DMs, slash, failures, restarts."""

import asyncio
import email.utils
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot import __version__
from bot.mattermost.listener import Listener
from bot.mattermost.response import Response, retry_after_s
from bot.mattermost.retry import MAX_ATTEMPTS
from bot.service.app import App
from bot.service.config import Settings
from tests.app_settings import app_settings, started
from tests.expected import expected_text
from tests.fake_mattermost.seed import BOT_TOKEN
from tests.fake_mattermost.server import FakeMattermost

SLASH_TOKEN = "slashtoken000000000000000b"  # noqa: S105 - a test value
CHANNEL = "incubateur-animation"
QUESTION = "qui logement"


@pytest.fixture
def settings(mm: FakeMattermost, tmp_path: Path) -> Settings:
    return app_settings(mm, tmp_path, SLASH_TOKEN)


@pytest.fixture
async def app(settings: Settings, mm: FakeMattermost) -> AsyncIterator[App]:
    running = await started(settings, mm)
    yield running
    await running.stop()


def bot_posts(mm: FakeMattermost) -> list[dict]:
    return mm.posts_by("betabot")


async def test_mention_gets_exactly_one_reply_in_its_thread(mm, app):
    post = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    reply = await mm.wait_for_reply(post, timeout=5)
    await app.stop()
    assert reply["root_id"] == post["id"]
    assert reply["channel_id"] == post["channel_id"]
    assert reply["message"] == expected_text(mm, f"@betabot {QUESTION}")
    assert reply["props"]["betabot_key"] == f"reply:{post['id']}"
    assert mm.replies_to(post) == [reply]


async def test_mention_inside_a_thread_replies_in_that_thread(mm, app):
    root = await mm.post_as("bob", CHANNEL, "Quelqu'un sait qui suit le logement ?")
    post = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}", root_id=root["id"])
    reply = await mm.wait_for_reply(post, timeout=5)
    assert reply["root_id"] == root["id"]


async def test_direct_message_gets_a_reply_in_the_direct_channel(mm, app):
    post = await mm.dm_as("alice", "betabot", QUESTION)
    reply = await mm.wait_for_reply(post, timeout=5)
    await app.stop()
    assert reply["channel_id"] == post["channel_id"]
    assert reply["message"] == expected_text(mm, QUESTION, channel_type="D")
    assert len(mm.replies_to(post)) == 1


async def test_slash_with_the_right_token_answers_200_json(mm, app):
    url = f"http://127.0.0.1:{app.port}/mattermost/slash"
    resp = await mm.slash_as("alice", CHANNEL, f"/beta {QUESTION}", url=url, token=SLASH_TOKEN)
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("application/json")
    assert resp.json() == {
        "response_type": "ephemeral",
        "text": expected_text(mm, QUESTION, transport="slash"),
    }


@pytest.mark.parametrize("token", ["", "wrongtoken0000000000000000"])
async def test_slash_with_a_wrong_or_missing_token_is_refused_and_unanswered(mm, app, token):
    url = f"http://127.0.0.1:{app.port}/mattermost/slash"
    resp = await mm.slash_as("alice", CHANNEL, f"/beta {QUESTION}", url=url, token=token)
    assert (resp.status, resp.body) == (401, "Unauthorized")
    assert mm.ephemerals == []
    assert bot_posts(mm) == []


@pytest.mark.parametrize(
    ("method", "headers", "body", "status"),
    [
        ("POST", {"Content-Type": "application/json"}, b'{"text": "x"}', 415),
        ("POST", {"Content-Type": "application/x-www-form-urlencoded"}, b"x" * 70_000, 413),
        (
            "POST",
            {"Content-Type": "application/x-www-form-urlencoded"},
            f"token={SLASH_TOKEN}&text=qui".encode(),
            400,
        ),
        ("GET", {}, b"", 405),
    ],
)
async def test_malformed_slash_requests_get_the_right_4xx(app, method, headers, body, status):
    url = f"http://127.0.0.1:{app.port}/mattermost/slash"
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, url, data=body, headers=headers) as resp,
    ):
        assert resp.status == status


async def test_healthz_reports_websocket_and_knowledge(app):
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{app.port}/healthz") as resp,
    ):
        assert resp.status == 200
        assert await resp.json() == {
            "status": "ok",
            "websocket": True,
            "knowledge": True,
            "version": __version__,
        }


async def test_healthz_is_503_while_the_websocket_is_down(mm, app):
    await mm.close()
    assert app.listener is not None
    await asyncio.wait_for(app.listener.disconnected.wait(), 5)
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{app.port}/healthz") as resp,
    ):
        assert resp.status == 503
        assert await resp.json() == {
            "status": "degraded",
            "websocket": False,
            "knowledge": True,
            "version": __version__,
        }


@pytest.mark.parametrize("code", [1000, 1001, None], ids=["1000", "1001", "aborted"])
async def test_dropped_websocket_resumes_and_answers_the_gap_mention_once(mm, app, code):
    await mm.drop_websockets(code=code)
    assert not mm.hub.active(mm.user("betabot")["id"])
    post = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    reply = await mm.wait_for_reply(post, timeout=10)
    await mm.wait_for_connection("betabot", timeout=10)  # the reply may come from a backfill
    await app.stop()
    assert mm.replies_to(post) == [reply]
    resumed = [r for r in mm.requests if r.path.endswith("/websocket") and r.query]
    assert resumed, "the bot should resume with connection_id and sequence_number"
    assert set(resumed[0].query) == {"connection_id", "sequence_number"}


async def test_server_restart_forces_a_rest_backfill_that_answers_once(mm, app):
    before = len(mm.requests)  # the first start's own read-back is not the restart's
    await mm.restart()
    post = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    reply = await mm.wait_for_reply(post, timeout=10)
    await app.stop()
    assert mm.replies_to(post) == [reply]
    backfills = [
        r for r in mm.requests[before:] if r.path.endswith("/posts") and "since" in r.query
    ]
    assert backfills, "the bot should backfill with GET /channels/{id}/posts?since="


async def test_rate_limit_then_server_error_still_posts_one_reply(mm, app):
    mm.fail_next("POST /api/v4/posts", status=429, retry_after=1)
    mm.fail_next("POST /api/v4/posts", status=503)
    post = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    reply = await mm.wait_for_reply(post, timeout=10)
    await app.stop()
    assert mm.replies_to(post) == [reply]
    statuses = [r.status for r in mm.requests if (r.method, r.path) == ("POST", "/api/v4/posts")]
    assert statuses == [429, 503, 201]


async def test_restarted_bot_on_the_same_database_answers_nothing_twice(mm, settings):
    first_app = await started(settings, mm)
    first = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    await mm.wait_for_reply(first, timeout=5)
    await first_app.stop()
    second_app = await started(settings, mm)
    second = await mm.post_as("bob", CHANNEL, f"@betabot {QUESTION}")
    await mm.wait_for_reply(second, timeout=5)
    await second_app.stop()
    assert len(mm.replies_to(first)) == 1
    assert len(mm.replies_to(second)) == 1


async def test_mention_posted_while_the_bot_was_stopped_is_answered_after_restart(mm, settings):
    first_app = await started(settings, mm)
    warmup = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    await mm.wait_for_reply(warmup, timeout=5)
    await first_app.stop()
    missed = await mm.post_as("bob", CHANNEL, f"@betabot {QUESTION}")
    second_app = await started(settings, mm)
    reply = await mm.wait_for_reply(missed, timeout=5)
    await second_app.stop()
    assert mm.replies_to(missed) == [reply]
    assert len(mm.replies_to(warmup)) == 1


async def test_bots_edits_and_non_mentions_are_ignored(mm, app):
    mm.add_bot("autrebot", token="otherbottoken0000000000000")  # noqa: S106 - a test value
    mm.add_channel("robots", members=["betabot", "autrebot"])
    # Mattermost adds from_bot to every post of a bot account.
    await mm.post_as("autrebot", "robots", f"@betabot {QUESTION}", props={"from_bot": "true"})
    plain = await mm.post_as("bob", CHANNEL, QUESTION)
    await mm.edit_as("bob", plain, f"@betabot {QUESTION}")
    asked = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    await mm.wait_for_reply(asked, timeout=5)
    await app.stop()
    assert [p["root_id"] for p in bot_posts(mm)] == [asked["id"]]


async def test_replies_in_one_channel_follow_the_order_of_the_questions(mm, app):
    posts = [await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION} {i}") for i in range(10)]
    for post in posts:
        await mm.wait_for_reply(post, timeout=5)
    await app.stop()
    assert [p["root_id"] for p in bot_posts(mm)] == [p["id"] for p in posts]


class Backoff:
    """The listener's jitter: records each delay ceiling, waits without sleeping."""

    def __init__(self) -> None:
        self.ceilings: list[float] = []
        self.changed = asyncio.Event()

    def __call__(self, low: float, high: float) -> float:
        self.ceilings.append(high)
        self.changed.set()
        return 0.0

    async def until(self, count: int, timeout: float = 5.0) -> list[float]:  # noqa: ASYNC109
        async with asyncio.timeout(timeout):
            while len(self.ceilings) < count:
                self.changed.clear()
                await self.changed.wait()
        return self.ceilings[:count]


@pytest.fixture
async def listening(mm: FakeMattermost) -> AsyncIterator[tuple[Listener, Backoff]]:
    backoff = Backoff()
    listener = Listener(
        f"{mm.url.replace('http', 'ws', 1)}/api/v4/websocket",
        BOT_TOKEN,
        lambda frame: None,
        lambda gap: None,
        reconnect_base_s=0.01,
        reconnect_max_s=0.04,
        jitter=backoff,
    )
    task = asyncio.create_task(listener.run())
    await mm.wait_for_connection("betabot")
    yield listener, backoff
    await listener.stop()
    await asyncio.wait_for(task, 5)


async def test_backoff_starts_over_once_each_new_or_resumed_connection_is_greeted(mm, listening):
    listener, backoff = listening
    bot_id = mm.user("betabot")["id"]
    for drop, code in enumerate([1000, None, 1001, None, 1000, None]):
        # Greeted first (hello read, or resume accepted): the server registering the socket is
        # not enough. An abrupt close discards a hello still in the server's buffer, and a
        # connection never greeted rightly keeps the backoff growing (Python 3.12+ schedules
        # the drop before the hello is read).
        await asyncio.wait_for(listener.connected.wait(), 5)
        await mm.drop_websockets(code=code)
        assert not mm.hub.active(bot_id)
        await backoff.until(drop + 1)
        await mm.wait_for_connection("betabot")
    await asyncio.wait_for(listener.connected.wait(), 5)
    await mm.restart()  # a new connection id: greeted by a new hello
    await backoff.until(7)
    await asyncio.wait_for(listener.connected.wait(), 5)
    await mm.drop_websockets(code=None)
    assert await backoff.until(8) == [0.01] * 8


async def test_backoff_doubles_up_to_its_cap_while_the_server_is_unreachable(mm, listening):
    _, backoff = listening
    await mm.close()
    assert await backoff.until(5) == [0.01, 0.02, 0.04, 0.04, 0.04]


async def test_listener_keeps_retrying_after_more_failures_than_a_float_can_double(mm, listening):
    listener, backoff = listening
    await mm.close()
    # Each refused attempt takes well under a millisecond here (the jitter answers 0 s).
    assert (await backoff.until(1100, timeout=60))[-1] == 0.04
    assert listener.disconnected.is_set()


def reply_statuses(mm: FakeMattermost) -> list[int]:
    return [r.status for r in mm.requests if (r.method, r.path) == ("POST", "/api/v4/posts")]


async def test_reply_failing_after_every_rest_retry_is_retried_until_posted_once(mm, app):
    mm.fail_next("POST /api/v4/posts", status=429, retry_after=0, times=MAX_ATTEMPTS)
    mm.fail_next("POST /api/v4/posts", status=503, times=2)
    post = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    reply = await mm.wait_for_reply(post, timeout=20)
    await app.stop()
    assert mm.replies_to(post) == [reply]
    assert reply_statuses(mm) == [429] * MAX_ATTEMPTS + [503, 503, 201]


async def test_later_replies_wait_for_a_retried_reply_of_their_channel(mm, app):
    mm.fail_next("POST /api/v4/posts", status=503, times=3)
    first = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION} 1")
    second = await mm.post_as("bob", CHANNEL, f"@betabot {QUESTION} 2")
    await mm.wait_for_reply(second, timeout=10)
    await app.stop()
    assert [p["root_id"] for p in bot_posts(mm)] == [first["id"], second["id"]]


async def test_reply_still_failing_at_shutdown_is_posted_once_by_the_next_start(mm, settings):
    first_app = await started(settings, mm)
    mm.fail_next("POST /api/v4/posts", status=503, retry_after=0, times=1000)
    post = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    await mm.wait_until(
        lambda: True if reply_statuses(mm).count(503) >= 2 else None,
        timeout=10,
        failure=lambda: f"no retry after the REST retries: {reply_statuses(mm)}",
    )
    await first_app.stop()
    assert mm.replies_to(post) == []
    mm.failures.pending.clear()
    second_app = await started(settings, mm)
    reply = await mm.wait_for_reply(post, timeout=10)
    await second_app.stop()
    assert mm.replies_to(post) == [reply]


@pytest.mark.parametrize("status", [500, 502, 504])
async def test_post_failing_after_it_was_created_gives_exactly_one_reply(mm, app, status):
    mm.fail_next("POST /api/v4/posts", status=status, after=True)
    post = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    reply = await mm.wait_for_reply(post, timeout=10)
    await app.stop()
    assert mm.replies_to(post) == [reply]
    assert reply_statuses(mm) == [status]  # found by its key: never posted again


async def test_replica_whose_lease_ran_out_while_rate_limited_does_not_post_again(mm, settings):
    short = replace(settings, claim_lease_s=2.0)
    first, second = await started(short, mm), await started(short, mm)
    bot_id = mm.user("betabot")["id"]
    await mm.wait_until(
        lambda: True if len(mm.hub.active(bot_id)) == 2 else None,
        timeout=5,
        failure=lambda: "both replicas should be listening",
    )
    mm.fail_next("POST /api/v4/posts", status=429, retry_after=4)
    post = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    reply = await mm.wait_for_reply(post, timeout=10)
    await mm.wait_until(
        lambda: True if reply_statuses(mm).count(429) == 1 else None,
        timeout=5,
        failure=lambda: f"no rate-limited attempt: {reply_statuses(mm)}",
    )
    await asyncio.gather(first.stop(), second.stop())  # each finishes its work in flight
    assert mm.replies_to(post) == [reply]


async def test_backfill_failing_after_a_server_restart_is_retried_until_it_answers(mm, app):
    mm.fail_next("GET /api/v4/users/me/channels", status=503, times=MAX_ATTEMPTS)
    await mm.restart()
    post = await mm.post_as("alice", CHANNEL, f"@betabot {QUESTION}")
    reply = await mm.wait_for_reply(post, timeout=15)
    await app.stop()
    assert mm.replies_to(post) == [reply]
    calls = [r.status for r in mm.requests if r.path == "/api/v4/users/me/channels"]
    assert calls[: MAX_ATTEMPTS + 1] == [503] * MAX_ATTEMPTS + [200]


@pytest.mark.usefixtures("listening")
async def test_listener_starts_afresh_when_the_server_keeps_refusing_to_resume(mm):
    accept = mm.hub.handle

    async def refuse_resumes(request: web.Request) -> web.StreamResponse:
        if "connection_id" not in request.query:
            return await accept(request)
        sock = web.WebSocketResponse()
        await sock.prepare(request)
        await sock.close()  # as Mattermost does for a connection id it cannot resume
        return sock

    mm.hub.handle = refuse_resumes
    await mm.drop_websockets(code=1001)
    await mm.wait_until(
        lambda: True if mm.hub.active(mm.user("betabot")["id"]) else None,
        timeout=5,
        failure=lambda: "the listener never opened a fresh connection",
    )
    upgrades = [r.query for r in mm.requests if r.path == "/api/v4/websocket"]
    assert [bool(q) for q in upgrades] == [False, True, True, False]


async def test_mention_edited_while_the_bot_was_away_is_answered_once_after_backfill(mm, app):
    await mm.restart()
    post = await mm.post_as("alice", CHANNEL, "@betabot qui lgement")
    await mm.edit_as("alice", post, f"@betabot {QUESTION}")
    reply = await mm.wait_for_reply(post, timeout=10)
    await app.stop()
    assert mm.replies_to(post) == [reply]


async def test_a_failing_frame_handler_is_logged_without_the_posts_text(mm, caplog):
    def on_frame(frame: dict) -> None:
        if frame["event"] == "posted":
            raise ValueError(f"cannot handle {frame['data']['post']}")

    backoff = Backoff()
    listener = Listener(
        f"{mm.url.replace('http', 'ws', 1)}/api/v4/websocket",
        BOT_TOKEN,
        on_frame,
        lambda gap: None,
        jitter=backoff,
    )
    task = asyncio.create_task(listener.run())
    await mm.wait_for_connection("betabot")
    await mm.post_as("alice", CHANNEL, "@betabot mon numéro secret 0612345678")
    await backoff.until(1)
    await listener.stop()
    await asyncio.wait_for(task, 5)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "websocket: unexpected error: ValueError" in logged
    assert "0612345678" not in logged
    assert all(record.exc_info is None for record in caplog.records)


def rate_limited(headers: dict[str, str]) -> Response:
    return Response(429, headers, b"limit exceeded\n")


@pytest.mark.parametrize(
    ("header", "low", "high"),
    # RFC 850 zone "-0000" parses without a zone: still GMT, not the local time.
    [("7", 7.0, 7.0), ("in 30 s, -0000", 28.0, 30.0)],
    ids=["seconds", "http-date-0000"],
)
def test_retry_after_is_read_as_seconds_from_now(header, low, high, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")  # a local time far from GMT
    time.tzset()
    try:
        if header.startswith("in "):
            later = datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=30)
            header = email.utils.format_datetime(later)
        delay = retry_after_s(rate_limited({"Retry-After": header}))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert delay is not None
    assert low <= delay <= high
