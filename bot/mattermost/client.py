"""REST through mattermostdriver: timeouts, pooled connections, 429 and 5xx retries."""

import asyncio
import email.utils
import functools
import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from typing import Any, Protocol, TypeVar
from urllib.parse import urlencode

import requests
import urllib3
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
REST_THREADS = 16  # its own pool: store and other blocking calls never queue REST calls
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
    """Raised in the worker thread; carries what the retry loop needs."""

    def __init__(self, status: int, message: str, retry_after_s: float | None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after_s = retry_after_s


class _Response:
    """The part of `requests.Response` the driver and the retry loop read, over urllib3's."""

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


class _PooledClient(Client):  # type: ignore[misc]  # mattermostdriver is untyped
    """mattermostdriver's Client sending through one urllib3 pool, raising `_StatusError`.

    7.3.2 opens a connection per call through `requests`, sends a `{}` body with every GET
    and maps errors to exceptions without a response (status and Retry-After lost): this keeps
    them. JSON calls go straight to a urllib3 `PoolManager` (`requests` costs about as much CPU
    as the rest of a reply); uploads (`data`, `files`) still go through a `requests.Session`.
    urllib3's errors are raised as the `requests` exceptions `requests` would have raised.
    """

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self._session = requests.Session()
        # One pooled connection per worker thread, kept alive across calls.
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=REST_THREADS)
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        # Proxies, CA bundle and .netrc from the environment are resolved once, here, instead
        # of on every request (file look-ups and parsing on the reply path).
        verify: bool | str = options["verify"]
        env = self._session.merge_environment_settings(self.url, {}, None, verify, None)
        proxies: Mapping[str, str] = env.get("proxies") or {}
        self._session.proxies.update(proxies)
        self._verify = env.get("verify", verify)
        self._session.trust_env = False
        connect_s, read_s = options["request_timeout"]
        self._timeout = urllib3.Timeout(connect=connect_s, read=read_s)
        tls: dict[str, Any] = {}
        if self._verify is False:
            tls["cert_reqs"] = "CERT_NONE"
        elif isinstance(self._verify, str):
            tls["ca_certs"] = self._verify
        proxy = proxies.get(options["scheme"]) or proxies.get("all")
        self._pool: urllib3.PoolManager = (
            urllib3.ProxyManager(proxy, maxsize=REST_THREADS, **tls)
            if proxy
            else urllib3.PoolManager(maxsize=REST_THREADS, **tls)
        )
        self._json_headers = {"Content-Type": "application/json", "Accept": "application/json"}

    def make_request(
        self,
        method: str,
        endpoint: str,
        options: Any = None,
        params: Any = None,
        data: Any = None,
        files: Any = None,
        basepath: str | None = None,
    ) -> Any:
        base = self.url if not basepath else self.url.removesuffix(self._basepath) + basepath
        if data is not None or files is not None:
            response: Any = self._session.request(
                method.upper(),
                base + endpoint,
                headers=self.auth_header(),
                verify=self._verify,
                json=options if options is not None or method.lower() != "get" else None,
                params=params,
                data=data,
                files=files,
                timeout=self.request_timeout,
            )
        else:
            response = self._send(method.upper(), base + endpoint, options, params)
        if response.status_code >= 400:
            raise _StatusError(response.status_code, _message(response), retry_after_s(response))
        return response

    def _send(self, method: str, url: str, options: Any, params: Any) -> _Response:
        """One call through the pool, no urllib3 retries: the caller's loop decides."""
        if params:
            kept = {k: v for k, v in dict(params).items() if v is not None}
            if kept:
                url += ("&" if "?" in url else "?") + urlencode(kept, doseq=True)
        headers: dict[str, str] = {**self._json_headers, **(self.auth_header() or {})}
        body = None
        if options is not None or method != "GET":
            body = json.dumps(options, allow_nan=False).encode()
        try:
            raw = self._pool.request(
                method,
                url,
                body=body,
                headers=headers,
                timeout=self._timeout,
                retries=False,
                redirect=False,
            )
        except urllib3.exceptions.NewConnectionError as err:
            raise requests.ConnectionError(err) from None
        except urllib3.exceptions.ConnectTimeoutError as err:
            raise requests.ConnectTimeout(err) from None
        except urllib3.exceptions.ReadTimeoutError as err:
            raise requests.ReadTimeout(err) from None
        except urllib3.exceptions.SSLError as err:
            raise requests.exceptions.SSLError(err) from None
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.ProxyError) as err:
            raise requests.ConnectionError(err) from None
        return _Response(raw.status, raw.headers, raw.data)

    def get(self, endpoint: str, options: Any = None, params: Any = None) -> Any:
        response = self.make_request("get", endpoint, options=options, params=params)
        return response.json()

    def close(self) -> None:
        """Close the pooled connections."""
        self._pool.clear()
        self._session.close()


class MattermostClient:
    """Async REST client for the bot: every driver call runs in a thread, with retries."""

    def __init__(self, server: ServerAddress, token: str, verify: bool | str = True) -> None:
        """Only stores the options; no network until the first call."""
        self._driver = Driver(
            {
                "scheme": server.scheme,
                "url": server.host,
                "port": server.port,
                "basepath": server.basepath,
                "token": token,
                "verify": verify,
                "request_timeout": REQUEST_TIMEOUT_S,
            },
            client_cls=_PooledClient,
        )
        self.me: Me | None = None
        # Threads are created lazily, on the first call, not here.
        self._executor = ThreadPoolExecutor(REST_THREADS, thread_name_prefix="mattermost-rest")
        self.on_retry: Callable[[int], None] = lambda status: None  # metrics hook

    async def login(self) -> Me:
        """Who the bot is (`GET /users/me`); also arms the token for later calls."""
        await self._call(self._driver.login)
        self.me = Me(user_id=self._driver.client.userid, username=self._driver.client.username)
        return self.me

    async def create_post(
        self,
        channel_id: str,
        message: str,
        root_id: str = "",
        props: dict[str, Any] | None = None,
        guard: Callable[[], bool] | None = None,
    ) -> dict[str, Any]:
        """Post `message` (in the thread `root_id` when given); returns the created Post.

        Retried only when the server surely did not create it (429, no connection). `guard()`
        runs in the worker thread right before each attempt; False gives up without posting
        (e.g. the claim's lease was lost), as `MattermostError(0, "guard refused")`.

        Raises:
            MattermostError: refused, failed, or maybe created (5xx, read timeout): look first.
        """
        body: dict[str, Any] = {"channel_id": channel_id, "message": message}
        if root_id:
            body["root_id"] = root_id
        if props:
            body["props"] = props
        call = self._driver.posts.create_post
        if guard is not None:
            call = functools.partial(_guarded, guard, call)
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

    async def _call(self, fn: Callable[..., T], *args: Any, idempotent: bool = True) -> T:
        retried = _RETRIED_STATUSES if idempotent else _RETRIED_POST_STATUSES
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(self._executor, functools.partial(fn, *args))
            except _GuardRefused:
                raise MattermostError(0, "guard refused") from None
            except _StatusError as err:
                if err.status not in retried or attempt == MAX_ATTEMPTS:
                    raise MattermostError(err.status, str(err)) from None
                delay = _backoff(attempt)
                if err.retry_after_s is not None:  # as asked, spread: waiters do not return at once
                    delay = err.retry_after_s + random.uniform(0, 0.25 * err.retry_after_s)  # noqa: S311
                status = err.status
            except (requests.ConnectionError, requests.Timeout) as err:
                sent = not isinstance(err, requests.ConnectTimeout)  # maybe received
                if isinstance(err, requests.ReadTimeout) or (sent and not idempotent):
                    raise MattermostError(0, type(err).__name__) from None
                if attempt == MAX_ATTEMPTS:
                    raise MattermostError(0, type(err).__name__) from None
                delay, status = _backoff(attempt), 0
            log.warning("REST %s: status %s, retry %d in %.2f s", _name(fn), status, attempt, delay)
            self.on_retry(status)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Close the pooled connections and the threads."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._driver.client.close()


class _GuardRefused(Exception):
    """The caller's guard said no: the request was not sent."""


def _guarded(guard: Callable[[], bool], fn: Callable[..., T], *args: Any) -> T:
    if not guard():
        raise _GuardRefused
    return fn(*args)


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
