"""Who the knowledge's people are on Mattermost, as plain values the renderer reads.

The service resolves each person to a `Handle` (in the background, cached in the store) and
hands a frozen `Directory` to `conversation.respond`; answers never fetch anything themselves.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Source = Literal["yaml", "convention", "search", ""]
State = Literal["ok", "deactivated", "missing"]
ContactStyle = Literal["lien", "mention"]
CONTACT_STYLES: tuple[ContactStyle, ...] = ("lien", "mention")

# Mattermost's username rule (model.IsValidUsername): a letter, then letters, digits, . - _.
USERNAME = re.compile(r"[a-z][a-z0-9._-]{0,63}")
# Names the server reserves for notifying a whole channel: never written as a mention.
RESERVED = frozenset({"all", "channel", "here"})


@dataclass(frozen=True)
class Handle:
    """One person's Mattermost account as found, or why none is usable."""

    person_id: str
    username: str = ""  # without "@"; empty when not found
    user_id: str = ""
    source: Source = ""  # how it was found: the YAML, the naming convention, a name search
    state: State = "missing"  # ok; deactivated: the account exists but is disabled

    @property
    def reachable(self) -> bool:
        """An active account whose username can be written in a link or a mention."""
        return (
            self.state == "ok"
            and USERNAME.fullmatch(self.username) is not None
            and self.username not in RESERVED
        )


@dataclass(frozen=True)
class Directory:
    """Person id → Handle, with how to write a contact and where the DM link points."""

    handles: Mapping[str, Handle] = field(default_factory=lambda: MappingProxyType({}))
    style: ContactStyle = "lien"
    site_url: str = ""  # e.g. "https://mattermost.example.org" (no trailing slash)
    team: str = ""  # the team's URL name, for `/<team>/messages/@<username>`

    def reachable(self, person_id: str) -> Handle | None:
        """The person's handle when a link or mention can be written, else None."""
        handle = self.handles.get(person_id)
        return handle if handle is not None and handle.reachable else None


def directory(
    handles: list[Handle], style: ContactStyle = "lien", site_url: str = "", team: str = ""
) -> Directory:
    """A frozen Directory from a list of handles (the last one of a person wins)."""
    by_person = MappingProxyType({h.person_id: h for h in handles})
    return Directory(by_person, style, site_url.rstrip("/"), team)
