"""Soak under faults: the real App against the fake Mattermost server, everything going wrong.

Mentions are posted in several channels while the websocket is dropped about every
`drop_every_events` events (clean 1000/1001 closes and TCP aborts in turn), a share of
`POST /api/v4/posts` is answered 429 or 503, and the server restarts once. Every mention must
be answered exactly once, in order within its channel.

    python bench/bench_soak.py                 # 2,000 mentions
    python bench/bench_soak.py --mentions 500 --rate 300

Prints answered, lost, duplicated, out of order, reconnects, REST retries and latencies.
`tests/integration/test_soak.py` runs `soak()` with a shorter workload.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.service.app import App
from bot.service.config import Settings, default_knowledge_dir, parse_server_url
from bot.telemetry.metrics import METRICS
from tests.fake_mattermost import FakeMattermost

BOT_TOKEN = "soakbottoken00000000000000"  # noqa: S105 - a fake token for a fake server
USERS = ("alice", "bob", "carol", "dave", "erin")
QUESTIONS = ("qui logement", "qui est le CTO", "contact", "c'est quoi le FAST", "engagements")
CLOSE_CODES: tuple[int | None, ...] = (1000, None, 1001)


@dataclass
class SoakReport:
    """What a soak run measured."""

    mentions: int
    answered: int = 0
    lost: int = 0
    duplicated: int = 0
    out_of_order: int = 0  # channels whose replies do not follow the questions' order
    drops: int = 0
    reconnects: int = 0
    restarts: int = 0
    failures_injected: int = 0
    rest_retries: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    elapsed_s: float = 0.0

    def percentile(self, q: float) -> float:
        """The q-th percentile (0 to 100) of mention→reply latency, in milliseconds."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]

    def lines(self) -> list[str]:
        """The figures, one per line."""
        return [
            f"mentions        {self.mentions}",
            f"answered        {self.answered}",
            f"lost            {self.lost}",
            f"duplicated      {self.duplicated}",
            f"out of order    {self.out_of_order} channel(s)",
            f"ws drops        {self.drops}",
            f"reconnects      {self.reconnects}",
            f"server restarts {self.restarts}",
            f"faults injected {self.failures_injected} (429/503 on POST /api/v4/posts)",
            f"REST retries    {self.rest_retries}",
            f"latency p50     {self.percentile(50):.1f} ms",
            f"latency p99     {self.percentile(99):.1f} ms",
            f"latency max     {max(self.latencies_ms, default=float('nan')):.1f} ms",
            f"elapsed         {self.elapsed_s:.1f} s",
        ]


def _settings(mm: FakeMattermost, folder: Path) -> Settings:
    knowledge = default_knowledge_dir()
    return Settings(
        server=parse_server_url(mm.url),
        mattermost_token=BOT_TOKEN,
        mattermost_team=mm.team["name"],
        slash_token="",
        http_host="127.0.0.1",
        http_port=0,
        database_url=f"sqlite:///{folder / 'soak.sqlite3'}",
        knowledge_dir=knowledge,
        postes_dir=knowledge / "postes",
        rate_limit_per_minute=0,  # the soak is about faults, not about flood control
        reload_interval_s=3600.0,
    )


async def _fake(channels: int) -> FakeMattermost:
    mm = await FakeMattermost().start()
    mm.add_bot("betabot", token=BOT_TOKEN)
    for user in USERS:
        mm.add_user(user)
    for i in range(channels):
        mm.add_channel(f"soak-{i}", members=["betabot", *USERS])
    return mm


def _counter_total(name: str) -> float:
    total = 0.0
    for metric in METRICS.registry.collect():
        for sample in metric.samples:
            if sample.name == name:
                total += sample.value
    return total


async def soak(
    mentions: int = 2000,
    channels: int = 8,
    rate_per_s: float = 200.0,
    drop_every_events: int = 200,
    fail_ratio: float = 0.05,
    restart: bool = True,
    seed: int = 7,
    timeout_s: float = 120.0,
) -> SoakReport:
    """Run the soak and return what it measured; AssertionError if it does not finish in time."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible workload, not a secret
    report = SoakReport(mentions=mentions)
    retries_before = _counter_total("betabot_rest_retries_total")
    mm = await _fake(channels)
    with tempfile.TemporaryDirectory() as folder:
        app = App(_settings(mm, Path(folder)))
        try:
            await app.start()
            await mm.wait_for_connection("betabot")
            started = time.monotonic()
            injector = _FailureInjector(mm, rng, fail_ratio, report)
            injecting = asyncio.create_task(injector.run())
            posted = await _post_under_faults(
                mm, report, rng, channels, rate_per_s, drop_every_events, restart
            )
            try:
                await _wait_for_answers(mm, posted, timeout_s)
            finally:
                injecting.cancel()
                await asyncio.gather(injecting, return_exceptions=True)
            report.elapsed_s = time.monotonic() - started
        finally:
            await app.stop()
            await mm.close()
    _tally(mm, posted, report)
    upgrades = [r for r in mm.requests if r.path.rstrip("/").endswith("/websocket")]
    report.reconnects = len(upgrades) - 1
    report.rest_retries = round(_counter_total("betabot_rest_retries_total") - retries_before)
    return report


async def _post_under_faults(
    mm: FakeMattermost,
    report: SoakReport,
    rng: random.Random,
    channels: int,
    rate_per_s: float,
    drop_every_events: int,
    restart: bool,
) -> list[dict[str, Any]]:
    posted: list[dict[str, Any]] = []
    bot_id = mm.user("betabot")["id"]
    # Each mention makes about two events for the bot (the question, its own reply echoed).
    next_drop = _jittered(rng, drop_every_events / 2)
    restart_at = report.mentions // 2 if restart else -1
    for i in range(report.mentions):
        if i == restart_at:
            await mm.restart()
            report.restarts += 1
        elif i >= next_drop and mm.hub.active(bot_id):  # drops only count on a live socket
            await mm.drop_websockets(code=CLOSE_CODES[report.drops % len(CLOSE_CODES)])
            report.drops += 1
            next_drop = i + _jittered(rng, drop_every_events / 2)
        user = rng.choice(USERS)
        question = f"@betabot {rng.choice(QUESTIONS)} (#{i})"
        posted.append(await mm.post_as(user, f"soak-{i % channels}", question))
        await asyncio.sleep(1 / rate_per_s)  # the workload's pace, not a wait for a result
    return posted


class _FailureInjector:
    """Make about `ratio` of the bot's `POST /api/v4/posts` fail with 429 or 503.

    Decides once per POST the fake receives, and arms at most one failure at a time, so
    failures hit the bot's requests at that ratio instead of piling up while it is offline.
    Runs until cancelled.
    """

    def __init__(
        self, mm: FakeMattermost, rng: random.Random, ratio: float, report: SoakReport
    ) -> None:
        self._mm, self._rng, self._ratio, self._report = mm, rng, ratio, report
        self._scanned = 0
        self._armed = False

    async def run(self) -> None:
        await self._mm.wait_until(self._step, 1e9, lambda: "unreachable")

    def _step(self) -> None:
        requests = self._mm.requests
        for request in requests[self._scanned :]:
            if (request.method, request.path) != ("POST", "/api/v4/posts"):
                continue
            if self._armed:
                self._armed = False  # this request was served the armed failure
                self._report.failures_injected += 1
            elif self._rng.random() < self._ratio:
                status = self._rng.choice((429, 503))
                retry_after = 0.2 if status == 429 else None
                self._mm.fail_next("POST /api/v4/posts", status=status, retry_after=retry_after)
                self._armed = True
        self._scanned = len(requests)


def _jittered(rng: random.Random, mean: float) -> int:
    return max(1, round(rng.uniform(0.7 * mean, 1.3 * mean)))


async def _wait_for_answers(
    mm: FakeMattermost, posted: list[dict[str, Any]], timeout_s: float
) -> None:
    expected = len(posted) * 2  # every question and its one reply (channels hold nothing else)
    await mm.wait_until(
        lambda: True if len(mm.world.posts) >= expected else None,
        timeout_s,
        lambda: (
            f"only {len(mm.world.posts) - len(posted)} replies to {len(posted)} mentions "
            f"after {timeout_s} s"
        ),
    )


def _tally(mm: FakeMattermost, posted: list[dict[str, Any]], report: SoakReport) -> None:
    bot_id = mm.user("betabot")["id"]
    asked = {post["id"]: post for post in posted}
    replies: dict[str, list[dict[str, Any]]] = defaultdict(list)
    order: dict[str, list[str]] = defaultdict(list)  # channel -> answered post ids, reply order
    for post in sorted(mm.world.posts.values(), key=lambda p: p["create_at"]):
        if post["user_id"] == bot_id and post["root_id"] in asked:
            replies[post["root_id"]].append(post)
            order[post["channel_id"]].append(post["root_id"])
    for post_id, question in asked.items():
        got = replies.get(post_id, [])
        if not got:
            report.lost += 1
            continue
        report.answered += 1
        report.duplicated += len(got) - 1
        report.latencies_ms.append(float(got[0]["create_at"] - question["create_at"]))
    for channel_id, answered in order.items():
        questions = [p["id"] for p in posted if p["channel_id"] == channel_id]
        first_answers = list(dict.fromkeys(answered))
        if first_answers != [q for q in questions if q in replies]:
            report.out_of_order += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=2000)
    parser.add_argument("--channels", type=int, default=8)
    parser.add_argument("--rate", type=float, default=200.0, help="mentions per second")
    parser.add_argument("--drop-every", type=int, default=200, help="events between drops")
    parser.add_argument("--fail-ratio", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    report = asyncio.run(
        soak(
            args.mentions,
            args.channels,
            args.rate,
            args.drop_every,
            args.fail_ratio,
            True,
            args.seed,
            args.timeout,
        )
    )
    print("\n".join(report.lines()))
    ok = report.answered == report.mentions and not report.duplicated and not report.out_of_order
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
