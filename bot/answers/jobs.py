"""The jobs answer: the open postings, or the latest closed ones, and how to hear of the next."""

from datetime import date

from bot.answers import phrases
from bot.answers.lines import (
    Line,
    Span,
    fill,
    line,
)
from bot.knowledge.model import Knowledge

MAX_CLOSED_SHOWN = 3  # closed postings recalled when none is open


def jobs_lines(knowledge: Knowledge, today: date) -> tuple[Line, ...]:
    """The open postings, newest first, or the latest closed ones; then how to hear of the next."""
    open_ = [p for p in knowledge.postings if p.is_open(today)]
    if not open_:
        return (
            line(phrases.JOBS_NONE),
            *_closed_lines(knowledge),
            line(phrases.JOBS_WHERE),
            _subscribe_line(),
        )
    lines = [line(Span(phrases.JOBS_TITLE, "strong"))]
    for posting in sorted(open_, key=lambda p: p.date or date.min, reverse=True):
        spans: list[Span | str] = [
            Span(posting.title, "link", posting.url)
            if posting.url
            else Span(posting.title, "strong")
        ]
        if posting.date:
            spans.append(f" ({phrases.JOBS_SINCE} {posting.date:%d/%m/%Y})")
        lines.append(line(*spans, bullet=True))
    return (*lines, line(phrases.JOBS_WHERE), _subscribe_line())


def _subscribe_line() -> Line:
    """How to hear of the next postings (« comment être prévenu des nouveaux postes ? »)."""
    return fill(phrases.HELP_SUBSCRIBE, phrases.SUBSCRIBE_COMMAND, phrases.UNSUBSCRIBE_COMMAND)


def _closed_lines(knowledge: Knowledge) -> list[Line]:
    """The latest closed postings, so that « l'offre X est-elle ouverte ? » gets its answer."""
    closed = sorted(knowledge.postings, key=lambda p: p.date or date.min, reverse=True)
    lines = []
    for posting in closed[:MAX_CLOSED_SHOWN]:
        since = f", {phrases.JOBS_SINCE} {posting.date:%d/%m/%Y}" if posting.date else ""
        lines.append(line(f"{phrases.JOBS_CLOSED} « {posting.title} »{since}.", bullet=True))
    return lines
