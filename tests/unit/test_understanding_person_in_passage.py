"""A person asked about by name gets their card, not a passage that merely names them.

Issue 11, family « a person named in a passage ». The EIG topic says « Il est dirigé par
Thomas Parisot, directeur de programme »; a name is rare in the passages, so that passage
covered « Thomas Parisot, il a quel rôle ? » (set P) as well as the person's card and won:
the answer named him, but not as a person. A passage holding the person's name and no other
word of the question adds nothing to their card. Every question of ASKED failed on main when
this was written; main has since read « quel rôle » as a person's cue (intentions.yaml), which
fixes the first and the other person's question (test_any_person_a_passage_names), not « il
fait quoi », « sa fonction ».
"""

from pathlib import Path
from shutil import copytree

import pytest

from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge
from bot.understanding.query import understand

ROOT = Path(__file__).resolve().parents[2]

ASKED = [
    "Thomas Parisot, il a quel rôle ?",
    "Thomas Parisot il fait quoi",
    "Thomas Parisot, sa fonction ?",
]


@pytest.mark.parametrize("question", ASKED)
def test_a_person_asked_about_gets_their_card(question: str, knowledge: Knowledge) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.subject) == ("person", "thomas-parisot")


def test_a_passage_that_says_more_of_the_question_still_answers(knowledge: Knowledge) -> None:
    # « pour participer à la 7e promotion »: the EIG passage holds « participer », « promotion »
    query = understand("Thomas Parisot, comment participer à la prochaine promotion ?", knowledge)
    assert (query.intent, query.subject) == ("passage", "topic:eig:1")


def test_any_person_a_passage_names(tmp_path: Path) -> None:
    # Another topic naming another person, as a maintainer may write it.
    folder = tmp_path / "knowledge"
    copytree(ROOT / "knowledge", folder)
    topics = folder / "sujets.yaml"
    text = topics.read_text(encoding="utf-8")
    said = "Il est dirigé par Thomas Parisot, directeur de programme."
    assert said in text
    topics.write_text(
        text.replace(said, f"{said} Marine Purson en assure la communication."), encoding="utf-8"
    )
    query = understand("Marine Purson, elle a quel rôle ?", load_knowledge(folder))
    assert (query.intent, query.subject) == ("person", "marine-purson")
