"""The websocket side of the fake: authentication, per-connection `seq`, replay on reconnect.

Mirrors `server/channels/app/platform/web_conn.go`: `hello` is seq 0, every later event +1,
replies to client actions carry `seq_reply` and no `seq`; a connection that goes away stays
known (with the last 128 events) so that `?connection_id=&sequence_number=` can replay.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .state import ID_RE, World, dumps

log = logging.getLogger(__name__)

SERVER_VERSION = "10.5.0.fake"
DEAD_QUEUE_SIZE = 128  # deadQueueSize in web_conn.go
AUTH_TIMEOUT_S = 5.0  # authCheckInterval in web_conn.go
CLOSE_TIMEOUT_S = 2.0  # how long a close waits for the client's close frame

Json = dict[str, Any]


def broadcast(channel_id: str = "", user_id: str = "", team_id: str = "") -> Json:
    return {
        "omit_users": None,
        "user_id": user_id,
        "channel_id": channel_id,
        "team_id": team_id,
        "connection_id": "",
        "omit_connection_id": "",
    }


@dataclass
class Connection:
    """One logical websocket connection, alive or waiting for its client to come back."""

    id: str
    user_id: str
    next_seq: int = 0
    sent: deque[tuple[int, str]] = field(default_factory=lambda: deque(maxlen=DEAD_QUEUE_SIZE))
    socket: web.WebSocketResponse | None = None
    transport: asyncio.Transport | None = None
    outbox: asyncio.Queue[str] | None = None

    def push(self, event: str, data: Json, where: Json) -> None:
        seq = self.next_seq
        self.next_seq += 1
        text = dumps({"event": event, "data": data, "broadcast": where, "seq": seq})
        self.sent.append((seq, text))
        if self.outbox is not None:
            self.outbox.put_nowait(text)

    def missed_since(self, seq: int) -> list[str] | None:
        """Events from `seq` on; None when some of them already left the buffer."""
        if seq == self.next_seq:
            return []
        if self.sent and self.sent[0][0] <= seq < self.next_seq:
            return [text for s, text in self.sent if s >= seq]
        return None


class Hub:
    """Every websocket connection of the fake, keyed by connection id."""

    def __init__(self, world: World, on_change: Callable[[], None]) -> None:
        self.world = world
        self.connections: dict[str, Connection] = {}
        self.auth_timeout_s = AUTH_TIMEOUT_S
        self.closed: list[tuple[str, int | None]] = []  # (user id, close code) as sockets end
        self._on_change = on_change

    # publishing ----------------------------------------------------------------------------

    def publish(
        self, event: str, user_ids: Iterable[str], data_for: Callable[[str], Json], where: Json
    ) -> None:
        """Queue an event for every connection (alive or not) of the given users."""
        targets = set(user_ids)
        for conn in list(self.connections.values()):
            if conn.user_id in targets:
                conn.push(event, data_for(conn.user_id), where)

    def active(self, user_id: str | None = None) -> list[Connection]:
        return [
            c
            for c in self.connections.values()
            if c.socket is not None and user_id in (None, c.user_id)
        ]

    # control -------------------------------------------------------------------------------

    async def drop(self, code: int | None) -> None:
        """Close every live socket with `code`, or abort its TCP connection when None."""
        conns = self.active()
        sockets = [(c.socket, c.transport) for c in conns]
        for conn in conns:
            self._detach(conn)
        closing = []
        for sock, transport in sockets:
            if code is None:
                if transport is not None:
                    transport.abort()
            elif sock is not None:
                closing.append(sock.close(code=code, message=b"fake server closing"))
        await asyncio.gather(*closing, return_exceptions=True)
        self._on_change()

    def abort_all(self) -> None:
        for conn in self.active():
            if conn.transport is not None:
                conn.transport.abort()
            self._detach(conn)
        self._on_change()

    def forget(self) -> None:
        self.connections.clear()

    # serving -------------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        user = _bearer_user(request, self.world)
        sock = web.WebSocketResponse(timeout=CLOSE_TIMEOUT_S)
        await sock.prepare(request)
        transport = request.transport
        assert transport is not None
        conn: Connection | None
        if user is not None:
            conn = self._resume_or_open(user["id"], request.query)
        else:
            conn = await self._challenge(sock, transport)
        if conn is None:
            transport.abort()  # like the real server: no close frame, no error message
            return sock
        writer = self._attach(conn, sock, transport)
        try:
            await self._read(conn, sock)
        finally:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            if conn.socket is sock:
                self._detach(conn)
            self.closed.append((conn.user_id, sock.close_code))
        return sock

    def _resume_or_open(self, user_id: str, query: Any) -> Connection | None:
        conn_id = query.get("connection_id", "")
        if not conn_id:
            return self._open(user_id)
        raw_seq = query.get("sequence_number", "")
        if not ID_RE.match(conn_id) or not raw_seq.isdigit():
            return None
        old = self.connections.get(conn_id)
        if old is None or old.user_id != user_id:
            return self._open(user_id)
        missed = old.missed_since(int(raw_seq))
        if missed is None:
            del self.connections[conn_id]
            return self._open(user_id)
        if old.socket is not None and old.transport is not None:
            old.transport.abort()
            self._detach(old)
        old.outbox = asyncio.Queue()
        for text in missed:
            old.outbox.put_nowait(text)
        return old

    def _open(self, user_id: str) -> Connection:
        conn = Connection(id=self.world.new_id(), user_id=user_id)
        conn.outbox = asyncio.Queue()
        self.connections[conn.id] = conn
        hello = {
            "server_version": SERVER_VERSION,
            "connection_id": conn.id,
            "server_hostname": "fake-mattermost",
        }
        conn.push("hello", hello, broadcast(user_id=user_id))
        return conn

    async def _challenge(
        self, sock: web.WebSocketResponse, transport: asyncio.Transport
    ) -> Connection | None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.auth_timeout_s
        while True:
            try:
                msg = await asyncio.wait_for(sock.receive(), max(deadline - loop.time(), 0))
            except TimeoutError:
                return None
            if msg.type != WSMsgType.TEXT:
                return None
            frame = _decode(msg.data)
            if frame.get("action") != "authentication_challenge":
                await sock.send_str(_reply(frame, "FAIL", "not_authenticated"))
                continue
            token = (frame.get("data") or {}).get("token")
            user = self.world.user_for_token(token) if isinstance(token, str) else None
            if user is None:
                return None
            conn = self._open(user["id"])
            assert conn.outbox is not None
            conn.outbox.put_nowait(_reply(frame, "OK"))  # after hello, as on the real server
            return conn

    def _attach(
        self, conn: Connection, sock: web.WebSocketResponse, transport: asyncio.Transport
    ) -> asyncio.Task[None]:
        conn.socket = sock
        conn.transport = transport
        outbox = conn.outbox
        assert outbox is not None
        self._on_change()
        return asyncio.create_task(_write(sock, outbox))

    @staticmethod
    def _detach(conn: Connection) -> None:
        conn.socket = None
        conn.transport = None
        conn.outbox = None

    async def _read(self, conn: Connection, sock: web.WebSocketResponse) -> None:
        async for msg in sock:
            if msg.type != WSMsgType.TEXT:
                continue
            frame = _decode(msg.data)
            action = frame.get("action")
            if conn.outbox is None:
                return
            if action == "authentication_challenge":
                continue  # ignored once authenticated, no reply
            if not isinstance(frame.get("seq"), int) or frame["seq"] <= 0:
                conn.outbox.put_nowait(_reply(frame, "FAIL", "bad_seq"))
            elif action in ("user_typing", "get_statuses", "get_statuses_by_ids", "presence"):
                conn.outbox.put_nowait(_reply(frame, "OK"))
            else:
                conn.outbox.put_nowait(_reply(frame, "FAIL", "bad_action"))


async def _write(sock: web.WebSocketResponse, outbox: asyncio.Queue[str]) -> None:
    """The one writer of a socket, so frames leave in queue order."""
    while True:
        text = await outbox.get()
        try:
            await sock.send_str(text)
        except (ConnectionError, RuntimeError):
            return


def _bearer_user(request: web.Request, world: World) -> Json | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() not in ("bearer", "token") or not token:
        token = request.cookies.get("MMAUTHTOKEN", "")
    return world.user_for_token(token.strip()) if token else None


def _decode(text: str) -> Json:
    try:
        frame = json.loads(text)
    except ValueError:
        return {}
    return frame if isinstance(frame, dict) else {}


def _reply(frame: Json, status: str, error: str = "") -> str:
    reply: Json = {"status": status, "seq_reply": frame.get("seq", 0)}
    if error:
        reply["error"] = {
            "id": f"api.web_socket_router.{error}.app_error",
            "message": f"websocket: {error.replace('_', ' ')}",
            "status_code": 400 if error != "not_authenticated" else 401,
        }
    return dumps(reply)
