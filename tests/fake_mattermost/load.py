"""Load generator and clock for bench/bench_transport.py: mentions out, their replies timed.

Both bench modes use it: in-process on the bench's own fake, and with `--processes` through
`POST /_fake/bench`, inside the fake's process. The clock is `time.perf_counter()` of the
process that runs the fake: a mention is timed once published, its reply when created.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .state import Json

if TYPE_CHECKING:
    from .server import FakeMattermost

SETTLE_S = 0.5  # after the last reply, how long duplicates may still arrive
WAIT_S = 60.0  # the longest a run waits for its replies

Poster = Callable[[int], Awaitable[str]]


@dataclass
class Measure:
    """One run: latency of each answered mention, replies/s, lost and duplicated replies."""

    latencies_ms: list[float]
    replies_per_s: float
    lost: int
    duplicated: int


class Clock:
    """When each mention was published and when each reply reached the fake."""

    def __init__(self, mm: FakeMattermost) -> None:
        self.sent: dict[str, float] = {}
        self.replies: dict[str, list[float]] = defaultdict(list)
        self.waiting: set[str] = set()  # mentions of the current run not answered yet
        self.changed = asyncio.Event()
        create = mm.world.create_post

        def timed_create(*args: Any, **kwargs: Any) -> Json:
            post = create(*args, **kwargs)
            root_id = post.get("root_id", "")
            if root_id in self.sent:
                self.replies[root_id].append(time.perf_counter())
                self.waiting.discard(root_id)
                if not self.waiting:
                    self.changed.set()
            return post

        mm.world.create_post = timed_create  # type: ignore[method-assign]

    async def until_answered(self, ids: list[str]) -> None:
        """Return once every mention is answered (at most WAIT_S), then SETTLE_S later."""
        # One wake-up when the last one is answered, not a scan of every id per reply: in
        # process, the harness shares the loop with the client and must not weigh on the measure.
        self.waiting = {i for i in ids if not self.replies.get(i)}
        self.changed.clear()
        if self.waiting:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), WAIT_S)
        await asyncio.sleep(SETTLE_S)

    def measure(self, ids: list[str]) -> Measure:
        """Latencies from each mention to its first reply; replies/s from first to last."""
        answered = [i for i in ids if self.replies.get(i)]
        latencies = [(self.replies[i][0] - self.sent[i]) * 1000 for i in answered]
        first = min(self.sent[i] for i in ids)
        last = max((self.replies[i][0] for i in answered), default=first)
        rate = len(answered) / (last - first) if last > first else 0.0
        dup = sum(len(self.replies[i]) - 1 for i in answered)
        return Measure(latencies, rate, len(ids) - len(answered), dup)


def quiet_heap() -> None:
    """Collect, then freeze what survives: the fake keeps every post and request, and a full
    collection over that growing heap would land on whichever client runs at the time."""
    gc.collect()
    gc.freeze()


async def burst(clock: Clock, post: Poster, count: int) -> list[str]:
    """Post `count` mentions at once, then wait for their replies."""
    quiet_heap()
    ids = [await post(i) for i in range(count)]
    await clock.until_answered(ids)
    return ids


async def steady(clock: Clock, post: Poster, count: int, rate: float) -> list[str]:
    """Post `count` mentions at `rate` per second, then wait for their replies."""
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


def poster(
    mm: FakeMattermost, clock: Clock, username: str, message: str, channels: list[str]
) -> Poster:
    """Post `message` as `username`, round-robin over `channels`, and time each post."""

    async def post(i: int) -> str:
        created = await mm.post_as(username, channels[i % len(channels)], message)
        clock.sent[created["id"]] = time.perf_counter()
        return str(created["id"])

    return post


async def run(
    mm: FakeMattermost,
    clock: Clock,
    username: str,
    message: str,
    channels: list[str],
    count: int,
    rate: float,
) -> Measure:
    """Post `count` mentions, all at once when `rate` is 0, else at `rate` per second."""
    post = poster(mm, clock, username, message, channels)
    ids = await (burst(clock, post, count) if rate <= 0 else steady(clock, post, count, rate))
    return clock.measure(ids)
