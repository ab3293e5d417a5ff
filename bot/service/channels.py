"""The configured channels: can the bot post in each? Checked by `betabot doctor` and at start.

At start-up (`check_at_start`), an unusable channel is one log line naming its variable and
channel, a metric, and a message in the admin channel when that one works; the bot keeps
answering questions whatever it finds. The message is told once a day for the same problems,
whichever replicas start that day (its key: the day and the problems); a failed post is tried
again, with backoff, until it is posted or the bot stops.
"""

import asyncio
import hashlib
import logging
from datetime import date
from typing import Literal

from bot.mattermost.client import MattermostClient, MattermostError
from bot.mattermost.retry import backoff_s
from bot.service.config import Settings
from bot.service.notices import Notify
from bot.telemetry.metrics import METRICS

log = logging.getLogger(__name__)

NOTICE_RETRY_BASE_S = 1.0  # a refused notice is tried again after about this long, then later
NOTICE_RETRY_MAX_S = 300.0

Problem = Literal["", "missing", "private", "not_member"]
_LOGGED: dict[str, str] = {
    "missing": "channel not found",
    "private": "private channel the bot is not a member of",
    "not_member": "the bot is not a member of the channel",
}


def configured_channels(settings: Settings) -> list[tuple[str, str]]:
    """(variable, channel name) of every channel the settings name, in a stable order."""
    found = [("BETABOT_ANNOUNCE_CHANNEL", settings.announce_channel)]
    found += [("BETABOT_ANNOUNCE_CHANNELS", name) for _, name in settings.announce_channels]
    found.append(("BETABOT_ADMIN_CHANNEL", settings.admin_channel))
    return list(dict.fromkeys((var, name) for var, name in found if name))


async def channel_problem(client: MattermostClient, team: str, name: str) -> Problem:
    """Why the bot cannot post in channel `name` of `team`; "" when it is a member.

    Raises:
        MattermostError: the server could not answer (not a 403 or 404).
    """
    try:
        channel_id = await client.channel_id(team, name)
    except MattermostError as error:
        if error.status in (403, 404):
            return "private" if error.status == 403 else "missing"
        raise
    try:
        await client.request("GET", f"/channels/{channel_id}/members/me")
    except MattermostError as error:
        if error.status != 404:
            raise
        return "not_member"
    return ""


def problem_fr(problem: Problem, team: str, me: str, name: str) -> str:
    """The problem in French, with what to do."""
    if problem == "missing":
        return f"canal introuvable dans l'équipe {team} (vérifiez son nom d'URL)"
    if problem == "private":
        return f"canal privé dont le bot n'est pas membre : `/invite @{me}` dans ~{name}"
    return f"le bot n'en est pas membre : `/invite @{me}` dans ~{name}"


async def check_at_start(
    client: MattermostClient,
    settings: Settings,
    me: str,
    notify: Notify,
    today: date,
) -> list[str]:
    """Log, count and report every unusable configured channel; the French lines found.

    `me` is the bot's username; `notify(key, text)` posts to the admin channel (called only
    when that channel itself is usable), under a key of `today` (Europe/Paris) and the
    problems, until it is posted. Never raises: the bot keeps answering whatever happens here.
    """
    team = settings.mattermost_team
    lines: list[str] = []
    admin_ok = False
    for var, name in configured_channels(settings):
        try:
            problem = await channel_problem(client, team, name)
        except MattermostError as error:
            log.warning("config: %s=%s could not be checked (%s)", var, name, error)
            continue
        if not problem:
            admin_ok = admin_ok or var == "BETABOT_ADMIN_CHANNEL"
            continue
        log.warning("config: %s=%s unusable in team %s: %s", var, name, team, _LOGGED[problem])
        METRICS.count_config_problem(var)
        lines.append(f"- {var}={name} : {problem_fr(problem, team, me, name)}.")
    if lines and admin_ok:
        intro = "Configuration à corriger (le bot répond toujours aux questions) :"
        text = "\n".join([intro, *lines, "Vérifiez tout avec `betabot doctor`."])
        problems = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
        await _tell(notify, f"config:{today.isoformat()}:{problems}", text)
    return lines


async def _tell(notify: Notify, key: str, text: str) -> None:
    """`notify(key, text)` until it is posted; every failure logged, then tried again later."""
    attempt = 0
    while True:
        attempt += 1
        delay_s = backoff_s(attempt, NOTICE_RETRY_BASE_S, NOTICE_RETRY_MAX_S)
        try:
            await notify(key, text)
            return
        except MattermostError as error:
            log.warning(
                "config: the admin channel could not be told (%s), retry in %.0f s", error, delay_s
            )
        except Exception:  # the store (claim, confirm): this task has no supervisor
            log.exception("config: the admin channel could not be told, retry in %.0f s", delay_s)
        await asyncio.sleep(delay_s)
