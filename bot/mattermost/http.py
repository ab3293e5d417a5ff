"""HTTP under mattermostdriver: its Client with coroutine calls on one aiohttp session.

What a call returns or raises (`Response`, `StatusError`, `Unanswered`, `ClientClosed`) and
the reading of Retry-After are `response.py`'s.
"""

import asyncio
import json
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
from mattermostdriver.client import Client

from bot.mattermost.response import ClientClosed, Response, StatusError, Unanswered, retry_after_s

REST_CONNECTIONS = 32  # kept-alive connections to the server, at most


@dataclass(frozen=True)
class Timeouts:
    """Bounds of one REST call, in seconds."""

    connect: float = 5.0  # to get a connection: pool slot, DNS, TCP, proxy, TLS handshake
    read: float = 15.0  # without a byte of the answer
    total: float = 30.0  # the whole call, sending included: the longest a call can take


DEFAULT_TIMEOUTS = Timeouts()


class AsyncClient(Client):  # type: ignore[misc]  # mattermostdriver is untyped
    """mattermostdriver's Client whose calls are coroutines, sent on one aiohttp session.

    The driver's endpoint groups (`driver.posts.create_post(...)`, ...) return what the
    client's `get`/`post`/`put`/`delete` return: here a coroutine, awaited by the caller, so
    no REST call ever blocks the event loop or waits for a worker thread (the design of
    mattermostdriver's own unreleased `AsyncClient`). 7.3.2's client opens a connection per
    call through `requests`, has no timeout of its own, sends a `{}` body with every GET and
    maps errors to exceptions without a response (status and Retry-After lost): this one keeps
    connections alive, bounds every call, and raises `StatusError` or `Unanswered`. Options
    beyond the driver's: `timeouts` (Timeouts) and `proxy` (URL or None). Uploads (`data`,
    `files`) are not used by the bot and are refused.

    aiohttp itself sends a GET, PUT or DELETE once more, on a new connection, when the first
    one drops before the answer; never a POST (so one attempt here may reach the server twice
    for those methods only, which are safe to repeat).
    """

    def __init__(self, options: dict[str, Any]) -> None:
        """Only keeps the options: the session opens on the first call, in its loop."""
        super().__init__(options)
        bounds: Timeouts = options["timeouts"]
        # sock_read restarts on every byte; the total (below, one timer per call: aiohttp's
        # own total re-arms a timer context on every read) bounds a trickle, a stalled upload
        # and the whole call. It is longer than `connect`, so it only ever fires once sent.
        self._timeout = aiohttp.ClientTimeout(
            total=None, connect=bounds.connect, sock_read=bounds.read
        )
        self._total_s = bounds.total
        self._proxy: str | None = options["proxy"] or None
        self._json_headers = {"Content-Type": "application/json", "Accept": "application/json"}
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    def _open(self) -> aiohttp.ClientSession:
        if self._closed:
            raise ClientClosed
        loop = asyncio.get_running_loop()
        if self._session is None:
            verify: bool | str = self._verify
            tls: bool | ssl.SSLContext = (
                ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify
            )
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=REST_CONNECTIONS, ssl=tls),
                timeout=self._timeout,
                cookie_jar=aiohttp.DummyCookieJar(),  # no state between calls, as before
            )
            self._loop = loop
        elif loop is not self._loop:
            raise RuntimeError("a MattermostClient serves the event loop of its first call only")
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
    ) -> Response:
        """One call: the answer, or StatusError (HTTP error, redirect) or Unanswered."""
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
        response = await self._send(method, url, body, headers)
        if response.status_code >= 400:
            raise StatusError(response.status_code, _message(response), retry_after_s(response))
        if response.status_code >= 300:  # e.g. MATTERMOST_URL in http:// behind an https redirect
            where = response.headers.get("Location", "?")
            raise StatusError(response.status_code, f"redirected to {where}", None)
        return response

    async def upload(
        self, endpoint: str, field: str, filename: str, content: bytes, content_type: str
    ) -> Any:
        """POST one file as a multipart form (e.g. a profile image); the answer's JSON."""
        form = aiohttp.FormData()
        form.add_field(field, content, filename=filename, content_type=content_type)
        headers = {"Accept": "application/json", **(self.auth_header() or {})}
        response = await self._send("POST", self.url + endpoint, form, headers)
        if response.status_code >= 300:
            raise StatusError(response.status_code, _message(response), retry_after_s(response))
        return _json(response)

    async def _send(
        self,
        method: str,
        url: str,
        body: bytes | aiohttp.FormData | None,
        headers: dict[str, str],
    ) -> Response:
        """Send through the session; aiohttp's errors become `Unanswered` or `StatusError`."""
        session = self._open()
        try:
            async with (
                asyncio.timeout(self._total_s),
                session.request(
                    method,
                    url,
                    data=body,
                    headers=headers,
                    allow_redirects=False,
                    proxy=self._proxy,
                ) as raw,
            ):
                return Response(raw.status, raw.headers, await raw.read())
        # Raised while getting a connection, before a byte of the request was written.
        except aiohttp.ConnectionTimeoutError:
            raise Unanswered("ConnectTimeout", False, timed_out=True, reason="timeout") from None
        except aiohttp.ClientConnectorError as err:  # refused, unreachable, DNS, TLS handshake
            raise Unanswered(type(err).__name__, sent=False, reason=_why(err)) from None
        except aiohttp.ClientHttpProxyError as err:  # the proxy refused the tunnel (e.g. 407)
            # Its text holds the proxy URL, maybe with a password: the status only.
            raise StatusError(err.status, "proxy refused the connection", None) from None
        # Raised once the request may have reached the server.
        except (TimeoutError, aiohttp.ServerTimeoutError):
            raise Unanswered("ReadTimeout", sent=True, timed_out=True) from None
        except (aiohttp.ClientError, OSError) as err:  # dropped after (part of) the request
            raise Unanswered(type(err).__name__, sent=True) from None

    async def get(self, endpoint: str, options: Any = None, params: Any = None) -> Any:
        """GET, the answer's JSON."""
        return _json(await self.make_request("get", endpoint, options=options, params=params))

    async def post(
        self,
        endpoint: str,
        options: Any = None,
        params: Any = None,
        data: Any = None,
        files: Any = None,
    ) -> Any:
        """POST, the answer's JSON."""
        response = await self.make_request("post", endpoint, options, params, data, files)
        return _json(response)

    async def put(
        self, endpoint: str, options: Any = None, params: Any = None, data: Any = None
    ) -> Any:
        """PUT, the answer's JSON."""
        return _json(await self.make_request("put", endpoint, options, params, data))

    async def delete(
        self, endpoint: str, options: Any = None, params: Any = None, data: Any = None
    ) -> Any:
        """DELETE, the answer's JSON."""
        return _json(await self.make_request("delete", endpoint, options, params, data))

    async def close(self) -> None:
        """Close the kept-alive connections; later calls raise ClientClosed."""
        self._closed = True
        if self._session is not None:
            await self._session.close()
            self._session = None


def _why(err: aiohttp.ClientConnectorError) -> str:
    """Why no connection was made: "tls", "dns", "refused", "timeout" or "unreachable"."""
    if isinstance(err, aiohttp.ClientSSLError):
        return "tls"
    cause = err.os_error
    if isinstance(cause, socket.gaierror):
        return "dns"
    if isinstance(cause, ConnectionRefusedError):
        return "refused"
    if isinstance(cause, TimeoutError):
        return "timeout"
    if isinstance(cause, ssl.SSLError):
        return "tls"
    return "unreachable"


def _json(response: Response) -> Any:
    """The body as JSON; a proxy's HTML page or a cut body is no answer (it may have worked)."""
    try:
        return response.json()
    except ValueError:
        raise Unanswered("non-JSON answer", sent=True) from None


def _message(response: Response) -> str:
    """The server's error message (JSON `message`, else the plain text), bounded."""
    try:
        body = response.json()
        text = str(body.get("message", "")) if isinstance(body, dict) else ""
    except ValueError:
        text = response.text
    return text.strip()[:200]
