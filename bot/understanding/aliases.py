"""The alias index of a Knowledge: aliases, cues and name words folded once, and lookups in it."""

# Aliases and questions are folded with `text.fold` and filler words dropped on both sides,
# so every rapidfuzz call gets pre-folded strings and `processor=None`.

import weakref
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge, Pole
from bot.knowledge.text import fold
from bot.understanding.candidates import Candidates

MATCH_THRESHOLD = 85  # 0-100: a fuzzy subject or cue below this is not trusted
FUZZY_MIN_CHARS = 5  # shorter words and aliases ("rh", "ars", "fast") must match exactly
MAX_NGRAM = 6  # words: longer aliases are only matched exactly up to this length
SHORT_WORD_CHARS = 9  # a word shorter than this matches a cue fuzzily only from SHORT_CUE_THRESHOLD
SHORT_CUE_THRESHOLD = 90  # 0-100: "Charente" (86 against "charte") is a place, not a cue


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


@dataclass
class Hit:
    """A subject found in the question."""

    key: str
    score: float
    words: int
    targets: list[Target]


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


def ngrams(words: Sequence[str], longest: int) -> Iterable[tuple[int, int]]:
    """(start, end) of every n-gram, longest first."""
    for n in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - n + 1):
            yield start, start + n


def ngrams_from(
    words: Sequence[str], longest: int, firsts: Container[str]
) -> Iterable[tuple[int, int]]:
    """(start, end) of every n-gram whose first word is in `firsts`, in the order of `ngrams`.

    The same as `ngrams` skipping the other starts, without stepping through them.
    """
    starts = [at for at, word in enumerate(words) if word in firsts]
    for n in range(min(longest, len(words)), 0, -1) if starts else ():
        last = len(words) - n
        for start in starts:
            if start > last:
                break
            yield start, start + n


def alias_ngrams(index: AliasIndex, words: Sequence[str]) -> Iterable[tuple[int, int]]:
    """(start, end) of every n-gram an alias may spell, in the order of `ngrams` (MAX_NGRAM).

    Only from a word some alias starts with, and no longer than the longest of those aliases.
    """
    longest = index.alias_longest
    starts = [(at, longest[word]) for at, word in enumerate(words) if word in longest]
    for n in range(min(MAX_NGRAM, len(words)), 0, -1) if starts else ():
        last = len(words) - n
        for start, most in starts:
            if start > last:
                break
            if n <= most:
                yield start, start + n


def find_cues(
    index: AliasIndex, words: list[str], lengths: dict[str, int] | None = None
) -> tuple[dict[str, float], set[int]]:
    """Intents signalled by cue phrases, with their score, and the positions they cover.

    `lengths`, when given, receives the word count of each intent's longest cue.
    """
    found: dict[str, float] = {}
    used: set[int] = set()
    kept = _kept(index)
    spans: list[tuple[int, int, list[str]]] = []  # (start, end, intents) of each cue, in order
    for start, first in enumerate(words):  # only where a cue may start (or a plural one)
        node = kept.cue_tree.get(first)
        if node is None:
            plural = kept.plural_cues.get(first)  # « pôles »
            if plural is not None:
                spans.append((start, start + 1, plural))
            continue
        intents = node[0]
        if intents is None and first[-1:] in ("s", "x"):  # « pôles » (a longer cue starts so)
            intents = index.cues.get((first[:-1],))
        spans.append((start, start + 1, intents or []))
        end, later = start + 1, node[1]
        while later and end < len(words):  # a longer cue goes on as long as one starts so
            node = later.get(words[end])
            if node is None:
                break
            end, later = end + 1, node[1]
            spans.append((start, end, node[0] or []))
    for start, end, intents in spans:
        for intent in intents:
            found[intent] = 100.0
            used.update(range(start, end))
            if lengths is not None:
                lengths[intent] = max(lengths.get(intent, 0), end - start)
    if index.fuzzy_cues:
        closest = kept.closest
        for pos, word in enumerate(words):
            if pos in used or len(word) < FUZZY_MIN_CHARS or word in index.aliases:
                continue
            best = closest.get(word, _UNSEEN)
            if best is _UNSEEN:
                best = _closest_cue(index, word)
                if len(closest) >= MAX_KEPT_WORDS:
                    closest.clear()
                closest[word] = best
            if best is not None and not _prefixed(word, best[0]):
                for intent in index.fuzzy_cues[best[0]]:
                    found[intent] = max(found.get(intent, 0.0), best[1])
                used.add(pos)
    return found, used


_UNSEEN: Any = object()
# a cue word: the intents of the cue ending there (None: none does), the words that go on
_CueNode = tuple[list[str] | None, dict[str, Any]]
MAX_KEPT_WORDS = 20_000  # words whose closest cue is kept, per index; past it, all forgotten


@dataclass
class _Kept:
    """What find_cues derives from one index: built once, or kept as questions come."""

    # the cues as a tree of words: word -> (intents of the cue ending there, the next words)
    cue_tree: dict[str, _CueNode]
    plural_cues: dict[str, list[str]]  # « pôles » -> the intents of « pôle », when no cue starts so
    closest: dict[str, tuple[str, float] | None]  # word -> closest one-word cue, if close
    cue_words: Candidates  # the one-word cues fuzzy_cues may find (`_closest_cue`)


# id(index) -> the index (weakly) and what find_cues keeps for it; dropped with the index
_KEPT: dict[int, tuple[weakref.ref[AliasIndex], _Kept]] = {}


def _kept(index: AliasIndex) -> _Kept:
    """What find_cues keeps for `index`, as long as it lives (a reload builds a new one).

    Words repeat from question to question, and which one-word cue is closest to a word
    depends on nothing else: it is searched once per word.
    """
    entry = _KEPT.get(id(index))
    if entry is not None and entry[0]() is index:
        return entry[1]
    tree: dict[str, _CueNode] = {}
    for cue, intents in index.cues.items():
        later = tree
        for at, word in enumerate(cue):
            node = later.setdefault(word, (None, {}))
            if at == len(cue) - 1:
                node = later[word] = (intents, node[1])
            later = node[1]
    plurals = {
        cue[0] + end: intents
        for cue, intents in index.cues.items()
        if len(cue) == 1
        for end in ("s", "x")
        if cue[0] + end not in tree
    }
    kept = _Kept(tree, plurals, {}, Candidates.of(index.fuzzy_cue_words))
    _KEPT[id(index)] = (weakref.ref(index), kept)
    weakref.finalize(index, _KEPT.pop, id(index), None)
    return kept


def _closest_cue(index: AliasIndex, word: str) -> tuple[str, float] | None:
    """The one-word cue closest to `word` and its score, if any reaches the cutoff."""
    cutoff = SHORT_CUE_THRESHOLD if len(word) < SHORT_WORD_CHARS else MATCH_THRESHOLD
    choices = _kept(index).cue_words.possible(word, cutoff)  # those of a length that can reach it
    best = process.extractOne(word, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff)
    return None if best is None else (best[0], float(best[1]))


def _prefixed(word: str, cue: str) -> bool:
    """Whether one is the other with a prefix: « financement » is not « refinancement »."""
    return word != cue and (cue.endswith(word) or word.endswith(cue))


def exact_hit(
    index: AliasIndex, words: list[str], kinds: frozenset[str] | None = None
) -> Hit | None:
    """The longest alias spelled by `words` (the first of that length); only of `kinds` if given."""
    if index.alias_first.isdisjoint(words):
        return None  # no alias starts anywhere in the question
    for start, end in alias_ngrams(index, words):
        key = " ".join(words[start:end])
        targets = [t for t in index.aliases.get(key, []) if kinds is None or t.intent in kinds]
        if targets:
            return Hit(key, 100.0, end - start, targets)
    return None


def fuzzy_hits(
    index: AliasIndex, words: list[str], cutoff: float, exhaustive: bool = False
) -> list[Hit]:
    """Closest aliases of every n-gram, best first.

    Only the aliases that can reach `cutoff` are scored (bot.understanding.candidates);
    `exhaustive` scores them all, for the test that proves both give the same hits.
    """
    hits: list[Hit] = []
    for start, end in ngrams(words, MAX_NGRAM):
        probe = " ".join(words[start:end])
        choices = index.by_words.get(end - start)
        if len(probe) < FUZZY_MIN_CHARS or not choices:
            continue
        if exhaustive:
            found = [
                (key, float(score))
                for key, score, _ in process.extract(
                    probe, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=3
                )
            ]
        else:
            found = index.fuzzy[end - start].extract(probe, cutoff, limit=3)
        for key, score in found:
            hits.append(Hit(key, score, end - start, index.aliases[key]))
    hits.sort(key=lambda h: (-h.score, -h.words))
    return hits
