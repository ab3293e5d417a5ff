"""Words typed as their beginning (« pôle accé », « pole anim »), completed from the aliases.

Members shorten the names they use every day: « le pôle accé », « pole anim c qui ».
A word is completed only where the question itself says which alias it shortens: beside
the other words of one alias of several words, typed in full (« pôle », « initiatives
citoyennes »), and when every alias so spelled names the same subjects (« experts accél »:
the six roles of « experts accélération »). « pôle accé » is
then « pôle Accélération »: the only alias « pôle acc… » of the knowledge (the AIC pôle is
« pôle AIC », its long name « Accélérateur d'initiatives citoyennes » is always typed with
its other words, which then complete « accé initiatives citoyennes » to it instead).

A word alone is completed only from ALONE_MIN_PREFIX letters, when every alias holding a
word it begins names the same subjects, and when it is no word of its own (no alias word, no
English word of the vocabulary, no passage's, not in the French dictionary): « qui gère
l'accessib ? » is accessibility. « accé », « accélé » begin « accélération » and
« accélérateur », « comm » many words, and a real word (« format », « social ») begins
others: not completed, the fuzzy reading and its thresholds stay the judges there.

A completed word begins the alias's word with at least MIN_PREFIX letters and differs from
it (« Charente » begins no « charte »): place names and other words outside the aliases are
never rewritten. A word that is an alias by itself keeps its subject: it is completed only
into an alias of the same (« pole accel » is « pôle Accélération »; « pôle produits incub »
stays « incub », the ISN, and « pôle coach » the coaches).

The index sorts the words of the aliases once per Knowledge; whether a word begins some of
them is a bisection, done the first time a question holds that word and then kept.

Abbreviations a maintainer lists in intentions.yaml (« abreviations »: « ptf » →
« portefeuille ») are read in full wherever they are typed (`expand`), before the completion.

The question is rewritten in its own text, punctuation kept, so that every later step
(subject, cues, coverage, passages) reads the completed words.
"""

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import MAX_NGRAM, alias_index
from bot.understanding.passages import passage_index

MIN_PREFIX = 4  # letters: a shorter beginning (« acc », « dev ») is too many words' beginning
ALONE_MIN_PREFIX = 6  # letters: a word alone is completed only from this long a beginning
_WORD = re.compile(r"[^\W_]+")


MAX_KEPT_WORDS = 20_000  # words whose reading as a beginning is kept, per index
MIXED: frozenset[str] = frozenset({""})  # the subjects of a word whose aliases name several


@dataclass
class Completions:
    """The words of one Knowledge's aliases, sorted (a beginning is a range of them)."""

    fillers: frozenset[str]
    aliases: Mapping[str, object]  # the alias index's keys, to leave exact ones alone
    # words' first MIN_PREFIX letters -> alias keys (as word tuples) -> what they name
    heads: dict[tuple[str, ...], dict[tuple[str, ...], frozenset[str]]] = field(
        default_factory=dict
    )
    several: list[str] = field(default_factory=list)  # words of aliases of several words, sorted
    ones: dict[str, frozenset[str]] = field(default_factory=dict)  # one-word alias -> subjects
    # every word of an alias -> the subjects its aliases name (MIXED: not all the same ones);
    # those words, sorted
    named: dict[str, frozenset[str]] = field(default_factory=dict)
    ordered: list[str] = field(default_factory=list)
    english: frozenset[str] = frozenset()  # « prefect » is read « préfet », not « préfecture »
    abbreviations: frozenset[str] = frozenset()
    # word -> (whether it begins a word of an alias of several words, the one-word alias it
    # means alone or ""): found by bisection the first time a question holds the word
    kept: dict[str, tuple[bool, str]] = field(default_factory=dict)


def _head(word: str) -> str:
    return word[:MIN_PREFIX]


@once_per_knowledge
def completions(knowledge: Knowledge) -> Completions:
    """The completion index of `knowledge`, built once per Knowledge (sorting its words)."""
    index = alias_index(knowledge)
    found = Completions(index.fillers, index.aliases)
    several: set[str] = set()
    shared: dict[object, frozenset[str]] = {}  # one set per subjects: less memory
    named, ones, heads = found.named, found.ones, found.heads
    for key, targets in index.aliases.items():
        # « experts accélération »: six roles; most aliases name one subject
        ids: object = targets[0].subject if len(targets) == 1 else tuple(t.subject for t in targets)
        subjects = shared.get(ids)
        if subjects is None:
            subjects = shared[ids] = frozenset(ids if isinstance(ids, tuple) else (ids,))
        words = (key,) if " " not in key else tuple(key.split())
        for word in words:
            before = named.setdefault(word, subjects)
            if before is not subjects and before != subjects:
                named[word] = MIXED
        if len(words) == 1:
            ones[key] = subjects
        elif len(words) <= MAX_NGRAM:
            heads.setdefault(tuple(w[:MIN_PREFIX] for w in words), {})[words] = subjects
            several.update(words)
    found.several = sorted(several)
    found.ordered = sorted(found.named)
    found.english = frozenset(w for phrase in knowledge.english for w in phrase.split())
    found.abbreviations = frozenset(knowledge.abbreviations)
    return found


def _begins_some(ordered: list[str], typed: str) -> bool:
    """Whether some longer word of `ordered` (sorted) begins with `typed`."""
    at = bisect_right(ordered, typed)  # past `typed` itself: the next word, if it begins so
    return at < len(ordered) and ordered[at].startswith(typed)


def _alone(table: Completions, typed: str) -> str:
    """The shortest one-word alias among the alias words `typed` begins, if they all name the
    same subjects (stops at the second subjects)."""
    subjects: frozenset[str] | None = None
    shortest = ""
    for at in range(bisect_right(table.ordered, typed), len(table.ordered)):
        word = table.ordered[at]
        if not word.startswith(typed):
            break
        if subjects is None:
            subjects = table.named[word]
        # compared by value: read back from betabot ask's cache, MIXED is another object
        if table.named[word] != subjects or subjects == MIXED:
            return ""
        if word in table.ones and (not shortest or len(word) < len(shortest)):
            shortest = word
    return shortest


def _reading(table: Completions, word: str) -> tuple[bool, str]:
    """Whether `word` begins a word of an alias of several words, and what it means alone."""
    kept = table.kept.get(word)
    if kept is not None:
        return kept
    begins = len(word) >= MIN_PREFIX and _begins_some(table.several, word)
    alone = ""
    if len(word) >= ALONE_MIN_PREFIX and word not in table.named and word not in table.english:
        alone = _alone(table, word)
    if len(table.kept) >= MAX_KEPT_WORDS:
        table.kept.clear()
    table.kept[word] = (begins, alone)
    return begins, alone


_NOTHING = (False, "")


def _begins(table: Completions, typed: str, word: str, subjects: frozenset[str]) -> bool:
    """Whether `typed` is `word` or begins it, for an alias naming `subjects`.

    A word that is an alias of other subjects by itself keeps them (« incub » is the ISN, not
    the « produits incubés »; « coach » the coaches, not the Coaching pôle).
    """
    if typed == word:
        return True
    if not (_reading(table, typed)[0] and word.startswith(typed)):
        return False
    return table.ones.get(typed, subjects) == subjects


def _completed_words(table: Completions, words: list[str]) -> dict[int, str]:
    """Position in `words` -> the alias word it begins, for the alias n-grams found."""
    begun = {w for w in words if _reading(table, w)[0]}
    if not begun:
        return {}  # no word of the question begins a word of an alias: the usual case
    at = [i for i, w in enumerate(words) if w not in table.fillers]
    content = [words[i] for i in at]
    done: dict[int, str] = {}
    for n in range(min(MAX_NGRAM, len(content)), 1, -1):
        for start in range(len(content) - n + 1):
            typed = content[start : start + n]
            if begun.isdisjoint(typed) or " ".join(typed) in table.aliases:
                continue
            if any(at[start + k] in done for k in range(n)):
                continue
            keys = table.heads.get(tuple(map(_head, typed)), {})
            matching = [
                key
                for key in keys
                if all(_begins(table, t, w, keys[key]) for t, w in zip(typed, key, strict=True))
            ]
            # one word at least typed in full says which alias it is; one subject only
            named = {keys[key] for key in matching}
            full = [key for key in matching if any(t == w for t, w in zip(typed, key, strict=True))]
            if len(named) != 1 or not full:
                continue
            for k, word in enumerate(full[0]):
                done[at[start + k]] = word
    return done


def expand(text: str, knowledge: Knowledge) -> str:
    """`text` with each abbreviation of intentions.yaml (« ptf ») replaced by its words."""
    listed = knowledge.abbreviations
    if not listed or listed.keys().isdisjoint(fold(text).split()):
        return text
    return _WORD.sub(lambda m: listed.get(fold(m.group(0)), m.group(0)), text)


def complete(text: str, knowledge: Knowledge) -> str:
    """`text` with its abbreviations expanded and each word typed as the beginning of an
    alias word completed (see above); `text` itself when nothing changes."""
    table = completions(knowledge)
    words = fold(text).split()
    if table.abbreviations.isdisjoint(words) and not any(
        len(w) >= MIN_PREFIX and _reading(table, w) != _NOTHING for w in words
    ):
        return text  # the usual question: a kept reading per word
    completed = _complete(table, expand(text, knowledge), knowledge)
    return text if completed == text else completed


def _alone_words(
    table: Completions, text: str, words: list[str], done: dict[int, str], knowledge: Knowledge
) -> None:
    """Add to `done` the words alone that begin one alias only (« qui gère l'accessib ? »).

    Only a word no passage holds (stemmed) and the French dictionary does not know, as typed:
    « format », « social », « commun » are words of their own, not beginnings.
    """
    found = {
        i: alone
        for i, w in enumerate(words)
        if i not in done and w not in table.fillers and (alone := _reading(table, w)[1])
    }
    if not found:
        return
    unseen = set(passage_index(knowledge, table.fillers).unseen([words[i] for i in found]))
    found = {i: word for i, word in found.items() if words[i] in unseen}
    if not found:
        return
    import simplemma  # its dictionary loads in about half a second: only for such words

    typed = [m.group(0).lower() for m in _WORD.finditer(text)]
    if len(typed) != len(words):
        return
    done.update(
        (i, word) for i, word in found.items() if not simplemma.is_known(typed[i], lang="fr")
    )


def _complete(table: Completions, text: str, knowledge: Knowledge) -> str:
    words = fold(text).split()
    done = _completed_words(table, words)
    _alone_words(table, text, words, done, knowledge)
    if not done:
        return text
    spans = [m.span() for m in _WORD.finditer(text)]
    if len(spans) != len(words) or any(len(fold(text[a:b]).split()) != 1 for a, b in spans):
        return text  # a token folding to several words (rare): left as typed
    parts: list[str] = []
    last = 0
    for i, (a, b) in enumerate(spans):
        if i in done and done[i] != words[i]:
            parts += [text[last:a], done[i]]
            last = b
    return "".join(parts) + text[last:]
