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
never rewritten. A word that is an alias itself may be completed beside the other words of
an alias (« pôle coach », « produits incub » are « pôle Coaching », « produits incubés »).

Abbreviations a maintainer lists in intentions.yaml (« abreviations »: « ptf » →
« portefeuille ») are read in full wherever they are typed (`expand`), before the completion.

The question is rewritten in its own text, punctuation kept, so that every later step
(subject, cues, coverage, passages) reads the completed words.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import MAX_NGRAM, Target, alias_index
from bot.understanding.passages import passage_index

MIN_PREFIX = 4  # letters: a shorter beginning (« acc », « dev ») is too many words' beginning
ALONE_MIN_PREFIX = 6  # letters: a word alone is completed only from this long a beginning
_WORD = re.compile(r"[^\W_]+")


@dataclass
class Completions:
    """The aliases of several words of one Knowledge, by their words' first letters."""

    fillers: frozenset[str]
    aliases: frozenset[str]  # every folded alias key, to leave exact ones alone
    # words' first MIN_PREFIX letters -> alias keys (as word tuples) -> what they name
    heads: dict[tuple[str, ...], dict[tuple[str, ...], frozenset[str]]] = field(
        default_factory=dict
    )
    # every proper beginning (MIN_PREFIX letters or more) of a word of those aliases
    beginnings: frozenset[str] = frozenset()
    # a beginning of ALONE_MIN_PREFIX letters or more, no alias word itself, whose aliases
    # all name the same subjects -> the shortest one-word alias it begins (« accessib »)
    alone: dict[str, str] = field(default_factory=dict)
    # the beginnings and the listed abbreviations: a question holding none is left as it is
    triggers: frozenset[str] = frozenset()


def _head(word: str) -> str:
    return word[:MIN_PREFIX]


@once_per_knowledge
def completions(knowledge: Knowledge) -> Completions:
    """The completion index of `knowledge`, built once per Knowledge."""
    index = alias_index(knowledge)
    found = Completions(index.fillers, frozenset(index.aliases))
    beginnings: set[str] = set()
    for key, targets in index.aliases.items():
        words = tuple(key.split())
        if not 2 <= len(words) <= MAX_NGRAM:
            continue
        named = frozenset(t.subject for t in targets)  # « experts accélération »: six roles
        found.heads.setdefault(tuple(map(_head, words)), {})[words] = named
        for word in words:
            beginnings.update(word[:n] for n in range(MIN_PREFIX, len(word)))
    found.beginnings = frozenset(beginnings)
    # « prefect » begins « préfecture » but is an English word the vocabulary reads (« préfet »)
    english = {w for phrase in knowledge.english for w in phrase.split()}
    found.alone = {b: w for b, w in _alone(index.aliases).items() if b not in english}
    found.triggers = found.beginnings | frozenset(knowledge.abbreviations) | set(found.alone)
    return found


def _alone(aliases: Mapping[str, list[Target]]) -> dict[str, str]:
    """Beginning -> the one-word alias a word alone so typed means (`Completions.alone`)."""
    whole = {word for key in aliases for word in key.split()}
    named: dict[str, set[frozenset[str]]] = {}
    single: dict[str, list[str]] = {}
    for key, targets in aliases.items():
        subjects = frozenset(t.subject for t in targets)
        words = key.split()
        for word in words:
            for n in range(ALONE_MIN_PREFIX, len(word)):
                named.setdefault(word[:n], set()).add(subjects)
                if len(words) == 1:
                    single.setdefault(word[:n], []).append(key)
    return {
        begun: min(keys, key=len)
        for begun, keys in single.items()
        if len(named[begun]) == 1 and begun not in whole
    }


def _begins(typed: str, word: str, beginnings: frozenset[str]) -> bool:
    return typed == word or (typed in beginnings and word.startswith(typed))


def _completed_words(table: Completions, words: list[str]) -> dict[int, str]:
    """Position in `words` -> the alias word it begins, for the alias n-grams found."""
    if table.beginnings.isdisjoint(words):
        return {}  # no word of the question begins a word of an alias: the usual case
    at = [i for i, w in enumerate(words) if w not in table.fillers]
    content = [words[i] for i in at]
    done: dict[int, str] = {}
    for n in range(min(MAX_NGRAM, len(content)), 1, -1):
        for start in range(len(content) - n + 1):
            typed = content[start : start + n]
            if table.beginnings.isdisjoint(typed) or " ".join(typed) in table.aliases:
                continue
            if any(at[start + k] in done for k in range(n)):
                continue
            keys = table.heads.get(tuple(map(_head, typed)), {})
            matching = [
                key
                for key in keys
                if all(_begins(t, w, table.beginnings) for t, w in zip(typed, key, strict=True))
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
    if table.triggers.isdisjoint(fold(text).split()):
        return text  # the usual question: one set test
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
        i: table.alone[w]
        for i, w in enumerate(words)
        if i not in done and w in table.alone and w not in table.fillers
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
