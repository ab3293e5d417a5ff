"""The bot's REST calls: mattermostdriver's endpoints, awaited, with 429 and 5xx retries."""

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from mattermostdriver import Driver

from bot.conversation.dispatch import Me
from bot.mattermost.address import ServerAddress
from bot.mattermost.http import (
    DEFAULT_TIMEOUTS,
    AsyncClient,
    ClientClosed,
    StatusError,
    Timeouts,
    Unanswered,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_ATTEMPTS = 6
BACKOFF_BASE_S = 0.25
BACKOFF_MAX_S = 8.0
_RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
# A POST is not idempotent: a 5xx, or a connection lost after sending, may come after the
# post was created. Only a refusal before any work (429 from the rate limiter) or a
# connection never made is retried here; the caller (deliver_once) looks before posting again.
_RETRIED_POST_STATUSES = frozenset({429})


class MattermostError(Exception):
    """A REST call that failed for good; `status` is the HTTP status (0: no response).

    `in_flight`: the server may still be working on the request (it timed out after it was
    sent, or a gateway timed out): a post may appear later, so look for it only once the
    claim's lease has run out. A dropped connection is not in flight: the server (or the
    proxy) went away, and the post exists now or never will.
    """

    def __init__(self, status: int, message: str, in_flight: bool = False) -> None:
        """Keep the status apart so callers can branch on it (404 → not found)."""
        super().__init__(f"HTTP {status}: {message}" if status else message)
        self.status = status
        self.in_flight = in_flight


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

    async def _call(
        self, fn: Callable[..., Awaitable[T]], *args: Any, idempotent: bool = True
    ) -> T:
        """`await fn(*args)`, a driver endpoint, retried as its status and method allow."""
        retried = _RETRIED_STATUSES if idempotent else _RETRIED_POST_STATUSES
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return await fn(*args)
            except _GuardRefused:
                raise MattermostError(0, "guard refused") from None
            except ClientClosed:
                raise MattermostError(0, "client closed") from None
            except StatusError as err:
                if err.status not in retried or attempt == MAX_ATTEMPTS:
                    raise MattermostError(err.status, str(err), err.status == 504) from None
                delay = _backoff(attempt)
                if err.retry_after_s is not None:  # as asked, spread: waiters do not return at once
                    delay = err.retry_after_s + random.uniform(0, 0.25 * err.retry_after_s)  # noqa: S311
                status = err.status
            except Unanswered as err:
                # A request that may have been received is not sent again blindly (POST), nor
                # after a read timeout (the server is that slow: the caller's loop decides).
                if (err.sent and (err.timed_out or not idempotent)) or attempt == MAX_ATTEMPTS:
                    raise MattermostError(0, str(err), err.sent and err.timed_out) from None
                delay, status = _backoff(attempt), 0
            log.warning("REST %s: status %s, retry %d in %.2f s", _name(fn), status, attempt, delay)
            self.on_retry(status)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

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


def _backoff(attempt: int) -> float:
    """Exponential backoff with full jitter, capped."""
    return random.uniform(0, min(BACKOFF_MAX_S, BACKOFF_BASE_S * 2 ** (attempt - 1)))  # noqa: S311


def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__name__", "call")
