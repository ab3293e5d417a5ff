"""Operating the running bot: /metrics off the public port, quiet logs at the default level."""

import asyncio
import io
import logging
import re
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.service.app import App
from bot.telemetry.logs import setup_logging
from tests.app_settings import app_settings
from tests.integration.test_run import free_port

METRICS_TOKEN = "metrics-token-0000000000"  # noqa: S105 - a test value


async def get(port: int, path: str, token: str = "") -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}", headers=headers) as resp,
    ):
        return resp.status, await resp.text()


@pytest.fixture
async def started() -> AsyncIterator[list[App]]:
    apps: list[App] = []
    yield apps
    for app in apps:
        await app.stop()


async def test_metrics_refuse_a_request_without_the_token_when_one_is_set(mm, tmp_path, started):
    app = App(app_settings(mm, tmp_path, metrics_token=METRICS_TOKEN))
    started.append(app)
    await app.start()
    assert await get(app.port, "/metrics") == (401, "Unauthorized")
    assert await get(app.port, "/metrics", "wrong-token-000000") == (401, "Unauthorized")
    status, body = await get(app.port, "/metrics", METRICS_TOKEN)
    assert status == 200
    assert "betabot_questions_total" in body
    assert (await get(app.port, "/healthz"))[0] in (200, 503)  # never behind the token


async def test_metrics_port_serves_metrics_there_and_not_on_the_public_port(mm, tmp_path, started):
    app = App(app_settings(mm, tmp_path, metrics_port=free_port()))
    started.append(app)
    await app.start()
    assert app.metrics_port != app.port
    assert (await get(app.port, "/metrics"))[0] == 404
    status, body = await get(app.metrics_port, "/metrics")
    assert status == 200
    assert "betabot_questions_total" in body
    assert (await get(app.metrics_port, "/healthz"))[0] == 404


class _Counting(logging.Handler):
    """Sets `reached` once `target` records went through (the reply lines, event-driven)."""

    def __init__(self, target: int) -> None:
        super().__init__()
        self.count, self.target, self.reached = 0, target, asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if self.count >= self.target:
            self.reached.set()


_STARTUP_LINES = [
    r"INFO bot\.service\.app: betabot \S+ starting \(Python [\d.]+\)",
    r"INFO bot\.service\.reload: knowledge reloaded",
    r"INFO bot\.service\.app: logged in as user_id=\w+",
    r"INFO bot\.service\.app: http: listening on 127\.0\.0\.1:\d+",
    r"INFO bot\.mattermost\.listener: websocket: hello, new connection",
]
_CONTACTS_RESOLVED = r"INFO bot\.service\.contacts_keeper: contacts: \d+ people resolved, .*"
_ANSWERED = (
    r"INFO bot\.service\.replies: post=\w+ intent=portfolio score=100 delivery=posted "
    r"latency_ms=[\d.]+"
)


async def test_startup_and_ten_questions_log_one_line_each_and_no_library_chatter(
    mm, tmp_path, started
):
    stream = io.StringIO()
    handler = setup_logging("INFO", "text", stream=stream)
    replies = _Counting(10)
    logging.getLogger("bot.service.replies").addHandler(replies)
    try:
        app = App(app_settings(mm, tmp_path))
        started.append(app)
        await app.start()
        await mm.wait_for_connection("betabot")
        for number in range(10):
            text = f"@betabot qui logement {number}"
            await mm.wait_for_reply(await mm.post_as("alice", "incubateur-animation", text), 10)
        await asyncio.wait_for(replies.reached.wait(), 10)
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger("bot.service.replies").removeHandler(replies)
    # Whole log, timestamps aside: the start-up lines, then exactly one line per answer.
    lines = [line.split(" ", 2)[2] for line in stream.getvalue().splitlines()]
    # The background contacts resolution reports once, whenever it ends (before or between
    # the answers, depending on the interpreter's speed): one start-up line at most.
    contacts = [line for line in lines if re.fullmatch(_CONTACTS_RESOLVED, line)]
    assert len(contacts) <= 1, lines
    lines = [line for line in lines if line not in contacts]
    for pattern in _STARTUP_LINES:
        assert sum(bool(re.fullmatch(pattern, line)) for line in lines[:5]) == 1, lines
    assert len(lines) == 15, "\n".join(lines)
    for line in lines[5:]:
        assert re.fullmatch(_ANSWERED, line), lines
    assert "logement" not in stream.getvalue()
