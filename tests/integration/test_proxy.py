"""Through an outbound HTTP proxy: REST calls and the websocket both go through it."""

import asyncio
import contextlib
import re
from pathlib import Path

import pytest

from bot.mattermost.client import MattermostClient, MattermostError
from bot.service.app import App
from bot.service.config import parse_server_url
from tests.app_settings import app_settings
from tests.fake_mattermost.seed import BOT_TOKEN
from tests.fake_mattermost.server import FakeMattermost

CHANNEL = "incubateur-animation"
REQUEST_LINE = re.compile(rb"(GET|POST|PUT|DELETE) ((?:http|ws)://\S+) HTTP/1\.1\r\n")


class Relay:
    """A forward proxy for plain http:// targets, all on one upstream: relays bytes both ways
    and keeps what the clients sent, to read the absolute-form request lines a proxy gets."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.sent = bytearray()
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    def request_lines(self) -> list[tuple[str, str]]:
        return [(m[1].decode(), m[2].decode()) for m in REQUEST_LINE.finditer(self.sent)]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        pipes = [
            asyncio.create_task(self._pipe(reader, up_writer, record=True)),
            asyncio.create_task(self._pipe(up_reader, writer, record=False)),
        ]
        self._pipes.update(pipes)
        await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
        for pipe in pipes:
            pipe.cancel()
        for stream in (writer, up_writer):
            stream.close()
        self._pipes.difference_update(pipes)

    async def _pipe(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, record: bool
    ) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await source.read(65536):
                if record:
                    self.sent += data
                sink.write(data)
                await sink.drain()

    async def close(self) -> None:
        assert self._server is not None
        self._server.close()
        for pipe in list(self._pipes):
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)
        await self._server.wait_closed()


async def test_rest_and_websocket_go_through_the_configured_proxy(
    mm: FakeMattermost, tmp_path: Path
):
    relay = Relay((mm.host, mm.port))
    proxy = await relay.start()
    app = App(app_settings(mm, tmp_path, proxy=proxy))
    await app.start()
    try:
        await mm.wait_for_connection("betabot")
        post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
        await mm.wait_for_reply(post)
    finally:
        await app.stop()
        await relay.close()
    lines = relay.request_lines()
    assert ("GET", f"{mm.url}/api/v4/users/me") in lines
    ws_url = mm.url.replace("http://", "ws://")
    assert ("GET", f"{ws_url}/api/v4/websocket") in lines  # the upgrade, through the proxy too
    assert ("POST", f"{mm.url}/api/v4/posts") in lines
    # Every REST call the server answered came through the proxy.
    rest = [r for r in mm.requests if r.path != "/api/v4/websocket"]
    assert len(rest) == sum(1 for _, url in lines if url.startswith("http://"))


async def test_a_proxy_refusing_the_tunnel_gives_its_status_not_its_password(caplog) -> None:
    seen: list[bytes] = []

    async def refuse(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await reader.readuntil(b"\r\n\r\n"))
        writer.write(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(refuse, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    proxy = f"http://agent:px-secret@127.0.0.1:{port}"
    # An https:// server: the client asks the proxy for a tunnel (CONNECT); the name is never
    # resolved here, only the proxy is contacted.
    client = MattermostClient(
        parse_server_url("https://mattermost.example.invalid"), BOT_TOKEN, proxy=proxy
    )
    retried: list[int] = []
    client.on_retry = retried.append
    try:
        with pytest.raises(MattermostError) as raised:
            await client.team_id("betagouv")
    finally:
        await client.aclose()
        server.close()
        await server.wait_closed()
    assert raised.value.status == 407  # final: a proxy refusing us will refuse again
    assert retried == []
    assert [line.split(b"\r\n")[0] for line in seen] == [
        b"CONNECT mattermost.example.invalid:443 HTTP/1.1"
    ]
    assert "px-secret" not in str(raised.value)
    assert "px-secret" not in caplog.text
