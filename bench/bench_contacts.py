"""Figures for the contacts resolution: the knowledge's people against the fake Mattermost.

Run: python3 bench/bench_contacts.py [--runs 5]
Prints the time and the REST calls of one resolution when everyone follows the naming
convention (one batched lookup) and when nobody is found (a lookup, then searches).
"""

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.mattermost.client import MattermostClient  # noqa: E402
from bot.service.config import default_knowledge_dir, parse_server_url  # noqa: E402
from bot.service.contacts import resolve, usernames_for  # noqa: E402
from tests.fake_mattermost import FakeMattermost, seed  # noqa: E402
from tests.fake_mattermost.seed import BOT_TOKEN  # noqa: E402


async def one_case(found: bool, runs: int) -> tuple[list[float], int, int]:
    people = list(load_knowledge(default_knowledge_dir()).people.values())
    mm = seed(await FakeMattermost().start())
    if found:
        for person in people:
            first, last = person.name.split(maxsplit=1)
            mm.add_user(usernames_for(person.name)[0], first_name=first, last_name=last)
    client = MattermostClient(parse_server_url(mm.url), BOT_TOKEN)
    timings = []
    try:
        for _ in range(runs):
            mm.requests.clear()
            start = time.perf_counter()
            await resolve(client, people)
            timings.append(time.perf_counter() - start)
    finally:
        await client.aclose()
        await mm.close()
    return timings, len(mm.requests), len(people)


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for found, label in ((True, "everyone by convention"), (False, "nobody found")):
        timings, calls, people = await one_case(found, args.runs)
        median_ms = statistics.median(timings) * 1000
        print(f"{label}: {people} people, {calls} REST calls, median {median_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
