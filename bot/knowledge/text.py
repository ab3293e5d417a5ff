"""The one text normaliser: every comparison of words goes through `fold`."""

import functools
import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
# Zero-width and bidi control characters: dropped so that "@\u200bchannel" folds like "@channel".
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def strip_invisible(text: str) -> str:
    """Remove zero-width, soft-hyphen and bidirectional control characters."""
    return _INVISIBLE.sub("", text)


_CACHED_CHARS = 200  # short texts (names, titles, aliases, most questions) are folded once


def fold(text: str) -> str:
    """Fold text for matching: lower case, no accents, œ/æ expanded, punctuation as spaces.

    The result holds only ``[0-9a-z]`` words separated by single spaces.
    """
    return _fold_cached(text) if len(text) <= _CACHED_CHARS else _fold(text)


@functools.lru_cache(maxsize=4096)  # at most 4096 texts of 200 characters
def _fold_cached(text: str) -> str:
    return _fold(text)


class _FoldTable(dict[int, str]):
    """What each character folds to, computed on first sight (for `str.translate`).

    Folding is per character: casefold and NFKD decomposition are context-free, and the one
    reordering NFKD does only moves combining marks, which are dropped. So one `translate`
    gives what the whole-string pipeline gives (a test compares them) at a fraction of the
    cost: loading 100 times the shipped knowledge folds 130,000 aliases (bench_scale.py).
    """

    def __missing__(self, code: int) -> str:
        char = strip_invisible(chr(code)).translate(_LIGATURES)
        decomposed = unicodedata.normalize("NFKD", char.casefold())
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        if len(self) < _TABLE_CHARS:  # bounded: any text may bring any character
            self[code] = folded
        return folded


_TABLE_CHARS = 4096
_FOLD_TABLE = _FoldTable()


def _fold(text: str) -> str:
    if text.isascii():  # nothing to strip, expand or decompose
        return _NON_WORD.sub(" ", text.lower()).strip()
    return _NON_WORD.sub(" ", text.translate(_FOLD_TABLE)).strip()


_NON_WORD_OR_LINE = re.compile(r"[^0-9a-z\n]+")


def fold_all(texts: list[str]) -> list[str]:
    """`[fold(t) for t in texts]`, in one pass over all of them (the 66,000 aliases at 100x).

    Folding is per character, and a line feed folds to itself: the texts are folded joined
    by line feeds, then split again. Texts that hold a line feed are folded one by one.
    """
    joined = "\n".join(texts)
    if joined.count("\n") != max(len(texts) - 1, 0):
        return [fold(t) for t in texts]
    folded = joined.lower() if joined.isascii() else joined.translate(_FOLD_TABLE)
    lines = _NON_WORD_OR_LINE.sub(" ", folded).split("\n")
    return [line.strip() for line in lines] if texts else []


def tokens(text: str) -> list[str]:
    """Split folded text into words."""
    folded = fold(text)
    return folded.split() if folded else []
