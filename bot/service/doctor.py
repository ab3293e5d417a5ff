"""`betabot doctor`: check a configuration end to end, one French line ✓ or ✗ per item.

`CHECKS` is a plain list of async functions, each taking the shared `Context` and returning
its `Check` lines; add one to check one more thing. Nothing printed carries a secret: every
line goes through `redact`.
"""

import asyncio
import os
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge import loader
from bot.knowledge.loader import KnowledgeError
from bot.mattermost.client import MattermostClient, MattermostError
from bot.mattermost.install import TRIGGER
from bot.mattermost.people import User, to_user
from bot.service.channels import channel_problem, configured_channels, problem_fr
from bot.service.config import Settings, mask_password
from bot.service.contacts import resolve, stale
from bot.store.backends import schema_version, sqlite_path

SLASH_PATH = "/mattermost/slash"


@dataclass(frozen=True)
class Check:
    """One checked item: passed or not, and the French line that says it (and what to do)."""

    ok: bool
    line: str

    def __str__(self) -> str:
        """The line as printed: ✓ or ✗, then the sentence."""
        return f"{'✓' if self.ok else '✗'} {self.line}"


@dataclass
class Context:
    """What the checks share: the settings, the clients, and what earlier checks found."""

    settings: Settings
    client: MattermostClient
    admin: MattermostClient | None = None  # MATTERMOST_ADMIN_TOKEN's client, reads /beta's URL
    me: User | None = None  # the token's account, once the token passed
    reached: bool = False  # the server answered (even to refuse the token)
    team_id: str = ""
    found: dict[str, str] = field(default_factory=dict)  # notes, e.g. the server's error


CheckFn = Callable[[Context], Awaitable[list[Check]]]


def _site(settings: Settings) -> str:
    return settings.server.api_url.removesuffix("/api/v4")


async def check_server(ctx: Context) -> list[Check]:
    """The server answers (any HTTP answer counts, a refused token too)."""
    try:
        ctx.me = to_user(await ctx.client.request("GET", "/users/me"))
        ctx.reached = True
    except MattermostError as error:
        ctx.reached = error.status != 0
        ctx.found["me"] = str(error.status)
        if not ctx.reached:
            return [
                Check(
                    False,
                    f"Le serveur {_site(ctx.settings)} ne répond pas ({error}) : vérifiez "
                    "MATTERMOST_URL, le réseau, HTTPS_PROXY ou MATTERMOST_CA_FILE.",
                )
            ]
    return [Check(True, f"Le serveur {_site(ctx.settings)} répond.")]


async def check_token(ctx: Context) -> list[Check]:
    """The token is valid and belongs to a bot (or a user) account."""
    if not ctx.reached:
        return []
    if ctx.me is None:
        return [
            Check(
                False,
                f"MATTERMOST_TOKEN est refusé (statut {ctx.found.get('me', '?')}) : copiez le "
                "jeton du compte bot (Intégrations > Comptes bot). Le reste n'est pas vérifié.",
            )
        ]
    kind = "compte bot" if ctx.me.is_bot else "compte utilisateur (un compte bot est conseillé)"
    return [Check(True, f"MATTERMOST_TOKEN est valide : {kind} @{ctx.me.username}.")]


async def check_team(ctx: Context) -> list[Check]:
    """The team exists and the bot is a member."""
    if ctx.me is None:
        return []
    team = ctx.settings.mattermost_team
    try:
        ctx.team_id = await ctx.client.team_id(team)
    except MattermostError as error:
        return [
            Check(
                False,
                f"MATTERMOST_TEAM={team} : équipe introuvable (statut {error.status}) ; mettez "
                "le nom de l'équipe tel qu'il apparaît dans ses adresses (…/<équipe>/channels/…).",
            )
        ]
    try:
        await ctx.client.request("GET", f"/teams/{ctx.team_id}/members/{ctx.me.user_id}")
    except MattermostError:
        return [
            Check(
                False,
                f"Le bot @{ctx.me.username} n'est pas membre de l'équipe {team} : ajoutez-le "
                f"(mmctl team users add {team} {ctx.me.username}).",
            )
        ]
    return [Check(True, f"Équipe {team} : le bot @{ctx.me.username} en est membre.")]


async def check_channels(ctx: Context) -> list[Check]:
    """Every configured channel exists in the team and the bot is a member (so it can post)."""
    if ctx.me is None or not ctx.team_id:
        return []
    checks = []
    team, me = ctx.settings.mattermost_team, ctx.me.username
    for var, name in configured_channels(ctx.settings):
        problem = await channel_problem(ctx.client, team, name)
        said = problem_fr(problem, team, me, name) if problem else "le bot en est membre"
        checks.append(Check(not problem, f"{var}={name} : {said}."))
    return checks


async def check_command(ctx: Context) -> list[Check]:
    """`/beta` exists in the team and, when BETABOT_PUBLIC_URL is set, points to this bot."""
    if ctx.me is None or not ctx.team_id:
        return []
    reader = ctx.admin or ctx.client  # the bot's own token sees commands without their URL
    listed = await reader.request("GET", "/commands", params={"team_id": ctx.team_id})
    beta = [c for c in listed or [] if isinstance(c, dict) and c.get("trigger") == TRIGGER]
    team = ctx.settings.mattermost_team
    if not beta:
        return [
            Check(
                False,
                f"/{TRIGGER} n'existe pas dans l'équipe {team} (ou sans autocomplétion) : "
                "installez-la avec betabot install (README, « Déployer », étape 3).",
            )
        ]
    url = str(beta[0].get("url") or "")
    expected = ctx.settings.public_url + SLASH_PATH if ctx.settings.public_url else ""
    if not url:
        return [
            Check(
                True,
                f"/{TRIGGER} existe ; son adresse n'est lisible qu'avec MATTERMOST_ADMIN_TOKEN "
                "(non vérifiée).",
            )
        ]
    if expected and url != expected:
        return [
            Check(
                False,
                f"/{TRIGGER} pointe vers {url}, pas vers {expected} : relancez "
                f"betabot install --url {expected}.",
            )
        ]
    return [Check(True, f"/{TRIGGER} existe et pointe vers {url}.")]


def _creatable(path: Path) -> bool:
    """Whether a file can be created at `path` (its nearest existing folder is writable)."""
    folder = path.resolve().parent
    while not folder.exists():
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK)


EPHEMERAL_TOPIC = "Messages pour la seule personne concernée (limite de questions) dans un canal"


async def check_ephemeral(ctx: Context) -> list[Check]:
    """Which mode the flood message uses in a channel: ephemeral, or a reply in the thread.

    Probed for real: an ephemeral post to the bot itself (nobody sees it) in one of its
    channels, the same call the bot makes (`create_post_ephemeral` permission).
    """
    if ctx.me is None:
        return []
    channels = [cid for cid, kind in await ctx.client.my_channels() if kind in ("O", "P")]
    if not channels:
        return [Check(True, f"{EPHEMERAL_TOPIC} : non vérifié (le bot n'est dans aucun canal).")]
    if await ctx.client.create_ephemeral_post(ctx.me.user_id, channels[0], "betabot doctor"):
        return [Check(True, f"{EPHEMERAL_TOPIC} : éphémères, vus d'elle seule.")]
    return [
        Check(
            True,
            f"{EPHEMERAL_TOPIC} : réponse dans le fil (permission create_post_ephemeral "
            "absente, facultative : voir README, « Déployer », étape 0).",
        )
    ]


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


CHECKS: list[CheckFn] = [
    check_server,
    check_token,
    check_team,
    check_channels,
    check_command,
    check_ephemeral,
    check_database,
    check_knowledge,
    check_contacts,
]


async def run_checks(settings: Settings, admin_token: str = "") -> list[Check]:
    """Every check of `CHECKS`, in order; a check that cannot reach the server says so."""
    verify = settings.ca_file or True
    proxy = settings.proxy or None
    client = MattermostClient(settings.server, settings.mattermost_token, verify, proxy=proxy)
    admin = (
        MattermostClient(settings.server, admin_token, verify, proxy=proxy) if admin_token else None
    )
    ctx = Context(settings, client, admin)
    results: list[Check] = []
    try:
        for check in CHECKS:
            try:
                results += await check(ctx)
            except MattermostError as error:
                results.append(
                    Check(False, f"Mattermost n'a pas répondu à une vérification : {error}")
                )
    finally:
        await client.aclose()
        if admin is not None:
            await admin.aclose()
    return results


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced by ***."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
