"""Routing of people: the right person for the question asked (issue 11, family « routing »).

Questions written for each family in words of our own (short and sloppy, long and formal,
context first); each failed before the fix of its family.
"""

import pytest

from bot.knowledge.model import Knowledge
from tests.blind import people_named


# Negation, correction and contrast: a subject negated, corrected or set aside is not asked.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "c'est pas pour la Justice, c'est pour le Travail : qui est le RP ?",
            ("Thibault Desjardins",),
        ),
        (
            "Bonjour, je me suis mal exprimée : je ne parlais pas des Armées, je parlais de la "
            "Culture. Qui suit ce ministère chez vous ?",
            ("Adrien Zemour",),
        ),
        ("rp santé… ah non plutôt le logement", ("Maël Inizan",)),
        (
            "je cherche pas Estelle Saget, je cherche la personne de l'Économie",
            ("Magali Marcel-Garreau",),
        ),
        (
            "Notre direction travaille avec la Justice et avec la Culture, mais c'est pour la "
            "Culture que je vous écris : à qui dois-je m'adresser ?",
            ("Adrien Zemour",),
        ),
        ("Agriculture, enfin non, finalement c'est pour l'Intérieur", ("Thibault Desjardins",)),
    ],
)
def test_a_subject_set_aside_is_not_asked(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected
