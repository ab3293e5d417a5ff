"""The HTTP port against slow, idle, numerous and malformed clients (loopback, short limits)."""

import asyncio
import errno
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.service.app import App
from bot.service.http_guard import HttpLimits, Throttle, throttle_accept_errors
from tests.app_settings import app_settings
from tests.fake_mattermost.server import FakeMattermost
from tests.integration.test_run import free_port

SLASH_TOKEN = "slashtokenlimits0000000000"  # noqa: S105 - a test value
FORM = b"application/x-www-form-urlencoded"
# Short limits for the tests; the shipped ones are in HttpLimits and the README.
SHORT = HttpLimits(idle_timeout_s=1.0, body_timeout_s=1.0, max_connections=400, max_per_address=300)
CLOSED_WITHIN_S = 10.0  # a generous bound: a connection still open after this is a failure


async def start(mm: FakeMattermost, tmp_path: Path, limits: HttpLimits) -> App:
    app = App(app_settings(mm, tmp_path, SLASH_TOKEN), limits)
    await app.start()
    await mm.wait_for_connection("betabot")
    return app


@pytest.fixture
async def app(mm: FakeMattermost, tmp_path: Path) -> AsyncIterator[App]:
    running = await start(mm, tmp_path, SHORT)
    yield running
    await running.stop()


@pytest.fixture
def records(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="bot.service")
    return caplog


def about_http(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.levelname} {r.getMessage()}"
        for r in caplog.records
        if r.name.startswith(("bot.service.http", "aiohttp", "asyncio"))
    ]


async def raw(port: int, data: bytes, source: str = "127.0.0.1") -> bytes:
    """Send `data` on a new connection and read until the server closes it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    writer.write(data)
    try:
        return await asyncio.wait_for(reader.read(), CLOSED_WITHIN_S)
    finally:
        writer.close()


def slash(headers: bytes, body: bytes) -> bytes:
    return (
        b"POST /mattermost/slash HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + headers
        + b"Content-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )


MULTIPART = (
    b'--b\r\nContent-Disposition: form-data; name="token"\r\n'
    b"Content-Type: text/plain; charset=nope\r\n\r\n" + SLASH_TOKEN.encode() + b"\r\n--b--\r\n"
)


@pytest.mark.parametrize(
    ("headers", "body", "status", "logged"),
    [
        (
            b"Content-Type: " + FORM + b"\r\nAuthorization: Token \xff\r\n",
            b"user_id=u1&channel_id=c1&text=qui",
            401,
            ["WARNING slash: refused, wrong or missing token"],
        ),
        (
            b"Content-Type: " + FORM + b"; charset=nope\r\n",
            b"token=" + SLASH_TOKEN.encode() + b"&user_id=u1&channel_id=c1",
            400,
            ["WARNING slash: refused, unsupported form charset"],
        ),
        (b"Content-Type: multipart/form-data; boundary=b\r\n", MULTIPART, 415, []),
        (
            b"Content-Type: " + FORM + b"\r\n",
            b"token=" + SLASH_TOKEN.encode() + b"&user_id=u1&channel_id=c1&token=other",
            400,
            ["WARNING slash: refused, form field given twice"],
        ),
        (
            b"Content-Type: " + FORM + b"\r\n",
            b"token=" + SLASH_TOKEN.encode() + b"&user_id=u1&channel_id=c1&text=%ff",
            400,
            ["WARNING slash: refused, malformed form body"],
        ),
    ],
    ids=["token-not-utf8", "charset-nope", "multipart", "token-twice", "text-not-utf8"],
)
async def test_requests_that_got_500_get_a_4xx_and_one_line_without_traceback(
    app, records, headers, body, status, logged
):
    answer = await raw(app.port, slash(headers, body))
    assert (
        answer.split(b"\r\n", 1)[0]
        == f"HTTP/1.1 {status} ".encode()
        + {
            400: b"Bad Request",
            401: b"Unauthorized",
            415: b"Unsupported Media Type",
        }[status]
    )
    found = records.records
    assert [
        f"{r.levelname} {r.getMessage()}" for r in found if r.name == "bot.service.web"
    ] == logged
    assert [r.getMessage() for r in found if r.exc_info or r.levelno >= logging.ERROR] == []


async def test_unparsable_request_is_one_warning_line_and_names_no_version(app, records):
    answer = await raw(app.port, b"GET /healthz HTTP/1.1\r\nX-A: \x00\r\n\r\n")
    head = answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    assert (head[0], head[-1]) == (b"HTTP/1.0 400 Bad Request", b"Server: betabot")
    assert about_http(records) == [
        "WARNING http: malformed request refused with 400 (BadHttpMessage)"
    ]
    assert b"aiohttp" not in answer
    assert b"Python" not in answer


async def test_server_header_names_no_version(app):
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{app.port}/healthz") as resp,
    ):
        assert resp.headers.getall("Server") == ["betabot"]


async def hold_idle(port: int) -> bytes:
    """A connection that sends nothing: what the server sends before closing it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await asyncio.wait_for(reader.read(), CLOSED_WITHIN_S)
    finally:
        writer.close()


async def trickle_headers(port: int) -> int:
    """Send a request's headers one byte every 0.2 s until the server closes; bytes sent."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    endless = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000
    sent = 0
    try:
        async with asyncio.timeout(CLOSED_WITHIN_S):
            for byte in endless:
                writer.write(bytes([byte]))
                await writer.drain()
                sent += 1
                try:  # the pace of a slow client, and the server's close when it comes
                    if await asyncio.wait_for(reader.read(1), 0.2) == b"":
                        break
                except TimeoutError:
                    continue
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()
    return sent


async def test_idle_and_slow_header_clients_are_closed_while_healthz_answers(app, records):
    url = f"http://127.0.0.1:{app.port}/healthz"
    idle = [asyncio.create_task(hold_idle(app.port)) for _ in range(200)]
    slow = [asyncio.create_task(trickle_headers(app.port)) for _ in range(50)]
    statuses: list[int] = []
    async with aiohttp.ClientSession() as session:
        while not all(t.done() for t in idle + slow):
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as resp:
                statuses.append(resp.status)
            await asyncio.wait(idle + slow, timeout=0.1)  # poll /healthz ten times a second
    assert [await t for t in idle] == [b""] * 200  # closed by the server, nothing sent
    sent = [await t for t in slow]
    assert all(0 < n < 60 for n in sent), sent  # closed long before the headers ended
    assert len(statuses) >= 3
    assert set(statuses) == {200}
    assert about_http(records) == []


async def test_connections_beyond_the_caps_get_503_and_others_still_pass(mm, tmp_path, records):
    limits = HttpLimits(idle_timeout_s=30.0, max_connections=4, max_per_address=2)
    app = await start(mm, tmp_path, limits)
    try:
        held = [
            await asyncio.open_connection("127.0.0.1", app.port, local_addr=(source, 0))
            for source in ("127.0.0.1", "127.0.0.1", "127.0.0.2")
        ]
        busy = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        assert await raw(app.port, b"", source="127.0.0.1") == busy  # third from one address
        get = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        assert (await raw(app.port, get, source="127.0.0.2")).startswith(b"HTTP/1.1 200 OK")
        held.append(
            await asyncio.open_connection("127.0.0.1", app.port, local_addr=("127.0.0.3", 0))
        )
        assert await raw(app.port, b"", source="127.0.0.4") == busy  # fifth overall
        for _, writer in held:
            writer.close()
    finally:
        await app.stop()
    assert about_http(records) == [
        "WARNING http: 1 connection(s) refused with 503, limit reached "
        "(3 open, at most 4, 2 per address)"
    ]


async def test_body_slower_than_its_deadline_gets_408_and_is_closed(app, records):
    head = slash(b"Content-Type: " + FORM + b"\r\n", b"x" * 100)[:-90]  # 10 of 100 bytes
    answer = await raw(app.port, head)
    assert answer.split(b"\r\n", 1)[0] == b"HTTP/1.1 408 Request Timeout"
    assert about_http(records) == ["WARNING http: 1 request body(ies) too slow, closed with 408"]


async def test_out_of_descriptors_on_accept_is_logged_once_per_minute(records):
    loop = asyncio.get_running_loop()
    others: list[str] = []
    loop.set_exception_handler(lambda _loop, context: others.append(context["message"]))
    undo = throttle_accept_errors(loop)
    try:
        for _ in range(1000):
            loop.call_exception_handler(
                {
                    "message": "socket.accept() out of system resource",
                    "exception": OSError(errno.EMFILE, "Too many open files"),
                }
            )
        loop.call_exception_handler({"message": "something else"})
    finally:
        undo()
    assert about_http(records) == [
        "ERROR http: cannot accept connections (Too many open files), 1 time(s) since the last "
        "report"
    ]
    assert others == ["something else"]


def test_throttle_reports_the_first_event_then_the_count_once_per_period() -> None:
    now = [0.0]
    throttle = Throttle(60.0, clock=lambda: now[0])
    seen = [throttle.hit()]
    for t in (1.0, 30.0, 59.0, 60.0, 61.0, 200.0):
        now[0] = t
        seen.append(throttle.hit())
    assert seen == [1, 0, 0, 0, 4, 0, 2]


async def test_metrics_port_has_the_same_guard_as_the_public_port(mm, tmp_path, records):
    limits = HttpLimits(idle_timeout_s=1.0, max_connections=4, max_per_address=2)
    app = App(app_settings(mm, tmp_path, SLASH_TOKEN, metrics_port=free_port()), limits)
    await app.start()
    try:
        assert await hold_idle(app.metrics_port) == b""  # an idle client is closed
        held = [await asyncio.open_connection("127.0.0.1", app.metrics_port) for _ in range(2)]
        busy = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        assert await raw(app.metrics_port, b"") == busy  # third from one address
        get = b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        assert (await raw(app.metrics_port, get, source="127.0.0.2")).startswith(b"HTTP/1.1 200 OK")
        for _, writer in held:
            writer.close()
    finally:
        await app.stop()
