"""Answers that show a part of the knowledge whole: reasons, engagements, contacts, a topic."""

from bot.answers import phrases
from bot.answers.lines import (
    Line,
    Span,
    contact_span,
    general_line,
    line,
)
from bot.knowledge.lookup import lookup
from bot.knowledge.model import Contact, Knowledge
from bot.understanding.query import Query


def reasons_lines(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    """Every reason to call on the incubator, then how to reach it."""
    lines = [line(Span(phrases.REASONS_TITLE, "strong"))]
    lines += [line(r.text, bullet=True) for r in knowledge.reasons]
    return (*lines, general_line(knowledge, phrases.REACH_ANY))


def _highlighted(title: str, text: str, highlights: tuple[str, ...] = ()) -> Line:
    """The engagement's paragraph with its title and highlights in bold, as on the team page."""
    at = text.casefold().find(title.casefold()) if title else -1
    if at < 0:
        return line(Span(title, "strong"), f" : {text}" if text else "", bullet=True)
    found = sorted(
        (start, start + len(phrase))
        for phrase in (title, *highlights)
        if phrase and (start := text.casefold().find(phrase.casefold())) >= 0
    )
    spans: list[Span | str] = []
    done = 0
    for start, end in found:
        if start >= done:  # overlapping phrases: the first one wins
            spans += [text[done:start], Span(text[start:end], "strong")]
            done = end
    return line(*spans, text[done:], bullet=True)


def engagements_lines(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    """The engagements, with their titles and highlights in bold, between their intro and outro."""
    lines = [line(Span(phrases.ENGAGEMENTS_TITLE, "strong"))]
    if knowledge.engagements_intro:
        lines.append(line(knowledge.engagements_intro))
    lines += [_highlighted(e.title, e.text, e.highlights) for e in knowledge.engagements]
    if knowledge.engagements_outro:
        lines.append(line(knowledge.engagements_outro))
    return tuple(lines)


def _contact_line(contact: Contact) -> Line:
    return line(f"{contact.label} : ", contact_span(contact.value, contact.url), bullet=True)


def contact_lines(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    """The incubator's contacts, or how to reach it when it lists none."""
    if not knowledge.contacts:
        return (general_line(knowledge, phrases.REACH_ANY),)
    return (line(phrases.CONTACT_TITLE), *(_contact_line(c) for c in knowledge.contacts))


def topic_lines(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    """A topic: its title, text, points and links."""
    topic = lookup(knowledge).topics[query.subject]
    lines = [line(Span(topic.title, "strong")), line(topic.text)]
    lines += [line(item, bullet=True) for item in topic.items]
    for link in topic.links:
        lines.append(line(f"{phrases.SEE_ALSO} ", Span(link.label, "link", link.url)))
    return tuple(lines)
