"""One neutral request and reply for every transport, and the single decision to answer."""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.model import Knowledge

Transport = Literal["websocket", "slash", "cli"]
Action = Literal["none", "subscribe", "unsubscribe"]


@dataclass(frozen=True)
class Me:
    """The bot's own account."""

    user_id: str
    username: str


@dataclass(frozen=True)
class Incoming:
    """A message that may be for the bot, whatever transport brought it."""

    transport: Transport
    text: str
    user_id: str
    user_name: str = ""
    channel_id: str = ""
    channel_type: str = ""  # "O" public, "P" private, "D" direct, "G" group
    post_id: str = ""  # empty for slash commands
    root_id: str = ""  # the thread's root, empty when the post is a root
    post_type: str = ""  # non-empty: a system message
    from_bot: bool = False  # posted by a bot, a webhook or an integration
    edited: bool = False
    mentioned: bool = False  # the bot's id is in the event's `mentions`
    create_at: int = 0  # milliseconds since the epoch


@dataclass(frozen=True)
class Reply:
    """What to post back, where, and any side effect the app must apply first."""

    text: str  # Mattermost Markdown, already rendered and safe
    channel_id: str
    root_id: str = ""  # thread to reply in; empty in a DM root or for slash
    reply_to: str = ""  # id of the post answered (idempotency key), empty for slash
    ephemeral: bool = False  # slash: only the asker sees it
    intent: str = ""
    score: float = 0.0
    action: Action = "none"  # subscribe/unsubscribe the asker to job announcements
    user_id: str = ""  # the asker


def respond(incoming: Incoming, knowledge: Knowledge, me: Me, now: datetime) -> Reply | None:
    """Decide whether and what to answer; None for the bot's own posts, bots, non-mentions…"""
    raise NotImplementedError  # implemented with the understanding layer
