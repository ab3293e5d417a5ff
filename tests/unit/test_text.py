import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.knowledge import text as text_module
from bot.knowledge.text import fold, strip_invisible, tokens


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Qui s'occupe de la SANTÉ ?", "qui s occupe de la sante"),
        ("Maël Inizan", "mael inizan"),
        ("Œuvre, cœur, Æsop", "oeuvre coeur aesop"),
        ("  plusieurs   espaces\n\tet lignes ", "plusieurs espaces et lignes"),
        ("Marine-Pétroline", "marine petroline"),
        ("@\u200bchannel", "channel"),
        ("\uff46\uff55\uff4c\uff4c \uff57\uff49\uff44\uff54\uff48", "full width"),
        ("Straße", "strasse"),
        ("?!…", ""),
        ("", ""),
    ],
)
def test_fold_lowers_strips_accents_and_punctuation(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_tokens_splits_folded_words() -> None:
    assert tokens("C'est quoi le FAST ?") == ["c", "est", "quoi", "le", "fast"]


def test_tokens_of_punctuation_only_is_empty() -> None:
    assert tokens("¿¡ — !") == []


def test_strip_invisible_removes_zero_width_and_bidi_characters() -> None:
    assert strip_invisible("@\u200bch\u200dan\u2060nel\u202e\ufeff") == "@channel"


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_fast_path_folds_like_the_full_path(text: str) -> None:
    # The appended " é" sends the same text through the full (non-ASCII) path.
    assert fold(text + " é") == f"{fold(text)} e".strip()


@given(st.text())
def test_long_texts_fold_like_short_ones(text: str) -> None:
    # Past 200 characters the result is not cached: trailing spaces change nothing else.
    assert fold(text + " " * 300) == fold(text)


def test_the_fold_cache_keeps_short_texts_only_and_at_most_4096() -> None:
    cache = text_module._fold_cached
    for i in range(5000):
        fold(f"question numéro {i}")
    assert cache.cache_info().currsize == 4096
    before = cache.cache_info()
    assert fold("é" * 201) == "e" * 201
    assert cache.cache_info().currsize == before.currsize
    assert cache.cache_info().misses == before.misses  # never looked up: not cached
