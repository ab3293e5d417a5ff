"""MATTERMOST_CA_FILE end to end: a fake Mattermost in TLS, trusted through that file only.

The server certificate (tests/data/_tls/) is signed by a test CA that no system trusts: the
REST client and the websocket reach the fake only when they use `Settings.ca_file`.
"""

import asyncio
import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.mattermost import retry
from bot.mattermost.listener import Gap, Listener
from bot.service.app import App
from bot.service.config import parse_server_url
from bot.service.startup import StartupError
from tests.app_settings import app_settings
from tests.expected import expected_text
from tests.fake_mattermost import FakeMattermost, seed
from tests.fake_mattermost.seed import BOT_TOKEN

TLS_DIR = Path(__file__).resolve().parent.parent / "data" / "_tls"
CA_FILE = str(TLS_DIR / "ca.pem")
CHANNEL = "incubateur-animation"
MENTION = "@betabot qui logement"


def server_context() -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS_DIR / "server.pem", TLS_DIR / "server.TEST-ONLY.key")
    return context


@pytest.fixture
async def tls_mm() -> AsyncIterator[FakeMattermost]:
    """The seeded fake Mattermost, serving https:// and wss:// with the test certificate."""
    fake = seed(await FakeMattermost(ssl_context=server_context()).start())
    try:
        yield fake
    finally:
        await fake.close()


class Attempts:
    """A listener's jitter: counts the failed attempts, pauses 10 ms, waits without sleeping."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = asyncio.Event()

    def __call__(self, low: float, high: float) -> float:
        self.count += 1
        self.changed.set()
        return min(high, 0.01)

    async def until(self, count: int, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        async with asyncio.timeout(timeout):
            while self.count < count:
                self.changed.clear()
                await self.changed.wait()


class Session:
    """A Listener on its own task, with every frame and gap it reported."""

    def __init__(self, url: str, ca_file: str) -> None:
        self.frames: list[dict[str, Any]] = []
        self.gaps: list[Gap] = []
        self.attempts = Attempts()
        self.listener = Listener(
            url,
            BOT_TOKEN,
            self.frames.append,
            self.gaps.append,
            jitter=self.attempts,
            ca_file=ca_file,
        )
        self.task = asyncio.create_task(self.listener.run())

    async def stop(self) -> None:
        await self.listener.stop()
        await asyncio.wait_for(self.task, 5)


async def test_app_with_the_ca_file_logs_in_listens_and_replies_over_tls(tls_mm, tmp_path):
    settings = app_settings(tls_mm, tmp_path, ca_file=CA_FILE)
    assert settings.server.websocket_url.startswith("wss://127.0.0.1:")
    app = App(settings)
    try:
        await app.start()
        await tls_mm.wait_for_connection("betabot")
        post = await tls_mm.post_as("alice", CHANNEL, MENTION)
        reply = await tls_mm.wait_for_reply(post, timeout=5)
    finally:
        await app.stop()
    assert (reply["root_id"], reply["channel_id"]) == (post["id"], post["channel_id"])
    assert reply["message"] == expected_text(tls_mm, MENTION)
    assert tls_mm.replies_to(post) == [reply]
    assert "GET /api/v4/users/me" in [f"{r.method} {r.path}" for r in tls_mm.requests]


async def test_app_without_the_ca_file_fails_to_log_in_before_any_request(
    tls_mm, tmp_path, monkeypatch
):
    monkeypatch.setattr(retry, "BACKOFF_BASE_S", 0.001)  # its retries, without the wait
    app = App(app_settings(tls_mm, tmp_path))  # ca_file "": the system's authorities
    try:
        with pytest.raises(StartupError) as caught:
            await app.start()
    finally:
        await app.stop()
    assert str(caught.value) == (
        f"MATTERMOST_URL : serveur injoignable à {tls_mm.url} (certificat TLS refusé ou poignée "
        "de main TLS impossible) : vérifiez l'adresse, le réseau ou le proxy (HTTPS_PROXY), et "
        "que le serveur est démarré."
    )
    assert tls_mm.requests == []  # every TLS handshake failed: no HTTP request got through


async def test_websocket_connects_with_the_ca_file_and_never_without_it(tls_mm):
    url = parse_server_url(tls_mm.url).websocket_url
    untrusting = Session(url, ca_file="")
    try:
        await untrusting.attempts.until(3)
        trusting = Session(url, ca_file=CA_FILE)  # while the other one keeps on failing
        try:
            await tls_mm.wait_for_connection("betabot")
            await asyncio.wait_for(trusting.listener.connected.wait(), 5)
        finally:
            await trusting.stop()
    finally:
        await untrusting.stop()
    assert (untrusting.gaps, untrusting.frames) == ([], [])  # never greeted, not even once
    assert (trusting.gaps, trusting.attempts.count) == (["first"], 0)
    assert [f["event"] for f in trusting.frames] == ["hello"]
    bot_id = tls_mm.user("betabot")["id"]
    closed = await tls_mm.wait_until(
        lambda: tls_mm.hub.closed or None, 5, lambda: "the trusted socket did not end"
    )
    assert closed == [(bot_id, 1000)]  # the one socket ever opened: the trusted one
    assert [(r.method, r.path) for r in tls_mm.requests] == [("GET", "/api/v4/websocket")]
