"""The one retry policy: backoff delays, which REST failures are sent again, Retry-After."""

import pytest

from bot.mattermost.response import StatusError, Unanswered
from bot.mattermost.retry import (
    BACKOFF_BASE_S,
    MAX_ATTEMPTS,
    backoff_s,
    rest_retrying,
    rest_wait_s,
    retryable,
)


def ceiling(low: float, high: float) -> float:
    return high


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [(1, 0.5), (2, 1.0), (3, 2.0), (6, 16.0), (7, 30.0), (10_000, 30.0)],
)
def test_backoff_doubles_from_its_base_up_to_its_cap(attempt: int, expected: float) -> None:
    assert backoff_s(attempt, 0.5, 30.0, ceiling) == expected


def test_backoff_is_full_jitter_from_zero() -> None:
    seen: list[tuple[float, float]] = []
    backoff_s(3, 0.25, 8.0, lambda low, high: seen.append((low, high)) or 0.0)
    assert seen == [(0, 1.0)]


@pytest.mark.parametrize(
    ("err", "idempotent", "expected"),
    [
        (StatusError(429, "slow down", None), True, True),
        (StatusError(503, "unavailable", None), True, True),
        (StatusError(404, "not found", None), True, False),
        (StatusError(429, "slow down", 1.0), False, True),  # refused before any work
        (StatusError(503, "unavailable", None), False, False),  # a POST may have been created
        (StatusError(500, "error", None), False, False),
        (Unanswered("refused", sent=False), False, True),  # never reached the server
        (Unanswered("reset", sent=True), True, True),
        (Unanswered("reset", sent=True), False, False),  # no blind re-send of a POST
        (Unanswered("read timeout", sent=True, timed_out=True), True, False),
        (ValueError("bug"), True, False),
    ],
)
def test_which_failures_are_sent_again(err: Exception, idempotent: bool, expected: bool) -> None:
    assert retryable(err, idempotent) is expected


def test_retry_after_is_honoured_and_spread_by_a_quarter_at_most() -> None:
    delays = [rest_wait_s(StatusError(429, "slow down", 2.0), 1) for _ in range(200)]
    assert all(2.0 <= d <= 2.5 for d in delays)


def test_without_retry_after_the_backoff_applies() -> None:
    delays = [rest_wait_s(StatusError(503, "unavailable", None), 1) for _ in range(200)]
    assert all(0 <= d <= BACKOFF_BASE_S for d in delays)


async def test_a_post_refused_with_503_is_sent_once_and_the_error_kept() -> None:
    calls: list[int] = []
    retried: list[int] = []

    async def post() -> str:
        calls.append(1)
        raise StatusError(503, "unavailable", None)

    with pytest.raises(StatusError) as caught:
        await rest_retrying("create_post", False, retried.append)(post)
    assert (len(calls), retried, caught.value.status) == (1, [], 503)


async def test_a_get_is_sent_max_attempts_times_then_the_last_error_is_raised() -> None:
    calls: list[int] = []
    retried: list[int] = []

    async def get() -> str:
        calls.append(1)
        raise StatusError(429, "slow down", 0.0)

    with pytest.raises(StatusError):
        await rest_retrying("get_user", True, retried.append)(get)
    assert (len(calls), retried) == (MAX_ATTEMPTS, [429] * (MAX_ATTEMPTS - 1))


async def test_a_call_that_succeeds_after_a_429_returns_its_value() -> None:
    answers = iter([StatusError(429, "slow down", 0.0), None])

    async def get() -> str:
        failure = next(answers)
        if failure is not None:
            raise failure
        return "ok"

    assert await rest_retrying("get_user", True, lambda status: None)(get) == "ok"
