"""What understanding keeps between questions never changes what a question is read as.

Each kept value is compared with the value computed afresh, a reloaded knowledge gets its own,
and every store of them is bounded.
"""

import shutil
from pathlib import Path

import yaml

from bot.knowledge.loader import load_knowledge
from bot.knowledge.text import fold
from bot.understanding import aliases
from bot.understanding.aliases import alias_index, find_cues

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    str(q[0])
    for q in yaml.safe_load((ROOT / "tests/data/questions.yaml").read_text(encoding="utf-8"))[
        "questions"
    ]
]


def _fresh_cues(index: aliases.AliasIndex, words: list[str]) -> tuple[dict[str, float], set[int]]:
    """find_cues with nothing kept from earlier questions."""
    aliases._CLOSEST.pop(id(index), None)
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
    for n in range(aliases.MAX_KEPT_WORDS + 10):
        find_cues(index, [f"mot{n:06d}"])
    assert 0 < len(aliases._closest_cues(index)) <= aliases.MAX_KEPT_WORDS
