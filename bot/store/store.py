"""The store's API and SQL: exactly-once claims, subscriptions, small values."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, cast

from bot.answers.directory import Handle, Source, State

Params = Mapping[str, Any]
log = logging.getLogger(__name__)

_CLAIM = """
INSERT INTO claims (key, holder, state, attempt, claimed_at, expires_at, result)
VALUES (:key, :holder, 'claimed', 1, :now, :expires, '')
ON CONFLICT (key) DO UPDATE
SET holder = excluded.holder, attempt = claims.attempt + 1,
    claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
WHERE claims.state = 'claimed' AND claims.expires_at < :now
RETURNING attempt
"""
_CONFIRM = """
INSERT INTO claims (key, holder, state, attempt, claimed_at, expires_at, result, done_at)
VALUES (:key, :holder, 'done', 1, :now, :now, :result, :now)
ON CONFLICT (key) DO UPDATE
SET holder = excluded.holder, state = 'done', result = excluded.result, done_at = excluded.done_at
WHERE claims.state = 'claimed' AND claims.holder = excluded.holder
RETURNING 1
"""
# A released claim keeps its row so that the next claim gets attempt > 1: the failed post may
# have reached the server after all, and the next holder must look for it before posting.
_RELEASE = """
UPDATE claims SET expires_at = -1.0
WHERE key = :key AND holder = :holder AND state = 'claimed'
"""
# Fencing: a holder extends its own lease only while it still runs; once expired, another
# holder may have taken the key over, and this one must not act.
_RENEW = """
UPDATE claims SET expires_at = :expires
WHERE key = :key AND holder = :holder AND state = 'claimed' AND expires_at >= :now
RETURNING 1
"""
_IS_DONE = "SELECT 1 FROM claims WHERE key = :key AND state = 'done'"
_SUBSCRIBE = """
INSERT INTO subscriptions (user_id, since) VALUES (:user_id, :now)
ON CONFLICT (user_id) DO NOTHING
RETURNING 1
"""
_UNSUBSCRIBE = "DELETE FROM subscriptions WHERE user_id = :user_id RETURNING 1"
_SUBSCRIBERS = "SELECT user_id FROM subscriptions ORDER BY since, user_id"
_GET_STATE = "SELECT value FROM state WHERE name = :name"
_SET_STATE = """
INSERT INTO state (name, value) VALUES (:name, :value)
ON CONFLICT (name) DO UPDATE SET value = excluded.value
"""
_CONTACTS = "SELECT person_id, username, user_id, source, state FROM contacts ORDER BY person_id"
_FORGET_CONTACTS = "DELETE FROM contacts WHERE checked_at < :now"
_SAVE_CONTACT = """
INSERT INTO contacts (person_id, username, user_id, source, state, checked_at)
VALUES (:person_id, :username, :user_id, :source, :state, :now)
ON CONFLICT (person_id) DO UPDATE
SET username = excluded.username, user_id = excluded.user_id, source = excluded.source,
    state = excluded.state, checked_at = excluded.checked_at
"""
_PURGE = """
DELETE FROM claims
WHERE state = 'done' AND done_at < :before AND substr(key, 1, :n) = :prefix
RETURNING 1
"""


@dataclass(frozen=True)
class Claim:
    """A won reservation of a key: act, then `confirm` or `release` it."""

    key: str
    holder: str
    attempt: int  # 1: first try; > 1: a previous holder may have acted, check before acting
    expires_s: float  # the lease ends at this Unix time


class Store(Protocol):
    """What the app needs from the database, whatever the backend."""

    # A local file (SQLite): a statement takes tens of microseconds and never waits on the
    # network, so the reply path may run it on the event loop instead of a worker thread.
    local: bool

    def claim(self, key: str, holder: str, now_s: float, lease_s: float) -> Claim | None:
        """Reserve `key`; None when done or held by a lease still running."""

    def confirm(self, key: str, holder: str, result: str = "") -> None:
        """Mark `key` done forever, with an optional result such as a post id."""

    def release(self, key: str, holder: str) -> None:
        """Give the claim up at once; the next claim gets a higher attempt number."""

    def renew(self, key: str, holder: str, now_s: float, lease_s: float) -> bool:
        """Extend a lease still running; False when it expired or another holder has it."""

    def is_done(self, key: str) -> bool:
        """Whether `key` was confirmed."""

    def subscribe(self, user_id: str, now_s: float) -> bool:
        """Subscribe a user to announcements; False when already subscribed."""

    def unsubscribe(self, user_id: str) -> bool:
        """Unsubscribe a user; False when not subscribed."""

    def subscribers(self) -> list[str]:
        """Subscribed user ids, oldest subscription first."""

    def get_state(self, name: str) -> str | None:
        """A small durable value, None when never set."""

    def set_state(self, name: str, value: str) -> None:
        """Set a small durable value."""

    def purge_done(self, before_s: float, prefix: str = "reply:") -> int:
        """Forget done keys starting with `prefix` confirmed before `before_s`; count."""

    def save_contacts(self, handles: list[Handle], now_s: float) -> None:
        """Replace the cached Mattermost accounts of the knowledge's people."""

    def contacts(self) -> list[Handle]:
        """The cached accounts, by person id; empty before the first resolution."""

    def execute(self, sql: str, params: Params) -> list[tuple[Any, ...]]:
        """Run one statement of the store's own modules (`:name` parameters); fetched rows."""

    def close(self) -> None:
        """Close the connection; the store is unusable afterwards."""


class SqlStore:
    """The store over one DB-API connection; `_run` adapts the SQL to the backend.

    Methods are synchronous and thread-safe (one connection behind a lock): async code calls
    them through `asyncio.to_thread`, or on the loop when `local` (see `store_runner`).
    """

    def __init__(
        self,
        run: Callable[[str, Params], list[tuple[Any, ...]]],
        close: Callable[[], None],
        clock: Callable[[], float],
        local: bool = False,
    ) -> None:
        """Wrap a statement runner (returns fetched rows) and a close function."""
        self._run = run
        self._close = close
        self._clock = clock
        self.local = local

    def claim(self, key: str, holder: str, now_s: float, lease_s: float) -> Claim | None:
        """Reserve `key`; None when done or held by a lease still running."""
        expires = now_s + lease_s
        params = {"key": key, "holder": holder, "now": now_s, "expires": expires}
        rows = self._run(_CLAIM, params)
        return Claim(key, holder, int(rows[0][0]), expires) if rows else None

    def confirm(self, key: str, holder: str, result: str = "") -> None:
        """Mark `key` done forever, with an optional result such as a post id."""
        params = {"key": key, "holder": holder, "result": result, "now": self._clock()}
        if not self._run(_CONFIRM, params):
            # Another holder took the key over (this one's lease had expired): both may
            # have acted.
            log.warning("store: confirm of %s by a holder that lost its claim", key)

    def release(self, key: str, holder: str) -> None:
        """Give the claim up at once; the next claim gets a higher attempt number."""
        self._run(_RELEASE, {"key": key, "holder": holder})

    def renew(self, key: str, holder: str, now_s: float, lease_s: float) -> bool:
        """Extend a lease still running; False when it expired or another holder has it."""
        params = {"key": key, "holder": holder, "now": now_s, "expires": now_s + lease_s}
        return bool(self._run(_RENEW, params))

    def is_done(self, key: str) -> bool:
        """Whether `key` was confirmed."""
        return bool(self._run(_IS_DONE, {"key": key}))

    def subscribe(self, user_id: str, now_s: float) -> bool:
        """Subscribe a user to announcements; False when already subscribed."""
        return bool(self._run(_SUBSCRIBE, {"user_id": user_id, "now": now_s}))

    def unsubscribe(self, user_id: str) -> bool:
        """Unsubscribe a user; False when not subscribed."""
        return bool(self._run(_UNSUBSCRIBE, {"user_id": user_id}))

    def subscribers(self) -> list[str]:
        """Subscribed user ids, oldest subscription first."""
        return [str(row[0]) for row in self._run(_SUBSCRIBERS, {})]

    def get_state(self, name: str) -> str | None:
        """A small durable value, None when never set."""
        rows = self._run(_GET_STATE, {"name": name})
        return str(rows[0][0]) if rows else None

    def set_state(self, name: str, value: str) -> None:
        """Set a small durable value."""
        self._run(_SET_STATE, {"name": name, "value": value})

    def purge_done(self, before_s: float, prefix: str = "reply:") -> int:
        """Forget done keys starting with `prefix` confirmed before `before_s`; count.

        Only `reply:` keys by default: announcement keys must stay forever.
        """
        params = {"before": before_s, "prefix": prefix, "n": len(prefix)}
        return len(self._run(_PURGE, params))

    def save_contacts(self, handles: list[Handle], now_s: float) -> None:
        """Replace the cached Mattermost accounts of the knowledge's people.

        Each row is upserted, then rows this save did not touch (people no longer in the
        knowledge) are dropped: two replicas saving at once never collide on a key.
        """
        for h in handles:
            row = {"person_id": h.person_id, "username": h.username, "user_id": h.user_id}
            self._run(_SAVE_CONTACT, row | {"source": h.source, "state": h.state, "now": now_s})
        self._run(_FORGET_CONTACTS, {"now": now_s})

    def contacts(self) -> list[Handle]:
        """The cached accounts, by person id; empty before the first resolution."""
        return [
            Handle(str(p), str(u), str(i), cast(Source, s), cast(State, st))
            for p, u, i, s, st in self._run(_CONTACTS, {})
        ]

    def execute(self, sql: str, params: Params) -> list[tuple[Any, ...]]:
        """Run one statement of the store's own modules (`:name` parameters); fetched rows.

        For `bot.store.questions`, whose tables live beside these: SQL that both SQLite
        and PostgreSQL accept.
        """
        return self._run(sql, params)

    def close(self) -> None:
        """Close the connection; the store is unusable afterwards."""
        self._close()
