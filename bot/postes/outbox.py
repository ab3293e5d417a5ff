"""Announcement posts, each exactly once: id look-ups, fenced tagged posts, crash recovery."""

# Every post goes through `deliver_once`: reserve, post (tagged with `props.betabot_key`),
# confirm; after a crash the tagged post is looked for before posting again.

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

from bot.mattermost.client import MattermostError, still_in_flight
from bot.store.delivery import Fence, Outcome, deliver_once
from bot.store.store import Store
from bot.telemetry.metrics import Metrics

log = logging.getLogger(__name__)

Clock = Callable[[], float]  # Unix time in seconds, as the current round sees it

DM_REFUSED_STATUSES = frozenset({400, 403, 404})  # this user cannot get a DM: do not retry
# Recovery lists the channel's posts changed since a post was first attempted (server
# `GET /channels/{id}/posts?since=`, at most 1000): `since=0` would give the newest 60 only.
CLOCK_SKEW_MARGIN_S = 300.0
RECOVERY_WINDOW_S = 30 * 24 * 3600.0


class Poster(Protocol):
    """The part of `bot.mattermost.client.MattermostClient` the announcements use."""

    max_call_s: float  # the longest one attempt of a call can take (lease fencing)

    async def create_post(
        self,
        channel_id: str,
        message: str,
        root_id: str = "",
        props: dict[str, Any] | None = None,
        guard: Callable[[], Awaitable[bool]] | None = None,
    ) -> dict[str, Any]:
        """Post `message`; returns the created post. `guard()` False: give up, not posted."""

    async def find_post_with_key(
        self, channel_id: str, key: str, root_id: str = "", since_ms: int = 0
    ) -> str | None:
        """Id of a post of the channel whose `props.betabot_key` is `key`, else None."""

    async def dm_channel(self, user_id: str) -> str:
        """Id of the direct channel between the bot and `user_id`."""

    async def user_id_by_username(self, name: str) -> str | None:
        """Id of the user named `name`, None when there is none."""

    async def channel_id(self, team: str, name: str) -> str:
        """Id of the channel `name` of team `team`."""


class Outbox:
    """Post keyed messages to channels and DMs exactly once, as holder `holder`."""

    def __init__(
        self,
        store: Store,
        poster: Poster,
        team: str,
        holder: str,
        lease_s: float,
        metrics: Metrics | None = None,
    ) -> None:
        """Keep the collaborators; nothing runs before a method is awaited."""
        self.store = store
        self.poster = poster
        self.team = team
        self.holder = holder
        self.lease_s = lease_s
        self.metrics = metrics
        self._channel_ids: dict[str, str] = {}
        self._user_ids: dict[str, str | None] = {}

    async def send_dm(
        self, key: str, user_id: str, text: str, clock: Clock, kind: str = "dm"
    ) -> Outcome | None:
        """One DM; None when it failed (retried next round) or was refused (final)."""
        try:
            channel = await self.poster.dm_channel(user_id)
            return await self.deliver(key, channel, text, clock, kind)
        except MattermostError as err:
            if err.status not in DM_REFUSED_STATUSES:
                log.warning("%s: direct message failed (%s), retried next round", key, err)
                return None
            # Deleted, deactivated or unreachable user: record it, or every round retries.
            log.warning("%s: direct message refused (%s), given up", key, err)
            claim = await asyncio.to_thread(
                self.store.claim, key, self.holder, clock(), self.lease_s
            )
            if claim is not None:
                await asyncio.to_thread(self.store.confirm, key, self.holder, f"error:{err.status}")
            return None

    async def user_id(self, username: str) -> str | None:
        """Id of the Mattermost user `username` (None: no such user), looked up once."""
        if username not in self._user_ids:
            self._user_ids[username] = await self.poster.user_id_by_username(username)
        return self._user_ids[username]

    async def deliver(
        self,
        key: str,
        channel_id: str,
        text: str,
        clock: Clock,
        kind: str,
        extra_props: Mapping[str, Any] | None = None,
        wait_held: bool = False,
    ) -> Outcome:
        """Post `text` tagged with `key` to `channel_id` unless `key` is done or held.

        `extra_props` go with the key in the post's props (e.g. a button's attachments).
        `wait_held`: while another holder has `key`, wait for it to confirm (skipped) or to
        fail (this holder posts), instead of skipping at once (the next round looks again).
        """

        async def post(still_mine: Fence) -> str:
            await asyncio.to_thread(self._record_attempt, key, clock())
            props = {"betabot_key": key, **(extra_props or {})}
            created = await self.poster.create_post(channel_id, text, props=props, guard=still_mine)
            return str(created.get("id", ""))

        async def find_posted() -> str | None:
            since_ms = await asyncio.to_thread(self._search_since_ms, key, clock())
            return await self.poster.find_post_with_key(channel_id, key, since_ms=since_ms)

        outcome = await deliver_once(
            self.store,
            key,
            self.holder,
            post=post,
            find_posted=find_posted,
            lease_s=self.lease_s,
            clock=clock,
            wait_held=wait_held,
            keep_claim=still_in_flight,
            max_call_s=self.poster.max_call_s,
        )
        if outcome.status == "posted":
            # The one line per scheduled action (announce, digest, remind, dm): ids only.
            log.info("%s posted: %s post=%s", kind, key, outcome.result)
            if self.metrics is not None:
                self.metrics.count_announcement(kind)
        return outcome

    def _record_attempt(self, key: str, now_s: float) -> None:
        """Remember when `key` was first about to be posted: recovery searches from there."""
        name = _attempt_name(key)
        if self.store.get_state(name) is None:
            self.store.set_state(name, str(int(now_s * 1000)))

    def _search_since_ms(self, key: str, now_s: float) -> int:
        """Where to look for a post of a crashed holder: `since` > 0 (0 is the newest page).

        From its first attempt, less a margin for clock skew; without a record (a holder
        running an older version), the last `RECOVERY_WINDOW_S`.
        """
        raw = self.store.get_state(_attempt_name(key))
        if raw is not None and raw.isdigit():
            return max(1, int(raw) - int(CLOCK_SKEW_MARGIN_S * 1000))
        return max(1, int((now_s - RECOVERY_WINDOW_S) * 1000))

    async def channel(self, name: str) -> str:
        """Id of the channel `name` of the team, looked up once."""
        if name not in self._channel_ids:
            self._channel_ids[name] = await self.poster.channel_id(self.team, name)
        return self._channel_ids[name]


def _attempt_name(key: str) -> str:
    return f"attempted-at:{key}"
