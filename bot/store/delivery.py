"""Exactly-once posting: reserve in the store, post, confirm; recover after a crash."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from bot.store.store import Claim, Store

log = logging.getLogger(__name__)

DEFAULT_LEASE_S = 60.0
# A replica waiting on a key the other holds also holds its channel's next claims, so this first
# pause adds to their latency: the other replica confirms within milliseconds.
HELD_POLL_MIN_S = 0.005  # first look at a key another holder is working on
HELD_POLL_MAX_S = 1.0  # then back off to this, until it is done or its lease expires

Status = Literal["posted", "found", "skipped"]
T = TypeVar("T")
Runner = Callable[..., Awaitable[Any]]  # runs a blocking store call off the loop: to_thread


class StoreBatcher:
    """Runs blocking store calls off the loop, all those queued meanwhile in one thread hop.

    Under a burst, hundreds of claims and confirms would each wait for a thread and for the
    store's lock; here they queue on the loop and one worker thread runs them back to back.
    Each call keeps its own statement and its own result or exception.
    """

    def __init__(self, inline: bool = False) -> None:
        """Nothing runs before the first call. `inline`: run each call at once, on the loop
        (a local SQLite store: tens of microseconds, less than a thread hop costs)."""
        self._inline = inline
        self._queue: list[tuple[Callable[..., Any], tuple[Any, ...], asyncio.Future[Any]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in the worker thread (or inline); its result, or its exception."""
        if self._inline:
            return fn(*args)
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((fn, args, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            outcomes = await asyncio.shield(asyncio.to_thread(_run_all, batch))
            for (_, _, future), (ok, value) in zip(batch, outcomes, strict=True):
                if future.done():
                    continue  # its caller was cancelled; the call ran anyway, as to_thread's
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)


def _run_all(
    batch: list[tuple[Callable[..., Any], tuple[Any, ...], asyncio.Future[Any]]],
) -> list[tuple[bool, Any]]:
    outcomes: list[tuple[bool, Any]] = []
    for fn, args, _ in batch:
        try:
            outcomes.append((True, fn(*args)))
        except Exception as err:  # handed to its own caller
            outcomes.append((False, err))
    return outcomes


@dataclass(frozen=True)
class Outcome:
    """What `deliver_once` did with a key."""

    status: Status  # posted now | found already posted by a crashed holder | skipped
    attempt: int = 0  # the claim's attempt number, 0 when skipped
    result: str = ""  # the post id when posted or found


async def deliver_once(
    store: Store,
    key: str,
    holder: str,
    post: Callable[[], Awaitable[str]],
    find_posted: Callable[[], Awaitable[str | None]],
    lease_s: float = DEFAULT_LEASE_S,
    clock: Callable[[], float] = time.time,
    wait_held: bool = True,
    run: Runner = asyncio.to_thread,
    keep_claim: Callable[[BaseException], bool] = lambda err: False,
) -> Outcome:
    """Post under `key` at most once across restarts and replicas.

    `post()` makes the post (tagged `props.betabot_key = key`) and returns its id.
    `find_posted()` returns the id of an existing post tagged with `key`, or None; it is
    called only when a previous holder claimed the key and never confirmed it.
    Skipped: the key is done (by anyone). While another holder's lease runs, waits for it
    to confirm (skipped) or to die (its lease expires: this holder takes over), unless
    `wait_held` is False (then skipped at once). When `post()` or `find_posted()` raises,
    the claim is released and the exception propagates; unless `keep_claim(exception)` says
    the post may still be on its way (a timeout: the server may create it later), then the
    claim is left to expire, so that no one looks for it (and posts again) before then.
    `run(fn, *args)` runs each blocking store call (default `asyncio.to_thread`;
    `StoreBatcher.run` under load).
    """
    claim = await _claim(store, key, holder, lease_s, clock, wait_held, run)
    if claim is None:
        return Outcome("skipped")
    try:
        if claim.attempt > 1:
            found = await find_posted()
            if found is not None:
                await run(store.confirm, key, holder, found)
                log.info("delivery recovered key=%s attempt=%d", key, claim.attempt)
                return Outcome("found", claim.attempt, found)
        result = await post()
    except BaseException as err:
        if not keep_claim(err):
            await asyncio.shield(run(store.release, key, holder))
        raise
    await run(store.confirm, key, holder, result)
    return Outcome("posted", claim.attempt, result)


async def _claim(
    store: Store,
    key: str,
    holder: str,
    lease_s: float,
    clock: Callable[[], float],
    wait_held: bool,
    run: Runner,
) -> Claim | None:
    pause_s = HELD_POLL_MIN_S
    while True:
        claim: Claim | None = await run(store.claim, key, holder, clock(), lease_s)
        if claim is not None or not wait_held:
            return claim
        if await run(store.is_done, key):
            return None
        # Another replica holds it: it confirms within milliseconds, or it crashed and its
        # lease runs out; either way this loop ends.
        await asyncio.sleep(pause_s)
        pause_s = min(pause_s * 2, HELD_POLL_MAX_S)
