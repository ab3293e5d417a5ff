"""Limits of the HTTP port: slow, idle, numerous or malformed clients cannot exhaust it.

aiohttp's own settings do what they can (`HttpLimits.server_options`): `keepalive_timeout`
closes a connection that stays idle or has not sent a complete request that long, from its
first byte as after each answer; header lines and sizes are capped; a handler is cancelled when
its client leaves. What aiohttp has no setting for is here, small and for the whole server:

- a body must arrive within `body_timeout_s` of its headers (`body_deadline` middleware, 408);
- at most `max_connections` connections, `max_per_address` per client address: beyond, the
  connection gets a bare 503 and is closed before aiohttp sees it (`ConnectionGuard`);
- refusals, body timeouts and the event loop's "socket.accept() out of system resource" (no
  descriptor left) are logged at most once per `LOG_PERIOD_S`, with how many happened;
- a request aiohttp cannot parse is logged as one line, without its traceback.
"""

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web, web_response
from aiohttp.http_exceptions import HttpProcessingError

log = logging.getLogger(__name__)

LOG_PERIOD_S = 60.0
SERVER_SOFTWARE = "betabot"
SERVER_LOGGER = "bot.service.http"  # the logger handed to aiohttp's request handlers
_BUSY = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
_ACCEPT_FAILED = "socket.accept() out of system resource"


@dataclass(frozen=True)
class HttpLimits:
    """The HTTP server's limits (README « Sécurité »); tests shorten them."""

    idle_timeout_s: float = 5.0  # no complete request headers (first or next one) this long
    body_timeout_s: float = 10.0  # a request body still incomplete this long after its headers
    max_connections: int = 256  # below the usual 1,024 descriptors, with room for the rest
    max_per_address: int = 64  # one client address (a reverse proxy counts as one)
    max_line_bytes: int = 4096  # request line, and each header line
    max_headers: int = 64
    linger_s: float = 1.0  # after answering, the rest of an unread body is awaited this long

    def server_options(self) -> dict[str, Any]:
        """Keyword arguments of `web.AppRunner` (passed on to aiohttp's request handlers)."""
        return {
            "keepalive_timeout": self.idle_timeout_s,
            "max_line_size": self.max_line_bytes,
            "max_field_size": self.max_line_bytes,
            "max_headers": self.max_headers,
            "lingering_time": self.linger_s,
            "handler_cancellation": True,
            "logger": server_logger(),
        }


class Throttle:
    """Say when to log an event that may repeat fast: once per period, with the count."""

    def __init__(self, period_s: float = LOG_PERIOD_S, clock: Callable[[], float] = time.monotonic):
        """Nothing logged yet: the first event is logged at once."""
        self._period_s = period_s
        self._clock = clock
        self._next = float("-inf")
        self._count = 0

    def hit(self) -> int:
        """Count one event; the number to log now (this one and those held back), else 0."""
        self._count += 1
        now = self._clock()
        if now < self._next:
            return 0
        self._next = now + self._period_s
        count, self._count = self._count, 0
        return count


class ConnectionGuard:
    """Counts open connections overall and per address; refuses those beyond the caps."""

    def __init__(self, limits: HttpLimits) -> None:
        """No connection yet."""
        self.limits = limits
        self.per_address: Counter[str] = Counter()
        self._refused = Throttle()

    @property
    def total(self) -> int:
        """Connections open now."""
        return sum(self.per_address.values())

    def admit(self, address: str) -> bool:
        """Count a new connection from `address`, or refuse it (logged once a minute)."""
        limits = self.limits
        if (
            self.total < limits.max_connections
            and self.per_address[address] < limits.max_per_address
        ):
            self.per_address[address] += 1
            return True
        count = self._refused.hit()
        if count:
            log.warning(
                "http: %d connection(s) refused with 503, limit reached (%d open, at most %d, "
                "%d per address)",
                count,
                self.total,
                limits.max_connections,
                limits.max_per_address,
            )
        return False

    def release(self, address: str) -> None:
        """A counted connection from `address` closed."""
        self.per_address[address] -= 1
        if self.per_address[address] <= 0:
            del self.per_address[address]

    def factory(self, inner: Callable[[], asyncio.BaseProtocol]) -> Callable[[], "GuardedProtocol"]:
        """A protocol factory for `loop.create_server` that admits connections before `inner`."""
        return lambda: GuardedProtocol(self, inner)


class GuardedProtocol(asyncio.Protocol):
    """Asks the guard at connection time; then hands every event to aiohttp's protocol."""

    def __init__(self, guard: ConnectionGuard, inner: Callable[[], asyncio.BaseProtocol]) -> None:
        """Not connected yet: the inner protocol is made only for an admitted connection."""
        self._guard = guard
        self._make_inner = inner
        self._inner: Any = None
        self._address = ""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Admit the connection and start aiohttp's protocol, or answer 503 and close."""
        peer = transport.get_extra_info("peername")
        self._address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        if not self._guard.admit(self._address):
            assert isinstance(transport, asyncio.WriteTransport)  # noqa: S101 - a TCP transport
            transport.write(_BUSY)
            transport.close()
            return
        self._inner = self._make_inner()
        self._inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        """Uncount the connection and tell aiohttp."""
        if self._inner is not None:
            self._guard.release(self._address)
            self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Bytes for aiohttp (none are read from a refused connection)."""
        if self._inner is not None:
            self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        """End of the client's stream, for aiohttp."""
        return self._inner.eof_received() if self._inner is not None else None

    def pause_writing(self) -> None:
        """Flow control, for aiohttp."""
        if self._inner is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        """Flow control, for aiohttp."""
        if self._inner is not None:
            self._inner.resume_writing()


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def body_deadline(limits: HttpLimits) -> Any:
    """Middleware: read every request body within `limits.body_timeout_s`, else 408 and close.

    The body is kept by aiohttp, so the route's own `request.read()` returns it at once.
    """
    timeouts = Throttle()

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.body_exists and request.match_info.http_exception is None:  # no 404/405
            try:
                async with asyncio.timeout(limits.body_timeout_s):
                    await request.read()
            except TimeoutError:
                count = timeouts.hit()
                if count:
                    log.warning("http: %d request body(ies) too slow, closed with 408", count)
                response = web.Response(status=408, text="Request Timeout")
                response.force_close()
                return response
        return await handler(request)

    return middleware


def hide_server_version() -> None:
    """Make aiohttp's `Server` header name no software version, on every response.

    aiohttp fills it with "Python/3.x aiohttp/3.y" from a module constant, also on the 400 it
    answers itself to an unparsable request, where no application hook runs: the constant is
    the one place that covers both (test_http_limits checks it still does).
    """
    web_response.SERVER_SOFTWARE = SERVER_SOFTWARE  # type: ignore[attr-defined]  # see above


class _OneLineBadRequests(logging.Filter):
    """aiohttp logs an unparsable request with its traceback: keep one warning line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, HttpProcessingError):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg, record.args = (
                "http: malformed request refused with 400 (%s)",
                (type(exc).__name__,),
            )
            record.exc_info, record.exc_text = None, None
        return True


def server_logger() -> logging.Logger:
    """The logger of aiohttp's request handlers, with bad requests on one line."""
    logger = logging.getLogger(SERVER_LOGGER)
    if not any(isinstance(f, _OneLineBadRequests) for f in logger.filters):
        logger.addFilter(_OneLineBadRequests())
    return logger


def throttle_accept_errors(loop: asyncio.AbstractEventLoop) -> Callable[[], None]:
    """Log "out of descriptors" on accept once per minute; returns the function that undoes it.

    asyncio reports it through the loop's exception handler at every retry of every listening
    socket; other reports go to the handler in place before.
    """
    previous = loop.get_exception_handler()
    throttle = Throttle()

    def handler(loop_: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if context.get("message") == _ACCEPT_FAILED:
            count = throttle.hit()
            if count:
                error = context.get("exception")
                log.error(
                    "http: cannot accept connections (%s), %d time(s) since the last report",
                    getattr(error, "strerror", None) or type(error).__name__,
                    count,
                )
        elif previous is not None:
            previous(loop_, context)
        else:
            loop_.default_exception_handler(context)

    loop.set_exception_handler(handler)
    return lambda: loop.set_exception_handler(previous)
