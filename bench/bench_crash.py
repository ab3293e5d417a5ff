"""A first run killed early: `betabot run` on a new database, kill -9, restart; mentions lost?

    python bench/bench_crash.py                      # 400 mentions over 4 s, kill at 1 s
    python bench/bench_crash.py --mentions 400 --kill-at 1 --restart-after 3

Starts the fake Mattermost in this process and `python -m bot run` (this checkout) as a child
on a fresh SQLite file, posts mentions at a steady pace from the moment the bot is connected,
kills the bot with SIGKILL `--kill-at` seconds in, starts it again `--restart-after` seconds
later, and prints how many mentions were answered, lost and duplicated.
"""

import argparse
import asyncio
import contextlib
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fake_mattermost import FakeMattermost
from tests.fake_mattermost.seed import BOT_TOKEN
from tests.integration.test_run import bot_env, free_port, start_bot, stop_bot

START_TIMEOUT_S = 30.0


async def _post_steadily(mm: FakeMattermost, count: int, seconds: float) -> list[dict]:
    posted = []
    started = time.monotonic()
    for i in range(count):
        posted.append(await mm.post_as("alice", "town-square", f"@betabot qui logement #{i}"))
        await asyncio.sleep(max(0.0, started + (i + 1) * seconds / count - time.monotonic()))
    return posted


async def crash(mentions: int, spread_s: float, kill_at_s: float, restart_after_s: float) -> None:
    """Run the scenario and print its figures."""
    mm = await FakeMattermost().start()
    mm.add_bot("betabot", token=BOT_TOKEN)
    mm.add_user("alice")
    mm.add_channel("town-square", members=["betabot", "alice"])
    with tempfile.TemporaryDirectory() as folder:
        env = bot_env(mm.url, mm.team["name"], free_port(), Path(folder))
        env["BETABOT_CLAIM_LEASE_S"] = "2"  # the killed run's claims expire before the restart
        env["BETABOT_RATE_LIMIT_PER_MINUTE"] = "0"  # one asker sends everything
        proc = await start_bot(env, Path(folder))
        await mm.wait_for_connection("betabot", timeout=START_TIMEOUT_S)
        posting = asyncio.create_task(_post_steadily(mm, mentions, spread_s))
        await asyncio.sleep(kill_at_s)  # the scenario's schedule, not a wait for a result
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
        await asyncio.sleep(restart_after_s)
        proc = await start_bot(env, Path(folder))
        posted = await posting
        expected = {post["id"] for post in posted}
        with contextlib.suppress(AssertionError):  # the unanswered are counted below
            await mm.wait_until(
                lambda: True if expected <= _answered(mm) else None,
                timeout=20.0,
                failure=lambda: "",
            )
        await stop_bot(proc)
    replies = [p for p in mm.posts_by("betabot") if p["root_id"] in expected]
    answered = {p["root_id"] for p in replies}
    print(f"mentions   {mentions} over {spread_s:g} s, kill -9 at {kill_at_s:g} s, "
          f"restart {restart_after_s:g} s later")  # fmt: skip
    print(f"answered   {len(answered)}")
    print(f"lost       {len(expected - answered)}")
    print(f"duplicated {len(replies) - len(answered)}")
    await mm.close()


def _answered(mm: FakeMattermost) -> set[str]:
    return {p["root_id"] for p in mm.posts_by("betabot")}


def main() -> None:
    """Parse the arguments and run the scenario."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=400)
    parser.add_argument("--spread", type=float, default=4.0, help="seconds to post them all")
    parser.add_argument("--kill-at", type=float, default=1.0)
    parser.add_argument("--restart-after", type=float, default=3.0)
    args = parser.parse_args()
    asyncio.run(crash(args.mentions, args.spread, args.kill_at, args.restart_after))


if __name__ == "__main__":
    main()
