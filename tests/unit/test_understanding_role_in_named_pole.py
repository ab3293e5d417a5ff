"""A role asked inside the pôle named, when the role's name shares a word with the pôle's
(issue 11).

« Qui, au pôle Animation et Expertises, fait l'animation de la communauté ? » asks for the
community's animator: the pôle's name takes its own « animation », not the role's.
"""

import pytest

from bot.knowledge.model import Knowledge
from tests.blind import people_named


@pytest.mark.parametrize(
    "question",
    [
        "Qui, au pôle Animation et Expertises, fait l'animation de la communauté ?",
        "pôle Animation et Expertises : la personne pour l'animation de communauté ?",
        "Madame, Monsieur, je souhaite organiser un club dans la communauté. Pourriez-vous "
        "m'indiquer qui, au sein du pôle Animation et Expertises, s'occupe de l'animation de "
        "la communauté ?",
    ],
)
def test_the_role_named_inside_the_pole_is_asked(question: str, knowledge: Knowledge) -> None:
    assert people_named(question, knowledge) == ("Divine Tende",)


def test_the_pole_alone_still_gets_its_card(knowledge: Knowledge) -> None:
    pole = next(p for p in knowledge.poles if p.id == "animation-expertises")
    members = tuple(dict.fromkeys(knowledge.people[r.person_id].name for r in pole.members))
    assert people_named("Qui fait partie du pôle Animation et Expertises ?", knowledge) == members
