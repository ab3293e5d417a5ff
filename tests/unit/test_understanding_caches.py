"""What understanding keeps between questions never changes what a question is read as.

Each kept value is compared with the value computed afresh, a reloaded knowledge gets its own,
and every store of them is bounded.
"""

import gc
import pickle
import shutil
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from bench.scaled_knowledge import generate
from bot.knowledge.loader import load_knowledge
from bot.knowledge.text import fold
from bot.understanding import aliases, candidates
from bot.understanding import cues as cues_module
from bot.understanding import passages as passages_module
from bot.understanding.aliases import alias_index
from bot.understanding.candidates import Candidates
from bot.understanding.cues import find_cues
from bot.understanding.passages import PassageIndex, passage_index
from bot.understanding.stems import stems_of

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    str(q[0])
    for q in yaml.safe_load((ROOT / "tests/data/questions.yaml").read_text(encoding="utf-8"))[
        "questions"
    ]
]


def _fresh_cues(index: aliases.AliasIndex, words: list[str]) -> tuple[dict[str, float], set[int]]:
    """find_cues with nothing kept from earlier questions."""
    cues_module._KEPT.pop(id(index), None)
    return find_cues(index, words)


def test_kept_closest_cues_find_what_a_fresh_search_finds() -> None:
    index = alias_index(load_knowledge(ROOT / "knowledge"))
    for question in [*QUESTIONS, "qui s'ocupe de la charte", "la Charente", "contactter l'équipe"]:
        words = fold(question).split()
        fresh = _fresh_cues(index, words)
        find_cues(index, words)  # kept now
        assert find_cues(index, words) == fresh, question


def test_a_reloaded_knowledge_searches_its_own_cues(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    before = alias_index(load_knowledge(folder))
    assert find_cues(before, ["jenkinsation"]) == ({}, set())
    cues = folder / "intentions.yaml"
    text = cues.read_text(encoding="utf-8")
    assert "  help:\n" in text
    cues.write_text(text.replace("  help:\n", "  help:\n    - jenkinsation\n", 1), encoding="utf-8")
    after = alias_index(load_knowledge(folder))
    assert find_cues(after, ["jenkinsations"])[0] == {"help": 100.0}
    assert find_cues(after, ["jenkinsaton"])[0] == {
        "help": 2200 / 23
    }  # fuzz.ratio: 11 of 12 and 11 letters
    assert find_cues(before, ["jenkinsaton"]) == ({}, set())


def test_kept_closest_cues_are_bounded() -> None:
    index = alias_index(load_knowledge(ROOT / "knowledge"))
    for n in range(cues_module.MAX_KEPT_WORDS + 10):
        find_cues(index, [f"mot{n:06d}"])
    assert 0 < len(cues_module._kept(index).closest) <= cues_module.MAX_KEPT_WORDS


def _scan(
    passages: PassageIndex, text: str, kind: str, ref: str, min_stems: int
) -> tuple[str, float] | None:
    """The passage search of one kind or subject as a scan of every passage of it."""
    stems = list(dict.fromkeys(stems_of(text, passages.stop)))
    weights = {s: passages.idf.get(s, passages.unknown_idf) for s in stems}
    total = sum(weights.values())
    best: tuple[str, float] | None = None
    best_rank: tuple[float, ...] = ()
    top_score = 0.0
    for position, passage in enumerate(passages.passages):
        if (kind and passage.kind != kind) or (ref and passage.ref != ref):
            continue
        doc = passages.docs[position]
        if len(doc.intersection(weights)) < min_stems:
            continue
        score = round(100.0 * sum(w for s, w in weights.items() if s in doc) / total, 1)
        # ties: the passage whose own text holds more of the question, then the shorter one
        rank: tuple[float, ...] = (
            score,
            len(passages.own[position].intersection(weights)),
            -len(doc),
        )
        if ref:  # one subject's passages: what each says itself comes first
            own = passages.own[position]
            rank = (sum(w for s, w in weights.items() if s in own), *rank)
        if best is None or rank > best_rank:
            best, best_rank = (passage.id, score), rank
        top_score = max(top_score, score)
    if best is not None and ref:  # a subject covers as much as its best passage
        best = (best[0], top_score)
    return best if best is not None and best[1] > 0 else None


@pytest.mark.parametrize("scale", [1, 3])
def test_a_search_among_one_kind_or_subject_finds_what_a_scan_finds(
    scale: int, tmp_path: Path
) -> None:
    folder = ROOT / "knowledge"
    if scale > 1:
        folder = tmp_path / "knowledge"
        generate(ROOT / "knowledge", folder, scale)
    knowledge = load_knowledge(folder)
    passages = passage_index(knowledge, alias_index(knowledge).fillers)
    refs = sorted({p.ref for p in passages.passages if p.ref})
    questions = [*QUESTIONS, "le poste de responsable de portefeuille est-il en CDD ?"]
    for question in questions:
        for kind, ref in [
            ("posting", ""),
            ("topic", ""),
            *(("", r) for r in refs[:: len(refs) // 20]),
        ]:
            for min_stems in (1, 2):
                found = passages.search(question, kind=kind, ref=ref, min_stems=min_stems)
                got = None if found is None else (found.passage.id, found.score)
                assert got == _scan(passages, question, kind, ref, min_stems), (question, kind, ref)


def test_kept_fuzzy_searches_find_what_rapidfuzz_finds_and_are_bounded() -> None:
    index = alias_index(load_knowledge(ROOT / "knowledge"))
    choices = index.by_words[1]
    kept = Candidates.of(choices, filter_from=0)
    for probe in ["logemnt", "santé", "educaton", "armes", "logemnt", "xqzw"]:
        for cutoff in (72.0, 85.0):
            whole = process.extract(
                probe, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=3
            )
            expected = [(key, float(score)) for key, score, _ in whole]
            assert kept.extract(probe, cutoff, 3) == expected
            kept.extract(probe, cutoff, 3).clear()  # the caller's copy, not the kept list
            assert kept.extract(probe, cutoff, 3) == expected
    # nothing kept travels in a pickle (bot/service/knowledge_cache.py)
    assert pickle.loads(pickle.dumps(kept))._kept == {}  # noqa: S301  # our own bytes
    for n in range(candidates.MAX_KEPT_PROBES + 10):
        kept.extract(f"mot{n:05d}", 72.0, 3)
    assert 0 < len(kept._kept) <= candidates.MAX_KEPT_PROBES


def test_kept_passage_searches_depend_on_every_filter_and_are_bounded() -> None:
    knowledge = load_knowledge(ROOT / "knowledge")
    passages = passage_index(knowledge, alias_index(knowledge).fillers)
    question = "il faut faire beaucoup de reporting ?"
    anywhere = passages.search(question)
    assert anywhere is not None
    assert anywhere.passage.kind == "engagement"
    assert passages.search(question, kind="posting") != anywhere
    assert passages.search(question, min_stems=3) is None
    assert passages.search(question) is anywhere
    for n in range(passages_module.MAX_KEPT_SEARCHES + 10):
        passages.search(f"mot{n:05d} reporting")
    assert 0 < len(passages._kept) <= passages_module.MAX_KEPT_SEARCHES


def test_what_find_cues_keeps_goes_with_its_index() -> None:
    index = alias_index(load_knowledge(ROOT / "knowledge"))
    find_cues(index, ["contactter"])
    key = id(index)
    assert key in cues_module._KEPT
    del index
    gc.collect()
    assert key not in cues_module._KEPT
