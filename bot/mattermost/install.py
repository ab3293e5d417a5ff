"""`betabot install`: register or update `/beta` on the team, and give the bot its face."""

from dataclasses import dataclass
from importlib import resources
from typing import Any

from bot.mattermost.client import MattermostClient, MattermostError

TRIGGER = "beta"
DISPLAY_NAME = "betabot"
DESCRIPTION = "Qui fait quoi à l'incubateur : portefeuilles, pôles, contacts, postes ouverts."
AUTOCOMPLETE_DESC = "Posez une question à betabot (réponse visible par vous seul)"
AUTOCOMPLETE_HINT = "[question] — par exemple : qui logement"
SLASH_PATH = "/mattermost/slash"  # the bot's route (bot.service.web.SLASH_PATH)
BOT_DESCRIPTION = (
    "L'assistant de la communauté beta.gouv.fr : qui contacter à l'incubateur, postes ouverts."
)


@dataclass(frozen=True)
class Installed:
    """The command as registered: its id, its token, and whether it was just created."""

    command_id: str
    token: str
    created: bool


@dataclass(frozen=True)
class Face:
    """What could be set on the bot account; a refused step carries its HTTP status."""

    profile_status: int = 0  # 0: display name and description set
    picture_status: int = 0  # 0: profile picture set


def slash_url(public_url: str) -> str:
    """`https://betabot.example.org` → `https://betabot.example.org/mattermost/slash`.

    A URL that already ends with the route is kept as it is.
    """
    base = public_url.strip().rstrip("/")
    return base if base.endswith(SLASH_PATH) else base + SLASH_PATH


def command_body(team_id: str, url: str) -> dict[str, Any]:
    """The Command fields for `/beta` (method "P": Mattermost POSTs a form to `url`)."""
    return {
        "team_id": team_id,
        "trigger": TRIGGER,
        "url": url,
        "method": "P",
        "display_name": DISPLAY_NAME,
        "description": DESCRIPTION,
        "auto_complete": True,
        "auto_complete_desc": AUTOCOMPLETE_DESC,
        "auto_complete_hint": AUTOCOMPLETE_HINT,
    }


async def install_command(client: MattermostClient, team: str, url: str) -> Installed:
    """Create `/beta` on `team`, or update it in place when it exists (token kept).

    Raises:
        MattermostError: e.g. 403 when the token may not manage slash commands.
    """
    team_id = await client.team_id(team)
    body = command_body(team_id, url)
    listed = await client.request(
        "GET", "/commands", params={"team_id": team_id, "custom_only": "true"}
    )
    existing = [c for c in listed or [] if isinstance(c, dict) and c.get("trigger") == TRIGGER]
    if existing:
        updated = await client.request(
            "PUT", f"/commands/{existing[0]['id']}", {**existing[0], **body}
        )
        token = str(updated.get("token") or existing[0].get("token", ""))
        return Installed(str(updated["id"]), token, created=False)
    created = await client.request("POST", "/commands", body)
    return Installed(str(created["id"]), str(created["token"]), created=True)


def icon() -> bytes:
    """The profile picture shipped with the package (bot/assets/betabot.png)."""
    return (resources.files("bot") / "assets" / "betabot.png").read_bytes()


async def set_face(client: MattermostClient, bot_user_id: str) -> Face:
    """Display name, description and picture of the bot account, each step on its own.

    A step the token may not do (401, 403, 404, 501) is reported in the Face, not raised.

    Raises:
        MattermostError: any other failure (server unreachable…).
    """
    refused = {400, 401, 403, 404, 501}
    profile = picture = 0
    try:
        await client.update_bot(bot_user_id, DISPLAY_NAME, BOT_DESCRIPTION)
    except MattermostError as err:
        if err.status not in refused:
            raise
        profile = err.status
    try:
        await client.set_profile_image(bot_user_id, icon())
    except MattermostError as err:
        if err.status not in refused:
            raise
        picture = err.status
    return Face(profile, picture)
