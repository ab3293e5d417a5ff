"""A fake Mattermost server on 127.0.0.1: REST v4, the websocket and slash form posts.

Tests act as users through the controls (`post_as`, `dm_as`, `wait_for_reply`, `slash_as`…),
inject failures (`fail_next`, `drop_websockets`, `restart`) and read `requests`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy

from .actions import ClickResult, click
from .admin import admin_routes
from .failures import Failure, Failures, failure_response
from .hub import Hub, broadcast
from .rest import API, SESSION_EXPIRED, USER_KEY, Rest, error_response
from .slash import SlashResponse, run_command
from .state import ApiError, Json, World, delete_reaction, dumps, save_reaction, snapshot

T = TypeVar("T")
SHUTDOWN_TIMEOUT_S = 1.0


@dataclass
class RecordedRequest:
    """One HTTP request the fake received (admin routes excepted)."""

    method: str
    path: str
    query: dict[str, str]
    headers: CIMultiDictProxy[str]
    body: bytes
    status: int = 0

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


class FakeMattermost:
    """The fake server and its test controls; start() and close() run in the caller's loop."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        team: str = "betagouv",
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.ssl_context = ssl_context  # serve HTTPS and wss:// with it (None: plain HTTP)
        self.world = World(team)
        self.hub = Hub(self.world, self.notify)
        self.requests: list[RecordedRequest] = []
        self.ephemerals: list[Json] = []
        self.mentions: list[tuple[str, str]] = []  # (post id, user id notified), in order
        self.site_url = ""  # ServiceSettings.SiteURL, served by GET /config/client
        self.failures = Failures()
        self._runner: web.AppRunner | None = None
        self._changed: asyncio.Event | None = None
        self._topics: dict[str, asyncio.Event] = {}  # post topic → waiters to wake
        self._request_ids = itertools.count(1)

    @property
    def url(self) -> str:
        scheme = "https" if self.ssl_context is not None else "http"
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def team(self) -> Json:
        return snapshot(self.world.team)

    # lifecycle -----------------------------------------------------------------------------

    async def start(self) -> FakeMattermost:
        self._changed = asyncio.Event()
        await self._listen()
        return self

    async def _listen(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        app.add_routes(Rest(self).routes())
        app.router.add_get(f"{API}/websocket", self._websocket)
        app.router.add_get(f"{API}/websocket/", self._websocket)
        app.add_routes(admin_routes(self))
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT_S)
        await self._runner.setup()
        await self._site().start()
        self.port = self._runner.addresses[0][1]

    def _site(self) -> web.TCPSite:
        assert self._runner is not None
        return web.TCPSite(self._runner, self.host, self.port, ssl_context=self.ssl_context)

    async def close(self) -> None:
        self.hub.abort_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self.hub.handle(request)  # looked up per request: tests may wrap it
        finally:
            self.notify()  # the socket has ended: wake waiters on `hub.closed`, `hub.active()`

    async def restart(self, keep: asyncio.Transport | None = None) -> None:
        """Stop and listen again on the same port; connection ids are forgotten, data kept.

        Every open connection (HTTP or websocket) is aborted, except `keep` (the admin
        request asking for the restart).
        """
        await self.suspend(keep)
        await self.resume()

    async def suspend(self, keep: asyncio.Transport | None = None) -> None:
        """Stop listening and abort every connection but `keep`: the port refuses until
        `resume()`. Connection ids are forgotten, data kept."""
        assert self._runner is not None, "start() the fake first"
        for site in list(self._runner.sites):
            await site.stop()
        self.hub.abort_all()
        self.hub.forget()
        server = self._runner.server
        for handler in server.connections if server is not None else []:
            if handler.transport is not None and handler.transport is not keep:
                handler.transport.abort()

    async def resume(self) -> None:
        """Listen again on the same port after `suspend()`."""
        assert self._runner is not None, "start() the fake first"
        await self._site().start()

    # seed data -----------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        token: str | None = None,
        roles: str = "",
        first_name: str | None = None,
        last_name: str = "",
    ) -> Json:
        """A user account (first name: the capitalised username unless given)."""
        return snapshot(
            self.world.add_user(
                username, token, roles=roles, first_name=first_name, last_name=last_name
            )
        )

    def deactivate(self, username: str) -> Json:
        """Deactivate the account (`delete_at` set): it stays in lookups, not in searches."""
        return snapshot(self.world.deactivate(username))

    def remove_from_team(self, username: str) -> None:
        """The user leaves the team (channels kept, as the fake has one team)."""
        self.world.team_members.remove(self.world.user(username)["id"])

    def remove_member(self, channel: str, username: str) -> None:
        """The user leaves the channel (no event: nothing in the tests listens for it)."""
        self.world.members[self.world.channel(channel)["id"]].remove(
            self.world.user(username)["id"]
        )

    def mentions_of(self, username: str) -> list[Json]:
        """Posts that notified `username` as the real server would (text mentions, DMs)."""
        user_id = self.world.user(username)["id"]
        return [snapshot(self.world.posts[p]) for p, u in self.mentions if u == user_id]

    def add_bot(self, username: str, token: str) -> Json:
        return snapshot(self.world.add_user(username, token, is_bot=True))

    def add_channel(
        self, name: str, members: list[str], type: str = "O", display_name: str | None = None
    ) -> Json:
        ids = [self.world.user(m)["id"] for m in members]
        return snapshot(self.world.add_channel(name, ids, type, display_name))

    def add_member(self, channel: str, username: str) -> None:
        """Add a user to a channel and send `user_added` to its members."""
        chan = self.world.channel(channel)
        user = self.world.user(username)
        members = self.world.members[chan["id"]]
        if user["id"] not in members:
            members.append(user["id"])
        self.hub.publish(
            "user_added",
            members,
            lambda _uid: {"team_id": chan["team_id"], "user_id": user["id"]},
            broadcast(channel_id=chan["id"]),
        )
        self.notify()

    def user(self, username_or_id: str) -> Json:
        return snapshot(self.world.user(username_or_id))

    def channel(self, name_or_id: str) -> Json:
        return snapshot(self.world.channel(name_or_id))

    def token_of(self, username: str) -> str:
        user_id = self.world.user(username)["id"]
        return next(t for t, uid in self.world.tokens.items() if uid == user_id)

    # acting as users -----------------------------------------------------------------------

    async def post_as(
        self,
        username: str,
        channel: str,
        message: str,
        root_id: str = "",
        props: Json | None = None,
    ) -> Json:
        """Post as a user (who must be a member) and broadcast `posted`; returns the Post."""
        user = self.world.user(username)
        channel_id = self.world.channel(channel)["id"]
        return snapshot(self.publish_post(user["id"], channel_id, message, root_id, props))

    async def dm_as(self, username: str, recipient: str, message: str, root_id: str = "") -> Json:
        sender = self.world.user(username)
        channel = self.open_direct(sender["id"], self.world.user(recipient)["id"])
        return snapshot(self.publish_post(sender["id"], channel["id"], message, root_id))

    async def edit_as(self, username: str, post: Json, message: str) -> Json:
        """Edit a user's own post and broadcast `post_edited`."""
        user = self.world.user(username)
        assert self.world.posts[post["id"]]["user_id"] == user["id"], "only the author may edit"
        edited = self.world.edit_post(post["id"], message)
        payload = dumps(edited)
        self.hub.publish(
            "post_edited",
            self.world.members[edited["channel_id"]],
            lambda _uid: {"post": payload},
            broadcast(channel_id=edited["channel_id"]),
        )
        self.notify()
        return snapshot(edited)

    async def react_as(self, username: str, post: Json, emoji_name: str) -> Json:
        """Add a reaction (`+1`, `-1`…) as a user and broadcast `reaction_added`."""
        user_id = self.world.user(username)["id"]
        reaction = save_reaction(self.world, user_id, post["id"], emoji_name)
        self._publish_reaction("reaction_added", reaction)
        return dict(reaction)

    async def unreact_as(self, username: str, post: Json, emoji_name: str) -> Json:
        """Remove a user's reaction and broadcast `reaction_removed`."""
        user_id = self.world.user(username)["id"]
        reaction = delete_reaction(self.world, user_id, post["id"], emoji_name)
        self._publish_reaction("reaction_removed", reaction)
        return dict(reaction)

    def _publish_reaction(self, event: str, reaction: Json) -> None:
        # `reaction` is a JSON string, broadcast to the post's channel (app/reaction.go).
        payload = dumps(reaction)
        channel_id = reaction["channel_id"]
        self.hub.publish(
            event,
            self.world.members[channel_id],
            lambda _uid: {"reaction": payload},
            broadcast(channel_id=channel_id),
        )
        self.notify()

    def publish_post(
        self,
        user_id: str,
        channel_id: str,
        message: str,
        root_id: str = "",
        props: Json | None = None,
        file_ids: list[str] | None = None,
    ) -> Json:
        """Create a post (ApiError like the real server) and send `posted` to the members."""
        post = self.world.create_post(user_id, channel_id, message, root_id, props, file_ids)
        channel = self.world.channels[channel_id]
        sender = self.world.users[user_id]
        mentioned = self.world.mentioned_ids(post)
        self.mentions += [(post["id"], user_id) for user_id in sorted(mentioned)]
        payload = dumps(post)
        display = f"@{sender['username']}" if channel["type"] == "D" else channel["display_name"]

        def data_for(receiver: str) -> Json:
            data: Json = {
                "channel_display_name": display,
                "channel_name": channel["name"],
                "channel_type": channel["type"],
                "post": payload,
                "sender_name": f"@{sender['username']}",
                "set_online": True,
                "team_id": channel["team_id"],
            }
            if receiver in mentioned:
                data["mentions"] = dumps([receiver])
            return data

        self.hub.publish("posted", self.world.members[channel_id], data_for, broadcast(channel_id))
        self.notify(self._topic(post), channel_id)
        return post

    def open_direct(self, first_id: str, second_id: str) -> Json:
        channel, created = self.world.direct_channel(first_id, second_id)
        if created:

            def added(receiver: str) -> Json:
                other = second_id if receiver == first_id else first_id
                return {"creator_id": first_id, "teammate_id": other}

            users = [first_id, second_id]
            self.hub.publish("direct_added", users, added, broadcast(channel_id=channel["id"]))
        return channel

    # reading what happened -----------------------------------------------------------------

    def replies_to(self, post: Json) -> list[Json]:
        """Bot posts after `post` in its thread, or anywhere in its DM, oldest first."""
        channel = self.world.channels[post["channel_id"]]
        if channel["type"] == "D":
            candidates = self.world.channel_posts(channel["id"])
        else:
            candidates = self.world.thread(post["id"])
        return [
            snapshot(p)
            for p in candidates
            if p["create_at"] > post["create_at"] and self.world.is_bot(p["user_id"])
        ]

    def posts_by(self, username: str) -> list[Json]:
        user_id = self.world.user(username)["id"]
        return [snapshot(p) for p in self.world.posts.values() if p["user_id"] == user_id]

    def posts_in(self, channel: str) -> list[Json]:
        return [snapshot(p) for p in self.world.channel_posts(self.world.channel(channel)["id"])]

    async def wait_for_reply(self, post: Json, timeout: float = 5.0) -> Json:  # noqa: ASYNC109  contract
        """The first bot reply to `post`; AssertionError listing what was seen on timeout."""
        return await self.wait_until(
            lambda: next(iter(self.replies_to(post)), None),
            timeout,
            lambda: (
                f"no bot reply to {post['id']} ({post['message']!r}) within {timeout} s; "
                + self._seen_after(post)
            ),
            topic=self._topic(post),
        )

    async def wait_for_connection(self, username: str, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Return once the user has an authenticated, open websocket."""
        user_id = self.world.user(username)["id"]
        await self.wait_until(
            lambda: True if self.hub.active(user_id) else None,
            timeout,
            lambda: f"{username} has no open websocket after {timeout} s",
        )

    async def wait_until(
        self,
        check: Callable[[], T | None],
        timeout: float,  # noqa: ASYNC109  a deadline that fails the test clearly
        failure: Callable[[], str],
        topic: str = "",
    ) -> T:
        """Re-check after each change (of `topic` only, when given) until `check()` is not None.

        Raises AssertionError with `failure()` once `timeout` seconds have passed.
        """
        assert self._changed is not None, "start() the fake first"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (found := check()) is None:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(failure())
            changed = self._topics.setdefault(topic, asyncio.Event()) if topic else self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
            # On Python 3.11, wait_for swallows a cancellation that lands as the event is set:
            # raise it, or a cancelled waiter would wait forever.
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise asyncio.CancelledError
        return found

    def _seen_after(self, post: Json) -> str:
        later = [
            f"{self.world.users[p['user_id']]['username']}: {p['message'][:80]!r}"
            + (f" (thread {p['root_id']})" if p["root_id"] else "")
            for p in self.world.channel_posts(post["channel_id"])
            if p["create_at"] > post["create_at"]
        ]
        calls = [f"{r.method} {r.path} -> {r.status}" for r in self.requests[-10:]]
        return f"later posts in the channel: {later or 'none'}; last requests: {calls or 'none'}"

    def _topic(self, post: Json) -> str:
        """What wakes the waiters of a reply: its DM channel, or its thread."""
        if self.world.channels[post["channel_id"]]["type"] == "D":
            return str(post["channel_id"])
        return str(post["root_id"] or post["id"])

    def notify(self, *topics: str) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()
        for topic in topics:
            event = self._topics.pop(topic, None)
            if event is not None:
                event.set()

    # failures ------------------------------------------------------------------------------

    def fail_next(
        self,
        route: str,
        status: int,
        retry_after: float | None = None,
        times: int = 1,
        body: Any = None,
        after: bool = False,
    ) -> None:
        """Answer the next `times` requests to `route` ("POST /api/v4/posts") with `status`.

        `after=True`: the request is handled first (e.g. the post is created), as when a proxy
        times out or the connection drops after the server did the work.
        """
        self.failures.add(Failure(route, status, retry_after, times, body, after))

    def drop_next(self, route: str, times: int = 1) -> None:
        """Handle the next `times` requests to `route`, then cut the connection, no answer.

        As a proxy or network dropping the connection after the server did the work. aiohttp
        clients send a dropped GET, PUT or DELETE once more by themselves: drop those twice
        to make the client see the failure.
        """
        self.failures.add(Failure(route, 0, None, times, None, after=True, drop=True))

    def stall_next(self, route: str, seconds: float, times: int = 1) -> None:
        """Handle the next `times` requests to `route`, then hold the answer `seconds`.

        As a slow server or proxy: the work is done (e.g. the post exists) before the client,
        whose read timeout is shorter, stops waiting.
        """
        self.failures.add(Failure(route, 0, None, times, None, after=True, stall_s=seconds))

    async def drop_websockets(self, code: int | None = 1000) -> None:
        """Close every open websocket with `code`, or abort its TCP connection when None."""
        await self.hub.drop(code)

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path.startswith("/_fake/"):
            response: web.StreamResponse = await handler(request)
            return response
        record = RecordedRequest(
            request.method,
            request.path,
            dict(request.query),
            CIMultiDictProxy(CIMultiDict(request.headers)),
            await request.read(),
        )
        self.requests.append(record)
        self.notify()  # wakes `wait_until` checks on `requests` (a call reached the server)
        request_id = f"{next(self._request_ids):026d}"
        failure = self.failures.take(request)
        if failure is not None:
            if failure.after or not failure.status:
                response = await self._handle(request, handler, request_id)
            if failure.stall_s:
                await asyncio.sleep(failure.stall_s)
            if failure.drop and request.transport is not None:
                request.transport.abort()  # no answer: the client sees the connection drop
                self.notify()
                raise asyncio.CancelledError  # aiohttp's own way out of a handler whose peer left
            if failure.status:
                response = failure_response(failure, request_id)
            record.status = response.status
            self.notify()  # wakes `wait_until` checks on `requests` (a retry was refused)
        else:
            response = await self._handle(request, handler, request_id)
        record.status = response.status
        return response

    async def _handle(
        self, request: web.Request, handler: Any, request_id: str
    ) -> web.StreamResponse:
        api = request.path.startswith(f"{API}/")
        try:
            if api and not request.path.startswith(f"{API}/websocket"):
                scheme, _, token = request.headers.get("Authorization", "").partition(" ")
                user = self.world.user_for_token(token.strip())
                if scheme.lower() not in ("bearer", "token") or user is None:
                    raise SESSION_EXPIRED
                request[USER_KEY] = user
            response: web.StreamResponse = await handler(request)
        except ApiError as error:
            return error_response(error, request_id)
        except (web.HTTPNotFound, web.HTTPMethodNotAllowed) as error:
            if not api:
                raise
            return error_response(
                ApiError(
                    error.status, "api.context.404.app_error", "Sorry, we could not find the page."
                ),
                request_id,
            )
        if not response.prepared:
            response.headers["X-Request-Id"] = request_id
            response.headers["X-Version-Id"] = "10.5.0.fake"
        return response

    # slash commands ------------------------------------------------------------------------

    async def click_as(
        self,
        username: str,
        post: Json,
        action_id: str,
        timeout: float = 30.0,  # noqa: ASYNC109  the server's OutgoingIntegrationRequestsTimeout
    ) -> ClickResult:
        """Click a message attachment button as the real server runs it (see actions.py)."""
        return await click(self, username, post["id"], action_id, timeout)

    async def slash_as(
        self,
        username: str,
        channel: str,
        command_line: str,
        url: str | None = None,
        token: str | None = None,
        method: str | None = None,
        timeout: float = 30.0,  # noqa: ASYNC109  the server's OutgoingIntegrationRequestsTimeout
    ) -> SlashResponse:
        """Send the real slash form to the bot; an `in_channel` answer becomes a post.

        `url`, `token` and `method` default to those of the command registered for the trigger.
        """
        return await run_command(self, username, channel, command_line, url, token, method, timeout)
