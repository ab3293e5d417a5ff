"""The fake's admin routes that bench/bench_transport.py --processes drives from its process."""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from tests.fake_mattermost import FakeMattermost

TOKEN = "responder-token-000000000000"  # noqa: S105 - a fake token for a fake server


async def admin(session: aiohttp.ClientSession, mm: FakeMattermost, route: str, body: Any) -> Any:
    async with session.post(f"{mm.url}/_fake/{route}", json=body) as resp:
        return resp.status, await resp.json(content_type=None)


@asynccontextmanager
async def responder(mm: FakeMattermost, me: str, copies: int) -> AsyncIterator[None]:
    """A raw client of `me` that answers each mention `copies` times in its thread."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{mm.url}/api/v4/websocket", headers=auth) as ws,
    ):

        async def answer() -> None:
            async for msg in ws:
                frame = json.loads(msg.data)
                if frame.get("event") != "posted":
                    continue
                if me not in json.loads(frame["data"].get("mentions", "[]")):
                    continue
                post = json.loads(frame["data"]["post"])
                body = {"channel_id": post["channel_id"], "message": "ok", "root_id": post["id"]}
                for _ in range(copies):
                    async with session.post(f"{mm.url}/api/v4/posts", json=body, headers=auth):
                        pass

        task = asyncio.create_task(answer())
        try:
            yield
        finally:
            task.cancel()


async def test_bench_route_posts_mentions_and_counts_replies_and_duplicates(
    mm: FakeMattermost,
) -> None:
    async with aiohttp.ClientSession() as session:
        added = await admin(session, mm, "add_bot", {"username": "responder", "token": TOKEN})
        channels = ["bench-a", "bench-b"]
        for name in channels:
            status, _ = await admin(
                session, mm, "add_channel", {"name": name, "members": ["alice", "responder"]}
            )
            assert status == 201
        absent = await admin(
            session, mm, "wait_for_connection", {"username": "responder", "timeout": 0.05}
        )
        run = {"username": "alice", "channels": channels, "message": "@responder qui", "count": 4}
        measured = []
        for copies, rate in ((1, 0), (2, 100)):
            async with responder(mm, added[1]["id"], copies):
                connected = await admin(
                    session, mm, "wait_for_connection", {"username": "responder", "timeout": 5}
                )
                assert connected == (200, {"status": "OK"})
                status, result = await admin(session, mm, "bench", {**run, "rate": rate})
                assert status == 200
                measured.append(result)
    assert added[0] == 201
    assert added[1]["username"] == "responder"
    assert absent == (504, {"error": "responder has no open websocket after 0.05 s"})
    assert [(len(m["latencies_ms"]), m["lost"], m["duplicated"]) for m in measured] == [
        (4, 0, 0),
        (4, 0, 4),
    ]
    assert all(m["replies_per_s"] > 0 and min(m["latencies_ms"]) > 0 for m in measured)
    mentions = mm.posts_by("alice")
    assert [p["channel_id"] for p in mentions] == [mm.channel(c)["id"] for c in channels * 4]
    assert {p["message"] for p in mentions} == {"@responder qui"}
    assert len(mm.posts_by("responder")) == 4 + 8
