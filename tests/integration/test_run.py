"""`betabot run` as a real subprocess: answers, and stops cleanly on SIGTERM."""

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.answers import phrases
from tests.fake_mattermost.seed import BOT_TOKEN

SLASH_TOKEN = "slashtoken000000000000000b"  # noqa: S105 - a test value
REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_env(url: str, team: str, http_port: int, tmp_path: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return {
        **keep,
        "PYTHONPATH": str(REPO),  # this checkout's code, whatever is installed
        "MATTERMOST_URL": url,
        "MATTERMOST_TOKEN": BOT_TOKEN,
        "MATTERMOST_TEAM": team,
        "BETABOT_SLASH_TOKEN": SLASH_TOKEN,
        "BETABOT_HTTP_HOST": "127.0.0.1",
        "BETABOT_HTTP_PORT": str(http_port),
        "BETABOT_DATABASE_URL": f"sqlite:///{tmp_path / 'betabot.sqlite3'}",
        "BETABOT_KNOWLEDGE_DIR": str(REPO / "knowledge"),
    }


async def start_bot(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def stop_bot(proc: asyncio.subprocess.Process) -> tuple[int, str]:
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    out, _ = await asyncio.wait_for(proc.communicate(), 15)
    return proc.returncode if proc.returncode is not None else -1, out.decode()


async def test_sigterm_closes_the_websocket_with_a_close_frame_and_exits_0(mm, tmp_path):
    close_codes: list[int | None] = []
    serve = mm.hub.handle

    async def recording(request):
        sock = await serve(request)
        close_codes.append(sock.close_code)
        return sock

    mm.hub.handle = recording
    await mm.restart()  # the routes now go through `recording`
    env = bot_env(mm.url, mm.team["name"], free_port(), tmp_path)
    proc = await start_bot(env, tmp_path)
    try:
        await mm.wait_for_connection("betabot", timeout=START_TIMEOUT_S)
    except AssertionError:
        code, out = await stop_bot(proc)
        pytest.fail(f"the bot never connected (exit {code}):\n{out}")
    code, out = await stop_bot(proc)
    assert code == 0, out
    await mm.wait_until(lambda: close_codes or None, 5, lambda: "no websocket closed")
    assert close_codes == [1000]
    assert BOT_TOKEN not in out
    assert SLASH_TOKEN not in out


@pytest.fixture
async def standalone(tmp_path: Path) -> AsyncIterator[str]:
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.fake_mattermost",
        "--port",
        str(port),
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), START_TIMEOUT_S)
    assert line.decode().startswith("fake Mattermost on "), line
    yield f"http://127.0.0.1:{port}"
    proc.send_signal(signal.SIGTERM)
    await asyncio.wait_for(proc.communicate(), 10)


async def _admin(session: aiohttp.ClientSession, url: str, path: str, body: dict) -> dict:
    async with session.post(f"{url}/_fake/{path}", json=body) as resp:
        data = await resp.json(content_type=None)
        assert resp.status in (200, 201), data
        return data


async def test_run_against_the_standalone_fake_answers_mention_dm_and_slash(standalone, tmp_path):
    http_port = free_port()
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{standalone}/_fake/state") as resp:
            state = await resp.json(content_type=None)
        proc = await start_bot(
            bot_env(standalone, state["team"]["name"], http_port, tmp_path), tmp_path
        )
        try:
            slash_url = f"http://127.0.0.1:{http_port}/mattermost/slash"
            await _wait_connected(proc)
            mention = await _admin(
                session,
                standalone,
                "post_as",
                {
                    "username": "alice",
                    "channel": "incubateur-animation",
                    "message": "@betabot qui logement",
                },
            )
            reply = await _admin(
                session, standalone, "wait_for_reply", {"post_id": mention["id"], "timeout": 10}
            )
            assert reply["root_id"] == mention["id"]
            assert reply["message"]
            dm = await _admin(
                session,
                standalone,
                "dm_as",
                {"username": "alice", "recipient": "betabot", "message": "qui logement"},
            )
            dm_reply = await _admin(
                session, standalone, "wait_for_reply", {"post_id": dm["id"], "timeout": 10}
            )
            assert dm_reply["channel_id"] == dm["channel_id"]
            # Only the first answer of a channel thread asks for a reaction.
            assert reply["message"] == dm_reply["message"] + "\n" + phrases.FEEDBACK_HINT
            form = {
                "token": SLASH_TOKEN,
                "team_id": state["team"]["id"],
                "channel_id": state["channels"]["incubateur-animation"],
                "channel_name": "incubateur-animation",
                "user_id": state["users"]["alice"],
                "user_name": "alice",
                "command": "/beta",
                "text": "qui logement",
            }
            async with session.post(
                slash_url, data=form, headers={"Authorization": f"Token {SLASH_TOKEN}"}
            ) as resp:
                assert resp.status == 200
                body = json.loads(await resp.text())
            assert body == {"response_type": "ephemeral", "text": dm_reply["message"]}
        finally:
            code, out = await stop_bot(proc)
    assert code == 0, out


async def _wait_connected(proc: asyncio.subprocess.Process) -> None:
    """Read the bot's log until its websocket got `hello`: the signal a subprocess gives."""
    assert proc.stdout is not None
    seen: list[str] = []
    try:
        async with asyncio.timeout(START_TIMEOUT_S):
            while line := (await proc.stdout.readline()).decode():
                seen.append(line)
                if "websocket: hello" in line:
                    return
    except TimeoutError:
        pass
    code, out = await stop_bot(proc)
    pytest.fail(f"betabot run never connected (exit {code}):\n{''.join(seen)}{out}")
