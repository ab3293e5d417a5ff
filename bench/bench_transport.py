"""Mention → reply through the fake Mattermost: betabot vs a raw floor client, side by side.

Run: `python -m bench.bench_transport [--processes] [--burst 500] [--rate 50] [--steady 250]
[--channels 10] [--rounds 5]`.
The floor is the least a bot can do: an aiohttp websocket and one POST per mention, answering a
constant. Latency runs from the fake publishing the mention to the fake creating the reply
(`tests/fake_mattermost/load.py`, the same load generator and clock in both modes). Two modes:

- default, in-process: everything runs in one event loop on 127.0.0.1 (fake server, load, bot,
  floor). Both clients pay the same costs, but the fake server's CPU counts against each client.
- `--processes`: the fake server runs in its own process (`python -m tests.fake_mattermost`), as
  a real Mattermost would, and generates the load and keeps the clock there (`POST /_fake/bench`);
  the client under test runs alone in this process, so each client is measured on its own CPU.

Prints p50, p99, max, replies/s, lost and duplicated replies for each round (the two clients take
turns going first), then the ratios to the floor per round and their medians. On a 2-core machine
a round's burst ratio varies by about ±8 points in-process and by up to ±20 with `--processes`
(a burst of 500 lasts 0.1 to 0.3 s there): take more `--rounds`, or a longer `--burst`.
"""

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import aiohttp

from bot.service.app import App
from bot.service.config import Settings, default_knowledge_dir, parse_server_url
from tests.fake_mattermost import load
from tests.fake_mattermost.seed import BOT_TOKEN, seed
from tests.fake_mattermost.server import FakeMattermost

FLOOR_TOKEN = "floor-token-0000000000000000"  # noqa: S105 - a fake token for a fake server
START_S = 10.0  # the longest the fake server or a client may take to be ready
REPO = Path(__file__).resolve().parents[1]
MODES = {
    False: "in-process (fake server, load, betabot and floor share one event loop and one CPU)",
    True: "--processes (fake server and load in their own process; each client alone in this one)",
}


@dataclass
class Result:
    name: str
    latencies_ms: list[float]
    replies_per_s: float
    lost: int
    duplicated: int

    def line(self) -> str:
        lat = sorted(self.latencies_ms) or [float("nan")]
        p50 = statistics.median(lat)
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        return (
            f"{self.name:<22} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  max {lat[-1]:7.2f} ms  "
            f"{self.replies_per_s:8.1f} replies/s  lost {self.lost}  dup {self.duplicated}"
        )


class Fake(Protocol):
    """The fake Mattermost as the bench drives it, in this process or in its own."""

    url: str
    team: str

    async def add_bot(self, username: str, token: str) -> str: ...
    async def add_channel(self, name: str, members: list[str]) -> None: ...
    async def wait_for_connection(self, username: str) -> None: ...
    async def measure(self, bot: str, channels: list[str], count: int, rate: float) -> Result: ...


def mention(bot: str) -> str:
    return f"@{bot} qui logement"


class InProcess:
    """The fake in this event loop, with the load generator and clock on it."""

    def __init__(self, mm: FakeMattermost) -> None:
        self.mm = mm
        self.url = mm.url
        self.team = str(mm.team["name"])
        self.clock = load.Clock(mm)

    async def add_bot(self, username: str, token: str) -> str:
        return str(self.mm.add_bot(username, token=token)["id"])

    async def add_channel(self, name: str, members: list[str]) -> None:
        self.mm.add_channel(name, members=members)

    async def wait_for_connection(self, username: str) -> None:
        await self.mm.wait_for_connection(username, timeout=START_S)

    async def measure(self, bot: str, channels: list[str], count: int, rate: float) -> Result:
        m = await load.run(self.mm, self.clock, "alice", mention(bot), channels, count, rate)
        return Result("", **asdict(m))


class Standalone:
    """The fake in its own process, driven through its admin routes (`/_fake/…`)."""

    def __init__(self, url: str, team: str, session: aiohttp.ClientSession) -> None:
        self.url = url
        self.team = team
        self.session = session

    async def call(self, route: str, body: dict[str, Any]) -> Any:
        async with self.session.post(f"{self.url}/_fake/{route}", json=body) as resp:
            data = await resp.json(content_type=None)
            if resp.status not in (200, 201):
                raise RuntimeError(f"/_fake/{route}: {resp.status} {data}")
            return data

    async def add_bot(self, username: str, token: str) -> str:
        return str((await self.call("add_bot", {"username": username, "token": token}))["id"])

    async def add_channel(self, name: str, members: list[str]) -> None:
        await self.call("add_channel", {"name": name, "members": members})

    async def wait_for_connection(self, username: str) -> None:
        await self.call("wait_for_connection", {"username": username, "timeout": START_S})

    async def measure(self, bot: str, channels: list[str], count: int, rate: float) -> Result:
        load.quiet_heap()  # the client's heap, here; the fake freezes its own
        body = {
            "username": "alice",
            "channels": channels,
            "message": mention(bot),
            "count": count,
            "rate": rate,
        }
        return Result("", **(await self.call("bench", body)))


@asynccontextmanager
async def in_process() -> AsyncIterator[Fake]:
    mm = seed(await FakeMattermost().start())
    try:
        yield InProcess(mm)
    finally:
        await mm.close()


@asynccontextmanager
async def standalone() -> AsyncIterator[Fake]:
    """`python -m tests.fake_mattermost` on a port of its choosing; SIGTERM at the end."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.fake_mattermost",
        "--port",
        "0",
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), START_S)).decode()
        if not line.startswith("fake Mattermost on "):
            raise RuntimeError(f"the fake server did not start: {line!r}")
        url = line.split()[-1]
        timeout = aiohttp.ClientTimeout(total=load.WAIT_S * 2)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(f"{url}/_fake/state") as resp:
                state = await resp.json(content_type=None)
            yield Standalone(url, state["team"]["name"], session)
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.communicate(), START_S)
            except TimeoutError:
                proc.kill()
                await proc.wait()


async def floor_client(url: str, me: str, ready: asyncio.Event, stop: asyncio.Event) -> None:
    """The floor: websocket, and for each mention one POST with a constant answer."""
    auth = {"Authorization": f"Bearer {FLOOR_TOKEN}"}
    tasks: set[asyncio.Task[Any]] = set()
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{url}/api/v4/websocket", headers=auth) as ws,
    ):

        async def reply(post: dict[str, Any]) -> None:
            body = {
                "channel_id": post["channel_id"],
                "message": "réponse",
                "root_id": post["id"],
            }
            async with session.post(f"{url}/api/v4/posts", json=body, headers=auth) as r:
                await r.read()

        reader = asyncio.create_task(ws.receive())
        stopper = asyncio.create_task(stop.wait())
        while True:
            done, _ = await asyncio.wait({reader, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if stopper in done:
                reader.cancel()
                break
            msg = reader.result()
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            reader = asyncio.create_task(ws.receive())
            frame = json.loads(msg.data)
            if frame.get("event") == "hello":
                ready.set()
            if frame.get("event") != "posted":
                continue
            if me not in json.loads(frame["data"].get("mentions", "[]")):
                continue
            task = asyncio.create_task(reply(json.loads(frame["data"]["post"])))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks)


async def main(args: argparse.Namespace) -> None:
    async with standalone() if args.processes else in_process() as fake:
        rows = await measure(fake, args)
    report(rows, args)


async def measure(fake: Fake, args: argparse.Namespace) -> dict[str, list[Result]]:
    """Start betabot and the floor on `fake`, warm both up, then run the rounds."""
    floor_id = await fake.add_bot("floorbot", FLOOR_TOKEN)
    bot_channels = [f"bench-bot-{i}" for i in range(args.channels)]
    floor_channels = [f"bench-floor-{i}" for i in range(args.channels)]
    for name in bot_channels:
        await fake.add_channel(name, ["alice", "betabot"])
    for name in floor_channels:
        await fake.add_channel(name, ["alice", "floorbot"])
    rows: dict[str, list[Result]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = default_knowledge_dir()
        settings = Settings(
            server=parse_server_url(fake.url),
            mattermost_token=BOT_TOKEN,
            mattermost_team=fake.team,
            slash_token="bench",  # noqa: S106 - a fake token for a fake server
            rate_limit_per_minute=0,  # one asker sends everything: flood control would refuse
            http_host="127.0.0.1",
            http_port=0,
            database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            knowledge_dir=knowledge,
            postes_dir=knowledge / "postes",
        )
        app = App(settings)
        await app.start()
        await fake.wait_for_connection("betabot")
        ready, stop = asyncio.Event(), asyncio.Event()
        floor = asyncio.create_task(floor_client(fake.url, floor_id, ready, stop))
        await asyncio.wait_for(ready.wait(), START_S)
        await fake.measure("betabot", bot_channels, 20, 0)  # warm-up: connections, caches
        await fake.measure("floorbot", floor_channels, 20, 0)
        for number in range(args.rounds):
            # Each round runs both clients back to back, in turns: neither always goes first.
            clients = [("floor", "floorbot", floor_channels), ("betabot", "betabot", bot_channels)]
            for label, count, rate in (
                (f"burst {args.burst}", args.burst, 0.0),
                (f"steady {args.rate:g}/s", args.steady, args.rate),
            ):
                for name, bot, channels in clients[:: 1 if number % 2 else -1]:
                    result = await fake.measure(bot, channels, count, rate)
                    result.name = f"{label} {name}"
                    rows[result.name].append(result)
        stop.set()
        await floor
        await app.stop()
    return rows


def report(rows: dict[str, list[Result]], args: argparse.Namespace) -> None:
    """Every run, then per round the betabot/floor ratios, with their medians."""
    print(f"mode: {MODES[args.processes]}")
    print(f"mention → reply through the fake server, {args.channels} channels per client")
    for number in range(args.rounds):
        print(f"round {number + 1}")
        for runs in rows.values():
            print("  " + runs[number].line())
    burst, steady = f"burst {args.burst}", f"steady {args.rate:g}/s"
    ratios = [
        bot.replies_per_s / floor.replies_per_s
        for bot, floor in zip(rows[f"{burst} betabot"], rows[f"{burst} floor"], strict=True)
    ]
    above = [
        statistics.median(bot.latencies_ms) - statistics.median(floor.latencies_ms)
        for bot, floor in zip(rows[f"{steady} betabot"], rows[f"{steady} floor"], strict=True)
    ]
    print(
        f"{burst}: betabot/floor throughput {' '.join(f'{r:.0%}' for r in ratios)}, "
        f"median {statistics.median(ratios):.0%} (target >= 50%)"
    )
    print(
        f"{steady}: betabot p50 above the floor's {' '.join(f'{d:+.2f}' for d in above)} ms, "
        f"median {statistics.median(above):+.2f} ms (target <= 2 ms)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--processes", action="store_true", help="the fake server in its own process"
    )
    parser.add_argument("--burst", type=int, default=500)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--steady", type=int, default=250, help="mentions at the steady rate")
    parser.add_argument("--channels", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5, help="runs of each client, in turns")
    asyncio.run(main(parser.parse_args()))
