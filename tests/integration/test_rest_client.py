"""The REST client against the fake Mattermost: timeouts, dropped and refused connections."""

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

import pytest

from bot.mattermost.client import MattermostClient, MattermostError
from bot.mattermost.http import Timeouts
from bot.service.app import App
from bot.service.config import parse_server_url
from bot.store.backends import open_store
from tests.app_settings import app_settings
from tests.fake_mattermost.seed import BOT_TOKEN
from tests.fake_mattermost.server import FakeMattermost

CHANNEL = "incubateur-animation"
SHORT = Timeouts(connect=2.0, read=0.3, total=5.0)  # the client's, in these tests
STALL_S = 30.0  # far longer: a client without a read timeout would still be waiting
BOUND_S = 10.0  # the harness's own limit, so a broken client fails instead of hanging
POSTS = "/api/v4/posts"


def short_client(url: str, timeouts: Timeouts = SHORT) -> MattermostClient:
    return MattermostClient(parse_server_url(url), BOT_TOKEN, timeouts=timeouts)


@pytest.fixture
async def client(mm: FakeMattermost) -> AsyncIterator[MattermostClient]:
    made = short_client(mm.url)
    await made.login()
    yield made
    await made.aclose()


def post_requests(mm: FakeMattermost) -> list:
    return [r for r in mm.requests if r.method == "POST" and r.path == POSTS]


async def test_login_reads_the_bot_account_through_the_driver_endpoints(mm, client):
    bot = mm.user("betabot")
    assert client.me is not None
    assert (client.me.user_id, client.me.username) == (bot["id"], "betabot")
    me = [r for r in mm.requests if r.path == "/api/v4/users/me"]
    assert me[-1].headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert me[-1].body == b""  # 7.3.2 sends `{}` with every GET; this client sends nothing


async def test_a_stalled_answer_times_out_with_status_0_and_is_not_sent_again(mm, client):
    mm.stall_next("GET /api/v4/teams/name/{team}", STALL_S)
    with pytest.raises(MattermostError) as raised:
        await asyncio.wait_for(client.team_id(mm.team["name"]), BOUND_S)
    assert raised.value.status == 0
    assert "Timeout" in str(raised.value)
    asked = [r for r in mm.requests if r.path.startswith("/api/v4/teams/name/")]
    assert len(asked) == 1  # a read timeout is not retried: the server is that slow


async def test_other_calls_go_on_while_one_call_is_stalled(mm):
    client = short_client(mm.url, Timeouts(connect=2.0, read=5.0, total=10.0))
    mm.stall_next("GET /api/v4/users/me/channels", STALL_S)
    stalled = asyncio.create_task(client.my_channels())
    await mm.wait_until(
        lambda: True if any(r.path == "/api/v4/users/me/channels" for r in mm.requests) else None,
        BOUND_S,
        lambda: "the stalled call never reached the server",
    )
    team_id = await asyncio.wait_for(client.team_id(mm.team["name"]), BOUND_S)
    assert team_id == mm.team["id"]
    assert not stalled.done()  # answered while the other call still waits for its answer
    stalled.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await stalled
    await client.aclose()


@pytest.mark.parametrize("failure", ["stalled", "dropped"])
async def test_a_post_created_then_unanswered_is_found_by_its_key_not_posted_twice(
    mm, client, failure
):
    channel_id = mm.channel(CHANNEL)["id"]
    if failure == "stalled":
        mm.stall_next(f"POST {POSTS}", STALL_S)
    else:
        mm.drop_next(f"POST {POSTS}")
    with pytest.raises(MattermostError) as raised:
        await asyncio.wait_for(
            client.create_post(channel_id, "bonjour", props={"betabot_key": "k1"}), BOUND_S
        )
    # A timeout may end before the server is done; a cut connection means it is gone.
    assert (raised.value.status, raised.value.in_flight) == (0, failure == "stalled")
    assert len(post_requests(mm)) == 1  # maybe received: never sent again blindly
    assert len(mm.posts_by("betabot")) == 1
    found = await client.find_post_with_key(channel_id, "k1", since_ms=0)
    assert found == mm.posts_by("betabot")[0]["id"]


async def test_a_post_whose_connection_was_never_made_is_sent_once_the_server_is_back(mm):
    channel_id = mm.channel(CHANNEL)["id"]
    client = short_client(mm.url)  # no kept-alive connection yet: the POST opens one
    refused = asyncio.Event()
    client.on_retry = lambda status: refused.set() if status == 0 else None
    await mm.suspend()  # the port refuses connections: nothing can have been sent
    try:
        sending = asyncio.create_task(client.create_post(channel_id, "bonjour"))
        await asyncio.wait_for(refused.wait(), BOUND_S)
        await mm.resume()
        posted = await asyncio.wait_for(sending, BOUND_S)
    finally:
        await client.aclose()
    assert [p["id"] for p in mm.posts_by("betabot")] == [posted["id"]]
    assert len(post_requests(mm)) == 1


async def test_a_post_through_request_is_not_retried_blindly_after_a_server_error(mm, client):
    mm.fail_next("POST /api/v4/commands", status=503)
    with pytest.raises(MattermostError) as raised:
        await client.request("POST", "/commands", {"team_id": mm.team["id"], "trigger": "beta"})
    assert raised.value.status == 503
    assert len([r for r in mm.requests if r.path == "/api/v4/commands"]) == 1


@pytest.mark.parametrize(("status", "in_flight"), [(502, False), (504, True)])
async def test_a_gateway_timeout_on_a_post_says_it_may_still_be_created(
    mm, client, status, in_flight
):
    mm.fail_next(f"POST {POSTS}", status=status)
    with pytest.raises(MattermostError) as raised:
        await client.create_post(mm.channel(CHANNEL)["id"], "bonjour")
    assert (raised.value.status, raised.value.in_flight) == (status, in_flight)


async def test_the_guard_is_asked_again_before_a_retry_and_can_stop_it(mm, client):
    mm.fail_next(f"POST {POSTS}", status=429, retry_after=0)
    answers = iter([True, False])  # the lease holds for the first attempt, not the second

    async def guard() -> bool:
        return next(answers)

    with pytest.raises(MattermostError, match="guard refused"):
        await client.create_post(mm.channel(CHANNEL)["id"], "bonjour", guard=guard)
    assert [r.status for r in post_requests(mm)] == [429]
    assert mm.posts_by("betabot") == []


async def test_a_guard_saying_no_stops_the_post_before_it_is_sent(mm, client):
    async def lost() -> bool:
        return False

    with pytest.raises(MattermostError, match="guard refused") as raised:
        await client.create_post(mm.channel(CHANNEL)["id"], "bonjour", guard=lost)
    assert raised.value.in_flight is False
    assert post_requests(mm) == []


async def test_a_redirect_and_a_non_json_answer_are_errors_not_crashes(mm, client):
    mm.fail_next("GET /api/v4/teams/name/{team}", status=302, body="")
    with pytest.raises(MattermostError) as redirected:
        await client.team_id(mm.team["name"])
    assert redirected.value.status == 302
    mm.fail_next(f"POST {POSTS}", status=200, body="<html>proxy</html>")
    with pytest.raises(MattermostError) as garbled:
        await client.create_post(mm.channel(CHANNEL)["id"], "bonjour")
    assert garbled.value.status == 0  # maybe posted: the caller looks before posting again
    assert len(post_requests(mm)) == 1


async def test_a_peer_that_never_reads_nor_answers_fails_within_the_total_bound():
    done = asyncio.Event()

    async def swallow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await done.wait()  # accepts, never reads: the sender's buffers fill up
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(swallow, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    # Only the total bound can end this call early: the read timeout is longer than the test.
    client = short_client(f"http://127.0.0.1:{port}", Timeouts(connect=1.0, read=60.0, total=1.0))
    big = "x" * 900_000  # about what the loopback buffers hold: the write may never complete
    try:
        with pytest.raises(MattermostError) as raised:
            await asyncio.wait_for(client.create_post("c", big), BOUND_S)
        assert raised.value.status == 0
    finally:
        await client.aclose()
        done.set()
        server.close()
        await server.wait_closed()


async def test_a_closed_client_refuses_calls_instead_of_reopening(mm, client):
    await client.aclose()
    with pytest.raises(MattermostError, match="client closed"):
        await client.team_id(mm.team["name"])


@pytest.mark.parametrize("failure", ["stalled", "dropped"])
async def test_reply_whose_post_answer_is_lost_is_posted_exactly_once(mm, tmp_path: Path, failure):
    # After a timeout the claim is kept until its lease ends (the server might still be
    # creating the post): a short lease, so that the look-first comes soon.
    settings = app_settings(mm, tmp_path, claim_lease_s=1.0)
    app = App(settings)
    app.client = short_client(mm.url)  # a short read timeout, so the test does not wait 15 s
    await app.start()
    try:
        await mm.wait_for_connection("betabot")
        if failure == "stalled":
            mm.stall_next(f"POST {POSTS}", STALL_S)
        else:
            mm.drop_next(f"POST {POSTS}")
        post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
        reply = await mm.wait_for_reply(post, timeout=BOUND_S)
        # The retry looks for the reply's key in the thread first, finds it, does not post.
        thread = f"/api/v4/posts/{post['id']}/thread"
        await mm.wait_until(
            lambda: True if any(r.path == thread for r in mm.requests) else None,
            BOUND_S,
            lambda: "the bot never looked for its reply after the connection dropped",
        )
    finally:
        await app.stop()  # waits for the reply in flight: found, then confirmed
    assert mm.replies_to(post) == [reply]
    assert len(post_requests(mm)) == 1
    store = open_store(settings.database_url)
    try:
        assert store.is_done(f"reply:{post['id']}")
    finally:
        store.close()


async def test_a_lease_shorter_than_a_rest_call_is_warned_about_at_start(mm, tmp_path, caplog):
    app = App(app_settings(mm, tmp_path, claim_lease_s=2.0))
    await app.start()
    await app.stop()
    warned = [r.getMessage() for r in caplog.records if "BETABOT_CLAIM_LEASE_S" in r.getMessage()]
    assert warned == [
        "BETABOT_CLAIM_LEASE_S=2s is shorter than 40s: a post slower than its lease could be "
        "answered by another replica too"
    ]
    caplog.clear()
    app = App(app_settings(mm, tmp_path, claim_lease_s=60.0))
    await app.start()
    await app.stop()
    assert not [r for r in caplog.records if "BETABOT_CLAIM_LEASE_S" in r.getMessage()]


async def test_a_post_retried_late_renews_a_lease_that_no_longer_covers_a_call(mm, tmp_path):
    # Calls last at most 1 s here: a 2.8 s lease covers an attempt only in its first 1.8 s.
    # The 429 makes the retry come 2 to 2.5 s after the claim, while the lease still runs.
    settings = app_settings(mm, tmp_path, claim_lease_s=2.8)
    app = App(settings)
    app.client = short_client(mm.url, Timeouts(connect=1.0, read=1.0, total=1.0))
    await app.start()
    try:
        await mm.wait_for_connection("betabot")
        mm.fail_next(f"POST {POSTS}", status=429, retry_after=2)
        post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
        await mm.wait_for_reply(post, timeout=BOUND_S)
    finally:
        await app.stop()
    # closing(): sqlite3's own context manager commits but never closes (3.13 warns).
    with closing(sqlite3.connect(settings.database_url.removeprefix("sqlite:///"))) as db:
        claimed_at, expires_at = db.execute(
            "SELECT claimed_at, expires_at FROM claims WHERE key = ?", (f"reply:{post['id']}",)
        ).fetchone()
    assert expires_at > claimed_at + 2.8  # renewed before the retry was sent
