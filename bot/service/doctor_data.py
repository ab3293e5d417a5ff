"""`betabot doctor`'s checks of what the bot reads: database, knowledge, people's accounts."""

import asyncio
import os
from pathlib import Path

from bot.knowledge import loader
from bot.knowledge.loader import KnowledgeError
from bot.service.config import mask_password
from bot.service.contacts import resolve, stale
from bot.service.doctor_check import Check, Context
from bot.store.backends import schema_version, sqlite_path


def _creatable(path: Path) -> bool:
    """Whether a file can be created at `path` (its nearest existing folder is writable)."""
    folder = path.resolve().parent
    while not folder.exists():
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK)


async def check_database(ctx: Context) -> list[Check]:
    """The database is reachable, and its schema is this version's (or will be migrated)."""
    return [await asyncio.to_thread(database_check, ctx.settings.database_url)]


def database_check(url: str) -> Check:
    """The database check, blocking (a connection, or a file read)."""
    shown = mask_password(url)
    try:
        version, latest = schema_version(url)
    except Exception as error:  # any driver error: reported, never raised
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        reason = f"{type(error).__name__}: {first}"
        return Check(False, f"BETABOT_DATABASE_URL={shown} : base injoignable ({reason}).")
    sqlite = not url.startswith(("postgresql://", "postgres://"))
    if sqlite and version == 0 and not Path(sqlite_path(url)).exists():
        ok = _creatable(Path(sqlite_path(url)))
        what = "absente, elle sera créée au démarrage" if ok else "impossible à créer à cet endroit"
        return Check(ok, f"BETABOT_DATABASE_URL={shown} : base {what}.")
    if version > latest:
        return Check(
            False,
            f"BETABOT_DATABASE_URL={shown} : schéma {version}, plus récent que celui de ce "
            f"betabot ({latest}) : installez la même version que les autres copies.",
        )
    later = (
        f", {latest - version} migration(s) appliquée(s) au démarrage" if version < latest else ""
    )
    return Check(True, f"BETABOT_DATABASE_URL={shown} : base joignable{later}.")


async def check_knowledge(ctx: Context) -> list[Check]:
    """The knowledge and the job postings load without a problem."""
    settings = ctx.settings
    report, code = await asyncio.to_thread(
        loader.check, settings.knowledge_dir, settings.postes_dir
    )
    last = report.strip().splitlines()[-1] if report.strip() else ""
    if code:
        return [Check(False, f"Connaissances ({settings.knowledge_dir}) : {last}")]
    return [Check(True, last)]


async def check_contacts(ctx: Context) -> list[Check]:
    """Every person of the knowledge has an active Mattermost account."""
    if ctx.me is None:
        return []
    try:
        knowledge = await asyncio.to_thread(
            loader.load_knowledge, ctx.settings.knowledge_dir, ctx.settings.postes_dir
        )
    except KnowledgeError:
        return []  # check_knowledge said it
    handles = await resolve(ctx.client, knowledge.people.values())
    late = len(stale(handles))
    total = len(handles)
    if late:
        return [
            Check(
                False,
                f"Contacts : {late} personne(s) sur {total} sans compte Mattermost actif "
                "(nommées sans lien) : betabot contacts pour le détail.",
            )
        ]
    return [Check(True, f"Contacts : les {total} personnes ont un compte Mattermost actif.")]
