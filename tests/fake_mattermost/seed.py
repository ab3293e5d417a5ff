"""The seed data shared by the `mm` fixture and the standalone fake."""

from __future__ import annotations

from .server import FakeMattermost

BOT_TOKEN = "bot-token-betabot-0000000000"  # noqa: S105  a fake token for a fake server
ADMIN_TOKEN = "admin-token"  # noqa: S105  may create slash commands


def seed(mm: FakeMattermost) -> FakeMattermost:
    """Add the bot `betabot`, alice, bob, an admin and the two usual channels."""
    mm.add_bot("betabot", token=BOT_TOKEN)
    mm.add_user("alice")
    mm.add_user("bob")
    mm.add_user("admin", token=ADMIN_TOKEN, roles="system_user system_admin")
    mm.add_channel(
        "town-square", members=["betabot", "alice", "bob", "admin"], display_name="Town Square"
    )
    mm.add_channel(
        "incubateur-animation",
        members=["betabot", "alice", "bob"],
        display_name="Incubateur - Animation",
    )
    return mm
