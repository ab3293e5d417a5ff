"""Operating the running bot: /metrics off the public port, quiet logs at the default level."""

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.service.app import App
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
