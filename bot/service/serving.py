"""The bot's listening sockets: the public HTTP app and, when set, `/metrics` on a port of its own.

Both listen behind the same `ConnectionGuard` and limits; `start()` binds, `stop()` stops
accepting, closes the connections and restores the event loop's accept-error handling.
The composition root logs the bound ports (its start-up lines stay one logger's).
"""

import asyncio
from collections.abc import Callable

from aiohttp import web

from bot.service import startup
from bot.service.config import Settings
from bot.service.http_guard import ConnectionGuard, HttpLimits, throttle_accept_errors
from bot.service.web import build_metrics_app


class HttpServers:
    """The HTTP port and the optional metrics port, with their runners."""

    def __init__(self, settings: Settings, limits: HttpLimits) -> None:
        """Keep the settings and limits; nothing binds before `start()`."""
        self.settings = settings
        self.http_limits = limits
        self._http_server: asyncio.Server | None = None
        self._undo_accept_throttle: Callable[[], None] | None = None
        self._runner: web.AppRunner | None = None
        self._metrics_runner: web.AppRunner | None = None
        self._metrics_server: asyncio.Server | None = None
        self.port = 0  # the bound HTTP port, known after start()
        self.metrics_port = 0  # the bound /metrics port when BETABOT_METRICS_PORT is set

    async def start(self, web_app: web.Application) -> None:
        """Serve `web_app` on BETABOT_HTTP_PORT, and `/metrics` on BETABOT_METRICS_PORT if set.

        Raises:
            StartupError: a port cannot be bound (one French line naming its variables).
        """
        settings = self.settings
        limits = self.http_limits
        self._runner = web.AppRunner(
            web_app, access_log=None, handle_signals=False, **limits.server_options()
        )
        self._undo_accept_throttle = throttle_accept_errors(asyncio.get_running_loop())
        self._http_server = await self._listen(
            self._runner, settings.http_port, "BETABOT_HTTP_HOST et BETABOT_HTTP_PORT"
        )
        self.port = int(self._http_server.sockets[0].getsockname()[1])
        if settings.metrics_port:
            await self._start_metrics(settings.metrics_port)

    async def stop(self) -> None:
        """Stop accepting, close the connections and the runners."""
        if self._http_server is not None:
            self._http_server.close()  # stop accepting; the runner closes the connections
        if self._runner is not None:
            await self._runner.cleanup()
        if self._undo_accept_throttle is not None:
            self._undo_accept_throttle()
        if self._metrics_server is not None:
            self._metrics_server.close()
        if self._metrics_runner is not None:
            await self._metrics_runner.cleanup()

    async def _listen(self, runner: web.AppRunner, port: int, variable: str) -> asyncio.Server:
        """Serve `runner` on `port` behind the connection guard (same limits on every port)."""
        await runner.setup()
        assert runner.server is not None  # noqa: S101 - set by setup()
        limits = self.http_limits
        # Our own listening socket instead of a TCPSite: connections pass the guard first.
        guard = ConnectionGuard(limits)
        try:
            return await asyncio.get_running_loop().create_server(
                guard.factory(runner.server),
                self.settings.http_host,
                port,
                backlog=limits.max_connections,  # a burst waits in the queue, not in SYN retries
            )
        except OSError as err:
            raise startup.http_failure(self.settings.http_host, port, err, variable) from None

    async def _start_metrics(self, port: int) -> None:
        """`/metrics` on a listener of its own, kept off the public port, with the same limits."""
        limits = self.http_limits
        self._metrics_runner = web.AppRunner(
            build_metrics_app(self.settings.metrics_token, limits),
            access_log=None,
            handle_signals=False,
            **limits.server_options(),
        )
        self._metrics_server = await self._listen(
            self._metrics_runner, port, "BETABOT_METRICS_PORT"
        )
        self.metrics_port = int(self._metrics_server.sockets[0].getsockname()[1])
