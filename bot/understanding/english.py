"""English questions, read in French: the vocabulary of intentions.yaml (« anglais »).

A question detected as English (`reads_english`: enough words of « mots_anglais ») has its
English words and phrases replaced by the French words the knowledge already knows (« who is in
charge of » → « qui s'occupe de », « housing » → « logement »), longest phrase first,
punctuation kept so that sentences stay sentences; the French reading then runs on that text.
A French question not understood is read once more this way when one of its words starts a
phrase of the vocabulary (`has_english_words`, a set test); French questions understood never
come here.
"""

import re
from dataclasses import dataclass

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold

ENGLISH_SHARE = 0.25  # share of a question's words that are frequent English words
ENGLISH_MIN = 2  # and at least this many of them


@once_per_knowledge
def _frequent(knowledge: Knowledge) -> frozenset[str]:
    return frozenset(w for text in knowledge.english_words for w in fold(text).split())


def reads_english(words: list[str], knowledge: Knowledge) -> bool:
    """Whether folded `words` read as English: enough frequent English words (« mots_anglais »)."""
    frequent = _frequent(knowledge)
    if frequent.isdisjoint(words):
        return False  # most questions: no frequent English word at all, no count
    hits = sum(w in frequent for w in words)
    return hits >= ENGLISH_MIN and hits >= ENGLISH_SHARE * len(words)


@dataclass(frozen=True)
class Vocabulary:
    """The English phrases of one knowledge as one pattern, and what each becomes."""

    pattern: re.Pattern[str] | None
    french: dict[str, str]


@once_per_knowledge
def vocabulary(knowledge: Knowledge) -> Vocabulary:
    """The vocabulary of `knowledge`, compiled once (longest phrases tried first)."""
    keys = sorted(knowledge.english, key=lambda k: (-k.count(" "), -len(k)))
    if not keys:
        return Vocabulary(None, {})
    # « don t » matches « don't », « dont » does not: words are separated by non-words.
    parts = (r"[^0-9a-z]+".join(map(re.escape, k.split())) for k in keys)
    # « @all », « @channel » are mentions, not English words: never replaced.
    pattern = re.compile(r"(?<![\w@])(?:" + "|".join(parts) + r")(?!\w)", re.I)
    return Vocabulary(pattern, dict(knowledge.english))


@once_per_knowledge
def _first_words(knowledge: Knowledge) -> frozenset[str]:
    return frozenset(k.split()[0] for k in knowledge.english)


def has_english_words(words: list[str], knowledge: Knowledge) -> bool:
    """Whether some folded word of `words` may start a phrase of the vocabulary (a set test)."""
    return not _first_words(knowledge).isdisjoint(words)


def in_french(text: str, knowledge: Knowledge) -> str:
    """`text` with every English word or phrase of the vocabulary replaced by its French."""
    words = vocabulary(knowledge)
    if words.pattern is None:
        return text
    french = words.french
    return words.pattern.sub(lambda m: french.get(fold(m.group(0)), m.group(0)), text)
