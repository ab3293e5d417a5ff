"""The one retry policy: exponential backoff with full jitter, and the REST rules on top of it.

`backoff_s()` is the delay of every loop that tries again (REST calls, websocket reconnection,
replies, backfill). `rest_retrying()` declares, with tenacity, which failed REST call is sent
again: a 429 or 5xx on an idempotent call; on a POST only a 429 (refused before any work) or a
connection never made, since a 5xx or a lost response may come after the post was created —
the caller (`deliver_once`) looks before posting again. A `Retry-After` is honoured.
"""

import logging
import random
from collections.abc import Callable

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from bot.mattermost.response import StatusError, Unanswered

log = logging.getLogger(__name__)

Jitter = Callable[[float, float], float]  # (low, high) → a delay in that range

MAX_ATTEMPTS = 6  # REST: one call is sent at most this many times
BACKOFF_BASE_S = 0.25
BACKOFF_MAX_S = 8.0
RETRY_AFTER_SPREAD = 0.25  # waiters told "Retry-After: n" come back within 1.25 n seconds
_RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
_RETRIED_POST_STATUSES = frozenset({429})
_MAX_EXPONENT = 60  # 2.0 ** 1024 overflows (hours of a server down)


def backoff_s(attempt: int, base_s: float, max_s: float, jitter: Jitter = random.uniform) -> float:
    """Delay before retry number `attempt` (1, 2, …), in seconds.

    `jitter(0, ceiling)` where the ceiling doubles from `base_s` up to `max_s` (full jitter).
    """
    ceiling = min(max_s, base_s * 2.0 ** min(max(attempt - 1, 0), _MAX_EXPONENT))
    return jitter(0, ceiling)


def retryable(err: BaseException, idempotent: bool) -> bool:
    """Whether a failed REST call may be sent again (before the attempts run out)."""
    if isinstance(err, StatusError):
        return err.status in (_RETRIED_STATUSES if idempotent else _RETRIED_POST_STATUSES)
    if isinstance(err, Unanswered):
        # A request that may have been received is not sent again blindly (POST), nor after
        # a read timeout (the server is that slow: the caller's loop decides).
        return not (err.sent and (err.timed_out or not idempotent))
    return False


def rest_wait_s(err: BaseException | None, attempt: int) -> float:
    """The delay before sending a call again: its `Retry-After` (spread), else the backoff."""
    if isinstance(err, StatusError) and err.retry_after_s is not None:
        spread = random.uniform(0, RETRY_AFTER_SPREAD * err.retry_after_s)  # noqa: S311 - jitter
        return err.retry_after_s + spread
    return backoff_s(attempt, BACKOFF_BASE_S, BACKOFF_MAX_S)


def rest_retrying(name: str, idempotent: bool, on_retry: Callable[[int], None]) -> AsyncRetrying:
    """The retry policy of one REST call named `name`; the last error is re-raised as is.

    `on_retry(status)` is called before each new attempt (0: no HTTP status, e.g. refused).
    """

    def wait(state: RetryCallState) -> float:
        return rest_wait_s(_error(state), state.attempt_number)

    def before_sleep(state: RetryCallState) -> None:
        err = _error(state)
        status = err.status if isinstance(err, StatusError) else 0
        delay = state.next_action.sleep if state.next_action else 0.0
        log.warning(
            "REST %s: status %s, retry %d in %.2f s", name, status, state.attempt_number, delay
        )
        on_retry(status)

    return AsyncRetrying(
        stop=stop_after_attempt(MAX_ATTEMPTS),
        wait=wait,
        retry=retry_if_exception(lambda err: retryable(err, idempotent)),
        before_sleep=before_sleep,
        reraise=True,
    )


def _error(state: RetryCallState) -> BaseException | None:
    return state.outcome.exception() if state.outcome is not None else None
