"""`betabot doctor`: check a configuration end to end, one French line ✓ or ✗ per item.

`CHECKS` is a plain list of async functions, each taking the shared `Context` and returning
its `Check` lines (`doctor_check`); add one to check one more thing. The checks live in
`doctor_server` (Mattermost) and `doctor_data` (database, knowledge, contacts). Nothing
printed carries a secret: every line goes through `redact`.
"""

from collections.abc import Iterable

from bot.mattermost.client import MattermostClient, MattermostError
from bot.service.config import Settings
from bot.service.doctor_check import Check, CheckFn, Context
from bot.service.doctor_data import check_contacts, check_database, check_knowledge
from bot.service.doctor_server import (
    check_channels,
    check_command,
    check_ephemeral,
    check_server,
    check_team,
    check_token,
)

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
