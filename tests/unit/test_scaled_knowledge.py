"""bench/scaled_knowledge.py: its copies load, pass `betabot check`, and answer as the original."""

from datetime import date
from pathlib import Path

import pytest

from bench.scaled_knowledge import generate, tag
from bot.answers.answer import answer
from bot.answers.render import render_answer
from bot.knowledge.loader import check, load_knowledge
from bot.knowledge.model import Knowledge
from bot.understanding.query import understand

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("scaled") / "knowledge-2x"
    generate(ROOT / "knowledge", dest, 2)
    return dest


@pytest.fixture(scope="module")
def knowledge(folder: Path) -> Knowledge:
    return load_knowledge(folder)


def ask(question: str, knowledge: Knowledge) -> str:
    return render_answer(answer(understand(question, knowledge), knowledge, date(2025, 3, 14)))


def test_copy_tags_are_letters_and_distinct() -> None:
    tags = [tag(k) for k in range(1, 2000)]
    assert tags[:3] == ["beba", "biba", "boba"]
    assert all(t.isalpha() and t.islower() for t in tags)
    assert len(set(tags)) == len(tags)


def test_generated_knowledge_at_2x_passes_betabot_check_with_twice_the_subjects(
    folder: Path,
) -> None:
    assert check(folder) == (
        "Connaissances valides : 58 personnes, 16 pôles, 12 portefeuilles (34 ministères), "
        "7 raisons, 5 engagements, 3 contacts, 28 sujets, 182 exemples, 2 fiches de poste "
        f"({folder}/)",
        0,
    )


def test_the_original_still_answers_as_shipped(knowledge: Knowledge) -> None:
    shipped = load_knowledge(ROOT / "knowledge")
    assert ask("qui logement", knowledge) == ask("qui logement", shipped)


def test_a_question_moved_into_the_copy_is_answered_by_the_copy(knowledge: Knowledge) -> None:
    assert ask("qui s'occupe du logementbeba ?", knowledge) == (
        "Pour le ministère du Logementbeba, votre contact à l'incubateur : "
        "**Maëlbeba Inizanbeba**\n"
        "- responsable de portefeuille ministériel — Pôle Partenariatsbeba : Logementbeba\n"
        "- responsable du pôle, coach — Pôle Coachingbeba produit\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )
