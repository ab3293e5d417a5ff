"""English questions of the context families: several subjects, the head of a role (issue 11).

« and the » / « and who » are read as « et le » / « et qui » (intentions.yaml, `anglais`), so
« the CTO of the community and the tech lead » asks for both; a bare « and » between two nouns
joins what one role covers (« the relations and communications lead »: one person); « the head
of the coaches » asks for the head of their pôle.
"""

import pytest

from bot.knowledge.model import Knowledge
from tests.blind import people_named


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Who is the CTO of the community and who is the tech lead?",
            ("Julien Bouquillon", "Stéphane Maniaci"),
        ),
        ("Hi, we need coaches for our product. Who is the head of the coaches?", ("Maël Inizan",)),
        (
            "Who's the institutional relations and communications lead of the ISN?",
            ("Marine Purson",),
        ),
        (
            "Who is the community animation and communication manager at the incubator?",
            ("Divine Tende",),
        ),
        (
            "Who handles accessibility and who handles cyber security?",
            ("Anne-Sophie Tranchet", "Renaud Durand"),
        ),
    ],
)
def test_english_several_subjects_and_heads(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected
