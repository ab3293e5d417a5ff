"""The candidate filter in front of the fuzzy search never changes what it finds.

`fuzzy_hits` scores only the aliases whose character bound can reach the cutoff
(bot/understanding/candidates.py); `exhaustive=True` scores every alias of the same word count,
as before the filter. Both must give the same hits, in the same order, with the same scores,
for every question we have, misspelt in several ways, at 1x and on a generated 2x knowledge.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from bench.scaled_knowledge import generate, tag
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.alias_hits import fuzzy_hits, ngrams
from bot.understanding.aliases import MATCH_THRESHOLD, MAX_NGRAM, alias_index, strip_fillers
from bot.understanding.candidates import Candidates
from bot.understanding.cues import SHORT_CUE_THRESHOLD, _closest_cue, _kept

ROOT = Path(__file__).resolve().parents[2]
CUTOFFS = (50.0, 72.0, 85.0)


def _misspelt(word: str) -> Iterator[str]:
    """`word`, then with a letter dropped, doubled, swapped with the next, replaced."""
    yield word
    for i in range(0, len(word), 3):
        yield word[:i] + word[i + 1 :]
        yield word[:i] + word[i] + word[i:]
        if i + 1 < len(word):
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        yield word[:i] + "e" + word[i + 1 :]


def _questions(knowledge: Knowledge) -> list[str]:
    data = yaml.safe_load((ROOT / "tests/data/questions.yaml").read_text(encoding="utf-8"))
    return [str(q[0]) for q in data["questions"]] + [e.question for e in knowledge.examples]


def _variants(text: str, fillers: frozenset[str]) -> Iterator[list[str]]:
    words = strip_fillers(fold(text).split(), fillers)
    yield words
    for pos, word in enumerate(words):
        for variant in _misspelt(word):
            yield [*words[:pos], variant, *words[pos + 1 :]]


def _same_hits(knowledge: Knowledge, texts: list[str]) -> int:
    """Compare, for every variant and cutoff, fuzzy_hits with and without the filter, and the
    filter forced on every list (the shipped lists are too short for it to be used) against
    rapidfuzz over the whole list, n-gram by n-gram."""
    index = alias_index(knowledge)
    forced = {n: Candidates.of(keys, filter_from=0) for n, keys in index.by_words.items()}
    compared = 0
    for text in texts:
        for words in _variants(text, index.fillers):
            for cutoff in CUTOFFS:
                for start, end in ngrams(words, MAX_NGRAM):
                    probe, choices = " ".join(words[start:end]), index.by_words.get(end - start)
                    if choices:
                        whole = process.extract(
                            probe,
                            choices,
                            scorer=fuzz.ratio,
                            processor=None,
                            score_cutoff=cutoff,
                            limit=3,
                        )
                        assert forced[end - start].extract(probe, cutoff, 3) == [
                            (key, float(score)) for key, score, _ in whole
                        ], (probe, cutoff)
                        compared += 1
            filtered = fuzzy_hits(index, words, 72.0)
            exhaustive = fuzzy_hits(index, words, 72.0, exhaustive=True)
            assert [(h.key, h.score, h.words) for h in filtered] == [
                (h.key, h.score, h.words) for h in exhaustive
            ], (text, words)
    return compared


def test_filtered_search_finds_what_the_exhaustive_one_finds_at_1x() -> None:
    knowledge = load_knowledge(ROOT / "knowledge")
    assert _same_hits(knowledge, _questions(knowledge)) > 10_000


def test_filtered_search_finds_what_the_exhaustive_one_finds_at_2x(tmp_path: Path) -> None:
    tagger = generate(ROOT / "knowledge", tmp_path / "knowledge-2x", 2)
    knowledge = load_knowledge(tmp_path / "knowledge-2x")
    shipped = load_knowledge(ROOT / "knowledge")
    moved = [tagger.question(text, tag(1)) for text in _questions(shipped)]  # into the copy
    assert _same_hits(knowledge, moved) > 10_000


def test_possible_keeps_every_choice_that_reaches_the_cutoff_and_drops_the_others() -> None:
    choices = ["logement", "logements", "sante", "armees", "egalite", "mer", "tnemegol"]
    candidates = Candidates.of(choices, filter_from=0)
    # "tnemegol" shares every letter of "logement": the bound keeps it, rapidfuzz drops it.
    assert candidates.possible("logemnt", 72.0) == ["logement", "logements", "tnemegol"]
    assert candidates.extract("logemnt", 72.0, limit=3) == [
        ("logement", pytest.approx(93.33333333333333)),
        ("logements", pytest.approx(87.5)),
    ]
    assert candidates.possible("zzz", 50.0) == []
    # too few for the character bound: only the length bound (LCS <= the shorter length)
    assert Candidates.of(choices).possible("zzz", 50.0) == choices
    assert Candidates.of(choices).possible("logemnt", 85.0) == [
        "logement",
        "logements",
        "armees",
        "egalite",
        "tnemegol",
    ]  # « sante » and « mer » are too short to reach 85 against seven letters


def test_the_closest_cue_is_the_one_found_over_every_cue_word() -> None:
    knowledge = load_knowledge(ROOT / "knowledge")
    index = alias_index(knowledge)
    words = {w for text in _questions(knowledge) for w in fold(text).split()}
    words |= {v for cue in index.fuzzy_cue_words for v in _misspelt(cue)}
    found = 0
    for word in sorted(words):
        for cutoff in (MATCH_THRESHOLD, SHORT_CUE_THRESHOLD):
            whole = process.extractOne(
                word, index.fuzzy_cue_words, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
            )
            choices = _kept(index).cue_words.possible(word, cutoff)
            kept = process.extractOne(
                word, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
            )
            # the same cue and score (its position differs: it is a shorter list)
            assert (kept and kept[:2]) == (whole and whole[:2]), (word, cutoff)
            found += whole is not None
        closest = _closest_cue(index, word)
        assert closest is None or closest[1] >= MATCH_THRESHOLD
    assert found > len(index.fuzzy_cue_words)
