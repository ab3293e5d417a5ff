"""The alias index of a Knowledge: aliases, cues and name words folded once.

Lookups in it: `alias_hits` (the aliases a question spells), `cues` (the intents it signals).
"""

# Aliases and questions are folded with `text.fold` and filler words dropped on both sides,
# so every rapidfuzz call gets pre-folded strings and `processor=None`.

import functools
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge, Pole
from bot.knowledge.text import fold
from bot.understanding.candidates import Candidates

MATCH_THRESHOLD = 85  # 0-100: a fuzzy subject or cue below this is not trusted
FUZZY_MIN_CHARS = 5  # shorter words and aliases ("rh", "ars", "fast") must match exactly
MAX_NGRAM = 6  # words: longer aliases are only matched exactly up to this length

T = TypeVar("T")


@dataclass(frozen=True)
class Target:
    """Where an alias leads."""

    intent: str
    subject: str
    label: str


STEM_KEY = 3  # letters: « réorganis* » is looked up by « reo »; a stem is at least this long


@dataclass
class AliasIndex:
    """Aliases and cues of one Knowledge, folded once."""

    fillers: frozenset[str]
    aliases: dict[str, list[Target]] = field(default_factory=dict)
    by_words: dict[int, list[str]] = field(default_factory=dict)
    fuzzy: dict[int, Candidates] = field(default_factory=dict)  # by_words, filtered by bound
    cues: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    fuzzy_cues: dict[str, list[str]] = field(default_factory=dict)
    fuzzy_cue_words: list[str] = field(default_factory=list)  # fuzzy_cues' keys, listed once
    max_cue: int = 1
    # a word of a person's name ("adrien") -> the people it may mean: only ever suggested
    name_words: dict[str, list[Target]] = field(default_factory=dict)
    names: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)  # id -> name, words
    # subject id -> its folded alias keys (what a question naming it may contain)
    keys_of: dict[str, list[str]] = field(default_factory=dict)
    outside: set[tuple[str, ...]] = field(default_factory=set)  # out-of-scope phrases
    max_outside: int = 1
    # words of an out-of-scope request (a rumour, a restaurant…): doubt, not a verdict
    offtopic: set[tuple[str, ...]] = field(default_factory=set)
    max_offtopic: int = 1
    offtopic_first: frozenset[str] = frozenset()
    # « supprim* »: phrases whose last word is any word starting so, by that word's first letters
    offtopic_stems: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    broad: frozenset[str] = frozenset()  # umbrella topics (« englobant »)
    umbrella_words: frozenset[str] = frozenset()  # their one-word aliases
    # first words of the cues and out-of-scope phrases: only there can one start
    cue_first: frozenset[str] = frozenset()
    outside_first: frozenset[str] = frozenset()
    alias_first: frozenset[str] = frozenset()  # first words of the alias keys
    # a first word of alias keys -> words of the longest key it starts (`alias_ngrams`)
    alias_longest: dict[str, int] = field(default_factory=dict)
    # pôle id -> stem of a word of its members' titles -> the roles whose title holds it
    # (« experts » → the six « Expert(e) accélération »), only for words some members lack
    title_words: dict[str, dict[str, list[Target]]] = field(default_factory=dict)


def title_stem(word: str) -> str:
    """A folded word without its plural and feminine ends: « expertes » → « expert »."""
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    while len(word) > 3 and word.endswith("e"):  # « chargée » and « chargé » → « charg »
        word = word[:-1]
    return word


def strip_fillers(words: Iterable[str], fillers: frozenset[str]) -> list[str]:
    """`words` without the filler words."""
    return [w for w in words if w not in fillers]


def _add_alias(index: AliasIndex, alias: str, target: Target, keys: Mapping[str, str]) -> None:
    key = keys.get(alias)
    if key is None:
        key = " ".join(strip_fillers(fold(alias).split(), index.fillers) or fold(alias).split())
    if not key:
        return
    words = key.split()
    targets = index.aliases.setdefault(key, [])
    if target not in targets:
        targets.append(target)
    index.keys_of.setdefault(target.subject, []).append(key)
    if len(targets) == 1 and len(key) >= FUZZY_MIN_CHARS:
        index.by_words.setdefault(len(words), []).append(key)


def _targets(knowledge: Knowledge) -> Iterable[tuple[str, Target]]:
    """Every (alias, target) of the knowledge, canonical names included."""
    for portfolio in knowledge.portfolios:
        for ministry in portfolio.ministries:
            target = Target("portfolio", ministry.id, ministry.name)
            yield from ((a, target) for a in (ministry.name, *ministry.aliases))
    for person in knowledge.people.values():
        target = Target("person", person.id, person.name)
        yield from ((a, target) for a in (person.name, *person.aliases))
    for pole in knowledge.poles:
        target = Target("pole", pole.id, pole.name)
        yield from ((a, target) for a in (pole.name, *pole.aliases))
        for role in pole.members:
            holder = knowledge.people.get(role.person_id)
            label = f"{holder.name if holder else role.person_id} ({role.title})"
            target = Target("role", f"{pole.id}/{role.person_id}", label)
            yield from ((a, target) for a in role.aliases)
    for topic in knowledge.topics:
        target = Target("topic", topic.id, topic.title)
        yield from ((a, target) for a in (topic.title, *topic.aliases))


def _build(knowledge: Knowledge) -> AliasIndex:
    index = AliasIndex(fillers=frozenset(w for f in knowledge.fillers for w in fold(f).split()))
    index.broad = frozenset(t.id for t in knowledge.topics if t.broad)
    for alias, target in _targets(knowledge):
        _add_alias(index, alias, target, knowledge.alias_keys)
    for person in knowledge.people.values():
        index.names[person.id] = (person.name, frozenset(fold(person.name).split()))
        for word in fold(person.name).split():
            if len(word) >= FUZZY_MIN_CHARS - 1 and word not in index.fillers:
                index.name_words.setdefault(word, []).append(
                    Target("person", person.id, person.name)
                )
    index.umbrella_words = frozenset(  # one-word names: « isn », « incubateur », « dinum »
        k for s in index.broad for k in index.keys_of.get(s, []) if " " not in k
    )
    for intent, phrases in knowledge.cues.items():
        for phrase in phrases:
            words = tuple(fold(phrase).split())
            if not words:
                continue
            if intent == "others":  # read by `whose.someone_elses` only
                continue
            if intent == "outside":  # matched exactly, apart from the other cues
                index.outside.add(words)
                index.max_outside = max(index.max_outside, len(words))
                continue
            if intent == "offtopic":  # the same, weighed by `confidence.doubt`
                if phrase.rstrip().endswith("*") and len(words[-1]) >= STEM_KEY:  # any ending
                    stem = words[-1]
                    entry = (words[:-1], stem)
                    index.offtopic_stems.setdefault(stem[:STEM_KEY], []).append(entry)
                else:
                    index.offtopic.add(words)
                index.max_offtopic = max(index.max_offtopic, len(words))
                continue
            index.cues.setdefault(words, []).append(intent)
            index.max_cue = max(index.max_cue, len(words))
            if len(words) == 1 and len(words[0]) >= FUZZY_MIN_CHARS:
                index.fuzzy_cues.setdefault(words[0], []).append(intent)
    index.fuzzy_cue_words = list(index.fuzzy_cues)
    index.fuzzy = {n: Candidates.of(keys) for n, keys in index.by_words.items()}
    index.cue_first = frozenset(words[0] for words in index.cues)
    index.outside_first = frozenset(words[0] for words in index.outside)
    index.offtopic_first = frozenset(words[0] for words in index.offtopic)
    for key in index.aliases:
        parts = key.split()
        index.alias_longest[parts[0]] = max(index.alias_longest.get(parts[0], 0), len(parts))
    index.alias_first = frozenset(index.alias_longest)
    index.title_words = {p.id: _title_words(knowledge, p, index.fillers) for p in knowledge.poles}
    return index


def _title_words(
    knowledge: Knowledge, pole: Pole, fillers: frozenset[str]
) -> dict[str, list[Target]]:
    """Stems of the pôle's title nouns held by some members but not all, and their roles.

    The noun of a French title is its first word (« Experte accélération », « chargée du
    support », « coach produit »); the rest says of what (« Incubateur » in « Chef du
    département Incubateur… » is not what its holder is).
    """
    found: dict[str, list[Target]] = {}
    for role in pole.members:
        holder = knowledge.people.get(role.person_id)
        label = f"{holder.name if holder else role.person_id} ({role.title})"
        target = Target("role", f"{pole.id}/{role.person_id}", label)
        nouns = [w for w in fold(role.title).split() if w not in fillers][:1]
        for stem in {title_stem(w) for w in nouns}:
            found.setdefault(stem, []).append(target)
    return {s: t for s, t in found.items() if len(t) < len(pole.members)}


@once_per_knowledge
def alias_index(knowledge: Knowledge) -> AliasIndex:
    """The index of `knowledge`, built once per Knowledge object."""
    return _build(knowledge)


def once_per_index(build: Callable[[AliasIndex], T]) -> Callable[[AliasIndex], T]:
    """`build` run once per AliasIndex, its value dropped with the index: with its Knowledge,
    which keeps the index (`alias_index`), not with a later one (a reload builds a new one).

    Values are keyed by `id()` and dropped when their index is collected, before its id can
    be reused, as `once_per_knowledge` does for a Knowledge; `values` holds them (tests).
    """
    values: dict[int, T] = {}

    @functools.wraps(build)
    def value_of(index: AliasIndex) -> T:
        try:
            return values[id(index)]
        except KeyError:
            value = values[id(index)] = build(index)
            weakref.finalize(index, values.pop, id(index), None)
            return value

    value_of.values = values  # type: ignore[attr-defined]
    return value_of
