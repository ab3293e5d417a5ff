"""Exactly-once posting: reserve in the store, post, confirm; recover after a crash."""

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from bot.store.store import Claim, Store

log = logging.getLogger(__name__)

DEFAULT_LEASE_S = 60.0
# A replica waiting on a key the other holds also holds its channel's next claims, so this first
# pause adds to their latency: the other replica confirms within milliseconds.
HELD_POLL_MIN_S = 0.005  # first look at a key another holder is working on
HELD_POLL_MAX_S = 1.0  # then back off to this, until it is done or its lease expires

Status = Literal["posted", "found", "skipped"]
Runner = Callable[..., Awaitable[Any]]  # runs one store call: on the loop, or in a thread
Fence = Callable[[], Awaitable[bool]]  # "is the claim still mine?", asked before each attempt


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
    post: Callable[[Fence], Awaitable[str]],
    find_posted: Callable[[], Awaitable[str | None]],
    lease_s: float = DEFAULT_LEASE_S,
    clock: Callable[[], float] = time.time,
    wait_held: bool = True,
    keep_claim: Callable[[BaseException], bool] = lambda err: False,
    max_call_s: float = math.inf,
) -> Outcome:
    """Post under `key` at most once across restarts and replicas.

    `post(still_mine)` makes the post (tagged `props.betabot_key = key`) and returns its id;
    it awaits `still_mine()` right before each attempt it sends and gives up when it says
    False (see `Lease.still_mine`: the one fencing rule of replies and announcements).
    `find_posted()` returns the id of an existing post tagged with `key`, or None; it is
    called only when a previous holder claimed the key and never confirmed it.
    Skipped: the key is done (by anyone). While another holder's lease runs, waits for it
    to confirm (skipped) or to die (its lease expires: this holder takes over), unless
    `wait_held` is False (then skipped at once). When `post()` or `find_posted()` raises,
    the claim is released and the exception propagates; unless `keep_claim(exception)` says
    the post may still be on its way (a timeout: the server may create it later), then the
    claim is left to expire, so that no one looks for it (and posts again) before then.
    `max_call_s`: the longest one attempt of `post` can take (infinite: renew every time).
    """
    run = store_runner(store)
    claim = await _claim(store, key, holder, lease_s, clock, wait_held, run)
    if claim is None:
        return Outcome("skipped")
    lease = Lease(store, claim, lease_s, max_call_s, clock, run)
    try:
        if claim.attempt > 1:
            found = await find_posted()
            if found is not None:
                await run(store.confirm, key, holder, found)
                log.info("delivery recovered key=%s attempt=%d", key, claim.attempt)
                return Outcome("found", claim.attempt, found)
        result = await post(lease.still_mine)
    except BaseException as err:
        if not keep_claim(err):
            await asyncio.shield(run(store.release, key, holder))
        raise
    await run(store.confirm, key, holder, result)
    return Outcome("posted", claim.attempt, result)


class Lease:
    """A won claim, and the one rule that says whether its holder may still post.

    Fencing: an attempt may be sent only while no other holder can have taken the key over.
    While the lease outlasts the longest attempt (`max_call_s`), that is certain without
    asking the store (the common case: one reply, a few milliseconds after its claim).
    Later (rate limited, retried), the lease is renewed in the store first, which fails once
    it has expired; then the holder must not act.
    """

    def __init__(
        self,
        store: Store,
        claim: Claim,
        lease_s: float,
        max_call_s: float,
        clock: Callable[[], float],
        run: Runner,
    ) -> None:
        """A claim just won at `claim.expires_s - lease_s`."""
        self._store = store
        self._claim = claim
        self._lease_s = lease_s
        self._max_call_s = max_call_s
        self._clock = clock
        self._run = run
        self._expires_s = claim.expires_s

    async def still_mine(self) -> bool:
        """Whether an attempt sent now ends before anyone else may take the key."""
        now_s = self._clock()
        if now_s + self._max_call_s < self._expires_s:
            return True
        claim = self._claim
        renewed: bool = await self._run(
            self._store.renew, claim.key, claim.holder, now_s, self._lease_s
        )
        if renewed:
            self._expires_s = now_s + self._lease_s
        return renewed


def store_runner(store: Store) -> Runner:
    """How to run a store call from the loop: inline for a local SQLite file, else a thread.

    Inline because a SQLite statement takes tens of microseconds, less than a thread hop (a
    claim and a confirm per reply): measured with bench/bench_transport.py, steady 50/s, the
    reply's p50 above the floor's is +1.1 ms with every statement in a thread, +0.7 ms inline.
    """
    return _inline if store.local else asyncio.to_thread


async def _inline(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


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
