"""English questions of the context families: several subjects, the head of a role (issue 11).

« and » is read as « et » (intentions.yaml, `anglais`), so « the CTO of the community and the
tech lead » asks for both; « the head of the coaches » for the head of their pôle.
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
            "Who handles accessibility and who handles cyber security?",
            ("Anne-Sophie Tranchet", "Renaud Durand"),
        ),
    ],
)
def test_english_several_subjects_and_heads(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected
