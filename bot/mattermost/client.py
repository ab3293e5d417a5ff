"""REST through mattermostdriver's endpoints, awaited: timeouts, kept-alive connections, 429/5xx."""

import asyncio
import email.utils
import json
import logging
import random
import ssl
import time
import urllib.request
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC
from typing import Any, Protocol, TypeVar
from urllib.parse import urlencode

import aiohttp
from mattermostdriver import Driver
from mattermostdriver.client import Client

from bot.config import ServerAddress
from bot.dispatch import Me

log = logging.getLogger(__name__)

T = TypeVar("T")

REQUEST_TIMEOUT_S = (5.0, 15.0)  # (connect, read)
MAX_ATTEMPTS = 6
BACKOFF_BASE_S = 0.25
BACKOFF_MAX_S = 8.0
RETRY_AFTER_MAX_S = 60.0
REST_CONNECTIONS = 32  # kept-alive connections to the server, at most
_RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
# A POST is not idempotent: a 5xx, or a connection lost after sending, may come after the
# post was created. Only a refusal before any work (429 from the rate limiter) or a
# connection never made is retried here; the caller (deliver_once) looks before posting again.
_RETRIED_POST_STATUSES = frozenset({429})
_EPOCH_THRESHOLD_S = 1_000_000_000  # a Retry-After larger than this is an epoch, not a delay


class MattermostError(Exception):
    """A REST call that failed for good; `status` is the HTTP status (0: no response)."""

    def __init__(self, status: int, message: str) -> None:
        """Keep the status apart so callers can branch on it (404 → not found)."""
        super().__init__(f"HTTP {status}: {message}" if status else message)
        self.status = status


class _StatusError(Exception):
    """An HTTP error status; carries what the retry loop needs."""

    def __init__(self, status: int, message: str, retry_after_s: float | None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after_s = retry_after_s


class _Response:
    """The part of `requests.Response` the driver and the retry loop read."""

    def __init__(self, status: int, headers: Mapping[str, str], content: bytes) -> None:
        self.status_code = status
        self.headers = headers
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except UnicodeDecodeError as err:  # requests raises a ValueError subclass too
            raise ValueError(str(err)) from None


class _HasHeaders(Protocol):
    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...


class _Unanswered(Exception):
    """No HTTP response; `sent` says whether the server may have received the request."""

    def __init__(self, what: str, sent: bool, timed_out: bool = False) -> None:
        super().__init__(what)
        self.sent = sent
        self.timed_out = timed_out


class _AsyncClient(Client):  # type: ignore[misc]  # mattermostdriver is untyped
    """mattermostdriver's Client whose calls are coroutines, sent on one aiohttp session.

    The driver's endpoint groups (`driver.posts.create_post(...)`, ...) return what the
    client's `get`/`post`/`put`/`delete` return: here a coroutine, awaited by the caller, so
    no REST call ever blocks the event loop or waits for a worker thread (the design of
    mattermostdriver's own unreleased `AsyncClient`). 7.3.2's client opens a connection per
    call through `requests`, has no timeout of its own, sends a `{}` body with every GET and
    maps errors to exceptions without a response (status and Retry-After lost): this one keeps
    connections alive, times out every call, and raises `_StatusError` or `_Unanswered`.
    Uploads (`data`, `files`) are not used by the bot and are refused.
    """

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        connect_s, read_s = options["request_timeout"]
        # connect: getting a pooled connection or opening one; sock_read: silence between
        # two reads of the response. No total: a large answer may take longer, while moving.
        self._timeout = aiohttp.ClientTimeout(total=None, connect=connect_s, sock_read=read_s)
        verify: bool | str = options["verify"]
        self._ssl: bool | ssl.SSLContext = (
            ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify
        )
        self._json_headers = {"Content-Type": "application/json", "Accept": "application/json"}
        # Resolved once, not on every call (aiohttp's trust_env scans the environment each
        # time: about as much CPU as the rest of a reply).
        self._proxy = env_proxy(options["scheme"], options["url"])
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=REST_CONNECTIONS, ssl=self._ssl)
            self._session = aiohttp.ClientSession(connector=connector, timeout=self._timeout)
        return self._session

    async def make_request(
        self,
        method: str,
        endpoint: str,
        options: Any = None,
        params: Any = None,
        data: Any = None,
        files: Any = None,
        basepath: str | None = None,
    ) -> _Response:
        if data is not None or files is not None:
            raise NotImplementedError("uploads are not used by the bot")
        base = self.url if not basepath else self.url.removesuffix(self._basepath) + basepath
        url = base + endpoint
        if params:
            kept = {k: v for k, v in dict(params).items() if v is not None}
            if kept:
                url += ("&" if "?" in url else "?") + urlencode(kept, doseq=True)
        method = method.upper()
        headers: dict[str, str] = {**self._json_headers, **(self.auth_header() or {})}
        body = None
        if options is not None or method != "GET":
            body = json.dumps(options, allow_nan=False).encode()
        try:
            async with self._open().request(
                method, url, data=body, headers=headers, allow_redirects=False, proxy=self._proxy
            ) as raw:
                response = _Response(raw.status, raw.headers, await raw.read())
        except aiohttp.ConnectionTimeoutError:
            raise _Unanswered("ConnectTimeout", sent=False, timed_out=True) from None
        except aiohttp.ClientConnectorError as err:  # refused, unreachable, DNS, TLS handshake
            raise _Unanswered(type(err).__name__, sent=False) from None
        except (TimeoutError, aiohttp.ServerTimeoutError):
            raise _Unanswered("ReadTimeout", sent=True, timed_out=True) from None
        except (aiohttp.ClientError, OSError) as err:  # dropped after (part of) the request
            raise _Unanswered(type(err).__name__, sent=True) from None
        if response.status_code >= 400:
            raise _StatusError(response.status_code, _message(response), retry_after_s(response))
        return response

    async def get(self, endpoint: str, options: Any = None, params: Any = None) -> Any:
        response = await self.make_request("get", endpoint, options=options, params=params)
        return response.json()

    async def post(
        self, endpoint: str, options: Any = None, params: Any = None, data: Any = None
    ) -> Any:
        response = await self.make_request("post", endpoint, options=options, params=params)
        return response.json()

    async def put(
        self, endpoint: str, options: Any = None, params: Any = None, data: Any = None
    ) -> Any:
        response = await self.make_request("put", endpoint, options=options, params=params)
        return response.json()

    async def delete(
        self, endpoint: str, options: Any = None, params: Any = None, data: Any = None
    ) -> Any:
        response = await self.make_request("delete", endpoint, options=options, params=params)
        return response.json()

    async def close(self) -> None:
        """Close the pooled connections."""
        if self._session is not None:
            await self._session.close()


class MattermostClient:
    """Async REST client for the bot: mattermostdriver's endpoints, awaited, with retries."""

    def __init__(
        self,
        server: ServerAddress,
        token: str,
        verify: bool | str = True,
        timeout_s: tuple[float, float] = REQUEST_TIMEOUT_S,
    ) -> None:
        """Only stores the options; no network until the first call.

        `timeout_s` is (connect, read): at most that long to get a connection, and at most
        that long without a byte of the answer.
        """
        self._driver = Driver(
            {
                "scheme": server.scheme,
                "url": server.host,
                "port": server.port,
                "basepath": server.basepath,
                "token": token,
                "verify": verify,
                "request_timeout": timeout_s,
            },
            client_cls=_AsyncClient,
        )
        self._driver.client.token = token  # what the driver's login() would have armed
        self.me: Me | None = None
        self.on_retry: Callable[[int], None] = lambda status: None  # metrics hook

    async def login(self) -> Me:
        """Who the bot is (`GET /users/me`); also arms the token for later calls."""
        found = await self._call(self._driver.users.get_user, "me")
        self.me = Me(user_id=str(found["id"]), username=str(found["username"]))
        self._driver.client.userid = self.me.user_id
        self._driver.client.username = self.me.username
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
        return await self._call(call, endpoint, body, params)

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
            except _StatusError as err:
                if err.status not in retried or attempt == MAX_ATTEMPTS:
                    raise MattermostError(err.status, str(err)) from None
                delay = _backoff(attempt)
                if err.retry_after_s is not None:  # as asked, spread: waiters do not return at once
                    delay = err.retry_after_s + random.uniform(0, 0.25 * err.retry_after_s)  # noqa: S311
                status = err.status
            except _Unanswered as err:
                # A request that may have been received is not sent again blindly (POST), nor
                # after a read timeout (the server is that slow: the caller's loop decides).
                if (err.sent and (err.timed_out or not idempotent)) or attempt == MAX_ATTEMPTS:
                    raise MattermostError(0, str(err)) from None
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


def env_proxy(scheme: str, host: str) -> str | None:
    """The proxy the environment sets for `scheme://host` (HTTP(S)_PROXY, NO_PROXY), or None."""
    if urllib.request.proxy_bypass(host):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(scheme) or proxies.get("all") or None


def _backoff(attempt: int) -> float:
    """Exponential backoff with full jitter, capped."""
    return random.uniform(0, min(BACKOFF_MAX_S, BACKOFF_BASE_S * 2 ** (attempt - 1)))  # noqa: S311


def retry_after_s(response: _HasHeaders) -> float | None:
    """Retry-After as seconds from now: delay seconds, an epoch, or an HTTP date."""
    raw = response.headers.get("Retry-After", "")
    if not raw and response.status_code == 429:
        raw = response.headers.get("X-RateLimit-Reset", "")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
            # "-0000" (or no zone) parses naive: HTTP dates are always GMT.
            value = (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
        except (TypeError, ValueError):
            return None
    if value > _EPOCH_THRESHOLD_S:
        value -= time.time()
    return max(0.0, min(value, RETRY_AFTER_MAX_S))


def _message(response: Any) -> str:
    """The server's error message (JSON `message`, else the plain text), bounded."""
    try:
        body = response.json()
        text = str(body.get("message", "")) if isinstance(body, dict) else ""
    except ValueError:
        text = response.text
    return text.strip()[:200]


def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__name__", "call")
