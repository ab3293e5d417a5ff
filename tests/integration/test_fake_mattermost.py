import json

import aiohttp
import pytest

from tests.fake_mattermost import BOT_TOKEN, FakeMattermost


async def test_websocket_challenge_sends_hello_before_ok_then_posted(mm: FakeMattermost) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(
        f"{mm.url}/api/v4/websocket"
    ) as ws:
        await ws.send_json(
            {"seq": 1, "action": "authentication_challenge", "data": {"token": BOT_TOKEN}}
        )
        hello = json.loads(await ws.receive_str(timeout=1))
        ok = json.loads(await ws.receive_str(timeout=1))
        post = await mm.post_as("alice", "incubateur-animation", "@betabot qui logement")
        posted = json.loads(await ws.receive_str(timeout=1))
    assert (hello["event"], hello["seq"]) == ("hello", 0)
    assert ok == {"status": "OK", "seq_reply": 1}
    assert posted["seq"] == 1
    assert json.loads(posted["data"]["post"]) == post
    assert json.loads(posted["data"]["mentions"]) == [mm.user("betabot")["id"]]


def test_network_guard_refuses_non_loopback(network_guard: list[str]) -> None:
    import socket

    with pytest.raises(OSError, match="outside loopback"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    assert network_guard == ["create_connection ('192.0.2.1', 80)"]
    network_guard.clear()  # seen and expected: do not fail this test at teardown
