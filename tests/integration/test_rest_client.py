"""The REST client against the fake Mattermost: timeouts, a stalled call beside others, proxies."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.backends import open_store
from bot.config import parse_server_url
from bot.mattermost.client import MattermostClient, MattermostError, env_proxy
from tests.app_settings import app_settings
from tests.fake_mattermost.seed import BOT_TOKEN
from tests.fake_mattermost.server import FakeMattermost

CHANNEL = "incubateur-animation"
READ_TIMEOUT_S = 0.3  # the client's, in these tests
STALL_S = 30.0  # far longer: a client without a read timeout would still be waiting
BOUND_S = 10.0  # the harness's own limit, so a broken client fails instead of hanging


def short_client(mm: FakeMattermost) -> MattermostClient:
    return MattermostClient(parse_server_url(mm.url), BOT_TOKEN, timeout_s=(2.0, READ_TIMEOUT_S))


@pytest.fixture
async def client(mm: FakeMattermost) -> AsyncIterator[MattermostClient]:
    made = short_client(mm)
    await made.login()
    yield made
    await made.aclose()


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
    client = MattermostClient(parse_server_url(mm.url), BOT_TOKEN, timeout_s=(2.0, 5.0))
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
    await client.aclose()


async def test_a_post_whose_answer_comes_too_late_is_found_by_its_key_not_posted_twice(mm, client):
    channel_id = mm.channel(CHANNEL)["id"]
    mm.stall_next("POST /api/v4/posts", STALL_S)
    with pytest.raises(MattermostError) as raised:
        await asyncio.wait_for(
            client.create_post(channel_id, "bonjour", props={"betabot_key": "k1"}), BOUND_S
        )
    assert raised.value.status == 0
    assert len(mm.posts_by("betabot")) == 1  # created, then answered too late: not sent again
    found = await client.find_post_with_key(channel_id, "k1", since_ms=0)
    assert found == mm.posts_by("betabot")[0]["id"]


async def test_a_guard_saying_no_stops_the_post_before_it_is_sent(mm, client):
    async def lost() -> bool:
        return False

    with pytest.raises(MattermostError, match="guard refused"):
        await client.create_post(mm.channel(CHANNEL)["id"], "bonjour", guard=lost)
    assert not [r for r in mm.requests if r.method == "POST" and r.path == "/api/v4/posts"]


async def test_reply_whose_post_answer_comes_too_late_is_posted_exactly_once(mm, tmp_path: Path):
    settings = app_settings(mm, tmp_path, "slashtoken000000000000000c")
    app = App(settings)
    app.client = short_client(mm)  # a short read timeout, so the test does not wait 15 s
    await app.start()
    try:
        await mm.wait_for_connection("betabot")
        mm.stall_next("POST /api/v4/posts", STALL_S)
        post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
        reply = await mm.wait_for_reply(post, timeout=BOUND_S)
        # The retry looks for the reply's key in the thread first, finds it, does not post.
        thread = f"/api/v4/posts/{post['id']}/thread"
        await mm.wait_until(
            lambda: True if any(r.path == thread for r in mm.requests) else None,
            BOUND_S,
            lambda: "the bot never looked for its reply after the timeout",
        )
    finally:
        await app.stop()  # waits for the reply in flight: found, then confirmed
    assert mm.replies_to(post) == [reply]
    posted = [r for r in mm.requests if r.method == "POST" and r.path == "/api/v4/posts"]
    assert len(posted) == 1
    store = open_store(settings.database_url)
    try:
        assert store.is_done(f"reply:{post['id']}")
    finally:
        store.close()


def test_proxy_comes_from_the_environment_unless_no_proxy_names_the_host(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    assert env_proxy("https", "mattermost.example.org") is None
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example.org:3128")
    assert env_proxy("https", "mattermost.example.org") == "http://proxy.example.org:3128"
    assert env_proxy("http", "mattermost.example.org") is None  # HTTP_PROXY is not set
    monkeypatch.setenv("NO_PROXY", ".example.org")
    assert env_proxy("https", "mattermost.example.org") is None
