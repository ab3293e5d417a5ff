"""Knowledge hot reload: poll the knowledge and postings folders, swap in valid edits only.

The folders are fingerprinted (SHA-256 of every visible file's path and bytes) every few
seconds; a different fingerprint triggers `loader.load_knowledge`, then the indexes of the new
knowledge are built (`bot.answers.prepare`) before it is swapped in. An invalid edit never
replaces the knowledge in use: the error is logged, counted, and posted to the admin channel
when one is configured: once per distinct error until a valid edit, and once across replicas (the
notice's key is the content's fingerprint and the error's, the same on every replica that reads
the same broken files). A notice that could not be posted is tried again, with backoff, until
it is posted or a newer edit replaces it. The same broken content is not reloaded again until
it changes.

Checks run one at a time, whoever asks (the periodic loop, `/beta admin recharger`, the start):
`KnowledgeReloader.request()` queues a check in a task of its own, and that task applies the
outcome (hands the new knowledge to `on_reload`, or logs and counts the rejection and keeps its
notice for the admin channel) before the next check begins. A caller that stops waiting (the
slash command's deadline) only stops waiting: the check goes on and its outcome is applied.
A request made while a load runs waits for it, then loads again only if the folders changed
since that load began; otherwise it answers with that load's outcome. So an older load is never
applied after a newer one, and no load is lost.
"""

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.answers.prepare import prepare
from bot.knowledge import loader
from bot.knowledge.bounds import KNOWLEDGE_FILE_MAX_BYTES
from bot.knowledge.loader import KnowledgeError
from bot.knowledge.model import Knowledge
from bot.mattermost.client import MattermostError
from bot.mattermost.retry import backoff_s
from bot.service.notices import Notify
from bot.telemetry.metrics import METRICS, Metrics

log = logging.getLogger(__name__)

RELOAD_INTERVAL_S = 3.0
ADMIN_ERROR_MAX_CHARS = 12_000  # of problems quoted in the admin channel (limit: 16,383)
NOTICE_RETRY_MAX_S = 300.0  # a notice the server refused is tried again at most this late
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".bak", ".orig")

Status = Literal["unchanged", "reloaded", "failed"]
OnReload = Callable[[Knowledge], None]


@dataclass(frozen=True)
class ReloadOutcome:
    """What one check did; `knowledge` is the knowledge in use afterwards (None: never loaded)."""

    status: Status
    knowledge: Knowledge | None
    error: str = ""  # the French `file:line : message` lines of a failed load
    notify: str = ""  # French message for the admin channel; empty when already sent
    notice_key: str = ""  # its key: the same broken files give the same key on every replica


def fingerprint(folders: tuple[Path, ...]) -> str:
    """SHA-256 over the relative path and bytes of every visible file under `folders`.

    Hidden files and editor leftovers (``~``, ``.swp``…) are ignored; a file that vanishes
    while being read simply changes the fingerprint. At most the knowledge file cap is read of
    each file (with its size), so a huge file costs no more memory than a refused one. A folder
    counts by its rank in `folders`, not its path: replicas reading the same files from
    different places agree.
    """
    digest = hashlib.sha256()
    for rank, root, path in _visible_files(folders):
        try:
            size = path.stat().st_size
            with path.open("rb") as file:  # beyond the cap a file is refused: its size will do
                content = file.read(KNOWLEDGE_FILE_MAX_BYTES + 1)
        except OSError:
            continue
        digest.update(f"{rank}\0{path.relative_to(root).as_posix()}\0{size}\0".encode())
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

    def __init__(
        self,
        knowledge_dir: Path,
        postes_dir: Path | None = None,
        on_reload: OnReload | None = None,
        metrics: Metrics = METRICS,
    ) -> None:
        """Remember the folders; nothing is read before the first check.

        `on_reload` receives each new valid Knowledge that `request()` loads (in the event
        loop, in the order loaded); `metrics` counts the rejected ones.
        """
        self.knowledge_dir = knowledge_dir
        self.postes_dir = postes_dir
        self._on_reload: OnReload = on_reload if on_reload is not None else _ignore
        self._metrics = metrics
        self._turn = asyncio.Lock()  # one check at a time, in the order requested
        self._loads = 0  # checks that loaded (reloaded or failed) and were applied
        self._last_load: ReloadOutcome | None = None
        self._checks: set[asyncio.Task[ReloadOutcome]] = set()  # requested, not finished
        self.knowledge: Knowledge | None = None
        self._digest: str | None = None
        self._notified: set[str] = set()
        self.last_error = ""  # the last rejected edit's `file:line` lines; "" once fixed
        self._untold: ReloadOutcome | None = None  # a rejection whose notice is not posted yet
        self._notice_failures = 0  # its failed attempts, for the backoff
        self._notice_after_s = 0.0  # loop time before which it is not tried again

    def check(self, force: bool = False) -> ReloadOutcome:
        """Load the folders if their content changed since the last check (blocking I/O).

        The first call, and any call with `force` (`/beta admin recharger`), always loads.
        A failed load keeps the previous knowledge. Nothing is applied here, and two calls must
        not overlap: the running bot goes through `request()`, which does both.
        """
        digest = fingerprint(watched_folders(self.knowledge_dir, self.postes_dir))
        if digest == self._digest and not force:
            return ReloadOutcome("unchanged", self.knowledge)
        self._digest = digest  # taken before loading: an edit during the load is seen next time
        try:
            knowledge = loader.load_knowledge(self.knowledge_dir, self.postes_dir)
            self._prepare(knowledge)
        except KnowledgeError as error:
            text = str(error)
            notify = "" if text in self._notified else admin_message(text)
            self._notified.add(text)
            self.last_error = text
            key = self._notice_key(digest, text)
            return ReloadOutcome("failed", self.knowledge, text, notify, key)
        self.knowledge = knowledge
        self.last_error = ""
        self._notified.clear()  # once fixed, the same mistake made again is reported again
        self._untold = None  # fixed (here or by `/beta admin recharger`): nothing left to tell
        return ReloadOutcome("reloaded", knowledge)

    @staticmethod
    def _prepare(knowledge: Knowledge) -> None:
        """Build the indexes of `knowledge` here, not at the first question; one that fails
        is logged and left to be built (and to fail) at the question that needs it."""
        try:
            prepare(knowledge)
        except Exception:
            log.exception("the indexes of the new knowledge could not be built")

    def request(self, force: bool = False) -> Awaitable[ReloadOutcome]:
        """Queue a check now; await the result for its outcome, already applied.

        `force` loads even when nothing changed (`/beta admin recharger`), unless the request
        had to wait for a load: then it loads only if the folders changed since that load
        began, and answers with that load's outcome otherwise. The check runs in a task of
        its own: cancelling the wait (a deadline) leaves it running, and its outcome applied.
        Raises what `check` raises, other than KnowledgeError (also logged here).
        """
        if self._turn.locked():
            log.info("knowledge: a check is already running, this one waits for it")
        task = asyncio.create_task(self._check_in_turn(force, self._loads), name="knowledge-check")
        self._checks.add(task)
        task.add_done_callback(self._finished)
        return asyncio.shield(task)

    async def _check_in_turn(self, force: bool, loads_before: int) -> ReloadOutcome:
        async with self._turn:
            waited_for_a_load = self._loads != loads_before
            outcome = await asyncio.to_thread(self.check, force and not waited_for_a_load)
            if outcome.status == "unchanged":
                return self._last_load if waited_for_a_load and self._last_load else outcome
            self._loads += 1
            self._last_load = outcome
            await apply_outcome(outcome, self._on_reload, self._metrics)
            if outcome.notify:  # a new error: its notice replaces one untold (same error: kept)
                self._untold, self._notice_failures, self._notice_after_s = outcome, 0, 0.0
            return outcome

    def _finished(self, task: "asyncio.Task[ReloadOutcome]") -> None:
        self._checks.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            # Said here too: the caller who asked may have stopped waiting.
            log.error("knowledge: the check failed", exc_info=error)

    async def stop(self) -> None:
        """Cancel the checks in flight (a load already in its thread ends there, unused)."""
        checks = list(self._checks)
        for task in checks:
            task.cancel()
        await asyncio.gather(*checks, return_exceptions=True)

    async def run(
        self, notify: Notify | None = None, interval_s: float = RELOAD_INTERVAL_S
    ) -> None:
        """Request a check every `interval_s` seconds until cancelled.

        `notify(key, text)` posts the French error to the admin channel, once per distinct
        error until a valid edit, whichever check found it (this loop's, an admin's, the
        start's). A notice that fails (MattermostError) is tried again at later checks, with
        backoff, until posted or replaced by a newer edit's. An invalid edit is no error here
        (reported, the previous knowledge kept); anything else raises, for the supervisor to
        log, count and restart (an untold notice stays untold).
        """
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(interval_s)
            await self.request()
            untold = self._untold
            if notify is not None and untold is not None and loop.time() >= self._notice_after_s:
                await self._tell(notify, untold, interval_s, loop.time())

    async def _tell(
        self, notify: Notify, untold: ReloadOutcome, base_s: float, now_s: float
    ) -> None:
        try:
            await notify(untold.notice_key, untold.notify)
        except MattermostError as error:
            self._notice_failures += 1
            delay_s = backoff_s(self._notice_failures, base_s, NOTICE_RETRY_MAX_S)
            self._notice_after_s = now_s + delay_s
            log.warning(
                "knowledge: the rejected reload could not be told to the admin channel (%s), "
                "retry in %.0f s",
                error,
                delay_s,
            )
            return
        self._untold = None

    def _notice_key(self, digest: str, error: str) -> str:
        """The same on every replica reading these files, wherever its folders are."""
        for rank, folder in enumerate(watched_folders(self.knowledge_dir, self.postes_dir)):
            error = error.replace(str(folder), f"<{rank}>")
        problems = hashlib.sha256(error.encode()).hexdigest()
        return f"knowledge-rejected:{digest[:16]}:{problems[:16]}"


async def apply_outcome(
    outcome: ReloadOutcome, on_reload: OnReload, metrics: Metrics = METRICS
) -> None:
    """Hand a reloaded Knowledge to the app, or log and count a failed load."""
    if outcome.status == "reloaded" and outcome.knowledge is not None:
        log.info("knowledge reloaded")
        on_reload(outcome.knowledge)
    elif outcome.status == "failed":
        log.error("knowledge reload rejected, keeping the previous version:\n%s", outcome.error)
        metrics.count_reload_error()


def _ignore(knowledge: Knowledge) -> None:
    """The `on_reload` of a reloader whose knowledge nobody uses (`betabot check`, tests)."""


def _visible_files(folders: tuple[Path, ...]) -> Iterator[tuple[int, Path, Path]]:
    for rank, root in enumerate(folders):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root).parts
            hidden = any(part.startswith(".") for part in relative)
            if hidden or path.name.endswith(_IGNORED_SUFFIXES) or not path.is_file():
                continue
            yield rank, root, path
