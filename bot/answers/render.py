"""Answer → Mattermost Markdown: the only producer of Markdown in betabot.

Whatever comes from a user or a YAML file goes through `escape` (or `quote` for a user's own
words): Markdown is neutralised, and any word that could ping (``@channel``, ``@all``, ``@here``,
``@someone``) or become a link (``http://…``, ``www.…``, an e-mail, ``~channel``) is put in a
code span, which Mattermost neither links nor treats as a mention (the server strips code before
looking for mentions).
"""

import functools
import re
from collections.abc import Sequence
from datetime import date

from bot.answers import phrases
from bot.answers.directory import Directory
from bot.answers.lines import Answer, Line, Span
from bot.knowledge.bounds import checked_url
from bot.knowledge.model import JobPosting
from bot.knowledge.text import strip_invisible

POST_LIMIT = 16383  # characters: Mattermost's maximum post length
QUOTE_LIMIT = 80  # characters of the user's text quoted back

_SPACES = re.compile(r"\s+")
# Look-alike at signs folded to "@" before deciding what may ping.
_AT_LOOKALIKES = str.maketrans({"\uff20": "@", "\ufe6b": "@"})
_MARKDOWN = re.compile(r"([\\*_\[\]<>!|~#])")
_DANGEROUS = re.compile(r"@|://|www\.|~", re.IGNORECASE)
_CHANNEL = re.compile(r"~[a-z0-9_-]+")
_EMAIL = re.compile(r"[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}")
_CODE_DELIMITER = re.compile(r"(?<!\\)`")  # a backtick that opens or closes a code span
_SITE_URL = re.compile(r"https?://[^\s()<>\[\]`\"'@]+")
_TEAM = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _safe_url(url: str) -> bool:
    """Whether `url` passed `bounds.checked_url` unchanged: https, no @, nothing Markdown reads.

    The loaders already refuse or encode every other link; this is the renderer's own guard.
    """
    return bool(url) and checked_url(url) == url


def _clean(text: str) -> str:
    """Drop invisible characters, unify look-alike @, collapse whitespace, drop backticks.

    Backticks become apostrophes: the server finds code spans without honouring backslash
    escapes, so an escaped backtick could pair with ours and expose a mention.
    """
    cleaned = strip_invisible(text).translate(_AT_LOOKALIKES).replace("`", "'")
    return _SPACES.sub(" ", cleaned)


def _code(text: str) -> str:
    """A code span: literal text, never a link, a picture or a mention."""
    # A backslash before the closing backtick would read as an escape to naive parsers.
    inner = text.replace("`", "'").replace("\\", "\u2216").strip() or "'"
    return f"`{inner}`"


@functools.lru_cache(maxsize=4096)  # knowledge texts repeat in every answer
def escape(text: str) -> str:
    """Make text from a user or a YAML file inert Markdown on one line.

    Markdown characters are backslash-escaped; words that could ping or link are code spans.
    """
    cleaned = _clean(text)
    if not _DANGEROUS.search(cleaned):
        return _MARKDOWN.sub(r"\\\1", cleaned)
    parts = cleaned.split(" ")
    return " ".join(
        _code(part) if _DANGEROUS.search(part) else _MARKDOWN.sub(r"\\\1", part) for part in parts
    )


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The user's own words, shortened to `limit` characters, as one inert code span."""
    cleaned = _clean(text).strip()
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return _code(cleaned) if cleaned else phrases.EMPTY_QUESTION


def _person(span: Span, people: Directory | None) -> str:
    """A person's name: a link that opens a DM with them, a mention, or bold when unreachable.

    The link's text is the name, never ``@username``: the server looks for mentions only in
    the text of a post's Markdown, not in link destinations, so the link notifies nobody.
    """
    name = f"**{escape(span.text)}**" if span.text.strip() else escape(span.text)
    handle = people.reachable(span.ref) if people is not None else None
    if handle is None or people is None:
        return name
    if people.style == "mention":
        return f"{name} (@{handle.username})"
    if not _TEAM.fullmatch(people.team):
        return name
    site = people.site_url if _SITE_URL.fullmatch(people.site_url) else ""
    return f"**[{escape(span.text)}]({site}/{people.team}/messages/@{handle.username})**"


def _span(span: Span, people: Directory | None = None) -> str:
    """One span as Markdown."""
    text = span.text
    if span.style == "plain":
        return escape(text)  # most spans: no other style to try
    if span.style == "person":
        return _person(span, people)
    if span.style == "strong":
        return f"**{escape(text)}**" if text.strip() else escape(text)
    if span.style == "user":
        return quote(text)
    if span.style == "code":
        return _code(_clean(text))
    if span.style == "channel" and _CHANNEL.fullmatch(text):
        return text
    if span.style == "email" and _EMAIL.fullmatch(text):
        return text
    if span.style == "link" and _safe_url(span.url):
        return f"[{escape(text)}]({span.url})"
    return escape(text)


def render_line(line: Line, people: Directory | None = None) -> str:
    """One line of an answer; bullets become Markdown list items."""
    body = "".join([_span(span, people) for span in line.spans])  # a list: joined faster
    return f"- {body}" if line.bullet else body


# Rendered answers kept: past this many, the kept ones are dropped and rendered again.
MAX_KEPT_RENDERED = 256
# (id(answer), limit, id(people)) -> the answer, the people (kept alive, so that their ids
# are not reused while the entry lives) and the Markdown
_rendered: dict[tuple[int, int, int], tuple[Answer, Directory | None, str]] = {}


def render_answer(answer: Answer, limit: int = POST_LIMIT, people: Directory | None = None) -> str:
    """The whole answer as Mattermost Markdown, capped below `limit` characters.

    `people`: the Mattermost handles of the knowledge's people; without it, names are bold.
    Answers are immutable and `answers.answer` hands out the same object for the same answer,
    and the service hands out a new Directory when a handle changes: the Markdown of an
    (answer, limit, people) seen recently is kept, at most MAX_KEPT_RENDERED of them.
    """
    key = (id(answer), limit, id(people))
    kept = _rendered.get(key)
    if kept is not None and kept[0] is answer and kept[1] is people:
        return kept[2]
    text = cap(_rendered_lines(answer, limit, people), limit)
    if answer.intent == "unknown":
        return text  # it quotes the question: a new answer each time, never kept
    if len(_rendered) >= MAX_KEPT_RENDERED:
        _rendered.clear()
    _rendered[key] = (answer, people, text)
    return text


def _rendered_lines(answer: Answer, limit: int, people: Directory | None) -> str:
    """The answer's lines as Markdown, one per line, stopped past `limit` characters: `cap`
    reads no further (a list of every portfolio at 100x is four times a post)."""
    rendered: list[str] = []
    size = -1  # the newlines between lines
    for line in answer.lines:
        rendered.append(render_line(line, people))
        size += len(rendered[-1]) + 1
        if size > limit:
            break
    return "\n".join(rendered)


def cap(text: str, limit: int = POST_LIMIT) -> str:
    """Cut `text` to at most `limit` characters at a line or word boundary, saying so.

    Never cuts inside a code span, which would turn its content back into live Markdown.
    """
    if len(text) <= limit:
        return text
    marker = "\n" + phrases.TRUNCATED
    room = max(limit - len(marker), 0)
    head = text[:room]
    cut = head.rfind("\n")
    if cut <= 0:
        cut = head.rfind(" ")
    head = head[:cut] if cut > 0 else head
    delimiters = [m.start() for m in _CODE_DELIMITER.finditer(head)]
    if len(delimiters) % 2:
        head = head[: delimiters[-1]]
    return (head.rstrip() + marker)[:limit]


# --- Job postings (owner: job announcements) ---


def _posting_url(posting: JobPosting) -> str:
    """The posting's link when it is a plain https URL written by a maintainer, else ""."""
    return posting.url if _safe_url(posting.url) else ""


def render_posting_announcement(
    posting: JobPosting, reopened: bool = False, to_subscriber: bool = False
) -> str:
    """A job posting as announced in a channel, or to a subscriber in a direct message.

    The channel's version ends with how to subscribe; a subscriber's, with how to stop.
    """
    heading = phrases.ANNOUNCE_REOPENED if reopened else phrases.ANNOUNCE_NEW
    lines = [f"#### {heading} : {escape(posting.title)}"]
    if posting.roles:
        lines.append(f"**{phrases.ANNOUNCE_ROLES}** {escape(', '.join(posting.roles))}")
    if posting.domains:
        lines.append(f"**{phrases.ANNOUNCE_DOMAINS}** {escape(', '.join(posting.domains))}")
    if posting.excerpt:
        lines += ["", escape(posting.excerpt), ""]
    if posting.apply:
        lines.append(f"**{phrases.ANNOUNCE_APPLY}** {escape(posting.apply)}")
    if _posting_url(posting):
        lines.append(f"**{phrases.ANNOUNCE_LINK}** {_posting_url(posting)}")
    lines += ["", phrases.ANNOUNCE_UNSUBSCRIBE if to_subscriber else phrases.ANNOUNCE_SUBSCRIBE]
    return cap("\n".join(lines))


def render_postings_list(postings: Sequence[JobPosting]) -> str:
    """Open postings as a bullet list: title, date, link; the "none" sentence when empty."""
    if not postings:
        return f"{phrases.JOBS_NONE}\n{phrases.JOBS_WHERE}"
    lines = [phrases.JOBS_TITLE]
    for posting in postings:
        item = f"- **{escape(posting.title)}**"
        if posting.date is not None:
            item += f" ({phrases.JOBS_SINCE} {posting.date:%d/%m/%Y})"
        if _posting_url(posting):
            item += f" {_posting_url(posting)}"
        lines.append(item)
    return cap("\n".join(lines))


def render_postings_digest(postings: Sequence[JobPosting]) -> str:
    """The weekly digest of open postings."""
    body = render_postings_list(postings).split("\n", 1)[1] if postings else ""
    return cap(f"#### {phrases.DIGEST_TITLE}\n{body}\n\n{phrases.ANNOUNCE_SUBSCRIBE}")


def render_posting_reminder(posting: JobPosting, today: date) -> str:
    """The direct message asking a posting's contact whether it should be closed."""
    since = posting.date or today
    return phrases.REMINDER.format(
        title=escape(posting.title),
        since=f"{since:%d/%m/%Y}",
        days=(today - since).days,
        path=_code(posting.path.rsplit("/", 1)[-1]),
    )
