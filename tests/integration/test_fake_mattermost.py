"""The fake Mattermost itself, driven by the real mattermostdriver and a raw websocket client."""

import asyncio
import contextlib
import json
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import requests
from aiohttp import WSMsgType, web
from mattermostdriver import Driver
from mattermostdriver.websocket import Websocket

from tests.fake_mattermost import BOT_TOKEN, FakeMattermost
from tests.fake_mattermost.seed import ADMIN_TOKEN

CHANNEL = "incubateur-animation"
SHAPES = Path(__file__).parents[1] / "fake_mattermost" / "shapes"


def driver_for(mm: FakeMattermost, token: str = BOT_TOKEN) -> Driver:
    return Driver(
        {
            "url": "127.0.0.1",
            "port": mm.port,
            "scheme": "http",
            "basepath": "/api/v4",
            "token": token,
            "request_timeout": 5,
        }
    )


@asynccontextmanager
async def websocket(
    mm: FakeMattermost, token: str | None = BOT_TOKEN, query: str = ""
) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{mm.url}/api/v4/websocket{query}", headers=headers) as ws,
    ):
        yield ws


async def receive(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await ws.receive_str(timeout=2))
    return frame


async def challenge(ws: aiohttp.ClientWebSocketResponse, token: str) -> None:
    await ws.send_json({"seq": 1, "action": "authentication_challenge", "data": {"token": token}})


def keys_of(name: str) -> set[str]:
    return set(json.loads((SHAPES / name).read_text()))


# --- REST through the real mattermostdriver ---------------------------------------------


async def test_driver_login_reads_the_bot_account(mm: FakeMattermost) -> None:
    driver = driver_for(mm)
    me = await asyncio.to_thread(driver.login)
    bot = mm.user("betabot")
    assert me == bot
    assert (driver.client.userid, driver.client.username) == (bot["id"], "betabot")
    assert bot["is_bot"] is True
    assert len(bot["id"]) == 26
    assert bot["id"].isalnum()
    assert bot["id"].islower()


async def test_posts_of_bot_accounts_carry_from_bot_like_the_real_server(
    mm: FakeMattermost,
) -> None:
    root = await mm.post_as("alice", CHANNEL, "@betabot qui logement", props={"x": "1"})
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    created = await asyncio.to_thread(
        driver.posts.create_post,
        {"channel_id": root["channel_id"], "message": "Réponse", "props": {"betabot_key": "k"}},
    )
    assert root["props"] == {"x": "1"}
    assert created["props"] == {"betabot_key": "k", "from_bot": "true"}
    assert mm.posts_by("betabot")[0]["props"] == {"betabot_key": "k", "from_bot": "true"}


async def test_rest_answers_bare_json_content_type_and_request_id(mm: FakeMattermost) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(
            f"{mm.url}/api/v4/users/me", headers={"Authorization": f"Bearer {BOT_TOKEN}"}
        ) as resp,
    ):
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "application/json"
        assert len(resp.headers["X-Request-Id"]) == 26


async def test_driver_posts_a_thread_reply_with_201_and_the_stored_post(mm: FakeMattermost) -> None:
    root = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    created = await asyncio.to_thread(
        driver.posts.create_post,
        {"channel_id": root["channel_id"], "message": "Réponse", "root_id": root["id"]},
    )
    assert mm.posts_by("betabot") == [created]
    assert mm.replies_to(root) == [created]
    assert created["root_id"] == root["id"]
    assert created["create_at"] > root["create_at"]
    assert set(created) == keys_of("post.json")
    assert mm.requests[-1].status == 201
    assert mm.requests[-1].json() == {
        "channel_id": root["channel_id"],
        "message": "Réponse",
        "root_id": root["id"],
    }


async def test_driver_finds_team_and_channel_by_name(mm: FakeMattermost) -> None:
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    team = await asyncio.to_thread(driver.teams.get_team_by_name, "betagouv")
    channel = await asyncio.to_thread(driver.channels.get_channel_by_name, team["id"], CHANNEL)
    same = await asyncio.to_thread(
        driver.channels.get_channel_by_name_and_team_name, "betagouv", CHANNEL
    )
    assert team == mm.team
    assert channel == same == mm.channel(CHANNEL)
    assert set(channel) == keys_of("channel.json")


async def test_driver_opens_the_same_dm_twice_named_by_sorted_ids(mm: FakeMattermost) -> None:
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    ids = [mm.user("betabot")["id"], mm.user("alice")["id"]]
    first = await asyncio.to_thread(driver.channels.create_direct_message_channel, ids)
    again = await asyncio.to_thread(driver.channels.create_direct_message_channel, ids[::-1])
    assert first == again
    assert (first["type"], first["name"], first["team_id"]) == ("D", "__".join(sorted(ids)), "")
    assert [r.status for r in mm.requests if r.path == "/api/v4/channels/direct"] == [201, 201]


async def test_rate_limit_surfaces_in_the_driver_as_http_error_with_retry_after(
    mm: FakeMattermost,
) -> None:
    channel_id = mm.channel(CHANNEL)["id"]
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    mm.fail_next("POST /api/v4/posts", status=429, retry_after=2)
    with pytest.raises(requests.HTTPError) as caught:
        await asyncio.to_thread(
            driver.posts.create_post, {"channel_id": channel_id, "message": "x"}
        )
    response = caught.value.response
    assert response is not None
    assert response.status_code == 429
    assert response.text == "limit exceeded\n"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Retry-After"] == "2"
    assert response.headers["X-RateLimit-Remaining"] == "0"
    assert response.headers["X-RateLimit-Reset"] == "2"
    retried = await asyncio.to_thread(
        driver.posts.create_post, {"channel_id": channel_id, "message": "x"}
    )
    assert mm.posts_by("betabot") == [retried]


async def test_injected_server_error_is_a_json_error_for_the_given_times(
    mm: FakeMattermost,
) -> None:
    mm.fail_next("GET /api/v4/users/{user_id}", status=503, times=2)
    headers = {"Authorization": f"Bearer {BOT_TOKEN}"}
    alice = mm.user("alice")["id"]
    answers = []
    async with aiohttp.ClientSession(headers=headers) as session:
        for _ in range(3):
            async with session.get(f"{mm.url}/api/v4/users/{alice}") as resp:
                answers.append((resp.status, await resp.json(content_type="application/json")))
    assert [status for status, _ in answers] == [503, 503, 200]
    assert answers[0][1] == {
        "id": "api.fake.injected.app_error",
        "message": "Injected failure.",
        "detailed_error": "",
        "request_id": answers[0][1]["request_id"],
        "status_code": 503,
        "is_oauth": False,
    }
    assert answers[2][1] == mm.user("alice")
    assert [r.status for r in mm.requests] == [503, 503, 200]


async def test_bad_token_gets_the_401_json_error_body(mm: FakeMattermost) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{mm.url}/api/v4/users/me", headers={"Authorization": "Bearer wrong"}) as resp,
    ):
        body = await resp.json(content_type="application/json")
    assert resp.status == 401
    assert body == {
        "id": "api.context.session_expired.app_error",
        "message": "Invalid or expired session, please login again.",
        "detailed_error": "",
        "request_id": resp.headers["X-Request-Id"],
        "status_code": 401,
        "is_oauth": False,
    }
    assert set(body) == keys_of("error.json")


async def test_posting_where_the_user_is_not_a_member_is_forbidden(mm: FakeMattermost) -> None:
    mm.add_channel("prive", members=["alice"], type="P")
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    with pytest.raises(requests.HTTPError, match="appropriate permissions"):
        await asyncio.to_thread(
            driver.posts.create_post, {"channel_id": mm.channel("prive")["id"], "message": "x"}
        )
    assert mm.requests[-1].status == 403
    assert mm.posts_in("prive") == []


async def test_reply_to_a_reply_is_refused_like_the_real_server(mm: FakeMattermost) -> None:
    root = await mm.post_as("alice", CHANNEL, "racine")
    reply = await mm.post_as("bob", CHANNEL, "réponse", root_id=root["id"])
    headers = {"Authorization": f"Bearer {BOT_TOKEN}"}
    body = {"channel_id": root["channel_id"], "message": "x", "root_id": reply["id"]}
    async with (
        aiohttp.ClientSession(headers=headers) as session,
        session.post(f"{mm.url}/api/v4/posts", json=body) as resp,
    ):
        error = await resp.json()
    assert (resp.status, error["id"]) == (400, "api.post.create_post.root_id.app_error")


async def test_posts_since_lists_only_posts_created_or_edited_after(mm: FakeMattermost) -> None:
    first = await mm.post_as("alice", CHANNEL, "un")
    second = await mm.post_as("bob", CHANNEL, "deux")
    edited = await mm.edit_as("alice", first, "un (modifié)")
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    listing = await asyncio.to_thread(
        driver.posts.get_posts_for_channel, first["channel_id"], {"since": second["create_at"]}
    )
    assert listing["order"] == [first["id"]]
    assert listing["posts"] == {first["id"]: edited}
    assert set(listing) == keys_of("post_list.json")
    everything = await asyncio.to_thread(
        driver.posts.get_posts_for_channel, first["channel_id"], {"since": first["create_at"] - 1}
    )
    assert everything["order"] == [second["id"], first["id"]]


async def test_posts_pages_are_newest_first(mm: FakeMattermost) -> None:
    posts = [await mm.post_as("alice", CHANNEL, str(n)) for n in range(5)]
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    page = await asyncio.to_thread(
        driver.posts.get_posts_for_channel, posts[0]["channel_id"], {"page": 1, "per_page": 2}
    )
    assert page["order"] == [posts[2]["id"], posts[1]["id"]]
    assert (page["prev_post_id"], page["next_post_id"]) == (posts[0]["id"], posts[3]["id"])


async def test_thread_lists_the_root_and_its_replies(mm: FakeMattermost) -> None:
    root = await mm.post_as("alice", CHANNEL, "racine")
    reply = await mm.post_as("bob", CHANNEL, "réponse", root_id=root["id"])
    await mm.post_as("bob", CHANNEL, "ailleurs")
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    thread = await asyncio.to_thread(driver.posts.get_thread, reply["id"])
    assert thread["order"] == [reply["id"], root["id"]]
    assert thread["posts"][root["id"]]["reply_count"] == 1


async def test_users_by_usernames_and_ids(mm: FakeMattermost) -> None:
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    by_name = await asyncio.to_thread(driver.users.get_users_by_usernames, ["alice", "nobody"])
    by_id = await asyncio.to_thread(driver.users.get_users_by_ids, [mm.user("bob")["id"]])
    one = await asyncio.to_thread(driver.users.get_user_by_username, "alice")
    assert by_name == [mm.user("alice")] == [one]
    assert by_id == [mm.user("bob")]
    assert set(one) == keys_of("user.json")


async def test_user_channels_include_dms(mm: FakeMattermost) -> None:
    dm = await mm.dm_as("alice", "betabot", "bonjour")
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    team_id = mm.team["id"]
    mine = await asyncio.to_thread(
        driver.channels.get_channels_for_user, mm.user("betabot")["id"], team_id
    )
    assert {c["name"] for c in mine} == {
        "town-square",
        CHANNEL,
        mm.channel(dm["channel_id"])["name"],
    }


async def test_commands_need_method_p_or_g_and_return_their_token(mm: FakeMattermost) -> None:
    admin = driver_for(mm, ADMIN_TOKEN)
    await asyncio.to_thread(admin.login)
    command = {
        "team_id": mm.team["id"],
        "trigger": "beta",
        "url": "http://127.0.0.1:9/mattermost/slash",
        "method": "POST",
        "auto_complete": True,
        "auto_complete_desc": "Demander à betabot",
        "auto_complete_hint": "[question]",
    }
    with pytest.raises(requests.HTTPError, match="Invalid Method"):
        await asyncio.to_thread(admin.commands.create_command, command)
    created = await asyncio.to_thread(admin.commands.create_command, command | {"method": "P"})
    assert mm.requests[-1].status == 201
    assert len(created["token"]) == len(created["id"]) == 26
    listed = await asyncio.to_thread(
        admin.commands.list_commands_for_team, {"team_id": mm.team["id"], "custom_only": "true"}
    )
    assert listed == [created]
    # 7.3.2's commands.update_command() forgets the "/" before the id: call the client.
    updated = await asyncio.to_thread(
        admin.client.put, f"/commands/{created['id']}", created | {"auto_complete_hint": "[q]"}
    )
    assert updated == created | {"auto_complete_hint": "[q]", "update_at": updated["update_at"]}


async def test_plain_users_may_not_create_commands(mm: FakeMattermost) -> None:
    body = {"team_id": mm.team["id"], "trigger": "beta", "url": "http://x.test", "method": "P"}
    async with (
        aiohttp.ClientSession(headers={"Authorization": f"Bearer {BOT_TOKEN}"}) as session,
        session.post(f"{mm.url}/api/v4/commands", json=body) as resp,
    ):
        assert resp.status == 403


async def test_requests_are_recorded_with_headers_query_and_body(mm: FakeMattermost) -> None:
    driver = driver_for(mm)
    await asyncio.to_thread(driver.login)
    recorded = mm.requests[-1]
    assert (recorded.method, recorded.path, recorded.query) == ("GET", "/api/v4/users/me", {})
    assert recorded.headers["authorization"] == f"Bearer {BOT_TOKEN}"
    assert recorded.json() == {}  # mattermostdriver 7.3.2 sends `{}` with every GET
    assert recorded.status == 200


# --- websocket --------------------------------------------------------------------------


async def test_challenge_sends_hello_before_ok_then_posted_events(mm: FakeMattermost) -> None:
    async with websocket(mm, token=None) as ws:
        await challenge(ws, BOT_TOKEN)
        hello = await receive(ws)
        ok = await receive(ws)
        post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
        posted = await receive(ws)
    bot_id = mm.user("betabot")["id"]
    assert hello == {
        "event": "hello",
        "data": {
            "server_version": hello["data"]["server_version"],
            "connection_id": hello["data"]["connection_id"],
            "server_hostname": "fake-mattermost",
        },
        "broadcast": {
            "omit_users": None,
            "user_id": bot_id,
            "channel_id": "",
            "team_id": "",
            "connection_id": "",
            "omit_connection_id": "",
        },
        "seq": 0,
    }
    assert ok == {"status": "OK", "seq_reply": 1}
    assert posted == {
        "event": "posted",
        "data": {
            "channel_display_name": "Incubateur - Animation",
            "channel_name": CHANNEL,
            "channel_type": "O",
            "post": posted["data"]["post"],
            "sender_name": "@alice",
            "set_online": True,
            "team_id": mm.team["id"],
            "mentions": json.dumps([bot_id]),
        },
        "broadcast": hello["broadcast"] | {"user_id": "", "channel_id": post["channel_id"]},
        "seq": 1,
    }
    assert json.loads(posted["data"]["post"]) == post
    assert set(posted) == keys_of("posted.json")
    assert set(json.loads(posted["data"]["post"])) == keys_of("post.json")


async def test_bearer_upgrade_gets_hello_at_once_and_no_ok(mm: FakeMattermost) -> None:
    async with websocket(mm) as ws:
        hello = await receive(ws)
        await ws.send_json({"seq": 1, "action": "user_typing", "data": {"channel_id": "x"}})
        typing_reply = await receive(ws)
    assert (hello["event"], hello["seq"], len(hello["data"]["connection_id"])) == ("hello", 0, 26)
    assert typing_reply == {"status": "OK", "seq_reply": 1}
    assert mm.requests[-1].headers["Authorization"] == f"Bearer {BOT_TOKEN}"


async def test_bad_challenge_token_drops_tcp_without_close_frame(mm: FakeMattermost) -> None:
    async with websocket(mm, token=None) as ws:
        await challenge(ws, "wrong")
        msg = await ws.receive(timeout=2)
    assert msg.type in (WSMsgType.CLOSED, WSMsgType.ERROR)
    assert ws.close_code == 1006
    assert mm.hub.active() == []


async def test_unauthenticated_socket_is_dropped_after_the_auth_delay(mm: FakeMattermost) -> None:
    mm.hub.auth_timeout_s = 0.05
    async with websocket(mm, token=None) as ws:
        msg = await ws.receive(timeout=2)
    assert msg.type in (WSMsgType.CLOSED, WSMsgType.ERROR)
    assert ws.close_code == 1006


async def test_actions_before_authentication_fail_without_dropping(mm: FakeMattermost) -> None:
    async with websocket(mm, token=None) as ws:
        await ws.send_json({"seq": 1, "action": "user_typing", "data": {}})
        refused = await receive(ws)
        await ws.send_json(
            {"seq": 2, "action": "authentication_challenge", "data": {"token": BOT_TOKEN}}
        )
        hello = await receive(ws)
        ok = await receive(ws)
    assert (refused["status"], refused["seq_reply"]) == ("FAIL", 1)
    assert refused["error"]["id"] == "api.web_socket_router.not_authenticated.app_error"
    assert (hello["event"], ok) == ("hello", {"status": "OK", "seq_reply": 2})


async def test_own_posts_are_echoed_without_mentions(mm: FakeMattermost) -> None:
    async with websocket(mm) as ws:
        await receive(ws)
        await mm.post_as("betabot", CHANNEL, "Bonjour @alice")
        echoed = await receive(ws)
    assert echoed["event"] == "posted"
    assert json.loads(echoed["data"]["post"])["user_id"] == mm.user("betabot")["id"]
    assert "mentions" not in echoed["data"]


async def test_mentions_name_only_the_receiving_user(mm: FakeMattermost) -> None:
    async with websocket(mm) as bot_ws, websocket(mm, token=mm.token_of("bob")) as bob_ws:
        await receive(bot_ws)
        await receive(bob_ws)
        await mm.post_as("alice", CHANNEL, "@betabot et @bob.")
        await mm.post_as("alice", CHANNEL, "sans mention de betabot")
        to_bot = [await receive(bot_ws), await receive(bot_ws)]
        to_bob = [await receive(bob_ws), await receive(bob_ws)]
    assert [e["data"].get("mentions") for e in to_bot] == [
        json.dumps([mm.user("betabot")["id"]]),
        None,
    ]
    assert [e["data"].get("mentions") for e in to_bob] == [json.dumps([mm.user("bob")["id"]]), None]


async def test_dm_mentions_the_recipient_and_has_no_team(mm: FakeMattermost) -> None:
    async with websocket(mm) as ws:
        await receive(ws)
        post = await mm.dm_as("alice", "betabot", "qui logement")
        added = await receive(ws)
        posted = await receive(ws)
    channel = mm.channel(post["channel_id"])
    assert added["event"] == "direct_added"
    assert posted["data"] == {
        "channel_display_name": "@alice",
        "channel_name": channel["name"],
        "channel_type": "D",
        "post": json.dumps(post, separators=(",", ":"), ensure_ascii=False),
        "sender_name": "@alice",
        "set_online": True,
        "team_id": "",
        "mentions": json.dumps([mm.user("betabot")["id"]]),
    }


async def test_edit_sends_post_edited_with_the_new_message(mm: FakeMattermost) -> None:
    post = await mm.post_as("alice", CHANNEL, "@betabot qui logment")
    async with websocket(mm) as ws:
        await receive(ws)
        edited = await mm.edit_as("alice", post, "@betabot qui logement")
        event = await receive(ws)
    assert event["event"] == "post_edited"
    assert json.loads(event["data"]["post"]) == edited
    assert edited["edit_at"] == edited["update_at"] > post["create_at"]


async def test_reconnect_with_connection_id_replays_missed_events_without_hello(
    mm: FakeMattermost,
) -> None:
    async with websocket(mm) as ws:
        hello = await receive(ws)
        await mm.post_as("alice", CHANNEL, "avant")
        seen = await receive(ws)
        await mm.drop_websockets(code=None)
        dropped = await ws.receive(timeout=2)
    missed = [await mm.post_as("alice", CHANNEL, f"pendant {n}") for n in range(2)]
    resume = f"?connection_id={hello['data']['connection_id']}&sequence_number={seen['seq'] + 1}"
    async with websocket(mm, query=resume) as ws:
        replayed = [await receive(ws), await receive(ws)]
        live = await mm.post_as("alice", CHANNEL, "après")
        after = await receive(ws)
    assert dropped.type in (WSMsgType.CLOSED, WSMsgType.ERROR)
    assert [(e["event"], e["seq"]) for e in replayed] == [("posted", 2), ("posted", 3)]
    assert [json.loads(e["data"]["post"]) for e in replayed] == missed
    assert (after["seq"], json.loads(after["data"]["post"])) == (4, live)


async def test_reconnect_after_restart_gets_a_new_hello_and_connection_id(
    mm: FakeMattermost,
) -> None:
    async with websocket(mm) as ws:
        hello = await receive(ws)
        await mm.restart()
        dropped = await ws.receive(timeout=2)
    resume = f"?connection_id={hello['data']['connection_id']}&sequence_number=1"
    async with websocket(mm, query=resume) as ws:
        fresh = await receive(ws)
    assert dropped.type in (WSMsgType.CLOSED, WSMsgType.ERROR)
    assert (fresh["event"], fresh["seq"]) == ("hello", 0)
    assert fresh["data"]["connection_id"] != hello["data"]["connection_id"]
    assert mm.posts_by("alice") == []


async def test_reconnect_too_late_for_the_buffer_gets_a_new_hello(mm: FakeMattermost) -> None:
    async with websocket(mm) as ws:
        hello = await receive(ws)
        await mm.drop_websockets(code=None)
        await ws.receive(timeout=2)
    for n in range(130):
        await mm.post_as("alice", CHANNEL, str(n))
    resume = f"?connection_id={hello['data']['connection_id']}&sequence_number=1"
    async with websocket(mm, query=resume) as ws:
        fresh = await receive(ws)
    assert (fresh["event"], fresh["seq"]) == ("hello", 0)
    assert fresh["data"]["connection_id"] != hello["data"]["connection_id"]


async def test_bad_sequence_number_drops_the_socket(mm: FakeMattermost) -> None:
    async with websocket(mm) as ws:
        hello = await receive(ws)
    resume = f"?connection_id={hello['data']['connection_id']}&sequence_number=x"
    async with websocket(mm, query=resume) as ws:
        msg = await ws.receive(timeout=2)
    assert msg.type in (WSMsgType.CLOSED, WSMsgType.ERROR)


@pytest.mark.parametrize("code", [1000, 1001])
async def test_drop_websockets_sends_the_close_code(mm: FakeMattermost, code: int) -> None:
    async with websocket(mm) as ws:
        await receive(ws)
        dropping = asyncio.create_task(mm.drop_websockets(code=code))
        msg = await ws.receive(timeout=2)
        await dropping
    assert (msg.type, msg.data) == (WSMsgType.CLOSE, code)
    assert mm.hub.active() == []


async def test_closed_records_the_close_code_the_client_sent(mm: FakeMattermost) -> None:
    async with websocket(mm) as ws:
        await receive(ws)
        await ws.close(code=1000)
    bot_id = mm.user("betabot")["id"]
    await mm.wait_until(lambda: mm.hub.closed or None, 2, lambda: "no socket ended")
    assert mm.hub.closed == [(bot_id, 1000)]


async def test_drop_websockets_without_code_aborts_tcp(mm: FakeMattermost) -> None:
    async with websocket(mm) as ws:
        await receive(ws)
        await mm.drop_websockets(code=None)
        msg = await ws.receive(timeout=2)
    assert msg.type in (WSMsgType.CLOSED, WSMsgType.ERROR)
    assert ws.close_code == 1006


async def test_client_pings_are_answered(mm: FakeMattermost) -> None:
    async with websocket(mm) as ws:
        await receive(ws)
        await ws.ping(b"x")
        await ws.send_json({"seq": 1, "action": "get_statuses"})
        reply = await receive(ws)  # pong is consumed by aiohttp; the stream stays usable
    assert reply == {"status": "OK", "seq_reply": 1}


async def test_mattermostdriver_websocket_authenticates_and_receives_posted(
    mm: FakeMattermost,
) -> None:
    frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def handler(message: str) -> None:
        await frames.put(json.loads(message))

    client = Websocket(driver_for(mm).options, BOT_TOKEN)
    listening = asyncio.create_task(client.connect(handler))
    try:
        hello = await asyncio.wait_for(frames.get(), 2)
        ok = await asyncio.wait_for(frames.get(), 2)
        post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
        posted = await asyncio.wait_for(frames.get(), 2)
    finally:
        client.disconnect()
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listening
    assert (hello["event"], ok) == ("hello", {"status": "OK", "seq_reply": 1})
    assert json.loads(posted["data"]["post"]) == post


# --- controls ---------------------------------------------------------------------------


async def test_wait_for_reply_fails_clearly_listing_what_it_saw(mm: FakeMattermost) -> None:
    post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
    await mm.post_as("bob", CHANNEL, "pas moi")
    with pytest.raises(AssertionError) as caught:
        await mm.wait_for_reply(post, timeout=0.05)
    message = str(caught.value)
    assert message.startswith(f"no bot reply to {post['id']} ('@betabot qui logement') within")
    assert "bob: 'pas moi'" in message


async def test_replies_to_a_thread_reply_ignore_earlier_bot_replies(mm: FakeMattermost) -> None:
    root = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
    first = await mm.post_as("betabot", CHANNEL, "Réponse 1", root_id=root["id"])
    again = await mm.post_as("bob", CHANNEL, "@betabot et le numérique ?", root_id=root["id"])
    second = await mm.post_as("betabot", CHANNEL, "Réponse 2", root_id=root["id"])
    await mm.post_as("betabot", CHANNEL, "ailleurs")
    assert mm.replies_to(root) == [first, second]
    assert mm.replies_to(again) == [second]
    assert await mm.wait_for_reply(again, timeout=1) == second


async def test_wait_for_reply_wakes_on_the_bot_post_in_the_dm(mm: FakeMattermost) -> None:
    post = await mm.dm_as("alice", "betabot", "qui logement")
    waiting = asyncio.create_task(mm.wait_for_reply(post, timeout=2))
    await mm.post_as("alice", post["channel_id"], "encore moi")
    reply = await mm.post_as("betabot", post["channel_id"], "Réponse")
    assert await waiting == reply
    assert mm.replies_to(post) == [reply]


async def test_wait_for_connection_returns_once_the_bot_is_authenticated(
    mm: FakeMattermost,
) -> None:
    waiting = asyncio.create_task(mm.wait_for_connection("betabot", timeout=2))
    async with websocket(mm, token=None) as ws:
        await challenge(ws, BOT_TOKEN)
        await waiting
        assert [c.user_id for c in mm.hub.active()] == [mm.user("betabot")["id"]]


async def test_slash_posts_the_real_form_and_in_channel_answer_becomes_user_post(
    mm: FakeMattermost, unused_tcp_port: int
) -> None:
    received: list[tuple[dict[str, list[str]], dict[str, str]]] = []

    async def handler(request: web.Request) -> web.Response:
        form = await request.post()
        received.append(({k: form.getall(k) for k in form}, dict(request.headers)))
        return web.json_response({"response_type": "in_channel", "text": "Réponse"})

    app = web.Application()
    app.router.add_post("/mattermost/slash", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", unused_tcp_port).start()
    try:
        url = f"http://127.0.0.1:{unused_tcp_port}/mattermost/slash"
        resp = await mm.slash_as("alice", CHANNEL, "/beta qui @bob ~town-square", url, "t0k")
    finally:
        await runner.cleanup()
    [(form, headers)] = received
    alice = mm.user("alice")
    assert form == {
        "channel_id": [mm.channel(CHANNEL)["id"]],
        "channel_name": [CHANNEL],
        "command": ["/beta"],
        "response_url": form["response_url"],
        "team_domain": ["betagouv"],
        "team_id": [mm.team["id"]],
        "text": ["qui @bob ~town-square"],
        "token": ["t0k"],
        "trigger_id": form["trigger_id"],
        "user_id": [alice["id"]],
        "user_name": ["alice"],
        "user_mentions": ["bob"],
        "user_mentions_ids": [mm.user("bob")["id"]],
        "channel_mentions": ["town-square"],
        "channel_mentions_ids": [mm.channel("town-square")["id"]],
    }
    assert form["response_url"][0].startswith(f"{mm.url}/hooks/commands/")
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert (headers["Authorization"], headers["Accept"]) == ("Token t0k", "application/json")
    assert (resp.status, resp.json()) == (200, {"response_type": "in_channel", "text": "Réponse"})
    [post] = mm.posts_by("alice")
    assert (post["message"], post["props"]) == ("Réponse", {"from_webhook": "true"})


@asynccontextmanager
async def slash_endpoint(port: int, answer: web.Response) -> AsyncIterator[list[web.Request]]:
    seen: list[web.Request] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request)
        return answer

    app = web.Application()
    app.router.add_route("*", "/slash", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield seen
    finally:
        await runner.cleanup()


async def test_slash_ephemeral_answer_goes_only_to_the_invoker(
    mm: FakeMattermost, unused_tcp_port: int
) -> None:
    answer = web.json_response({"response_type": "ephemeral", "text": "Pour vous"})
    async with (
        websocket(mm, token=mm.token_of("alice")) as ws,
        slash_endpoint(unused_tcp_port, answer),
    ):
        await receive(ws)
        resp = await mm.slash_as(
            "alice", CHANNEL, "/beta aide", f"http://127.0.0.1:{unused_tcp_port}/slash", "t"
        )
        event = await receive(ws)
    assert resp.status == 200
    assert mm.posts_in(CHANNEL) == []
    [ephemeral] = mm.ephemerals
    assert (ephemeral["message"], ephemeral["user_id"]) == ("Pour vous", mm.user("alice")["id"])
    assert (event["event"], json.loads(event["data"]["post"])) == ("ephemeral_message", ephemeral)


async def test_slash_with_get_sends_the_fields_in_the_query_and_plain_text_is_ephemeral(
    mm: FakeMattermost, unused_tcp_port: int
) -> None:
    url = f"http://127.0.0.1:{unused_tcp_port}/slash"
    async with slash_endpoint(unused_tcp_port, web.Response(text="texte brut")) as seen:
        resp = await mm.slash_as("bob", "town-square", "/beta", url, "t", method="G")
    [request] = seen
    assert request.method == "GET"
    assert (request.query["text"], request.query["user_name"], request.query["command"]) == (
        "",
        "bob",
        "/beta",
    )
    assert (resp.status, resp.body) == (200, "texte brut")
    assert [e["message"] for e in mm.ephemerals] == ["texte brut"]


async def test_slash_uses_the_registered_command_url_and_token(
    mm: FakeMattermost, unused_tcp_port: int
) -> None:
    url = f"http://127.0.0.1:{unused_tcp_port}/slash"
    command = mm.world.add_command(
        mm.user("admin")["id"],
        {"team_id": mm.team["id"], "trigger": "beta", "url": url, "method": "P"},
    )
    answer = web.json_response({"response_type": "in_channel", "text": "ok"})
    async with slash_endpoint(unused_tcp_port, answer) as seen:
        await mm.slash_as("alice", CHANNEL, "/beta qui")
    [request] = seen
    assert request.headers["Authorization"] == f"Token {command['token']}"


async def test_add_member_sends_user_added_to_the_channel(mm: FakeMattermost) -> None:
    mm.add_channel("nouveau", members=["alice"])
    async with websocket(mm) as ws:
        await receive(ws)
        mm.add_member("nouveau", "betabot")
        event = await receive(ws)
    assert (event["event"], event["data"]) == (
        "user_added",
        {"team_id": mm.team["id"], "user_id": mm.user("betabot")["id"]},
    )
    assert event["broadcast"]["channel_id"] == mm.channel("nouveau")["id"]


async def test_seed_has_the_bot_two_users_and_two_channels(mm: FakeMattermost) -> None:
    members = {
        name: sorted(mm.user(uid)["username"] for uid in mm.world.members[mm.channel(name)["id"]])
        for name in ("town-square", CHANNEL)
    }
    assert members == {
        "town-square": ["admin", "alice", "betabot", "bob"],
        CHANNEL: ["alice", "betabot", "bob"],
    }
    assert mm.token_of("betabot") == BOT_TOKEN
    assert BOT_TOKEN.startswith("bot-token-")
    assert mm.url == f"http://127.0.0.1:{mm.port}"


async def test_admin_routes_drive_the_fake_from_another_process(mm: FakeMattermost) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{mm.url}/_fake/post_as",
            json={"username": "alice", "channel": CHANNEL, "message": "@betabot qui"},
        ) as resp:
            post = await resp.json()
        async with session.get(f"{mm.url}/_fake/posts", params={"username": "alice"}) as resp:
            listed = await resp.json()
        async with session.post(
            f"{mm.url}/_fake/fail_next", json={"route": "GET /api/v4/users/me", "status": 500}
        ) as resp:
            assert resp.status == 200
    assert listed == [post] == mm.posts_by("alice")
    assert mm.requests == []  # admin calls are not recorded
    assert mm.failures.pending[0].route == "GET /api/v4/users/me"


async def test_admin_wait_for_reply_and_restart(mm: FakeMattermost) -> None:
    post = await mm.post_as("alice", CHANNEL, "@betabot qui")
    async with aiohttp.ClientSession() as session:
        wait = {"post_id": post["id"], "timeout": 0.05}
        async with session.post(f"{mm.url}/_fake/wait_for_reply", json=wait) as resp:
            timed_out = (resp.status, (await resp.json())["error"])
        reply = await mm.post_as("betabot", CHANNEL, "Réponse", root_id=post["id"])
        async with session.post(f"{mm.url}/_fake/wait_for_reply", json=wait) as resp:
            found = (resp.status, await resp.json())
        async with websocket(mm) as ws:
            await receive(ws)
            async with session.post(f"{mm.url}/_fake/restart") as resp:
                assert resp.status == 200
            dropped = await ws.receive(timeout=2)
        async with session.get(f"{mm.url}/_fake/state") as resp:
            state = await resp.json()
    assert timed_out[0] == 504
    assert timed_out[1].startswith(f"no bot reply to {post['id']}")
    assert found == (200, reply)
    assert dropped.type in (WSMsgType.CLOSED, WSMsgType.ERROR)
    assert state["users"]["betabot"] == mm.user("betabot")["id"]


async def test_failing_the_websocket_upgrade_refuses_the_handshake(mm: FakeMattermost) -> None:
    mm.fail_next("GET /api/v4/websocket", status=503)
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        async with websocket(mm):
            pass
    async with websocket(mm) as ws:
        hello = await receive(ws)
    assert caught.value.status == 503
    assert hello["event"] == "hello"
    assert [r.status for r in mm.requests] == [503, 101]


async def test_standalone_run_prints_its_url_and_the_bot_token() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.fake_mattermost",
        "--port",
        str(port),
        cwd=Path(__file__).parents[2],
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        first = await asyncio.wait_for(process.stdout.readline(), 10)
        second = await asyncio.wait_for(process.stdout.readline(), 10)
    finally:
        process.terminate()
        await process.wait()
    assert first.decode() == f"fake Mattermost on http://127.0.0.1:{port}\n"
    assert second.decode().startswith(f"bot token: {BOT_TOKEN}")
    assert process.returncode == 0


def test_network_guard_refuses_non_loopback(network_guard: list[str]) -> None:
    with pytest.raises(OSError, match="outside loopback"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    with pytest.raises(OSError, match="outside loopback"):
        socket.getaddrinfo("example.org", 443)
    assert network_guard == ["create_connection ('192.0.2.1', 80)", "getaddrinfo 'example.org'"]
    network_guard.clear()  # seen and expected: do not fail this test at teardown
