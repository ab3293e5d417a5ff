"""`betabot doctor`'s checks against Mattermost: server, token, team, channels, /beta, ephemerals.

Each check reads and fills the shared `Context`; a later one returns nothing when what it needs
(the token's account, the team) was not found by an earlier one.
"""

from bot.mattermost.client import MattermostError
from bot.mattermost.install import TRIGGER
from bot.mattermost.people import to_user
from bot.service.channels import channel_problem, configured_channels, problem_fr
from bot.service.config import Settings
from bot.service.doctor_check import Check, Context

SLASH_PATH = "/mattermost/slash"


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
