"""What to say for a Query, as data: lines of typed spans, no Markdown (see `answers.render`)."""

from collections.abc import Callable
from datetime import date

from bot.answers import phrases
from bot.answers.found import outside_lines, passage_lines
from bot.answers.lines import (
    Answer,
    Line,
    Span,
    contact_span,
    contact_spans,
    fill,
    general_line,
    line,
    person_span,
)
from bot.answers.subjects import ministries_subject, one_role, role_subject
from bot.knowledge.building import once_per_knowledge
from bot.knowledge.lookup import lookup
from bot.knowledge.model import Contact, Knowledge, Ministry, Person, Pole, Portfolio, Role
from bot.knowledge.text import fold
from bot.understanding.query import Query

# A pôle title naming this word ("responsable de portefeuille ministériel") says no more than
# the person's perimeter: the pôle answer shows the perimeter instead.
_PORTFOLIO_WORD = "portefeuille"
MAX_CLOSED_SHOWN = 3  # closed postings recalled when none is open


def _roles(knowledge: Knowledge, person_id: str) -> tuple[tuple[Pole, Role], ...]:
    return lookup(knowledge).roles_of(person_id)


def _portfolios(knowledge: Knowledge, person_id: str) -> tuple[Portfolio, ...]:
    return lookup(knowledge).portfolios_of(person_id)


def _reach(knowledge: Knowledge, person: Person) -> tuple[Line, ...]:
    """How to reach a person besides their name (a DM link when found): pôles, then general.

    A departed or unknown person is named without a link: these lines still lead somewhere.
    """
    lines: list[Line] = []
    seen: set[str] = set()
    for pole, _ in _roles(knowledge, person.id):
        if pole.contact and pole.id not in seen:
            seen.add(pole.id)
            lines.append(line(f"{pole.name} : ", *contact_spans(pole.contact), "."))
    lines.append(general_line(knowledge, phrases.GENERAL_CONTACT if lines else phrases.REACH_ANY))
    return tuple(lines)


def _person_lines(knowledge: Knowledge, person: Person) -> list[Line]:
    head: list[Span | str] = [person_span(person)]
    if person.note:
        head.append(f" ({person.note})")
    lines = [line(*head)]
    owned = ", ".join(m.name for p in _portfolios(knowledge, person.id) for m in p.ministries)
    for pole, role in _roles(knowledge, person.id):
        if owned and _PORTFOLIO_WORD in fold(role.title):
            # The portfolio role and the perimeter on one line, not twice.
            lines.append(line(f"{role.title} — {pole.name} : {owned}", bullet=True))
            owned = ""
        else:
            lines.append(line(f"{role.title} — {pole.name}", bullet=True))
    if owned:
        lines.append(line(f"{phrases.PORTFOLIOS} {owned}", bullet=True))
    return lines


def _person(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    person = knowledge.people[query.subject]
    if query.also:  # several people named in full: each of them, then how to reach us
        named = [knowledge.people[p] for p in (query.subject, *query.also)]
        lines = [ln for p in named for ln in _person_lines(knowledge, p)]
        return (*lines, general_line(knowledge, phrases.REACH_ANY))
    return (*_person_lines(knowledge, person), *_reach(knowledge, person))


def _role(query: Query, knowledge: Knowledge, named: str) -> tuple[Line, ...]:
    """« Le rôle de CTO est tenu par … »: the role first (`named`), then who holds it."""
    subjects = (query.subject, *query.also)
    if query.also:
        return _holders(knowledge, subjects, named)
    _, person_id = query.subject.split("/", 1)
    person = knowledge.people[person_id]
    lines = _person_lines(knowledge, person)
    lines[0] = line(phrases.ROLE_HEAD.format(phrases.of_(named)), *lines[0].spans)
    return (*lines, *_reach(knowledge, person))


def _holders(knowledge: Knowledge, subjects: tuple[str, ...], named: str) -> tuple[Line, ...]:
    """A role several people hold: each of them, with their own title and pôle."""
    if named:
        head = phrases.ROLE_HOLDERS
    elif one_role(knowledge, subjects):
        head = phrases.HOLDERS.replace("{}", "{1}")
    else:  # « le CTO et le tech lead » asked together: each with their own role
        head = phrases.SEVERAL_ROLES.replace("{}", "{1}")
    lines = [line(head.format(phrases.of_(named), len(subjects)))]
    for subject in subjects:
        pole_id, person_id = subject.split("/", 1)
        pole = next(p for p in knowledge.poles if p.id == pole_id)
        role = next(r for r in pole.members if r.person_id == person_id)
        person = knowledge.people[person_id]
        lines.append(line(person_span(person), f", {role.title} — {pole.name}", bullet=True))
    return (*lines, general_line(knowledge, phrases.REACH_ANY))


def _portfolio(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    if not query.subject:
        return _portfolio_list(knowledge)
    if query.also:
        return _ministries(knowledge, (query.subject, *query.also))
    return _ministries(knowledge, (query.subject,))


def _ministries(knowledge: Knowledge, ids: tuple[str, ...]) -> tuple[Line, ...]:
    """Who follows each of several ministries: one line per person, in the question's order."""
    owners: dict[str, list[Ministry]] = {}
    for ministry_id in ids:
        portfolio, ministry = lookup(knowledge).ministries[ministry_id]
        owners.setdefault(portfolio.owner_id, []).append(ministry)
    if len(owners) == 1:
        [(owner_id, ministries)] = owners.items()
        person = knowledge.people[owner_id]
        subject = phrases.PORTFOLIO_HEAD.format(ministries_subject(ministries))
        head = line(subject, person_span(person))
        return (head, *_person_lines(knowledge, person)[1:], *_reach(knowledge, person))
    lines = [
        line(
            phrases.PORTFOLIO_EACH.format(ministries_subject(ministries)),
            person_span(knowledge.people[owner_id]),
            bullet=True,
        )
        for owner_id, ministries in owners.items()
    ]
    return (*lines, general_line(knowledge, phrases.REACH_ANY))


@once_per_knowledge  # every portfolio, whatever the question: built once (600 lines at 100x)
def _portfolio_list(knowledge: Knowledge) -> tuple[Line, ...]:
    title = f"{phrases.PORTFOLIO_LIST_TITLE} ({len(knowledge.portfolios)})"
    lines = [line(Span(title, "strong"))]
    for portfolio in knowledge.portfolios:
        person = knowledge.people[portfolio.owner_id]
        names = ", ".join(m.name for m in portfolio.ministries)
        lines.append(line(person_span(person), f" : {names}", bullet=True))
    return (*lines, general_line(knowledge, phrases.REACH_ANY))


def _pole(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    if not query.subject:
        return _pole_missions(knowledge) if query.each else _pole_list(knowledge)
    if query.also:  # « les membres des pôles A et B »: each card, then how to reach us once
        cards = [_pole_card(knowledge, p)[:-1] for p in (query.subject, *query.also)]
        return (*(ln for card in cards for ln in card), general_line(knowledge, phrases.REACH_ANY))
    return _pole_card(knowledge, query.subject)


def _pole_card(knowledge: Knowledge, pole_id: str) -> tuple[Line, ...]:
    """A pôle's mission, head, members, note and contact, then how to reach the incubator."""
    pole = lookup(knowledge).poles[pole_id]
    lines = [line(Span(pole.name, "strong"), f" : {pole.mission}" if pole.mission else "")]
    if pole.lead_id in knowledge.people:
        lines.append(line(f"{phrases.LEAD} ", person_span(knowledge.people[pole.lead_id])))
    if pole.members:
        lines.append(line(phrases.MEMBERS.format(len(pole.members))))
    for role in pole.members:
        lines.append(_member_line(knowledge, role))
    if pole.note:
        lines.append(line(pole.note))
    if pole.contact:
        lines.append(line(f"{phrases.REACH_POLE} ", *contact_spans(pole.contact), "."))
    lines.append(
        general_line(knowledge, phrases.GENERAL_CONTACT if pole.contact else phrases.REACH_ANY)
    )
    return tuple(lines)


def _member_line(knowledge: Knowledge, role: Role) -> Line:
    """A pôle member and their title; a portfolio owner's title gives way to their perimeter."""
    person = knowledge.people[role.person_id]
    name: list[Span | str] = [person_span(person)]
    if person.note:
        name.append(f" ({person.note})")
    owned = _portfolios(knowledge, role.person_id)
    if owned and _PORTFOLIO_WORD in fold(role.title):
        names = ", ".join(m.name for p in owned for m in p.ministries)
        return line(*name, f" — {names}", bullet=True)
    return line(*name, f", {role.title}", bullet=True)


@once_per_knowledge  # every pôle, whatever the question: built once
def _pole_list(knowledge: Knowledge) -> tuple[Line, ...]:
    # the count, as the portfolio list gives it: « combien de pôles ? » is answered too
    lines = [line(Span(f"{phrases.POLE_LIST_TITLE} ({len(knowledge.poles)})", "strong"))]
    for pole in knowledge.poles:
        lead = knowledge.people.get(pole.lead_id)
        suffix = f" ({phrases.LEAD} {lead.name})" if lead else ""
        lines.append(line(Span(pole.name, "strong"), suffix, bullet=True))
    return tuple(lines)


@once_per_knowledge
def _pole_missions(knowledge: Knowledge) -> tuple[Line, ...]:
    """« Les pôles, ils font quoi ? »: every pôle with what it does (its mission)."""
    lines = [line(Span(f"{phrases.POLE_LIST_TITLE} ({len(knowledge.poles)})", "strong"))]
    for pole in knowledge.poles:
        lead = knowledge.people.get(pole.lead_id)
        suffix = f" ({phrases.LEAD} {lead.name})" if lead else ""
        mission = f" : {pole.mission}" if pole.mission else ""
        lines.append(line(Span(pole.name, "strong"), suffix, mission, bullet=True))
    return tuple(lines)


def _reasons(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
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


def _engagements(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    lines = [line(Span(phrases.ENGAGEMENTS_TITLE, "strong"))]
    if knowledge.engagements_intro:
        lines.append(line(knowledge.engagements_intro))
    lines += [_highlighted(e.title, e.text, e.highlights) for e in knowledge.engagements]
    if knowledge.engagements_outro:
        lines.append(line(knowledge.engagements_outro))
    return tuple(lines)


def _contact_line(contact: Contact) -> Line:
    return line(f"{contact.label} : ", contact_span(contact.value, contact.url), bullet=True)


def _contact(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    if not knowledge.contacts:
        return (general_line(knowledge, phrases.REACH_ANY),)
    return (line(phrases.CONTACT_TITLE), *(_contact_line(c) for c in knowledge.contacts))


def _topic(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    topic = lookup(knowledge).topics[query.subject]
    lines = [line(Span(topic.title, "strong")), line(topic.text)]
    lines += [line(item, bullet=True) for item in topic.items]
    for link in topic.links:
        lines.append(line(f"{phrases.SEE_ALSO} ", Span(link.label, "link", link.url)))
    return tuple(lines)


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


def _jobs_lines(knowledge: Knowledge, today: date) -> tuple[Line, ...]:
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


_BY_INTENT: dict[str, Callable[[Query, Knowledge], tuple[Line, ...]]] = {
    "portfolio": _portfolio,
    "person": _person,
    "pole": _pole,
    "reasons": _reasons,
    "engagements": _engagements,
    "contact": _contact,
    "topic": _topic,
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
    # it confirms (« Oui »); a list asked with what each one does
    asked = (query.offtopic, query.others, query.part, query.confirms, query.each)
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
        return Answer("jobs", "", _jobs_lines(knowledge, today))
    if query.intent == "outside":
        return Answer("outside", "", outside_lines(query, knowledge), query.suggestions)
    if query.intent == "passage":
        try:
            return Answer("passage", query.subject, passage_lines(query, knowledge, today))
        except (KeyError, StopIteration):
            pass  # a passage that vanished on reload: say we did not understand
    if query.intent == "role":
        try:
            return Answer("role", query.subject, _role(query, knowledge, named))
        except (KeyError, StopIteration, ValueError):
            pass  # a subject that vanished on reload: say we did not understand
    build = _BY_INTENT.get(query.intent)
    if build is not None:
        try:
            return Answer(query.intent, query.subject, build(query, knowledge))
        except (KeyError, StopIteration, ValueError):
            pass  # a subject that vanished on reload: say we did not understand
    return Answer("unknown", "", _unknown(query, knowledge), query.suggestions)
