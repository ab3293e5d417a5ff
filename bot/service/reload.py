"""Knowledge hot reload: poll the knowledge and postings folders, swap in valid edits only.

The folders are fingerprinted (SHA-256 of every visible file's path and bytes) every few
seconds; a different fingerprint triggers `loader.load_knowledge`. An invalid edit never
replaces the knowledge in use: the error is logged, counted, and posted once to the admin
channel when one is configured. The same broken content is not reloaded again until it changes.
"""

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.knowledge import loader
from bot.knowledge.bounds import KNOWLEDGE_FILE_MAX_BYTES
from bot.knowledge.loader import KnowledgeError
from bot.knowledge.model import Knowledge
from bot.telemetry.metrics import METRICS, Metrics

log = logging.getLogger(__name__)

RELOAD_INTERVAL_S = 3.0
ADMIN_ERROR_MAX_CHARS = 12_000  # of problems quoted in the admin channel (limit: 16,383)
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".bak", ".orig")

Status = Literal["unchanged", "reloaded", "failed"]
OnReload = Callable[[Knowledge], None]
Notify = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class ReloadOutcome:
    """What one check did; `knowledge` is the knowledge in use afterwards (None: never loaded)."""

    status: Status
    knowledge: Knowledge | None
    error: str = ""  # the French `file:line : message` lines of a failed load
    notify: str = ""  # French message for the admin channel; empty when already sent


def fingerprint(folders: tuple[Path, ...]) -> str:
    """SHA-256 over the relative path and bytes of every visible file under `folders`.

    Hidden files and editor leftovers (``~``, ``.swp``…) are ignored; a file that vanishes
    while being read simply changes the fingerprint. At most the knowledge file cap is read of
    each file (with its size), so a huge file costs no more memory than a refused one.
    """
    digest = hashlib.sha256()
    for root, path in _visible_files(folders):
        try:
            size = path.stat().st_size
            with path.open("rb") as file:  # beyond the cap a file is refused: its size will do
                content = file.read(KNOWLEDGE_FILE_MAX_BYTES + 1)
        except OSError:
            continue
        digest.update(f"{root}\0{path.relative_to(root).as_posix()}\0{size}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def watched_folders(knowledge_dir: Path, postes_dir: Path | None) -> tuple[Path, ...]:
    """The folders to fingerprint: the knowledge, and the postings unless they are inside it."""
    if postes_dir is None or postes_dir.resolve().is_relative_to(knowledge_dir.resolve()):
        return (knowledge_dir,)
    return (knowledge_dir, postes_dir)


def admin_message(error: str) -> str:
    """The French message posted to the admin channel about a rejected knowledge edit.

    The error quotes the maintainers' YAML, so it must not close its code block: fence
    characters become look-alikes and every line is indented by four spaces, which no parser
    reads as a closing fence.
    """
    if len(error) > ADMIN_ERROR_MAX_CHARS:  # a post longer than Mattermost's limit is refused
        cut = error.rfind("\n", 0, ADMIN_ERROR_MAX_CHARS)
        error = error[: cut if cut > 0 else ADMIN_ERROR_MAX_CHARS] + "\n…"
    inert = error.replace("`", "'").replace("~", "\u223c")
    inert = "\n".join(f"    {line}" for line in inert.splitlines())
    return (
        "**La base de connaissances n'a pas été rechargée** : betabot continue de répondre "
        "avec la version précédente. Corrigez le ou les problèmes suivants :\n"
        f"```\n{inert}\n```"
    )


class KnowledgeReloader:
    """Keep the last valid Knowledge of a folder (and its postings), reloading on change."""

    def __init__(self, knowledge_dir: Path, postes_dir: Path | None = None) -> None:
        """Remember the folders; nothing is read before the first `check()`."""
        self.knowledge_dir = knowledge_dir
        self.postes_dir = postes_dir
        self.knowledge: Knowledge | None = None
        self._digest: str | None = None
        self._notified: set[str] = set()
        self.last_error = ""  # the last rejected edit's `file:line` lines; "" once fixed

    def check(self, force: bool = False) -> ReloadOutcome:
        """Load the folders if their content changed since the last check (blocking I/O).

        The first call, and any call with `force` (`/beta admin recharger`), always loads.
        A failed load keeps the previous knowledge.
        """
        digest = fingerprint(watched_folders(self.knowledge_dir, self.postes_dir))
        if digest == self._digest and not force:
            return ReloadOutcome("unchanged", self.knowledge)
        self._digest = digest  # taken before loading: an edit during the load is seen next time
        try:
            knowledge = loader.load_knowledge(self.knowledge_dir, self.postes_dir)
        except KnowledgeError as error:
            text = str(error)
            notify = "" if text in self._notified else admin_message(text)
            self._notified.add(text)
            self.last_error = text
            return ReloadOutcome("failed", self.knowledge, error=text, notify=notify)
        self.knowledge = knowledge
        self.last_error = ""
        self._notified.clear()  # once fixed, the same mistake made again is reported again
        return ReloadOutcome("reloaded", knowledge)

    async def run(
        self,
        on_reload: OnReload,
        notify: Notify | None = None,
        interval_s: float = RELOAD_INTERVAL_S,
        metrics: Metrics = METRICS,
    ) -> None:
        """Check every `interval_s` seconds until cancelled.

        `on_reload` receives each new valid Knowledge (in the event loop); `notify` posts the
        French error to the admin channel, once per distinct error. An invalid edit is no
        error here (reported, the previous knowledge kept); anything else raises, for the
        supervisor to log, count and restart.
        """
        while True:
            await asyncio.sleep(interval_s)
            outcome = await asyncio.to_thread(self.check)
            await apply_outcome(outcome, on_reload, notify, metrics)


async def apply_outcome(
    outcome: ReloadOutcome, on_reload: OnReload, notify: Notify | None, metrics: Metrics = METRICS
) -> None:
    """Hand a reloaded Knowledge to the app, or log, count and report a failed load."""
    if outcome.status == "reloaded" and outcome.knowledge is not None:
        log.info("knowledge reloaded")
        on_reload(outcome.knowledge)
    elif outcome.status == "failed":
        log.error("knowledge reload rejected, keeping the previous version:\n%s", outcome.error)
        metrics.count_reload_error()
        if notify is not None and outcome.notify:
            await notify(outcome.notify)


def _visible_files(folders: tuple[Path, ...]) -> Iterator[tuple[Path, Path]]:
    for root in folders:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root).parts
            hidden = any(part.startswith(".") for part in relative)
            if hidden or path.name.endswith(_IGNORED_SUFFIXES) or not path.is_file():
                continue
            yield root, path
