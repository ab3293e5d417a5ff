"""`/beta admin …` and « admin … » by DM: status, reload, report, announcement preview.

Only the usernames of BETABOT_ADMINS may run them (checked by user id, looked up on the
server: a display name or a webhook's override cannot pass for an admin). Anyone else gets a
polite refusal; the attempt is logged with the user id and the command word, never the text.

`admin recharger` asks the reloader for a forced check and waits for its outcome at most
`SLASH_RELOAD_WAIT_S` under /beta (the slash command's deadline) or `DM_RELOAD_WAIT_S` by DM;
past that it says so (`RELOAD_PENDING`): the reloader still applies the outcome when the load
ends, and `admin statut` shows it.
"""

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from bot import __version__
from bot.answers import phrases
from bot.answers.render import escape, render_posting_announcement
from bot.knowledge.loader import summary
from bot.knowledge.model import Knowledge
from bot.knowledge.postings import parse_posting
from bot.knowledge.text import fold
from bot.knowledge.timezone import PARIS
from bot.service.contacts import stale
from bot.service.reload import KnowledgeReloader, ReloadOutcome
from bot.service.report import build_report, render_report
from bot.service.web import SLASH_DEADLINE_S
from bot.store.questions import QuestionLog
from bot.store.store import Store

log = logging.getLogger(__name__)

COMMANDS = ("statut", "recharger", "rapport", "annonce")
_POSTING_NAME = re.compile(r"[\w.-]+")  # a file name in the postings folder, never a path
_LAST_ANNOUNCEMENT = """
SELECT key, done_at FROM claims WHERE state = 'done' AND substr(key, 1, 9) = 'announce:'
ORDER BY done_at DESC LIMIT 1
"""

REFUSED = (
    "Désolé, les commandes d'administration de betabot sont réservées à ses administrateurs "
    "(BETABOT_ADMINS). Tapez **aide** pour voir ce que je sais faire."
)
ADMIN_ELSEWHERE = (
    "Les commandes d'administration se tapent en message direct à betabot ou avec "
    "`/beta admin …` : leur réponse n'est pas pour tout le canal."
)
RELOAD_PENDING = (
    "**Rechargement en cours** : la nouvelle version sera appliquée dès qu'elle sera prête ; "
    "d'ici là, betabot répond avec la version précédente. `admin statut` dira quand elle l'a "
    "été, ou pourquoi elle a été refusée."
)
# The slash answer must leave before its deadline, with time for the admin check and the reply.
SLASH_RELOAD_WAIT_S = SLASH_DEADLINE_S - 0.5
DM_RELOAD_WAIT_S = 60.0  # a DM's reply can wait for a slow load, not for a stuck one
USAGE = (
    "Commandes d'administration : `admin statut`, `admin recharger`, `admin rapport`, "
    "`admin annonce FICHE` (en message direct à betabot ou avec /beta)."
)


@dataclass(frozen=True)
class AdminCommand:
    """A parsed admin command: its word and its argument (empty when none)."""

    name: str  # one of COMMANDS, or "" for an unknown word (the usage is shown)
    argument: str = ""


def parse_admin(text: str) -> AdminCommand | None:
    """`admin statut`, `Admin annonce 2026-01-05-dev.md`… → AdminCommand; None if not admin."""
    words = text.split()
    if not words or fold(words[0]) != "admin":
        return None
    name = fold(words[1]) if len(words) > 1 else ""
    return AdminCommand(name if name in COMMANDS else "", " ".join(words[2:]))


class Running(Protocol):
    """What the admin commands read of the running bot (`bot.service.app.App`)."""

    @property
    def knowledge(self) -> Knowledge | None:
        """The knowledge in use."""

    @property
    def store(self) -> Store:
        """The open store."""

    def status_facts(self) -> dict[str, str]:
        """Uptime, knowledge loaded at, websocket state… as French values."""


class Admin:
    """Runs admin commands for the usernames in `admins`."""

    def __init__(
        self,
        admins: frozenset[str],
        user_id_of: "UserLookup",
        running: Running,
        reloader: KnowledgeReloader,
        postes_dir: Path,
    ) -> None:
        """`user_id_of(username)` asks the server for a user's id (None: no such user)."""
        self._admins = admins
        self._user_id_of = user_id_of
        self._ids: dict[str, str] = {}
        self._running = running
        self._reloader = reloader
        self._postes_dir = postes_dir

    async def is_admin(self, user_id: str) -> bool:
        """Whether `user_id` belongs to a username of BETABOT_ADMINS (ids looked up once)."""
        for name in self._admins:
            if name not in self._ids:
                found = await self._user_id_of(name)
                if found is None:
                    continue
                self._ids[name] = found
            if self._ids[name] == user_id:
                return True
        return False

    async def answer(
        self, user_id: str, command: AdminCommand, reload_wait_s: float = DM_RELOAD_WAIT_S
    ) -> str:
        """The French answer to `command` run by `user_id`: the result, or a refusal.

        `reload_wait_s`: how long `recharger` waits for the load before saying it goes on.
        """
        if not await self.is_admin(user_id):
            log.warning("admin: %s refused for user_id=%s", command.name or "-", user_id)
            return REFUSED
        log.info("admin: %s by user_id=%s", command.name or "-", user_id)
        if command.name == "statut":
            return await self.status()
        if command.name == "recharger":
            return await self.reload(reload_wait_s)
        if command.name == "rapport":
            log_ = QuestionLog(self._running.store)
            report = await asyncio.to_thread(build_report, log_, datetime.now(PARIS).date(), 7)
            return render_report(report)
        if command.name == "annonce":
            return await asyncio.to_thread(self.preview, command.argument)
        return USAGE

    async def status(self) -> str:
        """Version, uptime, knowledge, last reload error, websocket, announcements."""
        facts = self._running.status_facts()
        store = self._running.store
        subscribers = len(await asyncio.to_thread(store.subscribers))
        last = await asyncio.to_thread(store.execute, _LAST_ANNOUNCEMENT, {})
        announced = "aucune"
        if last:
            when = datetime.fromtimestamp(float(last[0][1]), PARIS).strftime("%d/%m/%Y %H:%M")
            announced = f"{escape(str(last[0][0]).split(':')[1])}, le {when}"
        knowledge = self._running.knowledge
        lines = [
            f"**betabot {__version__}** — en marche depuis {facts['uptime']}",
            f"- Connaissances chargées le {facts['loaded_at']} : "
            + (escape(summary(knowledge, self._reloader.knowledge_dir)) if knowledge else "aucune"),
            "- Dernière erreur de rechargement : "
            + (_block(self._reloader.last_error) if self._reloader.last_error else "aucune"),
            f"- Websocket : {facts['websocket']}",
            f"- Dernière annonce de poste : {announced}",
            f"- Abonnés aux postes : {subscribers}",
            "- Contacts introuvables ou désactivés : " + await self._stale(knowledge),
        ]
        return "\n".join(lines)

    async def _stale(self, knowledge: Knowledge | None) -> str:
        """The people of the last contacts resolution without a usable account, by name."""
        handles = await asyncio.to_thread(self._running.store.contacts)
        if not handles:
            return "pas encore vérifiés"
        late = stale(handles)
        people = knowledge.people if knowledge is not None else {}
        names = [people[h.person_id].name if h.person_id in people else h.person_id for h in late]
        return f"{len(late)} ({', '.join(escape(n) for n in names)})" if late else "aucun"

    async def reload(self, wait_s: float = DM_RELOAD_WAIT_S) -> str:
        """Reload the knowledge and postings now; the check's result, in French.

        The reloader applies the outcome whether or not it comes within `wait_s` seconds;
        past them the answer says that the new version comes when ready (`RELOAD_PENDING`).
        """
        try:
            outcome: ReloadOutcome = await asyncio.wait_for(
                self._reloader.request(force=True), wait_s
            )
        except TimeoutError:
            log.info("admin: reload still running after %.1f s, applied when done", wait_s)
            return RELOAD_PENDING
        if outcome.status == "failed":
            return (
                "**Rechargement refusé** : betabot garde la version précédente. "
                f"Problèmes trouvés :\n{_block(outcome.error)}"
            )
        knowledge = outcome.knowledge
        if knowledge is None:  # never loaded and not failed: cannot happen, said anyway
            return "**Rechargement impossible** : aucune connaissance chargée."
        return f"**Rechargé.** {escape(summary(knowledge, self._reloader.knowledge_dir))}"

    def preview(self, name: str) -> str:
        """A posting's announcement exactly as it would be posted (blocking file read)."""
        name = name.strip()
        if not _POSTING_NAME.fullmatch(name):
            return "Donnez le nom d'une fiche du dossier des postes : `admin annonce FICHE`."
        path = self._postes_dir / (name if name.endswith(".md") else f"{name}.md")
        if not path.is_file():
            return f"Aucune fiche `{name}` dans le dossier des postes."
        posting, problems = parse_posting(path)
        if posting is None:
            return f"Fiche illisible :\n{_block(chr(10).join(str(p) for p in problems))}"
        closed = (
            ""
            if posting.is_open(datetime.now(PARIS).date())
            else "\n\n" + phrases.POSTING_PREVIEW_CLOSED
        )
        return render_posting_announcement(posting) + closed


class UserLookup(Protocol):
    """`client.user_id_by_username`."""

    async def __call__(self, name: str) -> str | None:
        """The user's id, None when there is no such user."""


def _block(text: str) -> str:
    """`text` as an inert code block (its backquotes cannot close it)."""
    return "```\n" + text.replace("`", "'") + "\n```"


def uptime(started_s: float, now_s: float | None = None) -> str:
    """`3 j 4 h 12 min` since `started_s` (monotonic seconds)."""
    total = int((time.monotonic() if now_s is None else now_s) - started_s)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    return (
        (f"{days} j " if days else "") + (f"{hours} h " if days or hours else "") + f"{minutes} min"
    )
