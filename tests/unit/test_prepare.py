"""`prepare` builds every index a question may need, so that none is built by a question."""

import gc
from pathlib import Path

from bot.answers.prepare import prepare
from bot.knowledge.building import unbuilt
from bot.knowledge.loader import load_knowledge
from bot.understanding import passages

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


def test_after_prepare_no_question_builds_an_index() -> None:
    knowledge = load_knowledge(KNOWLEDGE)
    assert "alias_index" in unbuilt(knowledge)
    assert id(knowledge) not in passages._CACHE
    prepare(knowledge)
    assert unbuilt(knowledge) == []
    assert id(knowledge) in passages._CACHE


def test_a_passage_index_goes_with_its_knowledge() -> None:
    # each reload builds one: an index kept after its Knowledge is gone would pile up
    knowledge = load_knowledge(KNOWLEDGE)
    prepare(knowledge)
    key = id(knowledge)
    assert key in passages._CACHE
    del knowledge
    gc.collect()
    assert key not in passages._CACHE
