"""Two `betabot run` processes on one PostgreSQL against the fake Mattermost: exactly once."""

import asyncio
import contextlib
import os
import signal
import socket
import sys
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import psycopg
import pytest

from bot import __version__
from bot.service.config import default_knowledge_dir
from tests.fake_mattermost.seed import BOT_TOKEN
from tests.fake_mattermost.server import FakeMattermost

REPO = Path(__file__).resolve().parents[2]
CHANNELS = ("incubateur-animation", "town-square")
ANNOUNCE_CHANNEL = "incubateur-embauche"
LEASE_S = 2  # a SIGKILLed replica's claims free up this fast
START_TIMEOUT_S = 30.0
# free_port() reserves nothing: another process may bind the port before the replica does.
PORT_ATTEMPTS = 3

OPEN_POSTING = """\
---
title: "{title}"
roles: {roles}
open: true
date: 2026-11-01
---

{title}, au sein de l'incubateur.

<!--more-->

Détails du poste.
"""
CLOSED_POSTING = OPEN_POSTING.replace("open: true", "open: false")


@dataclass
class Replica:
    proc: asyncio.subprocess.Process
    port: int
    log: Path

    async def get(self, path: str) -> tuple[int, str, str]:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{self.port}{path}") as resp,
        ):
            return resp.status, resp.headers.get("Content-Type", ""), await resp.text()

    async def stop(self) -> int:
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.proc.wait(), timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def postes_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "postes"
    folder.mkdir()
    for slug, title, roles in [
        ("2026-11-01-developpeuse-python", "Développeuse ou développeur Python", "développement"),
        ("2026-11-02-designer", "Designer de services", "design"),
    ]:
        (folder / f"{slug}.md").write_text(OPEN_POSTING.format(title=title, roles=roles))
    (folder / "2026-10-01-coach.md").write_text(
        CLOSED_POSTING.format(title="Coach agile", roles="coaching")
    )
    return folder


@pytest.fixture
async def replicas(
    mm: FakeMattermost, postgres_db: str, postes_dir: Path, tmp_path: Path
) -> AsyncIterator[Callable[[], Awaitable[Replica]]]:
    mm.add_channel(ANNOUNCE_CHANNEL, members=["betabot", "alice"])
    started: list[Replica] = []

    async def start() -> Replica:
        home = tmp_path / f"replica{len(started)}"
        home.mkdir()
        for _ in range(PORT_ATTEMPTS):
            replica = await spawn(home, free_port())
            if await listening(replica):
                break
        started.append(replica)
        return replica

    async def spawn(home: Path, port: int) -> Replica:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(REPO),  # this checkout's code, whatever is installed
            "MATTERMOST_URL": mm.url,
            "MATTERMOST_TOKEN": BOT_TOKEN,
            "MATTERMOST_TEAM": mm.team["name"],
            "BETABOT_HTTP_HOST": "127.0.0.1",
            "BETABOT_HTTP_PORT": str(port),
            "BETABOT_DATABASE_URL": postgres_db,
            "BETABOT_KNOWLEDGE_DIR": str(default_knowledge_dir()),
            "BETABOT_POSTES_DIR": str(postes_dir),
            "BETABOT_ANNOUNCE_CHANNEL": ANNOUNCE_CHANNEL,
            "BETABOT_RATE_LIMIT_PER_MINUTE": "0",
            "BETABOT_CLAIM_LEASE_S": str(LEASE_S),
        }
        log = home / "betabot.log"
        with log.open("wb") as out:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=home, env=env, stdout=out, stderr=out
            )
        return Replica(proc, port, log)

    yield start
    for replica in started:
        if replica.proc.returncode is None:
            replica.proc.kill()
            await replica.proc.wait()


async def listening(replica: Replica) -> bool:
    """False when the replica exited because its port was taken meanwhile (retry another)."""
    async with asyncio.timeout(START_TIMEOUT_S):
        while True:
            text = replica.log.read_text(errors="replace")
            if "http: listening on" in text:
                return True
            if replica.proc.returncode is not None:
                return "address already in use" not in text
            # The log has no event to wait on: look again when the process ends or soon.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(replica.proc.wait(), 0.05)


async def wait_connected(mm: FakeMattermost, count: int, replicas: list[Replica]) -> None:
    bot_id = mm.user("betabot")["id"]

    def failure() -> str:
        logs = "\n".join(r.log.read_text(errors="replace")[-2000:] for r in replicas)
        return f"fewer than {count} betabot websockets after {START_TIMEOUT_S} s; logs:\n{logs}"

    await mm.wait_until(
        lambda: True if len(mm.hub.active(bot_id)) >= count else None, START_TIMEOUT_S, failure
    )


def replies_by_root(mm: FakeMattermost) -> Counter[str]:
    bot_id = mm.user("betabot")["id"]
    return Counter(p["root_id"] for p in mm.world.posts.values() if p["user_id"] == bot_id)


async def wait_all_replied(mm: FakeMattermost, posts: list[dict], deadline_s: float) -> None:
    ids = [p["id"] for p in posts]

    def all_replied() -> bool | None:
        replied = replies_by_root(mm)
        return True if all(replied[i] for i in ids) else None

    def failure() -> str:
        replied = replies_by_root(mm)
        return f"{sum(1 for i in ids if not replied[i])} of {len(ids)} mentions unanswered"

    await mm.wait_until(all_replied, deadline_s, failure)


async def mention(mm: FakeMattermost, n: int) -> dict:
    user = ("alice", "bob")[n % 2]
    return await mm.post_as(user, CHANNELS[n % 2], f"@betabot qui logement ({n})")


def sample(text: str, prefix: str) -> float:
    return sum(
        float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix)
    )


async def test_two_replicas_answer_500_mentions_exactly_once(
    mm: FakeMattermost, replicas: Callable[[], Awaitable[Replica]]
) -> None:
    both = [await replicas(), await replicas()]
    await wait_connected(mm, 2, both)
    for replica in both:
        status, _, body = await replica.get("/healthz")
        assert (status, body) == (
            200,
            '{"status": "ok", "websocket": true, "knowledge": true, "version": "'
            + __version__
            + '"}',
        )

    posts = [await mention(mm, n) for n in range(500)]
    await wait_all_replied(mm, posts, deadline_s=120)
    exposition = [await replica.get("/metrics") for replica in both]
    assert [await replica.stop() for replica in both] == [0, 0]

    replied = replies_by_root(mm)
    assert Counter(replied[p["id"]] for p in posts) == Counter({1: 500})
    for post in posts:
        (reply,) = mm.replies_to(post)
        assert reply["props"]["betabot_key"] == f"reply:{post['id']}"
    for status, content_type, _ in exposition:
        assert (status, content_type) == (200, "text/plain; version=0.0.4; charset=utf-8")
    delivered = sum(sample(text, "betabot_reply_latency_seconds_count") for *_, text in exposition)
    assert delivered == 500


async def test_two_replicas_announce_each_open_posting_once(
    mm: FakeMattermost, replicas: Callable[[], Awaitable[Replica]]
) -> None:
    both = [await replicas(), await replicas()]
    await wait_connected(mm, 2, both)

    def announced() -> list[str] | None:
        keys = sorted(p["props"].get("betabot_key", "") for p in mm.posts_in(ANNOUNCE_CHANNEL))
        return keys if len(keys) >= 2 else None

    keys = await mm.wait_until(announced, 30, lambda: "fewer than 2 announcements")
    assert [await replica.stop() for replica in both] == [0, 0]
    keys = sorted(p["props"].get("betabot_key", "") for p in mm.posts_in(ANNOUNCE_CHANNEL))
    assert keys == [
        "announce:2026-11-01-developpeuse-python:1",
        "announce:2026-11-02-designer:1",
    ]


def done_by_pid(url: str) -> dict[int, int]:
    """How many replies each replica process confirmed (the holder is host:pid:nonce)."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT split_part(holder, ':', 2), count(*) FROM claims"
            " WHERE state = 'done' AND key LIKE 'reply:%' GROUP BY 1"
        ).fetchall()
    return {int(pid): int(count) for pid, count in rows}


async def test_killed_replica_claims_are_taken_over_after_the_lease(
    mm: FakeMattermost, replicas: Callable[[], Awaitable[Replica]], postgres_db: str
) -> None:
    pair = [await replicas(), await replicas()]
    await wait_connected(mm, 2, pair)
    posts = [await mention(mm, n) for n in range(150)]
    await mm.wait_until(
        lambda: True if sum(replies_by_root(mm).values()) >= 40 else None,
        60,
        lambda: "fewer than 40 replies before the kill",
    )
    # Kill the replica doing the work (the first to get each event wins most claims),
    # while mentions are still queued on it.
    busiest = max(done_by_pid(postgres_db).items(), key=lambda item: item[1])[0]
    doomed, survivor = sorted(pair, key=lambda r: r.proc.pid != busiest)
    doomed.proc.send_signal(signal.SIGKILL)
    await doomed.proc.wait()
    posts += [await mention(mm, n) for n in range(150, 300)]
    await wait_all_replied(mm, posts, deadline_s=120)
    assert await survivor.stop() == 0

    replied = replies_by_root(mm)
    assert Counter(replied[p["id"]] for p in posts) == Counter({1: 300})
    served = done_by_pid(postgres_db)
    assert set(served) == {doomed.proc.pid, survivor.proc.pid}
    assert sum(served.values()) == 300
