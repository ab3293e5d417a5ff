"""The knowledge as frozen values: people, pôles, portfolios, topics, job postings.

Identifiers (`id`) are short ASCII slugs written by maintainers (``mael-inizan``, ``logement``).
Aliases are written as maintainers type them; matching code folds them with `text.fold`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.knowledge.problems import Problem

# What a question can ask; `query.understand` yields one, the knowledge examples name them.
INTENTS = (
    "portfolio",  # who follows a ministry or theme; subject: a ministry id
    "person",  # who is X; subject: a person id
    "role",  # who holds a role or covers a theme; subject: "<pole-id>/<person-id>"
    "pole",  # who is in a pôle; subject: a pole id
    "reasons",  # why call the ISN
    "engagements",
    "contact",
    "jobs",  # open positions
    "topic",  # what is X; subject: a topic id
    "passage",  # a sentence of the knowledge answers it; subject: a passage id (passages.py)
    "lead",  # cue only: who heads a pôle (answered as its head's role)
    "posting",  # cue only: what a job posting says (« c'est un CDD ? »)
    "apply",  # cue only: how to apply to a posting (« que fallait-il joindre ? »)
    "where",  # cue only: « où… » asks for the address (context.WHERE_TOPIC)
    "outside",  # in-scope words, out-of-scope question (a minister, a phone number…)
    "offtopic",  # cue only: a request out of scope unless the reading explains the rest
    "others",  # cue only: a team or body not ours (« la startup »): its people are unknown
    "help",
    "unknown",
)


@dataclass(frozen=True)
class Link:
    """A link written by a maintainer (never by a user)."""

    label: str
    url: str


@dataclass(frozen=True)
class Person:
    """A member of the ISN team page."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    note: str = ""  # e.g. "alternante"
    mattermost: str = ""  # username without "@", optional; answers never @-mention it


@dataclass(frozen=True)
class Role:
    """One role a person holds inside a pôle, with the subjects it covers."""

    person_id: str
    title: str  # as on the team page: "référent technique (CTO) de la communauté"
    aliases: tuple[str, ...] = ()  # subjects: "cto", "technique", "accessibilite"…


@dataclass(frozen=True)
class Pole:
    """A pôle (or the management team) of the ISN."""

    id: str
    name: str  # "Pôle Accélération"
    mission: str
    members: tuple[Role, ...] = ()
    aliases: tuple[str, ...] = ()
    lead_id: str = ""  # person id of the head of the pôle, if any
    contact: str = ""  # how to reach the pôle, e.g. "animation@beta.gouv.fr"
    note: str = ""


@dataclass(frozen=True)
class Ministry:
    """A ministry or theme covered by a portfolio."""

    id: str
    name: str  # "Logement"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Portfolio:
    """A ministerial portfolio and the person in charge of it (responsable de portefeuille)."""

    id: str
    owner_id: str
    ministries: tuple[Ministry, ...]


@dataclass(frozen=True)
class Reason:
    """A reason to call the ISN."""

    id: str
    text: str


@dataclass(frozen=True)
class Engagement:
    """An engagement of the ISN towards the community."""

    id: str
    title: str
    text: str
    highlights: tuple[str, ...] = ()  # further phrases of `text` shown in bold


@dataclass(frozen=True)
class Contact:
    """A way to reach the ISN (email, Mattermost channel…)."""

    id: str
    label: str
    value: str  # "dinum@beta.gouv.fr", "~incubateur-animation"
    url: str = ""


@dataclass(frozen=True)
class Topic:
    """Something one can ask "what is X" about: the ISN, OPI, the EIG programme, FAST…"""

    id: str
    title: str
    text: str
    aliases: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # bullet points
    links: tuple[Link, ...] = ()
    # an umbrella subject (the ISN, the DINUM): gives way to any other subject of the question
    broad: bool = False


@dataclass(frozen=True)
class Example:
    """A question written in the knowledge with the intent and subject it must yield."""

    question: str
    intent: str
    subject: str = ""


# `JobPosting.date` shadows the type inside the class body: annotate with this alias.
_Day = date


@dataclass(frozen=True)
class JobPosting:
    """A job posting (fiche de poste) in the beta.gouv.fr site's Markdown format."""

    slug: str  # file name without ".md"
    path: str
    title: str
    roles: tuple[str, ...] = ()
    open: bool = False  # the front matter's `open`: the only authority
    date: _Day | None = None
    depublication_date: _Day | None = None
    excerpt: str = ""
    domains: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()  # Mattermost usernames
    url: str = ""  # external link, when known
    startup: str = ""
    apply: str = ""  # how to apply, when the posting says it
    # the body's paragraphs and list items, each with its section heading (for passages)
    pieces: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def is_open(self, today: _Day) -> bool:
        """Open, and not depublished on or before `today`."""
        if not self.open:
            return False
        return self.depublication_date is None or self.depublication_date > today


@dataclass(frozen=True)
class Knowledge:
    """Everything betabot knows, loaded and validated as one value."""

    people: Mapping[str, Person] = field(default_factory=dict)
    poles: tuple[Pole, ...] = ()
    portfolios: tuple[Portfolio, ...] = ()
    reasons: tuple[Reason, ...] = ()
    engagements: tuple[Engagement, ...] = ()
    engagements_intro: str = ""
    engagements_outro: str = ""  # the sentence after the engagements
    contacts: tuple[Contact, ...] = ()
    topics: tuple[Topic, ...] = ()
    # intent -> phrases that signal it ("c'est quoi", "pourquoi"…), and words to ignore
    cues: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fillers: tuple[str, ...] = ()
    # aliases that name several subjects on purpose ("CNAM"): answered with every option
    ambiguous: tuple[str, ...] = ()
    # English word or phrase (folded) -> the French words read in its place ("" drops it)
    english: Mapping[str, str] = field(default_factory=dict)
    # frequent English words: a question made of enough of them is read in English
    english_words: tuple[str, ...] = ()
    # a members' abbreviation (folded, one word: « ptf ») -> the words it stands for
    abbreviations: Mapping[str, str] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    postings: tuple[JobPosting, ...] = ()
    # postings that could not be read: skipped, never fatal (`betabot check` prints them)
    posting_problems: tuple[Problem, ...] = ()
    # alias text -> folded, filler words dropped, as the loader's check computed it: the alias
    # index reuses it instead of folding every alias a second time
    alias_keys: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
