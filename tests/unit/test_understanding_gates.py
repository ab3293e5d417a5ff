"""The quick gates of understanding skip only work that could find nothing (issue 11, speed).

`alias_hits.ngrams_from` and `alias_hits.alias_ngrams` walk fewer n-grams than
`alias_hits.ngrams`, and `scope.could_hold` turns questions away before phrases are looked for,
and `cues.find_cues` follows the cues word by word (a tree) instead of trying every phrase: over
every question of tests/data/questions*.yaml, each gives exactly what the full walk would have
found.
"""

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.alias_hits import alias_ngrams, ngrams, ngrams_from
from bot.understanding.aliases import MAX_NGRAM, AliasIndex, alias_index
from bot.understanding.cues import find_cues
from bot.understanding.scope import could_hold

DATA = Path(__file__).resolve().parents[1] / "data"


def _questions() -> list[list[str]]:
    """Every question of tests/data/questions*.yaml, folded, and its sentences one by one."""
    found: list[list[str]] = []
    for path in sorted(DATA.glob("questions*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts = [q[0] for q in raw["questions"]] if isinstance(raw, dict) else [x["q"] for x in raw]
        for text in texts:
            found.append(fold(str(text)).split())
    return [words for words in found if words]


QUESTIONS = _questions()


def test_the_questions_are_many() -> None:
    assert len(QUESTIONS) > 1500


def test_ngrams_from_walks_the_ngrams_that_start_with_a_first_word_in_order(
    knowledge: Knowledge,
) -> None:
    index = alias_index(knowledge)
    for words in QUESTIONS:
        for longest, firsts in ((index.max_cue, index.cue_first), (MAX_NGRAM, index.alias_first)):
            expected = [(a, b) for a, b in ngrams(words, longest) if words[a] in firsts]
            assert list(ngrams_from(words, longest, firsts)) == expected


def test_alias_ngrams_walks_every_ngram_an_alias_spells_in_order(knowledge: Knowledge) -> None:
    index = alias_index(knowledge)
    for words in QUESTIONS:
        walked = list(alias_ngrams(index, words))
        assert walked == [
            g for g in ngrams_from(words, MAX_NGRAM, index.alias_first) if g in walked
        ]
        spelled = [
            (a, b) for a, b in ngrams(words, MAX_NGRAM) if " ".join(words[a:b]) in index.aliases
        ]
        assert [g for g in walked if g in spelled] == spelled


@pytest.mark.parametrize("kind", ["outside", "offtopic"])
def test_could_hold_is_false_only_when_no_phrase_is_there(knowledge: Knowledge, kind: str) -> None:
    index = alias_index(knowledge)
    phrases = index.outside if kind == "outside" else index.offtopic
    held = 0
    for words in [*QUESTIONS, *(list(p) for p in phrases)]:
        there = any(tuple(words[a:b]) in phrases for a, b in ngrams(words, MAX_NGRAM))
        assert could_hold(phrases, words) or not there, words
        held += there
    assert held >= len(phrases)  # each phrase written alone is found, and the gate lets it in


def _every_cue(
    index: AliasIndex, words: list[str]
) -> tuple[dict[str, float], set[int], dict[str, int]]:
    """The exact cues of `words` by trying every phrase (a one-word cue also in the plural)."""
    found: dict[str, float] = {}
    used: set[int] = set()
    lengths: dict[str, int] = {}
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + index.max_cue) + 1):
            intents = index.cues.get(tuple(words[start:end]))
            if intents is None and end == start + 1 and words[start][-1:] in ("s", "x"):
                intents = index.cues.get((words[start][:-1],))
            for intent in intents or []:
                found[intent] = 100.0
                used.update(range(start, end))
                lengths[intent] = max(lengths.get(intent, 0), end - start)
    return found, used, lengths


def test_find_cues_finds_every_cue_phrase_and_its_length(knowledge: Knowledge) -> None:
    index = replace(alias_index(knowledge), fuzzy_cues={})  # the exact cues only
    cues = [list(cue) for cue in index.cues]
    plurals = [[cue[0] + "s"] for cue in index.cues if len(cue) == 1]
    found = 0
    for words in [*QUESTIONS, *cues, *plurals]:
        lengths: dict[str, int] = {}
        cued, used = find_cues(index, words, lengths)
        assert (cued, used, lengths) == _every_cue(index, words), words
        assert list(cued) == list(_every_cue(index, words)[0]), words  # in the same order
        found += bool(cued)
    assert found > len(cues)
