"""Job announcements: what to post and when (new postings, DMs, digest, reminders)."""

# `Announcer` holds the work, each step taking `now` (timezone-aware, Europe/Paris) so that tests
# call it directly; `bot.postes.scheduler` runs it on a schedule.
# `bot.postes.outbox` posts each message once.

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.answers import render
from bot.knowledge.model import JobPosting
from bot.knowledge.posting_rules import (
    Announcement,
    Track,
    announcement_key,
    generation_state_name,
    new_postings,
    open_postings,
    reminder_due,
)
from bot.knowledge.text import fold
from bot.knowledge.timezone import PARIS
from bot.mattermost.client import MattermostError
from bot.postes.cron import DEFAULT_DIGEST_CRON, digest_trigger, last_fire_time
from bot.postes.outbox import Clock, Outbox, Poster
from bot.store.delivery import DEFAULT_LEASE_S, Outcome
from bot.store.store import Store
from bot.telemetry.metrics import Metrics

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 600.0
DIGEST_GRACE_S = 24 * 3600.0  # a digest missed while down is sent at start-up within this delay
_FANNED_OUT = "done"
_STARTED = "announcements:first-start"  # set once: later starts may catch up a missed digest

# The postings in use: the app hands the current Knowledge's, so answers and announcements
# always see the same postings (loaded once, by the knowledge reload).
PostingsSource = Callable[[], Sequence[JobPosting]]


@dataclass(frozen=True)
class AnnounceConfig:
    """Where postings are announced, and how often."""

    team: str
    channel: str  # channel name for announcements and the digest; empty: announce nothing
    domain_channels: Mapping[str, str] = field(default_factory=dict)  # folded domain → name
    interval_s: float = DEFAULT_INTERVAL_S
    digest_cron: str = DEFAULT_DIGEST_CRON
    digest_grace_s: float = DIGEST_GRACE_S
    lease_s: float = DEFAULT_LEASE_S
    # Props added to each channel announcement: the « Recevoir les prochains postes » button.
    announce_props: Mapping[str, Any] = field(default_factory=dict)


class Announcer:
    """Announce postings exactly once, send the digest and the reminders."""

    def __init__(
        self,
        store: Store,
        poster: Poster,
        config: AnnounceConfig,
        holder: str,
        postings: PostingsSource,
        metrics: Metrics | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Keep the collaborators; nothing runs before a method is awaited.

        `clock` measures the time elapsed within a round (seconds): a claim made late in a
        long round gets its lease from then, not from the round's `now`.
        """
        self.store = store
        self.poster = poster
        self.config = config
        self.holder = holder
        self._postings = postings
        self.metrics = metrics
        self._elapsed = clock
        self._outbox = Outbox(store, poster, config.team, holder, config.lease_s, metrics)

    def postings(self) -> list[JobPosting]:
        """The postings in use (the source's, read once per step)."""
        return list(self._postings())

    async def announce_new_jobs(self, now: datetime) -> list[Outcome]:
        """Announce every open posting not yet announced; DM subscribers; bump closed ones."""
        if not self.config.channel:
            return []
        postings = self.postings()
        tracks = {p.slug: await asyncio.to_thread(self._track, p.slug) for p in postings}
        to_announce, bumps = new_postings(postings, now.date(), tracks)
        for slug, generation in bumps.items():
            await asyncio.to_thread(
                self.store.set_state, generation_state_name(slug), str(generation)
            )
        clock = self._round_clock(now)
        outcomes: list[Outcome] = []
        for announcement in to_announce:
            # One posting that fails (e.g. routed to a missing channel) must not starve the rest.
            try:
                outcomes.append(await self._announce(announcement, clock))
            except MattermostError as err:  # expected (channel gone, refused): no traceback
                log.warning("posting %s: announcement failed: %s", announcement.posting.slug, err)
            except Exception:
                log.exception("posting %s: announcement failed", announcement.posting.slug)
        for posting in open_postings(postings, now.date()):
            generation = tracks[posting.slug].generation
            try:
                if await asyncio.to_thread(self._needs_fan_out, posting.slug, generation):
                    await self._fan_out(Announcement(posting, generation), clock)
            except MattermostError as err:
                log.warning("posting %s: direct messages failed: %s", posting.slug, err)
            except Exception:
                log.exception("posting %s: direct messages failed", posting.slug)
        return outcomes

    async def send_digest(self, scheduled: datetime, now: datetime | None = None) -> Outcome | None:
        """Post the digest of open postings for the run scheduled at `scheduled`; None if none."""
        now = now or scheduled
        if not self.config.channel:
            return None
        open_now = open_postings(self.postings(), now.date())
        if not open_now:
            return None
        key = _digest_key(scheduled)
        # Due from now on: if this attempt fails, the next rounds retry it (`retry_digest`).
        await asyncio.to_thread(self.store.set_state, _due_name(key), "1")
        channel = await self._outbox.channel(self.config.channel)
        text = render.render_postings_digest(open_now)
        return await self._outbox.deliver(key, channel, text, self._round_clock(now), "digest")

    async def catch_up_digest(self, now: datetime) -> Outcome | None:
        """At start-up: send the last scheduled digest if it is within the grace period.

        Only when the bot (any replica) first started before that digest was due: a bot
        installed after it has missed nothing.
        """
        first = await asyncio.to_thread(self.store.get_state, _STARTED)
        if first is None:
            await asyncio.to_thread(self.store.set_state, _STARTED, now.isoformat())
            return None
        trigger = digest_trigger(self.config.digest_cron)
        scheduled = last_fire_time(trigger, now, self.config.digest_grace_s)
        if scheduled is None or scheduled <= datetime.fromisoformat(first):
            return None
        return await self.send_digest(scheduled, now)

    async def retry_digest(self, now: datetime) -> Outcome | None:
        """Send the last scheduled digest again if it was due but is not done (within grace).

        The cron fires once: when its post fails, or the replica holding it dies, this is
        what still sends that week's digest.
        """
        trigger = digest_trigger(self.config.digest_cron)
        scheduled = last_fire_time(trigger, now, self.config.digest_grace_s)
        if scheduled is None:
            return None
        key = _digest_key(scheduled)
        if await asyncio.to_thread(self.store.get_state, _due_name(key)) is None:
            return None
        if await asyncio.to_thread(self.store.is_done, key):
            return None
        return await self.send_digest(scheduled, now)

    async def remind_stale(self, now: datetime) -> list[Outcome]:
        """DM each contact of a posting open for 45 days or more, once per contact.

        Contacts are Mattermost usernames (`@` and an e-mail domain are dropped); a contact
        who is not a Mattermost user is skipped.
        """
        clock = self._round_clock(now)
        outcomes: list[Outcome] = []
        for posting in self.postings():
            if not reminder_due(posting, now.date()):
                continue
            for contact in posting.contacts:
                try:  # one contact (e.g. a failed user look-up) must not block the others
                    outcome = await self._remind(posting, contact, now, clock)
                except MattermostError as err:
                    log.warning("posting %s: reminder failed: %s", posting.slug, err)
                    continue
                except Exception:
                    log.exception("posting %s: reminder failed", posting.slug)
                    continue
                if outcome is not None:
                    outcomes.append(outcome)
        return outcomes

    async def tick(self, now: datetime) -> None:
        """One scheduled round: announcements, reminders, a failed digest; failures are logged."""
        for step in (self.announce_new_jobs, self.remind_stale, self.retry_digest):
            try:
                await step(now)
            except Exception:
                log.exception("job announcements: %s failed", step.__name__)

    def _track(self, slug: str) -> Track:
        raw = self.store.get_state(generation_state_name(slug))
        generation = int(raw) if raw and raw.isdigit() else 1
        return Track(generation, self.store.is_done(announcement_key(slug, generation)))

    def _needs_fan_out(self, slug: str, generation: int) -> bool:
        key = announcement_key(slug, generation)
        done = self.store.get_state(_fan_out_name(key)) == _FANNED_OUT
        return self.store.is_done(key) and not done

    async def _announce(self, announcement: Announcement, clock: Clock) -> Outcome:
        posting = announcement.posting
        channel = await self._outbox.channel(self._channel_name(posting))
        text = render.render_posting_announcement(posting, reopened=announcement.reopened)
        outcome = await self._outbox.deliver(
            announcement.key, channel, text, clock, "announce", self.config.announce_props
        )
        return outcome

    async def _fan_out(self, announcement: Announcement, clock: Clock) -> None:
        """DM the announcement to every subscriber, once each; remember it when all are done.

        A DM skipped because another replica holds it is not done yet: that replica may fail
        or crash, so the next round looks again until every subscriber's key is done.
        """
        posting = announcement.posting
        text = render.render_posting_announcement(
            posting, reopened=announcement.reopened, to_subscriber=True
        )
        base = f"dm:{posting.slug}:{announcement.generation}"
        keys = []
        for user_id in await asyncio.to_thread(self.store.subscribers):
            key = f"{base}:{user_id}"
            keys.append(key)
            if not await asyncio.to_thread(self.store.is_done, key):
                await self._outbox.send_dm(key, user_id, text, clock)
        if await asyncio.to_thread(self._all_done, keys):
            name = _fan_out_name(announcement.key)
            await asyncio.to_thread(self.store.set_state, name, _FANNED_OUT)

    def _all_done(self, keys: list[str]) -> bool:
        return all(self.store.is_done(key) for key in keys)

    async def _remind(
        self, posting: JobPosting, contact: str, now: datetime, clock: Clock
    ) -> Outcome | None:
        """One reminder DM to one contact; keyed by user id, so no name is stored."""
        user_id = await self._outbox.user_id(_username(contact))
        if user_id is None:
            log.debug("posting %s: a contact is not a Mattermost user", posting.slug)
            return None
        key = f"remind:{posting.slug}:{user_id}"
        if await asyncio.to_thread(self.store.is_done, key):
            return None
        text = render.render_posting_reminder(posting, now.date())
        return await self._outbox.send_dm(key, user_id, text, clock, "remind")

    def _round_clock(self, now: datetime) -> Clock:
        """Unix time as a round started at `now` sees it: `now` plus the time elapsed since."""
        started = self._elapsed()
        return lambda: now.timestamp() + (self._elapsed() - started)

    def _channel_name(self, posting: JobPosting) -> str:
        for domain in posting.domains:
            chosen = self.config.domain_channels.get(fold(domain))
            if chosen:
                return chosen
        return self.config.channel


def _digest_key(scheduled: datetime) -> str:
    return f"digest:{scheduled.astimezone(PARIS).date().isoformat()}"


def _due_name(key: str) -> str:
    return f"due:{key}"


def _fan_out_name(key: str) -> str:
    return f"fanned-out:{key}"


def _username(contact: str) -> str:
    """A contact as written (`@jean.dupont`, `jean.dupont@beta.gouv.fr`) → `jean.dupont`."""
    return contact.lstrip("@").split("@", 1)[0]
