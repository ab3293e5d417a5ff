"""Values kept per alias index live as long as their index, and so as their Knowledge.

Lead words, umbrella names, the words coverage does not count, the alias keys' words and the
cue words of each intent were kept in module-level stores keyed by the index's id, holding up to
nine old indexes (and their Knowledge's aliases) after reloads, or in an unbounded cache over
alias keys. Each is now kept by `aliases.once_per_index`: built once, equal to a fresh build,
dropped when its index is collected.
"""

import gc
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.knowledge.loader import load_knowledge
from bot.understanding.aliases import AliasIndex, alias_index
from bot.understanding.heads import lead_words, umbrella_names
from bot.understanding.jobs_question import _cue_words_by_intent
from bot.understanding.query import understand
from bot.understanding.scope import _uncounted, alias_parts

ROOT = Path(__file__).resolve().parents[2]
PER_INDEX: list[Callable[[AliasIndex], object]] = [
    lead_words,
    umbrella_names,
    _uncounted,
    alias_parts,
    _cue_words_by_intent,
]
QUESTIONS = [
    "le responsable de l'incubateur de services numériques ?",
    "qui est le coach de Ma Cantine ?",
    "qui contacter pour le logement ?",
    "je voudrais postuler, il faut envoyer un CV ?",
]


def test_an_index_and_its_values_go_with_their_knowledge() -> None:
    knowledge = load_knowledge(ROOT / "knowledge")
    index = alias_index(knowledge)
    for question in QUESTIONS:
        understand(question, knowledge)
    for value_of in PER_INDEX:
        value_of(index)
    gone = weakref.ref(index)
    key = id(index)
    del index, knowledge
    gc.collect()
    assert gone() is None
    assert [key in value_of.values for value_of in PER_INDEX] == [False] * len(PER_INDEX)  # type: ignore[attr-defined]


@pytest.mark.parametrize("value_of", PER_INDEX, ids=lambda f: f.__name__)
def test_a_kept_value_is_built_once_and_equals_a_fresh_build(
    value_of: Callable[[AliasIndex], object],
) -> None:
    index = alias_index(load_knowledge(ROOT / "knowledge"))
    kept = value_of(index)
    assert value_of(index) is kept
    assert value_of.__wrapped__(index) == kept  # type: ignore[attr-defined]
