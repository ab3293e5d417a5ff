"""Admin HTTP routes under /_fake/, so that another process can drive a standalone fake."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import load
from .rest import json_response
from .state import ApiError

if TYPE_CHECKING:
    from .server import FakeMattermost


def admin_routes(fake: FakeMattermost) -> list[web.RouteDef]:
    """Routes mirroring the test controls; bodies and answers are JSON."""

    async def body(request: web.Request) -> dict[str, Any]:
        data = await request.json() if request.can_read_body else {}
        if not isinstance(data, dict):
            raise web.HTTPBadRequest(text="expected a JSON object")
        return data

    async def post_as(request: web.Request) -> web.Response:
        b = await body(request)
        try:
            post = await fake.post_as(
                b["username"], b["channel"], b["message"], b.get("root_id", ""), b.get("props")
            )
        except ApiError as error:
            return json_response(error.body(""), error.status)
        return json_response(post, 201)

    async def dm_as(request: web.Request) -> web.Response:
        b = await body(request)
        post = await fake.dm_as(b["username"], b["recipient"], b["message"], b.get("root_id", ""))
        return json_response(post, 201)

    async def posts(request: web.Request) -> web.Response:
        query = request.query
        if "username" in query:
            found = fake.posts_by(query["username"])
        elif "channel" in query:
            found = fake.posts_in(query["channel"])
        else:
            found = [dict(p) for p in fake.world.posts.values()]
        since = int(query.get("since", "0"))
        return json_response([p for p in found if p["create_at"] > since])

    async def wait_for_reply(request: web.Request) -> web.Response:
        b = await body(request)
        post = fake.world.posts[b["post_id"]]
        try:
            reply = await fake.wait_for_reply(post, float(b.get("timeout", 5)))
        except AssertionError as error:
            return json_response({"error": str(error)}, 504)
        return json_response(reply)

    async def drop_websockets(request: web.Request) -> web.Response:
        b = await body(request)
        await fake.drop_websockets(b.get("code", 1000))
        return json_response({"status": "OK"})

    async def fail_next(request: web.Request) -> web.Response:
        b = await body(request)
        fake.fail_next(
            b["route"],
            int(b["status"]),
            b.get("retry_after"),
            int(b.get("times", 1)),
            b.get("body"),
        )
        return json_response({"status": "OK"})

    async def restart(request: web.Request) -> web.Response:
        await fake.restart(keep=request.transport)
        return json_response({"status": "OK"})

    async def requests_seen(request: web.Request) -> web.Response:
        seen = [
            {"method": r.method, "path": r.path, "query": r.query, "status": r.status}
            for r in fake.requests
        ]
        return json_response(seen)

    async def state(request: web.Request) -> web.Response:
        users = {u["username"]: u["id"] for u in fake.world.users.values()}
        channels = {c["name"]: c["id"] for c in fake.world.channels.values()}
        return json_response(
            {"url": fake.url, "team": fake.team, "users": users, "channels": channels}
        )

    async def add_bot(request: web.Request) -> web.Response:
        b = await body(request)
        return json_response(fake.add_bot(b["username"], b["token"]), 201)

    async def add_channel(request: web.Request) -> web.Response:
        b = await body(request)
        return json_response(fake.add_channel(b["name"], b["members"]), 201)

    async def wait_for_connection(request: web.Request) -> web.Response:
        b = await body(request)
        try:
            await fake.wait_for_connection(b["username"], float(b.get("timeout", 5)))
        except AssertionError as error:
            return json_response({"error": str(error)}, 504)
        return json_response({"status": "OK"})

    clocks: list[load.Clock] = []  # one, made on the first bench run: it wraps create_post

    async def bench(request: web.Request) -> web.Response:
        b = await body(request)
        if not clocks:
            clocks.append(load.Clock(fake))
        measure = await load.run(
            fake,
            clocks[0],
            b["username"],
            b["message"],
            b["channels"],
            int(b["count"]),
            float(b.get("rate", 0)),
        )
        return json_response(asdict(measure))

    return [
        web.post("/_fake/add_bot", add_bot),
        web.post("/_fake/add_channel", add_channel),
        web.post("/_fake/wait_for_connection", wait_for_connection),
        web.post("/_fake/bench", bench),
        web.post("/_fake/post_as", post_as),
        web.post("/_fake/dm_as", dm_as),
        web.get("/_fake/posts", posts),
        web.post("/_fake/wait_for_reply", wait_for_reply),
        web.post("/_fake/drop_websockets", drop_websockets),
        web.post("/_fake/fail_next", fail_next),
        web.post("/_fake/restart", restart),
        web.get("/_fake/requests", requests_seen),
        web.get("/_fake/state", state),
    ]
