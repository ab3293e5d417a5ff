"""`betabot run`'s lifetime: start the app, wait for SIGTERM or SIGINT, stop it gracefully."""

import asyncio
import logging
import signal

from bot.service.app import App

log = logging.getLogger(__name__)


async def run_until_signal(app: App) -> None:
    """Start the app, wait for SIGTERM or SIGINT, then stop it gracefully."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await app.start()
        log.info("running; SIGTERM or SIGINT to stop")
        await stop.wait()
        log.info("signal received, stopping")
    finally:
        try:
            await app.stop()
        except Exception:
            log.exception("shutdown failed")
