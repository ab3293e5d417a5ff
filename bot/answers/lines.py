"""Answer data and its building blocks: typed spans, lines, bold fills and contact lines."""

from dataclasses import dataclass
from typing import Literal

from bot.answers import phrases
from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge, Person

Style = Literal["plain", "strong", "user", "code", "channel", "email", "link", "person"]


@dataclass(frozen=True)
class Span:
    """A piece of text and how it must be shown; `user` marks the asker's own words."""

    text: str
    style: Style = "plain"
    url: str = ""  # for `link`: written by a maintainer, never by a user
    ref: str = ""  # for `person`: the person's id in the knowledge


@dataclass(frozen=True)
class Line:
    """One line of an answer, optionally a bullet."""

    spans: tuple[Span, ...]
    bullet: bool = False


@dataclass(frozen=True)
class Answer:
    """An answer as data: the intent and subject it answers and its lines."""

    intent: str
    subject: str
    lines: tuple[Line, ...]
    # Closest subjects offered when unsure: labels that, asked as a question, answer that subject.
    suggestions: tuple[str, ...] = ()


def person_span(person: Person) -> Span:
    """A person's name, for the renderer to show (and, later, link) as a person."""
    return Span(person.name, "person", ref=person.id)


def line(*spans: Span | str, bullet: bool = False) -> Line:
    """A line of spans; plain strings become plain spans."""
    return Line(tuple([Span(s) if isinstance(s, str) else s for s in spans]), bullet)


def fill(template: str, *strong: str) -> Line:
    """A phrase whose ``{}`` slots are filled with words shown in bold."""
    parts = template.split("{}")
    spans: list[Span | str] = [parts[0]]
    for word, rest in zip(strong, parts[1:], strict=True):
        spans += [Span(word, "strong"), rest]
    return line(*spans)


def contact_spans(value: str) -> list[Span | str]:
    """A pôle's contact sentence with its e-mail addresses and channels left live."""
    spans: list[Span | str] = []
    for i, word in enumerate(value.split()):
        spans += [" " if i else "", contact_span(word.rstrip(".,;"))]
        if word != word.rstrip(".,;"):
            spans.append(word[len(word.rstrip(".,;")) :])
    return spans


def contact_span(value: str, url: str = "") -> Span:
    """A maintainer's contact value, styled by what it looks like."""
    if value.startswith("~"):
        return Span(value, "channel")
    if "@" in value and " " not in value.strip():
        return Span(value.strip(), "email")
    return Span(value, "link", url) if url else Span(value)


def _general(knowledge: Knowledge) -> tuple[str, str]:
    """The general e-mail and Mattermost channel of the ISN."""
    email = next((c.value for c in knowledge.contacts if "@" in c.value), phrases.DEFAULT_EMAIL)
    channel = next(
        (c.value for c in knowledge.contacts if c.value.startswith("~")), phrases.DEFAULT_CHANNEL
    )
    return email, channel


@once_per_knowledge
def _general_lines(knowledge: Knowledge) -> dict[str, Line]:
    """The general lines of `knowledge` by their lead, filled at first use."""
    return {}


def general_line(knowledge: Knowledge, lead: str = phrases.GENERAL_CONTACT) -> Line:
    """`lead` followed by the ISN's general e-mail and channel (built once per knowledge)."""
    built = _general_lines(knowledge)
    found = built.get(lead)
    if found is None:
        email, channel = _general(knowledge)
        found = line(f"{lead} ", contact_span(email), f" {phrases.OR} ", contact_span(channel), ".")
        built[lead] = found
    return found
