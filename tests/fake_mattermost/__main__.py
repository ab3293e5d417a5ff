"""Run the fake standalone: `python -m tests.fake_mattermost --port 8065`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from .seed import ADMIN_TOKEN, BOT_TOKEN, seed
from .server import FakeMattermost


async def _serve(host: str, port: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    mm = seed(await FakeMattermost(host=host, port=port).start())
    print(f"fake Mattermost on {mm.url}", flush=True)  # noqa: T201
    print(f"bot token: {BOT_TOKEN}  (admin token: {ADMIN_TOKEN})", flush=True)  # noqa: T201
    print(f"drive it with {mm.url}/_fake/post_as, /_fake/posts …; Ctrl-C stops", flush=True)  # noqa: T201
    await stop.wait()
    await mm.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake Mattermost server for tests and benchmarks")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8065)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.host, args.port))


if __name__ == "__main__":
    main()
