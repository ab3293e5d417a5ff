"""One neutral request and reply for every transport, and the single decision to answer."""

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from bot.answers import phrases
from bot.answers.answer import answer, subscription
from bot.answers.directory import Directory
from bot.answers.lines import Answer, line
from bot.answers.render import POST_LIMIT, render_answer
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold, strip_invisible
from bot.understanding.query import understand

Transport = Literal["websocket", "slash", "cli", "action"]  # action: a button clicked
Action = Literal["none", "subscribe", "unsubscribe"]

# Code the server does not scan for mentions: fenced blocks, then inline spans (as the webapp's
# CODE_REGEX). A mention written there is shown, not sent.
_FENCED = re.compile(r"^ *(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ *\1 *$|\Z)", re.MULTILINE)
_ANY_MENTION = re.compile(r"(?<![\w.@-])@\w")
_INLINE = re.compile(r"(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)")
# Command grammar (not synonyms of knowledge): "postes abonnement", "/beta … partager".
SHARE_WORDS = frozenset({"partager", "partage"})
JOBS_WORDS = frozenset({"postes", "poste", "offres"})
SUBSCRIBE_WORDS: dict[str, Action] = {
    "abonnement": "subscribe",
    "abonner": "subscribe",
    "inscription": "subscribe",
    "desabonnement": "unsubscribe",
    "desabonner": "unsubscribe",
    "desinscription": "unsubscribe",
}


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
    mentioned: bool = False  # the bot's id is in `mentions`: alone, trusted only without any @
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
    subject: str = ""  # the subject answered, empty when not understood
    suggestions: tuple[str, ...] = ()  # closest subjects' labels, asked again they answer it
    question: str = ""  # what was understood: the text without the mention or « partager »
    # Transport-specific extras the app adds (Mattermost: the suggestion buttons' attachments).
    extra_props: Mapping[str, Any] = field(default_factory=dict)


def is_for_me(incoming: Incoming, me: Me) -> bool:
    """Whether the message is addressed to the bot; the one place that filters."""
    if incoming.user_id == me.user_id or incoming.from_bot or incoming.post_type:
        return False
    if incoming.edited:
        return False
    if incoming.transport != "websocket" or incoming.channel_type == "D":
        return True
    # Outside DMs, `@<username>` written outside code counts. The event's `mentions` alone is
    # trusted only for a post that @-mentions nobody (the bot's name typed without @): else
    # @channel/@all/@here or a user group (@devs) put the bot's id there too.
    text = outside_code(incoming.text)
    if mention_pattern(me.username).search(text) is not None:
        return True
    return incoming.mentioned and _ANY_MENTION.search(text) is None


def outside_code(text: str) -> str:
    """`text` without its code blocks and inline code spans, invisible characters removed."""
    return _INLINE.sub(" ", _FENCED.sub(" ", strip_invisible(text)))


@functools.lru_cache(maxsize=8)
def mention_pattern(username: str) -> re.Pattern[str]:
    """`@username` as a whole name, case-insensitive: the one mention rule of the bot.

    A trailing dot is punctuation (``@betabot.`` mentions it); ``@betabot.dev`` is another
    user (Mattermost names may contain dots), and ``@@betabot`` or ``mail@betabot`` is no
    mention.
    """
    name = re.escape(username)
    return re.compile(rf"(?<![\w.@-])@{name}(?![\w-]|\.[\w-])", re.IGNORECASE)


def reply_root(incoming: Incoming) -> str:
    """The thread the reply goes to: the post's own thread in a channel, none in a DM root."""
    if incoming.transport == "slash" or incoming.channel_type == "D":
        return incoming.root_id
    return incoming.root_id or incoming.post_id


def _strip_share(words: list[str]) -> tuple[list[str], bool]:
    """Remove a leading or trailing share word; True if there was one."""
    if words and fold(words[-1]) in SHARE_WORDS:
        return words[:-1], True
    if words and fold(words[0]) in SHARE_WORDS:
        return words[1:], True
    return words, False


def _action(text: str) -> Action:
    """The job-announcement subscription command in `text`, if that is all it says."""
    words = fold(text).split()
    if len(words) != 2 or words[0] not in JOBS_WORDS:
        return "none"
    return SUBSCRIBE_WORDS.get(words[1], "none")


def respond(
    incoming: Incoming,
    knowledge: Knowledge,
    me: Me,
    now: datetime,
    people: Directory | None = None,
) -> Reply | None:
    """Decide whether and what to answer; None for the bot's own posts, bots, non-mentions…

    Channel mentions are answered in the post's thread, DMs in the DM (in the thread only when
    the DM post was itself in a thread), slash commands ephemerally unless the text starts or
    ends with « partager ». `people`: the Mattermost handles of the knowledge's people (names
    become DM links or mentions); without it, names are bold.
    """
    if not is_for_me(incoming, me):
        return None
    text = mention_pattern(me.username).sub(" ", strip_invisible(incoming.text)).strip()
    ephemeral = incoming.transport == "slash"
    if ephemeral:
        words, shared = _strip_share(text.split())
        if shared:
            text, ephemeral = " ".join(words), False
    base = Reply(
        text="",
        channel_id=incoming.channel_id,
        root_id=reply_root(incoming),
        reply_to=incoming.post_id,
        ephemeral=ephemeral,
        user_id=incoming.user_id,
    )
    action = _action(text)
    if action != "none":
        said = render_answer(subscription(action))
        return replace(base, text=said, intent=action, score=100.0, action=action)
    query = understand(text, knowledge)
    answered = answer(query, knowledge, now.date())
    if _starts_thread(incoming):
        hint = render_answer(Answer("hint", "", (line(phrases.FEEDBACK_HINT),)))
        # Capped shorter so that answer and hint stay within one post.
        limit = POST_LIMIT - len(hint) - 1
        rendered = render_answer(answered, limit, people=people) + "\n" + hint
    else:
        rendered = render_answer(answered, people=people)
    return replace(
        base,
        text=rendered,
        intent=query.intent,
        score=query.score,
        subject=query.subject,
        suggestions=answered.suggestions,
        question=text,
    )


def _starts_thread(incoming: Incoming) -> bool:
    """Whether the reply is the first answer of a new thread in a channel (not DM, not slash).

    Only there does the bot ask for a reaction: once per thread, never on every answer.
    """
    return (
        incoming.transport == "websocket"
        and incoming.channel_type not in ("D", "G")
        and (not incoming.root_id)
    )


def after_action(reply: Reply, changed: bool) -> Reply:
    """`reply` once its action was applied, saying so when the action changed nothing.

    `changed` False: already subscribed, or not subscribed when asking to stop.
    """
    if reply.action == "none" or changed:
        return reply
    return replace(reply, text=render_answer(subscription(reply.action, changed=False)))
