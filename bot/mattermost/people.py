"""Looking people up on the server: users by usernames (one batch), a search by name.

Knows nothing of the knowledge: the resolver (`bot.service.contacts`) says whom to look for.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.mattermost.client import MattermostClient

USERNAMES_PER_CALL = 100  # names sent in one POST /users/usernames
SEARCH_LIMIT = 20  # users returned by one search; a name matching more is ambiguous anyway


@dataclass(frozen=True)
class User:
    """A Mattermost account, as much of it as finding a person needs."""

    user_id: str
    username: str
    first_name: str = ""
    last_name: str = ""
    active: bool = True  # False: deactivated (`delete_at` set)
    is_bot: bool = False


def to_user(raw: Any) -> User | None:
    """A User from a REST v4 User body; None when it is not one."""
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("username"):
        return None
    return User(
        user_id=str(raw["id"]),
        username=str(raw["username"]),
        first_name=str(raw.get("first_name") or ""),
        last_name=str(raw.get("last_name") or ""),
        active=not raw.get("delete_at"),
        is_bot=bool(raw.get("is_bot")),
    )


async def users_by_usernames(client: MattermostClient, names: Sequence[str]) -> list[User]:
    """The accounts among `names` (deactivated ones included), in batches of 100.

    Raises:
        MattermostError: a call failed for good.
    """
    found: list[User] = []
    unique = list(dict.fromkeys(names))
    for start in range(0, len(unique), USERNAMES_PER_CALL):
        batch = unique[start : start + USERNAMES_PER_CALL]
        raw = await client.request("POST", "/users/usernames", batch)
        found += [u for u in map(to_user, raw or []) if u is not None]
    return found


async def search_users(client: MattermostClient, term: str) -> list[User]:
    """Accounts whose username, first or last name start with each word of `term`.

    Deactivated accounts are included (`active` tells them apart).

    Raises:
        MattermostError: the call failed for good.
    """
    body = {"term": term, "allow_inactive": True, "limit": SEARCH_LIMIT}
    raw = await client.request("POST", "/users/search", body)
    return [u for u in map(to_user, raw or []) if u is not None]


async def site_url(client: MattermostClient) -> str:
    """The server's public address (`SiteURL` of the client config), "" when not set.

    Raises:
        MattermostError: the call failed for good.
    """
    raw = await client.request("GET", "/config/client", params={"format": "old"})
    return str(raw.get("SiteURL") or "") if isinstance(raw, dict) else ""
