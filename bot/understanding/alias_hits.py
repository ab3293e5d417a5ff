"""The aliases a question's words spell, exactly or closely, and the n-grams that may spell one."""

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.understanding.aliases import FUZZY_MIN_CHARS, MAX_NGRAM, AliasIndex, Target


@dataclass
class Hit:
    """A subject found in the question."""

    key: str
    score: float
    words: int
    targets: list[Target]


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
