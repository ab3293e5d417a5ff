"""Background loops that never die silently: each failure is logged, counted, and restarted.

Every long-running loop of the bot (websocket, watermark saving, knowledge reload, purge) runs
under `supervise()`; scheduled jobs and the reply worker report their failures with `report()`.
"""

import asyncio
import contextlib
import logging
import time
import traceback
from collections.abc import Awaitable, Callable

from bot.mattermost.retry import backoff_s
from bot.telemetry.logs import MESSAGE_TEXT
from bot.telemetry.metrics import METRICS

log = logging.getLogger(__name__)

RESTART_BASE_S = 1.0  # a failed loop restarts after this, doubling on each failure in a row
RESTART_MAX_S = 60.0
HEALTHY_AFTER_S = 60.0  # a loop that ran this long before failing starts over from the base


def report(where: str, err: BaseException) -> None:
    """Log an exception caught at a loop boundary and count it in `betabot_failures`.

    Its type and frames only: its message may quote a user's text, and is printed only with
    BETABOT_LOG_MESSAGES=1.
    """
    frames = "".join(traceback.format_tb(err.__traceback__))
    name = type(err).__name__
    log.error("%s failed: %s\n%s", where, name, frames, extra={MESSAGE_TEXT: str(err)})
    METRICS.count_failure(where)


async def supervise(
    name: str,
    loop: Callable[[], Awaitable[None]],
    stopping: asyncio.Event,
    base_s: float = RESTART_BASE_S,
    max_s: float = RESTART_MAX_S,
) -> None:
    """Run `loop()` until `stopping` is set; when it raises or returns, report and restart it.

    The delay before a restart doubles from `base_s` up to `max_s` while the loop keeps
    failing, and starts over once it ran `HEALTHY_AFTER_S` seconds. Cancelling ends it.
    """
    failures = 0
    while not stopping.is_set():
        started_s = time.monotonic()
        try:
            await loop()
        except Exception as err:  # the loop boundary: reported, then restarted
            report(name, err)
        else:
            if stopping.is_set():
                return
            log.error("%s: loop ended on its own, restarting", name)
            METRICS.count_failure(name)
        if time.monotonic() - started_s >= HEALTHY_AFTER_S:
            failures = 0
        failures += 1
        delay_s = backoff_s(failures, base_s, max_s, jitter=_ceiling)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), delay_s)


def _ceiling(low: float, high: float) -> float:
    """No jitter: one bot restarting its own loop has no crowd to spread."""
    return high
