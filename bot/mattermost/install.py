"""`betabot install-command`: register or update `/beta` on the team, return its token."""

from dataclasses import dataclass
from typing import Any

from bot.mattermost.client import MattermostClient

TRIGGER = "beta"
DISPLAY_NAME = "betabot"
DESCRIPTION = "Qui fait quoi à l'incubateur : portefeuilles, pôles, contacts, postes ouverts."
AUTOCOMPLETE_DESC = "Posez une question à betabot (réponse visible par vous seul)"
AUTOCOMPLETE_HINT = "[question] — par exemple : qui logement"


@dataclass(frozen=True)
class Installed:
    """The command as registered: its id, its token, and whether it was just created."""

    command_id: str
    token: str
    created: bool


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
