"""Mention → reply through the fake Mattermost: betabot vs a raw floor client, side by side.

Run: `python -m bench.bench_transport [--burst 500] [--rate 50] [--steady 250] [--channels 10]
[--rounds 3]`.
Everything runs in one event loop on 127.0.0.1 (fake server, bot, floor), so both clients pay
the same costs. The floor is the least a bot can do: an aiohttp websocket and one POST per
mention, answering a constant. Latency runs from the fake publishing the mention to the fake
receiving the reply's POST. Prints p50, p99, max, replies/s, lost and duplicated replies for
each round (the two clients take turns going first), then the ratios to the floor per round and
their medians: on a 2-core machine one run varies by ±10 %.
"""

import argparse
import asyncio
import contextlib
import gc
import json
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from bot.app import App
from bot.config import Settings, default_knowledge_dir, parse_server_url
from tests.fake_mattermost.seed import BOT_TOKEN, seed
from tests.fake_mattermost.server import FakeMattermost

FLOOR_TOKEN = "floor-token-0000000000000000"  # noqa: S105 - a fake token for a fake server
SETTLE_S = 0.5  # after the last reply, how long duplicates may still arrive
WAIT_S = 60.0


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


class Clock:
    """When each mention was published and when each reply POST reached the fake."""

    def __init__(self, mm: FakeMattermost) -> None:
        self.sent: dict[str, float] = {}
        self.replies: dict[str, list[float]] = defaultdict(list)
        self.waiting: set[str] = set()  # mentions of the current run not answered yet
        self.changed = asyncio.Event()
        create = mm.world.create_post

        def timed_create(
            user_id: str, channel_id: str, message: str, root_id: str = "", *a: Any
        ) -> Any:
            post = create(user_id, channel_id, message, root_id, *a)
            if root_id in self.sent:
                self.replies[root_id].append(time.perf_counter())
                self.waiting.discard(root_id)
                if not self.waiting:
                    self.changed.set()
            return post

        mm.world.create_post = timed_create  # type: ignore[method-assign]

    async def until_answered(self, ids: list[str]) -> None:
        # One wake-up when the last one is answered, not a scan of every id per reply: the
        # harness shares the loop with both clients and must not weigh on the measure.
        self.waiting = {i for i in ids if not self.replies.get(i)}
        self.changed.clear()
        if self.waiting:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), WAIT_S)
        await asyncio.sleep(SETTLE_S)

    def result(self, name: str, ids: list[str]) -> Result:
        answered = [i for i in ids if self.replies.get(i)]
        latencies = [(self.replies[i][0] - self.sent[i]) * 1000 for i in answered]
        first = min(self.sent[i] for i in ids)
        last = max((self.replies[i][0] for i in answered), default=first)
        rate = len(answered) / (last - first) if last > first else 0.0
        dup = sum(len(self.replies[i]) - 1 for i in answered)
        return Result(name, latencies, rate, len(ids) - len(answered), dup)


async def floor_client(mm: FakeMattermost, ready: asyncio.Event, stop: asyncio.Event) -> None:
    """The floor: websocket, and for each mention one POST with a constant answer."""
    me = mm.user("floorbot")["id"]
    auth = {"Authorization": f"Bearer {FLOOR_TOKEN}"}
    tasks: set[asyncio.Task[Any]] = set()
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{mm.url}/api/v4/websocket", headers=auth) as ws,
    ):

        async def reply(post: dict[str, Any]) -> None:
            body = {
                "channel_id": post["channel_id"],
                "message": "réponse",
                "root_id": post["id"],
            }
            async with session.post(f"{mm.url}/api/v4/posts", json=body, headers=auth) as r:
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


Poster = Callable[[int], Awaitable[str]]


def quiet_heap() -> None:
    """Collect, then freeze what survives: the fake keeps every post and request, and a full
    collection over that growing heap would land on whichever client runs at the time."""
    gc.collect()
    gc.freeze()


async def burst(clock: Clock, post: Poster, count: int) -> list[str]:
    quiet_heap()
    ids = [await post(i) for i in range(count)]
    await clock.until_answered(ids)
    return ids


async def steady(clock: Clock, post: Poster, count: int, rate: float) -> list[str]:
    quiet_heap()
    start = time.perf_counter()
    ids = []
    for i in range(count):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)  # pacing the load generator, not waiting for a result
        ids.append(await post(i))
    await clock.until_answered(ids)
    return ids


def poster(mm: FakeMattermost, clock: Clock, bot: str, channels: list[str]) -> Poster:
    async def post(i: int) -> str:
        created = await mm.post_as("alice", channels[i % len(channels)], f"@{bot} qui logement")
        clock.sent[created["id"]] = time.perf_counter()
        return str(created["id"])

    return post


async def main(args: argparse.Namespace) -> None:
    mm = seed(await FakeMattermost().start())
    mm.add_bot("floorbot", token=FLOOR_TOKEN)
    bot_channels = [f"bench-bot-{i}" for i in range(args.channels)]
    floor_channels = [f"bench-floor-{i}" for i in range(args.channels)]
    for name in bot_channels:
        mm.add_channel(name, members=["alice", "betabot"])
    for name in floor_channels:
        mm.add_channel(name, members=["alice", "floorbot"])
    clock = Clock(mm)
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = default_knowledge_dir()
        settings = Settings(
            server=parse_server_url(mm.url),
            mattermost_token=BOT_TOKEN,
            mattermost_team=mm.team["name"],
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
        await mm.wait_for_connection("betabot", timeout=10)
        ready, stop = asyncio.Event(), asyncio.Event()
        floor = asyncio.create_task(floor_client(mm, ready, stop))
        await asyncio.wait_for(ready.wait(), 10)
        bot_post = poster(mm, clock, "betabot", bot_channels)
        floor_post = poster(mm, clock, "floorbot", floor_channels)
        await burst(clock, bot_post, 20)  # warm-up: connections, caches
        await burst(clock, floor_post, 20)
        rows: dict[str, list[Result]] = defaultdict(list)
        for number in range(args.rounds):
            # Each round runs both clients back to back, in turns: neither always goes first.
            clients = [("floor", floor_post), ("betabot", bot_post)][:: 1 if number % 2 else -1]
            for label, run in (
                (f"burst {args.burst}", lambda p: burst(clock, p, args.burst)),
                (f"steady {args.rate:g}/s", lambda p: steady(clock, p, args.steady, args.rate)),
            ):
                for name, post in clients:
                    rows[f"{label} {name}"].append(clock.result(f"{label} {name}", await run(post)))
        stop.set()
        await floor
        await app.stop()
    await mm.close()
    report(rows, args)


def report(rows: dict[str, list[Result]], args: argparse.Namespace) -> None:
    """Every run, then per round the betabot/floor ratios, with their medians."""
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
    parser.add_argument("--burst", type=int, default=500)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--steady", type=int, default=250, help="mentions at the steady rate")
    parser.add_argument("--channels", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each client, in turns")
    asyncio.run(main(parser.parse_args()))
