"""Websocket session: authenticate at the upgrade, read, hand frames over, reconnect forever."""

import asyncio
import contextlib
import json
import logging
import random
import ssl
import traceback
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import urlencode

import aiohttp

from bot.mattermost.retry import backoff_s
from bot.telemetry.metrics import METRICS

log = logging.getLogger(__name__)

HEARTBEAT_S = 20.0  # our pings; the server's own come every 60 s
RECONNECT_BASE_S = 0.5
RECONNECT_MAX_S = 30.0
CLOSE_TIMEOUT_S = 5.0
EMPTY_RESUMES_MAX = 2  # resumed sessions closed before any frame: the server refuses to resume

Gap = Literal["first", "new_connection", "sequence"]


class Listener:
    """One logical websocket session, resumed with `connection_id` + `sequence_number`.

    `on_frame(frame)` receives every decoded event (not the replies to our requests), in order;
    it must be quick: parse and enqueue. `on_gap(kind)` says when events may have been missed:
    "first" on the very first `hello`, "new_connection" when the server could not replay,
    "sequence" when a sequence number was skipped. The caller backfills over REST.
    """

    def __init__(
        self,
        url: str,
        token: str,
        on_frame: Callable[[dict[str, Any]], None],
        on_gap: Callable[[Gap], None],
        reconnect_base_s: float = RECONNECT_BASE_S,
        reconnect_max_s: float = RECONNECT_MAX_S,
        jitter: Callable[[float, float], float] = random.uniform,
        proxy: str | None = None,
        ca_file: str = "",
    ) -> None:
        """Only stores the arguments; `run()` connects.

        `jitter(low, high)` picks each reconnection delay in that range (full jitter);
        `proxy` is an HTTP proxy URL to go through, if any; `ca_file` a PEM file of the
        authorities trusted for wss:// instead of the system's.
        """
        self._url = url
        self._token = token
        self._on_frame = on_frame
        self._on_gap = on_gap
        self._base_s = reconnect_base_s
        self._max_s = reconnect_max_s
        self._jitter = jitter
        self._proxy = proxy
        self._ca_file = ca_file
        self._failures = 0  # attempts since the server last greeted us; sets the backoff
        self._empty_resumes = 0
        self._connection_id = ""
        self._next_seq = 0
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._stopping = asyncio.Event()
        self.connected = asyncio.Event()  # set while a session is open and greeted
        self.disconnected = asyncio.Event()  # the opposite, for whoever waits for a drop
        self.disconnected.set()

    async def run(self) -> None:
        """Connect and read until `stop()`, reconnecting with backoff and jitter.

        The backoff grows with each attempt that the server did not greet, and starts over
        as soon as one is greeted (`hello`, or an accepted resume): a drop after a working
        session costs at most `reconnect_base_s`.
        """
        tls = ssl.create_default_context(cafile=self._ca_file) if self._ca_file else True
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=tls)) as session:
            while not self._stopping.is_set():
                try:
                    await self._session(session)
                except (aiohttp.ClientError, OSError, TimeoutError) as err:
                    log.warning("websocket: %s", type(err).__name__)
                except Exception as err:
                    # Type and frames only: an exception's message may quote a post's text.
                    frames = "".join(traceback.format_tb(err.__traceback__))
                    log.error("websocket: unexpected error: %s\n%s", type(err).__name__, frames)
                self._set_connected(False)
                if self._stopping.is_set():
                    break
                self._failures += 1
                delay = backoff_s(self._failures, self._base_s, self._max_s, self._jitter)
                log.info("websocket: reconnecting in %.2f s", delay)
                METRICS.count_reconnect()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay)

    async def stop(self) -> None:
        """Stop reconnecting and close the open socket with a close frame (1000)."""
        self._stopping.set()
        ws = self._ws
        if ws is not None and not ws.closed:
            try:
                await asyncio.wait_for(ws.close(code=aiohttp.WSCloseCode.OK), CLOSE_TIMEOUT_S)
            except (TimeoutError, aiohttp.ClientError, OSError):
                log.warning("websocket: close did not complete")

    async def _session(self, session: aiohttp.ClientSession) -> None:
        query = ""
        if self._connection_id:
            resume = {"connection_id": self._connection_id, "sequence_number": self._next_seq}
            query = "?" + urlencode(resume)
        async with session.ws_connect(
            self._url + query,
            headers={"Authorization": f"Bearer {self._token}"},
            heartbeat=HEARTBEAT_S,
            proxy=self._proxy,
        ) as ws:
            self._ws = ws
            resumed = bool(self._connection_id)
            if resumed:
                self._set_connected(True)  # a resumed session gets no new hello
            try:
                frames = await self._read(ws)
            finally:
                self._ws = None
        log.info("websocket: closed (code %s)", ws.close_code)
        self._check_resume(resumed, frames)

    def _check_resume(self, resumed: bool, frames: int) -> None:
        """Start afresh (new hello, REST backfill) when resuming keeps being refused."""
        self._empty_resumes = self._empty_resumes + 1 if resumed and not frames else 0
        if self._empty_resumes >= EMPTY_RESUMES_MAX and not self._stopping.is_set():
            log.warning("websocket: resume refused %d times, new connection", self._empty_resumes)
            self._connection_id, self._next_seq, self._empty_resumes = "", 0, 0

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> int:
        """Read until the socket ends; the number of frames received."""
        frames = 0
        while not self._stopping.is_set():
            msg = await ws.receive()
            if msg.type != aiohttp.WSMsgType.TEXT:
                if msg.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.PING):
                    continue
                if msg.type == aiohttp.WSMsgType.ERROR:
                    log.warning("websocket: error %s", type(ws.exception()).__name__)
                return frames
            frames += 1
            try:
                frame = json.loads(msg.data)
            except ValueError:
                log.warning("websocket: undecodable frame ignored")
                continue
            if isinstance(frame, dict) and "event" in frame:
                self._track(frame)
                self._on_frame(frame)
        return frames

    def _set_connected(self, up: bool) -> None:
        if up:
            self._failures = 0  # greeted: the next drop reconnects promptly
        (self.connected if up else self.disconnected).set()
        (self.disconnected if up else self.connected).clear()

    def _track(self, frame: dict[str, Any]) -> None:
        seq = frame.get("seq")
        if frame.get("event") == "hello":
            data = frame.get("data") or {}
            new_id = str(data.get("connection_id", "")) if isinstance(data, dict) else ""
            previous, self._connection_id, self._next_seq = self._connection_id, new_id, 1
            self._set_connected(True)
            log.info("websocket: hello, %s connection", "resumed" if previous else "new")
            self._on_gap("new_connection" if previous else "first")
            return
        if isinstance(seq, int):
            if seq != self._next_seq:
                log.warning("websocket: sequence %d, expected %d", seq, self._next_seq)
                self._on_gap("sequence")
            self._next_seq = seq + 1
