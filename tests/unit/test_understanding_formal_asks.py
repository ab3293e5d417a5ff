"""Formal ways of asking for someone, after a context naming the asker's ministry (issue 11).

« Pourriez-vous m'indiquer le nom de la personne chargée de notre portefeuille ? », « me
préciser qui, au sein de l'incubateur, suit notre ministère » ask for a person as « qui est
notre RP ? » does: the ministry of the context is the subject, no definition of the role nor
the incubator's page. « Qui en est le responsable à l'incubateur ? » asks who is in charge of
it there, not who heads the incubator.
"""

import pytest

from bot.knowledge.model import Knowledge
from tests.blind import people_named


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Bonjour, je suis cheffe de projet au ministère du Travail. Notre sous-direction "
            "souhaite lancer une startup d'État. Pourriez-vous m'indiquer le nom de la personne "
            "chargée de notre portefeuille ministériel ?",
            "Thibault Desjardins",
        ),
        (
            "Bonjour, notre équipe est au ministère de la Santé. Je cherche le nom de la "
            "personne responsable de notre portefeuille.",
            "Estelle Saget",
        ),
        (
            "Madame, Monsieur, notre direction relève du ministère des Sports. Pourriez-vous "
            "m'indiquer qui, à l'incubateur, suit notre ministère ?",
            "Clémence Lopez",
        ),
        (
            "Nous sommes une petite équipe au ministère de la Culture et nous venons de terminer "
            "notre investigation. Qui en est le responsable chez vous à l'incubateur ?",
            "Adrien Zemour",
        ),
    ],
)
def test_a_formal_ask_for_someone_gets_the_ministrys_contact(
    question: str, expected: str, knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == (expected,)


def test_the_head_of_the_incubator_is_still_asked_in_so_many_words(knowledge: Knowledge) -> None:
    question = "Je suis au pôle Accélération. Qui est le responsable de l'ISN ?"
    assert people_named(question, knowledge) == ("Ishan Bhojwani",)
