"""The running bot's state: the knowledge in use, and what `/healthz` and `admin statut` report.

`RunningState` is a part of `app.App` (the composition root sets the attributes declared
here): swapping in a knowledge (the reloader's `on_reload`: at start, on a hot reload, after
`admin recharger`) also hands it to the contacts and wakes the announcements when the postings
changed.
"""

import logging
from datetime import datetime

from bot.knowledge.model import JobPosting, Knowledge
from bot.knowledge.timezone import PARIS
from bot.mattermost.listener import Listener
from bot.postes.scheduler import JobScheduler
from bot.service.admin import uptime
from bot.service.contacts_keeper import ContactsKeeper

log = logging.getLogger(__name__)


class RunningState:
    """The knowledge in use, its load time, and the process facts for health and status."""

    knowledge: Knowledge | None
    contacts: ContactsKeeper | None
    _listener: Listener | None
    _jobs: JobScheduler | None
    _started_s: float
    _loaded_at: str

    def health(self) -> dict[str, bool]:
        """What `/healthz` reports: websocket connected, knowledge loaded."""
        connected = self._listener is not None and self._listener.connected.is_set()
        return {"websocket": connected, "knowledge": self.knowledge is not None}

    def _set_knowledge(self, knowledge: Knowledge) -> None:
        previous, self.knowledge = self.knowledge, knowledge
        if self.contacts is not None:
            self.contacts.set_knowledge(knowledge)
        for problem in knowledge.posting_problems:
            log.warning("posting problem: %s", problem)
        if (
            self._jobs is not None
            and previous is not None
            and previous.postings != knowledge.postings
        ):
            self._jobs.wake()  # announce a posting as soon as the answers list it
        self._loaded_at = datetime.now(PARIS).strftime("%d/%m/%Y à %H:%M:%S")

    def _postings(self) -> tuple[JobPosting, ...]:
        """The postings the answers use: the announcer's one source."""
        return self.knowledge.postings if self.knowledge is not None else ()

    def status_facts(self) -> dict[str, str]:
        """What `/beta admin statut` shows of the process, as French values."""
        connected = self._listener is not None and self._listener.connected.is_set()
        return {
            "uptime": uptime(self._started_s),
            "loaded_at": self._loaded_at or "jamais",
            "websocket": "connecté" if connected else "déconnecté",
        }
