"""`betabot install`: what the operator typed → the command and the bot's face, in French."""

import getpass
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.mattermost.address import ServerAddress
from bot.mattermost.client import MattermostClient, MattermostError
from bot.mattermost.install import Face, Installed, install_command, set_face, slash_url
from bot.service import startup
from bot.service.config import (
    install_values,
    load_network,
    load_server,
    optional_secret,
)
from bot.service.env_values import ConfigError


class InstallError(Exception):
    """The installation stopped; `str()` is one French line, `code` the exit code."""

    def __init__(self, message: str, code: int) -> None:
        """Keep the line and the exit code (2: configuration, 1: Mattermost refused)."""
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Plan:
    """Everything `betabot install` needs, read before any network call."""

    server: ServerAddress
    team: str
    url: str  # the slash command's URL
    admin_token: str
    admin_variable: str  # where the admin token came from (MATTERMOST_ADMIN_TOKEN by default)
    bot_token: str  # MATTERMOST_TOKEN, "" when unset: then `bot_username` is looked up
    bot_username: str
    proxy: str
    ca_file: str


def plan(url: str, token_env: str, bot_username: str, insecure: bool) -> Plan:
    """Read the settings and the admin token (environment, `.env`, else a hidden prompt).

    Raises:
        InstallError: a setting is missing or malformed (code 2).
    """
    try:
        server, team = load_server()
        proxy, ca_file = load_network(server)
        public, bot_token = install_values()
    except ConfigError as error:
        raise InstallError(str(error), 2) from None
    chosen = url or public
    if not chosen:
        raise InstallError(
            "BETABOT_PUBLIC_URL manquante : mettez l'adresse du bot vue par Mattermost "
            "(ex. https://betabot.example.org), ou passez --url.",
            2,
        )
    if urlsplit(chosen).scheme != "https" and not insecure:
        raise InstallError(
            f"BETABOT_PUBLIC_URL en http:// ({chosen}) : Mattermost enverrait le jeton de /beta "
            "en clair. Mettez une adresse https://, ou ajoutez --insecure pour un essai local.",
            2,
        )
    admin = optional_secret(token_env) or _prompt(token_env)
    if not admin:
        raise InstallError(
            f"{token_env} manquante : donnez le jeton d'un administrateur système dans "
            "l'environnement (il ne doit pas rester dans .env à côté du bot).",
            2,
        )
    return Plan(
        server, team, slash_url(chosen), admin, token_env, bot_token, bot_username, proxy, ca_file
    )


def _prompt(name: str) -> str:
    if not sys.stdin.isatty():
        return ""
    return getpass.getpass(f"{name} (jeton d'un administrateur système, non affiché) : ").strip()


async def install(chosen: Plan) -> list[str]:
    """Create or update `/beta`, then set the bot's face; the lines to print.

    Raises:
        InstallError: Mattermost refused the command or could not be reached (code 1).
    """
    admin = MattermostClient(
        chosen.server, chosen.admin_token, chosen.ca_file or True, proxy=chosen.proxy or None
    )
    try:
        installed = await install_command(admin, chosen.team, chosen.url)
        bot_id = await _bot_id(admin, chosen)
        face = await set_face(admin, bot_id) if bot_id else None
    except MattermostError as error:
        raise InstallError(_refused(chosen, error), 1) from None
    finally:
        await admin.aclose()
    return [*_command_lines(chosen, installed), *_face_lines(chosen, face)]


async def _bot_id(admin: MattermostClient, chosen: Plan) -> str:
    """The bot account's id: MATTERMOST_TOKEN's own account, else the username's."""
    if chosen.bot_token:
        bot = MattermostClient(
            chosen.server, chosen.bot_token, chosen.ca_file or True, proxy=chosen.proxy or None
        )
        try:
            return (await bot.login()).user_id
        except MattermostError as error:
            if error.status != 401:
                raise
            return ""
        finally:
            await bot.aclose()
    return await admin.user_id_by_username(chosen.bot_username) or ""


def _refused(chosen: Plan, error: MattermostError) -> str:
    url = chosen.server.api_url.removesuffix("/api/v4")
    if error.status == 0:
        return (
            f"Installation de /beta impossible : serveur injoignable à {url} "
            f"({startup.connection_reason(error)}) : vérifiez MATTERMOST_URL."
        )
    if error.status in (401, 403):
        return (
            f"Installation de /beta impossible (statut {error.status}) : {chosen.admin_variable} "
            "n'a pas le droit de gérer les commandes slash ; utilisez le jeton d'un "
            "administrateur système, ou créez la commande à la main (voir README)."
        )
    return (
        f"Installation de /beta impossible (statut {error.status}) : vérifiez MATTERMOST_URL "
        f"et MATTERMOST_TEAM ({chosen.team})."
    )


def _command_lines(chosen: Plan, installed: Installed) -> list[str]:
    verb = "créée" if installed.created else "mise à jour"
    return [
        f"Commande /beta {verb} sur l'équipe {chosen.team} : {chosen.url}",
        f"Mettez ce jeton dans BETABOT_SLASH_TOKEN : {installed.token}",
    ]


def _face_lines(chosen: Plan, face: Face | None) -> list[str]:
    if face is None:
        return [
            "Compte bot introuvable : définissez MATTERMOST_TOKEN (le jeton du bot) ou --bot "
            f"NOM ; nom affiché et photo non modifiés (compte cherché : {chosen.bot_username})."
        ]
    denied = " : ce jeton ne peut pas modifier le compte bot (administrateur système requis)"
    return [
        "Compte bot : nom affiché et description mis à jour."
        if not face.profile_status
        else f"Compte bot : nom affiché et description non modifiés (statut "
        f"{face.profile_status}){denied}.",
        "Compte bot : photo de profil mise à jour."
        if not face.picture_status
        else f"Compte bot : photo de profil non modifiée (statut {face.picture_status}){denied}.",
    ]
