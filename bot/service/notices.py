"""Notices to the maintainers' channel (BETABOT_ADMIN_CHANNEL), each exactly once across replicas.

Each notice has a key naming what it tells (`contacts-stale:…`, `knowledge-rejected:…`,
`config:…`, chosen by its caller: see docs/CONTRACTS.md). It goes through the `Outbox` under
`notice:<key>`, like an announcement: claimed in the store, posted tagged with
`props.betabot_key`, confirmed. A replica telling what another is telling waits for it to
confirm, then skips; after a crash, the tagged post is looked for before posting again. A failed
post raises: the caller tries again later, with the same key.
"""

import logging
import time
from collections.abc import Awaitable, Callable

from bot.postes.outbox import Clock, Outbox
from bot.store.delivery import Outcome

log = logging.getLogger(__name__)

# (key, French text) → posted once under `notice:<key>`; raises MattermostError when not posted.
Notify = Callable[[str, str], Awaitable[object]]


class AdminNotices:
    """Tell the admin channel `channel` (empty: tell nothing) each keyed notice once."""

    def __init__(self, outbox: Outbox, channel: str, clock: Clock = time.time) -> None:
        """Keep the collaborators; nothing is posted before `tell()`."""
        self.outbox = outbox
        self.channel = channel
        self.clock = clock

    async def tell(self, key: str, text: str) -> Outcome | None:
        """Post `text` under `notice:<key>` unless told already, by any replica.

        None without an admin channel. While another replica holds the key, waits for it to
        confirm (skipped) or to fail or die (its lease runs out: this one posts).

        Raises:
            MattermostError: not posted (channel look-up or post failed): call again later.
        """
        if not self.channel:
            return None
        key = f"notice:{key}"
        channel_id = await self.outbox.channel(self.channel)
        outcome = await self.outbox.deliver(
            key, channel_id, text, self.clock, "notice", wait_held=True
        )
        if outcome.status != "posted":  # the Outbox logs the posted ones
            log.info("notice %s already told (%s)", key, outcome.status)
        return outcome
