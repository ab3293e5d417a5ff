import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.knowledge import text as text_module
from bot.knowledge.text import fold, fold_all, strip_invisible, tokens


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


def _fold_whole_string(text: str) -> str:
    """The folding pipeline applied to the whole text, as `fold` did before its table."""
    import unicodedata

    text = strip_invisible(text).translate(text_module._LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text_module._NON_WORD.sub(" ", bare).strip()


@given(st.text())
def test_fold_character_by_character_equals_folding_the_whole_text(text: str) -> None:
    assert text_module._fold(text) == _fold_whole_string(text)


def test_fold_equals_folding_the_whole_text_for_combining_marks_in_any_order() -> None:
    text = "e\u0301\u0327 E\u0327\u0301 \u1e09 \u01c4 \ufb01 \u2460 \u00bd Å ǅ ΐ"
    assert text_module._fold(text) == _fold_whole_string(text) == "e e c dz fi 1 1 2 a dz"


def test_the_fold_table_keeps_at_most_4096_characters() -> None:
    many = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 5000))
    assert fold(many) == ""
    assert len(text_module._FOLD_TABLE) == 4096
    assert text_module._fold("\u00e9" + many[-1] + "\u00c9") == "e e"


@given(st.lists(st.text(max_size=30), max_size=8))
def test_fold_all_folds_each_text_like_fold(texts: list[str]) -> None:
    assert fold_all(texts) == [fold(t) for t in texts]


def test_fold_all_keeps_texts_with_a_line_feed_apart() -> None:
    assert fold_all(["Élise\nMartin", "", "CTO !"]) == ["elise martin", "", "cto"]
    assert fold_all([]) == []
