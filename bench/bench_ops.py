"""Operations figures: idle RSS, start-up time, mention→reply latency (SQLite, 2 x PostgreSQL).

Run: `python bench/bench_ops.py [--mentions 300] [--starts 5]` from the repository root.
Everything runs on 127.0.0.1: the fake Mattermost in this process, `betabot run` as child
processes, a throwaway PostgreSQL from Debian's binaries (that part is skipped without them).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.service.config import default_knowledge_dir
from tests.fake_mattermost.seed import BOT_TOKEN, seed
from tests.fake_mattermost.server import FakeMattermost
from tests.pg_server import PostgresServer, bin_dir

CHANNEL = "incubateur-animation"
REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def prepare(home: Path) -> Path:
    """The replica's working folder with an empty postings folder (no announcements)."""
    empty_postes = home / "postes"
    empty_postes.mkdir(parents=True, exist_ok=True)
    return empty_postes


async def spawn(mm: FakeMattermost, database_url: str, home: Path) -> asyncio.subprocess.Process:
    empty_postes = prepare(home)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO),  # this checkout's code, whatever is installed
        "MATTERMOST_URL": mm.url,
        "MATTERMOST_TOKEN": BOT_TOKEN,
        "MATTERMOST_TEAM": mm.team["name"],
        "BETABOT_HTTP_HOST": "127.0.0.1",
        "BETABOT_HTTP_PORT": str(free_port()),
        "BETABOT_DATABASE_URL": database_url,
        "BETABOT_KNOWLEDGE_DIR": str(default_knowledge_dir()),
        "BETABOT_POSTES_DIR": str(empty_postes),
        "BETABOT_RATE_LIMIT_PER_MINUTE": "0",
        "BETABOT_LOG_LEVEL": "WARNING",
    }
    log = (home / "betabot.log").open("ab")
    return await asyncio.create_subprocess_exec(
        "betabot", "run", cwd=home, env=env, stdout=log, stderr=log
    )


async def connected(mm: FakeMattermost, count: int) -> None:
    bot_id = mm.user("betabot")["id"]
    await mm.wait_until(
        lambda: True if len(mm.hub.active(bot_id)) >= count else None,
        60,
        lambda: f"fewer than {count} websockets",
    )


async def stop(procs: list[asyncio.subprocess.Process]) -> None:
    for proc in procs:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        await asyncio.wait_for(proc.wait(), 30)


async def startup_and_rss(root: Path, starts: int) -> None:
    times, rss = [], []
    for n in range(starts):
        mm = seed(await FakeMattermost().start())
        try:
            began = time.perf_counter()
            proc = await spawn(mm, f"sqlite:///{root / f's{n}' / 'b.sqlite3'}", root / f"s{n}")
            await connected(mm, 1)
            times.append(time.perf_counter() - began)
            await asyncio.sleep(3)  # idle on purpose: the figure is the resting footprint
            rss.append(rss_mib(proc.pid))
            await stop([proc])
        finally:
            await mm.close()
    print(
        f"start-up to websocket authenticated: median {statistics.median(times) * 1000:.0f} ms "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, n={starts})"
    )
    print(f"idle RSS of betabot run: median {statistics.median(rss):.1f} MiB (n={starts})")


async def latency(label: str, database_urls: list[str], root: Path, mentions: int) -> None:
    mm = seed(await FakeMattermost().start())
    try:
        procs = [await spawn(mm, url, root / f"{label}{i}") for i, url in enumerate(database_urls)]
        await connected(mm, len(procs))
        samples = []
        for n in range(mentions):
            began = time.perf_counter()
            post = await mm.post_as(("alice", "bob")[n % 2], CHANNEL, f"@betabot qui logement {n}")
            await mm.wait_for_reply(post, timeout=10)
            samples.append((time.perf_counter() - began) * 1000)
        await stop(procs)
        duplicated = sum(
            len(mm.replies_to(p)) > 1 for p in mm.posts_by("alice") + mm.posts_by("bob")
        )
    finally:
        await mm.close()
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(
        f"mention→reply, {label}: p50 {statistics.median(samples):.1f} ms, p99 {p99:.1f} ms, "
        f"max {samples[-1]:.1f} ms (n={mentions}, one at a time, duplicated={duplicated})"
    )


async def main(mentions: int, starts: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="betabot-bench-"))
    await startup_and_rss(root, starts)
    await latency("1 replica, SQLite", [f"sqlite:///{root / 'lat.sqlite3'}"], root, mentions)
    binaries = bin_dir()
    if binaries is None:
        print("2 replicas, PostgreSQL: skipped (no PostgreSQL binaries)")
        return
    server = PostgresServer(binaries)
    server.start()
    try:
        url = server.new_database()
        await latency("2 replicas, PostgreSQL", [url, url], root, mentions)
    finally:
        server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentions", type=int, default=300)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.mentions, args.starts))
