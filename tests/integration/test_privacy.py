"""The logs of a whole conversation hold no message text, user name or token by default."""

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.service.app import App
from bot.service.config import Settings
from bot.telemetry.logs import setup_logging
from tests.app_settings import app_settings
from tests.fake_mattermost import FakeMattermost
from tests.fake_mattermost.seed import BOT_TOKEN

SLASH_TOKEN = "slashtokenprivacy000000000"  # noqa: S105 - a test value
CHANNEL = "incubateur-animation"
ASKERS = ("zoe.martin", "jean-dupont")
MARKER = "mot-secret"  # in every question: it must never reach the logs unless opted in


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quiet = ("websockets", "mattermostdriver", "aiohttp.access")
    levels = {name: logging.getLogger(name).level for name in quiet}
    yield io.StringIO()
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)


def _settings(mm: FakeMattermost, tmp_path: Path, log_messages: bool) -> Settings:
    return app_settings(mm, tmp_path, SLASH_TOKEN, log_level="DEBUG", log_messages=log_messages)


async def _conversation(mm: FakeMattermost, settings: Settings) -> None:
    """Mention, DM, subscription, slash (right and wrong token), failures, drop, restart."""
    zoe, jean = ASKERS
    for name in ASKERS:
        mm.add_user(name)
    mm.add_channel("confidentiel", members=["betabot", zoe, jean])
    app = App(settings)
    await app.start()
    try:
        await mm.wait_for_connection("betabot")
        url = f"http://127.0.0.1:{app.port}/mattermost/slash"
        asked = [
            await mm.post_as(zoe, "confidentiel", f"@betabot qui s'occupe du logement {MARKER}-A")
        ]
        asked.append(await mm.dm_as(jean, "betabot", f"contact {MARKER}-B"))
        asked.append(await mm.dm_as(jean, "betabot", "postes abonnement"))
        for post in asked:
            await mm.wait_for_reply(post, timeout=5)
        slash = await mm.slash_as(zoe, "confidentiel", f"/beta FAST {MARKER}-C", url, SLASH_TOKEN)
        refused = await mm.slash_as(jean, "confidentiel", f"/beta {MARKER}-D", url, "mauvais")
        assert (slash.status, refused.status) == (200, 401)
        mm.fail_next("POST /api/v4/posts", status=429, retry_after=0.1)
        mm.fail_next("POST /api/v4/posts", status=503)
        await mm.drop_websockets(code=None)
        late = await mm.post_as(jean, "confidentiel", f"@betabot xyzzy {MARKER}-E")
        await mm.wait_for_reply(late, timeout=10)
        await mm.restart()
        missed = await mm.post_as(zoe, "confidentiel", f"@betabot pôle {MARKER}-F")
        await mm.wait_for_reply(missed, timeout=10)
    finally:
        await app.stop()


@pytest.mark.parametrize("fmt", ["text", "json"])
async def test_logs_of_a_conversation_hold_no_text_name_or_token(mm, tmp_path, log_stream, fmt):
    settings = _settings(mm, tmp_path, log_messages=False)
    setup_logging(
        "DEBUG", fmt, secrets=(BOT_TOKEN, SLASH_TOKEN), log_messages=False, stream=log_stream
    )
    await _conversation(mm, settings)
    output = log_stream.getvalue()
    lines = output.splitlines()
    assert sum("intent=" in line for line in lines) >= 5, output  # the logs were captured
    if fmt == "json":
        assert all("text" not in json.loads(line) for line in lines if line.startswith("{"))
    leaks = [word for word in (MARKER, *ASKERS, BOT_TOKEN, SLASH_TOKEN) if word in output]
    assert leaks == [], output


async def test_opted_in_logs_hold_message_text_but_still_no_token(mm, tmp_path, log_stream):
    settings = _settings(mm, tmp_path, log_messages=True)
    setup_logging(
        "DEBUG", "text", secrets=(BOT_TOKEN, SLASH_TOKEN), log_messages=True, stream=log_stream
    )
    await _conversation(mm, settings)
    output = log_stream.getvalue()
    shown = sorted({f"{MARKER}-{c}" for c in "ABCEF" if f"{MARKER}-{c}" in output})
    assert shown == [f"{MARKER}-{c}" for c in "ABCEF"]
    assert BOT_TOKEN not in output
    assert SLASH_TOKEN not in output
