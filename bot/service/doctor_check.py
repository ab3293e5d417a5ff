"""`betabot doctor`'s values: a `Check` line, and the `Context` every check reads and fills."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.mattermost.client import MattermostClient
from bot.mattermost.people import User
from bot.service.config import Settings


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
