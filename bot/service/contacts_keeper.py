"""Keeps the people's Mattermost handles fresh, in the background, for the running bot.

At start the cached handles (store) are loaded, so a restart answers with links at once; then
the handles are resolved again at once, after each knowledge reload that changes the people,
and daily. A failed resolution keeps the previous handles. The stale list (deactivated or not
found) is posted to the admin channel once per change, remembered in the store across
restarts and shared by the replicas: the change's notice key is its number and the new list's
fingerprint, both read from the store, so replicas resolving at the same time tell it once and
a list going back to an earlier state is a new change, told again.
"""

import asyncio
import contextlib
import hashlib
import logging
import time

from bot.answers.directory import ContactStyle, Directory, Handle, directory
from bot.knowledge.model import Knowledge, Person
from bot.mattermost.client import MattermostClient, MattermostError
from bot.mattermost.people import site_url
from bot.service.contacts import resolve, stale, stale_message
from bot.service.notices import Notify
from bot.store.store import Store

log = logging.getLogger(__name__)

REFRESH_INTERVAL_S = 24 * 3600.0  # accounts are deactivated rarely: daily is enough
RETRY_S = 300.0  # after a failed resolution (server down), try again this soon
_STALE_STATE = "contacts:stale"  # `<changes told>:<fingerprint>` of the stale list last told
_SITE_STATE = "contacts:site_url"


def _stale_fingerprint(handles: list[Handle]) -> str:
    rows = sorted(f"{h.person_id}:{h.state}:{h.username}" for h in stale(handles))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


class ContactsKeeper:
    """The current `Directory`, read by every reply, and the loop that refreshes it."""

    def __init__(
        self,
        store: Store,
        client: MattermostClient,
        style: ContactStyle,
        team: str,
        notify: Notify | None = None,
    ) -> None:
        """Keep the parts; nothing runs before `load_cache()` and `run()`."""
        self.directory = Directory(style=style, team=team)
        self._store = store
        self._client = client
        self._notify = notify
        self._people: tuple[Person, ...] = ()  # the people to resolve, from the knowledge
        self._resolved: tuple[Person, ...] | None = None
        self._wake = asyncio.Event()
        self.rounds = 0  # resolution attempts finished, failed ones included
        self._round_done = asyncio.Condition()

    async def load_cache(self) -> None:
        """The handles saved by the last resolution (this process or an earlier one)."""
        handles = await asyncio.to_thread(self._store.contacts)
        site = await asyncio.to_thread(self._store.get_state, _SITE_STATE) or ""
        self.directory = directory(handles, self.directory.style, site, self.directory.team)

    def set_knowledge(self, knowledge: Knowledge) -> None:
        """A knowledge was loaded: resolve again soon when its people changed."""
        self._people = tuple(knowledge.people.values())
        if self._people != self._resolved:
            self._wake.set()

    async def run(self) -> None:
        """Resolve now, then on each wake-up or daily; failures are logged and retried."""
        while True:
            delay = REFRESH_INTERVAL_S
            self._wake.clear()
            try:
                await self.refresh()
            except MattermostError as error:
                log.warning("contacts: resolution failed (%s), retry in %.0f s", error, RETRY_S)
                delay = RETRY_S
            except Exception:  # the loop boundary: keep the previous handles, try again
                log.exception("contacts: resolution failed")
                delay = RETRY_S
            finally:
                async with self._round_done:
                    self.rounds += 1
                    self._round_done.notify_all()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    async def wait_rounds(self, count: int) -> None:
        """Return once `count` resolution attempts have finished (wrap in a timeout)."""
        async with self._round_done:
            await self._round_done.wait_for(lambda: self.rounds >= count)

    async def refresh(self) -> None:
        """Resolve every person once, save, swap the directory, report a changed stale list.

        Raises:
            MattermostError: the server could not answer (the previous handles stay).
        """
        people = self._people
        if not people:
            return
        try:
            site = await site_url(self._client)
        except MattermostError as error:  # links stay relative to the server, still working
            log.warning("contacts: the server's SiteURL could not be read (%s)", error)
            site = self.directory.site_url
        handles = await resolve(self._client, people)
        await asyncio.to_thread(self._store.save_contacts, handles, time.time())
        await asyncio.to_thread(self._store.set_state, _SITE_STATE, site)
        self.directory = directory(handles, self.directory.style, site, self.directory.team)
        self._resolved = people
        late = len(stale(handles))
        log.info("contacts: %d people resolved, %d without an active account", len(handles), late)
        await self._report(people, handles)

    async def _report(self, people: tuple[Person, ...], handles: list[Handle]) -> None:
        """Post the stale list to the admin channel when it changed since the last post."""
        if self._notify is None:
            return
        fingerprint = _stale_fingerprint(handles)
        told, before = _told(await asyncio.to_thread(self._store.get_state, _STALE_STATE))
        if before == fingerprint or (before is None and not stale(handles)):
            return
        change = told + 1
        try:  # the same key on every replica that saw this change: told once
            await self._notify(
                f"contacts-stale:{change}:{fingerprint[:16]}", stale_message(people, handles)
            )
        except MattermostError as error:  # told at the next resolution instead
            log.warning("contacts: the stale list could not be posted (%s)", error)
            return
        await asyncio.to_thread(self._store.set_state, _STALE_STATE, f"{change}:{fingerprint}")


def _told(saved: str | None) -> tuple[int, str | None]:
    """(changes told so far, fingerprint of the last list told) from the saved state.

    A bare fingerprint was saved by an earlier version, before changes were numbered.
    """
    if saved is None:
        return 0, None
    number, _, fingerprint = saved.rpartition(":")
    return (int(number), fingerprint) if number.isdigit() else (0, saved)
