"""The bot's REST calls: mattermostdriver's endpoints, awaited, retried by `retry`'s policy."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from mattermostdriver import Driver

from bot.conversation.dispatch import Me
from bot.mattermost.address import ServerAddress
from bot.mattermost.http import DEFAULT_TIMEOUTS, AsyncClient, Timeouts
from bot.mattermost.response import ClientClosed, StatusError, Unanswered
from bot.mattermost.retry import rest_retrying

log = logging.getLogger(__name__)

T = TypeVar("T")


class MattermostError(Exception):
    """A REST call that failed for good; `status` is the HTTP status (0: no response).

    `in_flight`: the server may still be working on the request (it timed out after it was
    sent, or a gateway timed out): a post may appear later, so look for it only once the
    claim's lease has run out. A dropped connection is not in flight: the server (or the
    proxy) went away, and the post exists now or never will.
    """

    def __init__(
        self, status: int, message: str, in_flight: bool = False, reason: str = ""
    ) -> None:
        """Keep the status apart so callers can branch on it (404 → not found).

        `reason` (status 0, no connection made): "refused", "dns", "timeout", "tls" or
        "unreachable", for the operator's message.
        """
        super().__init__(f"HTTP {status}: {message}" if status else message)
        self.status = status
        self.in_flight = in_flight
        self.reason = reason


def still_in_flight(err: BaseException) -> bool:
    """Whether a failed post may still be created by the server (`deliver_once`'s keep_claim)."""
    return isinstance(err, MattermostError) and err.in_flight


class MattermostClient:
    """Async REST client for the bot: mattermostdriver's endpoints, awaited, with retries."""

    def __init__(
        self,
        server: ServerAddress,
        token: str,
        verify: bool | str = True,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        proxy: str | None = None,
    ) -> None:
        """Only stores the options; no network until the first call.

        `verify`: True (the system's authorities), a PEM file of authorities, or False.
        `proxy`: an HTTP proxy URL to go through, or None.
        """
        self._driver = Driver(
            {
                "scheme": server.scheme,
                "url": server.host,
                "port": server.port,
                "basepath": server.basepath,
                "token": token,
                "verify": verify,
                "timeouts": timeouts,
                "proxy": proxy,
            },
            client_cls=AsyncClient,
        )
        self._driver.client.token = token  # what the driver's login() would have armed
        self.max_call_s = timeouts.total  # the longest one attempt of a call can take
        self.me: Me | None = None
        # POST /posts/ephemeral needs create_post_ephemeral (system admins only by default):
        # None until tried, then whether the server allowed it. A 403 is remembered, so a
        # refused bot falls back to threaded replies without asking again.
        self.ephemeral_allowed: bool | None = None
        self.on_retry: Callable[[int], None] = lambda status: None  # metrics hook

    async def login(self) -> Me:
        """Who the bot is (`GET /users/me`): checks the token and keeps the bot's ids."""
        found = await self._call(self._driver.users.get_user, "me")
        self.me = Me(user_id=str(found["id"]), username=str(found["username"]))
        return self.me

    async def create_post(
        self,
        channel_id: str,
        message: str,
        root_id: str = "",
        props: dict[str, Any] | None = None,
        guard: Callable[[], Awaitable[bool]] | None = None,
    ) -> dict[str, Any]:
        """Post `message` (in the thread `root_id` when given); returns the created Post.

        Retried only when the server surely did not create it (429, no connection). `guard()`
        is awaited right before each attempt; False gives up without posting
        (e.g. the claim's lease was lost), as `MattermostError(0, "guard refused")`.

        Raises:
            MattermostError: refused, failed, or maybe created (5xx, read timeout): look first.
        """
        body: dict[str, Any] = {"channel_id": channel_id, "message": message}
        if root_id:
            body["root_id"] = root_id
        if props:
            body["props"] = props
        call: Callable[..., Awaitable[Any]] = self._driver.posts.create_post
        if guard is not None:
            call = _guarded(guard, call)
        post: dict[str, Any] = await self._call(call, body, idempotent=False)
        return post

    async def create_ephemeral_post(
        self, user_id: str, channel_id: str, message: str, root_id: str = ""
    ) -> bool:
        """Show `message` to `user_id` only (`POST /posts/ephemeral`); False when not allowed.

        The first 403 is logged once and remembered: later calls return False at once.

        Raises:
            MattermostError: any other failure.
        """
        if self.ephemeral_allowed is False:
            return False
        post: dict[str, Any] = {"channel_id": channel_id, "message": message}
        if root_id:
            post["root_id"] = root_id
        body = {"user_id": user_id, "post": post}
        try:
            await self._call(self._driver.client.post, "/posts/ephemeral", body, idempotent=False)
        except MattermostError as err:
            if err.status != 403:
                raise
            self.ephemeral_allowed = False
            log.warning(
                "ephemeral posts refused (403, no create_post_ephemeral permission): "
                "messages for one person go to the thread instead"
            )
            return False
        self.ephemeral_allowed = True
        return True

    async def find_post_with_key(
        self, channel_id: str, key: str, root_id: str = "", since_ms: int = 0
    ) -> str | None:
        """Id of a post whose `props.betabot_key == key`, in the thread or the channel."""
        if root_id:
            found = await self._call(self._driver.posts.get_thread, root_id)
            posts = list(found.get("posts", {}).values())
        else:
            posts = await self.posts_since(channel_id, since_ms)
        for post in posts:
            props = post.get("props") or {}
            if isinstance(props, dict) and props.get("betabot_key") == key:
                return str(post["id"])
        return None

    async def posts_since(self, channel_id: str, since_ms: int) -> list[dict[str, Any]]:
        """Posts created or changed in the channel since `since_ms`, oldest first."""
        found = await self._call(
            self._driver.posts.get_posts_for_channel, channel_id, {"since": since_ms}
        )
        posts: list[dict[str, Any]] = list((found.get("posts") or {}).values())
        return sorted(posts, key=lambda post: int(post.get("create_at", 0)))

    async def dm_channel(self, user_id: str) -> str:
        """Id of the direct channel between the bot and `user_id` (created when needed)."""
        me = self.me or await self.login()
        channel = await self._call(
            self._driver.channels.create_direct_message_channel, [me.user_id, user_id]
        )
        return str(channel["id"])

    async def user_id_by_username(self, name: str) -> str | None:
        """The user's id, or None when no such user exists."""
        try:
            user = await self._call(self._driver.users.get_user_by_username, name)
        except MattermostError as err:
            if err.status == 404:
                return None
            raise
        return str(user["id"])

    async def team_id(self, team: str) -> str:
        """Id of the team named `team` (its URL name)."""
        found = await self._call(self._driver.teams.get_team_by_name, team)
        return str(found["id"])

    async def channel_id(self, team: str, name: str) -> str:
        """Id of channel `name` in team `team` (both URL names)."""
        found = await self._call(
            self._driver.channels.get_channel_by_name_and_team_name, team, name
        )
        return str(found["id"])

    async def my_channels(self) -> list[tuple[str, str]]:
        """(channel id, type) of every channel the bot is in, all teams and DMs included.

        `GET /users/me/channels` (Mattermost 6.1 and later).
        """
        found = await self._call(self._driver.client.get, "/users/me/channels")
        return [(str(channel["id"]), str(channel.get("type", ""))) for channel in found]

    async def request(
        self, method: str, endpoint: str, body: Any = None, params: dict[str, Any] | None = None
    ) -> Any:
        """Any other v4 call, e.g. `("PUT", "/commands/<id>", {...})`; returns the JSON body."""
        call = getattr(self._driver.client, method.lower())
        return await self._call(call, endpoint, body, params, idempotent=method.upper() != "POST")

    async def update_bot(self, bot_user_id: str, display_name: str, description: str) -> None:
        """Set the bot account's display name and description (`PUT /bots/{id}`).

        Raises:
            MattermostError: 403 when the token may not manage this bot.
        """
        body = {"display_name": display_name, "description": description}
        await self._call(self._driver.client.put, f"/bots/{bot_user_id}", body)

    async def set_profile_image(self, user_id: str, png: bytes) -> None:
        """Upload `png` as the user's profile picture (`POST /users/{id}/image`).

        Raises:
            MattermostError: 403 when the token may not edit this user.
        """
        client: AsyncClient = self._driver.client
        await self._call(
            client.upload, f"/users/{user_id}/image", "image", "betabot.png", png, "image/png"
        )

    async def _call(
        self, fn: Callable[..., Awaitable[T]], *args: Any, idempotent: bool = True
    ) -> T:
        """`await fn(*args)`, a driver endpoint, retried as `bot.mattermost.retry` allows."""

        async def attempt() -> T:
            # A driver endpoint is a plain function returning a coroutine: tenacity awaits
            # only coroutine functions.
            return await fn(*args)

        try:
            return await rest_retrying(_name(fn), idempotent, self.on_retry)(attempt)
        except _GuardRefused:
            raise MattermostError(0, "guard refused") from None
        except ClientClosed:
            raise MattermostError(0, "client closed") from None
        except StatusError as err:
            raise MattermostError(err.status, str(err), err.status == 504) from None
        except Unanswered as err:
            raise MattermostError(0, str(err), err.sent and err.timed_out, err.reason) from None

    async def aclose(self) -> None:
        """Close the kept-alive connections."""
        await self._driver.client.close()


class _GuardRefused(Exception):
    """The caller's guard said no: the request was not sent."""


def _guarded(
    guard: Callable[[], Awaitable[bool]], fn: Callable[..., Awaitable[T]]
) -> Callable[..., Awaitable[T]]:
    """`fn`, called only once `guard()` said yes, right before each attempt."""

    async def call(*args: Any) -> T:
        if not await guard():
            raise _GuardRefused
        return await fn(*args)

    call.__name__ = _name(fn)
    return call


def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__name__", "call")
