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


def _fold(text: str) -> str:
    if text.isascii():  # nothing to strip, expand or decompose
        return _NON_WORD.sub(" ", text.lower()).strip()
    text = strip_invisible(text).translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", bare).strip()


def tokens(text: str) -> list[str]:
    """Split folded text into words."""
    folded = fold(text)
    return folded.split() if folded else []
