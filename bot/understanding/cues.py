"""The intents that cue phrases signal in a question: exactly, word by word, or one word closely.

What `find_cues` derives from an alias index (the cues as a tree of words, the closest cue of
each word seen) is kept per index, as long as it lives.
"""

import weakref
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from bot.understanding.aliases import FUZZY_MIN_CHARS, MATCH_THRESHOLD, AliasIndex
from bot.understanding.candidates import Candidates

SHORT_WORD_CHARS = 9  # a word shorter than this matches a cue fuzzily only from SHORT_CUE_THRESHOLD
SHORT_CUE_THRESHOLD = 90  # 0-100: "Charente" (86 against "charte") is a place, not a cue


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
