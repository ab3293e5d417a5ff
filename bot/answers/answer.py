"""What to say for a Query, as data: lines of typed spans, no Markdown (see `answers.render`).

This module picks the answer for the intent and keeps it; the lines come from `team` (people,
roles, portfolios, pôles), `texts` (reasons, engagements, contacts, topics), `jobs` (postings)
and `found` (passages, out of scope); the bot's own help and « not understood » are here.
"""

from collections.abc import Callable
from datetime import date

from bot.answers import phrases
from bot.answers.found import outside_lines, passage_lines
from bot.answers.jobs import jobs_lines
from bot.answers.lines import (
    Answer,
    Line,
    Span,
    fill,
    general_line,
    line,
)
from bot.answers.subjects import role_subject
from bot.answers.team import people_lines, pole_lines, portfolio_lines, role_lines
from bot.answers.texts import contact_lines, engagements_lines, reasons_lines, topic_lines
from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.understanding.query import Query


def _help(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    lines = [line(phrases.HELP_TITLE)]
    for example, what in phrases.HELP_EXAMPLES:
        lines.append(line(Span(example, "code"), f" : {what}", bullet=True))
    subscribe = fill(phrases.HELP_SUBSCRIBE, phrases.SUBSCRIBE_COMMAND, phrases.UNSUBSCRIBE_COMMAND)
    return (*lines, subscribe, general_line(knowledge, phrases.REACH_ANY))


def _unknown(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    if query.language == "en":
        return (line(phrases.ENGLISH), general_line(knowledge, phrases.REACH_ANY))
    lines = [line(f"{phrases.UNKNOWN} ", Span(query.text, "user"), ".")]
    if query.suggestions:
        spans: list[Span | str] = [f"{phrases.SUGGESTIONS} "]
        for i, label in enumerate(query.suggestions):
            spans += [", " if i else "", Span(label, "strong")]
        lines.append(line(*spans, " ?"))
    help_line = fill(phrases.UNKNOWN_HELP, phrases.HELP_WORD)
    return (*lines, help_line, general_line(knowledge, phrases.REACH_ANY))


_BY_INTENT: dict[str, Callable[[Query, Knowledge], tuple[Line, ...]]] = {
    "portfolio": portfolio_lines,
    "person": people_lines,
    "pole": pole_lines,
    "reasons": reasons_lines,
    "engagements": engagements_lines,
    "contact": contact_lines,
    "topic": topic_lines,
    "help": _help,
}


def subscription(action: str, changed: bool = True) -> Answer:
    """The confirmation of a subscribe or unsubscribe command.

    `changed` False: the person was already subscribed (or was not, to unsubscribe).
    """
    if action == "subscribe":
        said = phrases.SUBSCRIBED if changed else phrases.ALREADY_SUBSCRIBED
        return Answer(action, "", (fill(said, phrases.UNSUBSCRIBE_COMMAND),))
    if not changed:
        return Answer(action, "", (fill(phrases.NOT_SUBSCRIBED, phrases.SUBSCRIBE_COMMAND),))
    return Answer(action, "", (line(phrases.UNSUBSCRIBED),))


# Answers kept per Knowledge: past this many, the kept ones are dropped and built again.
MAX_KEPT_ANSWERS = 512


@once_per_knowledge
def _kept(knowledge: Knowledge) -> dict[tuple[object, ...], Answer]:
    """The answers already built for `knowledge`, by what they depend on (see `answer`)."""
    return {}


def answer(query: Query, knowledge: Knowledge, today: date) -> Answer:
    """The answer to `query` as data; an unknown subject id gives the ``unknown`` answer.

    An answer depends only on the knowledge, the date and what the query names (intent,
    subjects, suggestions, the part of a list passage and whether it confirms; for a role, how
    the asker named it; for an out-of-scope question, whether it is an offtopic request), never
    on the rest of the question: it is built once per Knowledge object (a reload builds a new
    one) and kept, at most MAX_KEPT_ANSWERS of them. The ``unknown`` answer quotes the
    question: never kept.
    """
    if query.intent == "unknown":
        return _build(query, knowledge, today)
    named = ""
    if query.intent == "role":
        try:
            named = role_subject(knowledge, (query.subject, *query.also), query.text)
        except (KeyError, StopIteration, ValueError):  # a subject that vanished on reload
            return Answer("unknown", "", _unknown(query, knowledge), query.suggestions)
    # an offtopic request or another team's people; the part of a list shown first; whether
    # it confirms (« Oui »); a list asked with what each one does; a head asked of none
    asked = (query.offtopic, query.others, query.part, query.confirms, query.each, query.headless)
    key = (query.intent, query.subject, query.also, query.suggestions, named, asked, today)
    kept = _kept(knowledge)
    found = kept.get(key)
    if found is None:
        found = _build(query, knowledge, today, named)
        if found.intent == "unknown":
            return found  # it quotes the question
        if len(kept) >= MAX_KEPT_ANSWERS:
            kept.clear()
        kept[key] = found
    if query.not_holders:
        return _not_holders(found, query.not_holders, knowledge)
    return found


def _not_holders(found: Answer, guessed: tuple[str, ...], knowledge: Knowledge) -> Answer:
    """« c'est bien Estelle ? » when Estelle is not the holder: the answer says so first."""
    names = [knowledge.people[p].name for p in guessed if p in knowledge.people]
    if not names or not found.lines:
        return found
    told = phrases.NOT_THE_ROLE_HOLDER if found.intent == "role" else phrases.NOT_THE_HOLDER
    said = line(told.format(f" {phrases.NOR} ".join(names)))
    after = 1  # the head and its bullets (the holder's roles), then the correction
    while after < len(found.lines) and found.lines[after].bullet:
        after += 1
    lines = (*found.lines[:after], said, *found.lines[after:])
    return Answer(found.intent, found.subject, lines, found.suggestions)


def _build(query: Query, knowledge: Knowledge, today: date, named: str = "") -> Answer:
    """The answer to `query`, built; `named`: the role as the asker named it."""
    if query.intent == "jobs":
        return Answer("jobs", "", jobs_lines(knowledge, today))
    if query.intent == "outside":
        return Answer("outside", "", outside_lines(query, knowledge), query.suggestions)
    if query.intent == "passage":
        try:
            return Answer("passage", query.subject, passage_lines(query, knowledge, today))
        except (KeyError, StopIteration):
            pass  # a passage that vanished on reload: say we did not understand
    if query.intent == "role":
        try:
            return Answer("role", query.subject, role_lines(query, knowledge, named))
        except (KeyError, StopIteration, ValueError):
            pass  # a subject that vanished on reload: say we did not understand
    build = _BY_INTENT.get(query.intent)
    if build is not None:
        try:
            return Answer(query.intent, query.subject, build(query, knowledge))
        except (KeyError, StopIteration, ValueError):
            pass  # a subject that vanished on reload: say we did not understand
    return Answer("unknown", "", _unknown(query, knowledge), query.suggestions)
