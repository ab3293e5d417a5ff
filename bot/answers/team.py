"""Answers about the team: a person, a role and its holders, a portfolio's owner, a pôle.

Each function takes the Query and the Knowledge and returns the answer's lines (see `answer`).
"""

from bot.answers import phrases
from bot.answers.lines import (
    Line,
    Span,
    contact_spans,
    general_line,
    line,
    person_span,
)
from bot.answers.subjects import ministries_subject, one_role
from bot.knowledge.building import once_per_knowledge
from bot.knowledge.lookup import lookup
from bot.knowledge.model import Knowledge, Ministry, Person, Pole, Portfolio, Role
from bot.knowledge.text import fold
from bot.understanding.query import Query

# A pôle title naming this word ("responsable de portefeuille ministériel") says no more than
# the person's perimeter: the pôle answer shows the perimeter instead.
_PORTFOLIO_WORD = "portefeuille"


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


def people_lines(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    """A person (or each of several named in full): their roles, then how to reach them."""
    person = knowledge.people[query.subject]
    if query.also:  # several people named in full: each of them, then how to reach us
        named = [knowledge.people[p] for p in (query.subject, *query.also)]
        lines = [ln for p in named for ln in _person_lines(knowledge, p)]
        return (*lines, general_line(knowledge, phrases.REACH_ANY))
    return (*_person_lines(knowledge, person), *_reach(knowledge, person))


def role_lines(query: Query, knowledge: Knowledge, named: str) -> tuple[Line, ...]:
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


def portfolio_lines(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    """Who follows the ministry (or each of several), or every portfolio when none is named."""
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


def pole_lines(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    """A pôle's card (or each of several), or every pôle when none is named."""
    if not query.subject:
        return _pole_missions(knowledge) if query.each else _pole_list(knowledge)
    if query.also:  # « les membres des pôles A et B »: each card, then how to reach us once
        cards = [_pole_card(knowledge, p)[:-1] for p in (query.subject, *query.also)]
        return (*(ln for card in cards for ln in card), general_line(knowledge, phrases.REACH_ANY))
    card = _pole_card(knowledge, query.subject)
    if query.headless and not lookup(knowledge).poles[query.subject].lead_id:
        return (line(phrases.NO_HEAD), *card)  # « le chef du pôle Animation ? »
    return card


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
