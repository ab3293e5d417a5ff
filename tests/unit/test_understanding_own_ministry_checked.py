"""The asker's own ministry, referred back to, is what a confirmation checks (issue 11).

« Je suis au ministère du Logement. Un collègue m'a dit que c'était Estelle Saget qui suivait
notre ministère. Est-ce exact ? » checks who follows the Logement: the answer is its RP and
says that the person guessed is not, instead of Estelle Saget's card as if she were.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named


@pytest.mark.parametrize(
    ("question", "ministry", "holder", "guessed"),
    [
        (
            "Bonjour, je suis chargé de mission au ministère du Logement. Un collègue m'a dit "
            "que c'était Estelle Saget qui suivait notre ministère. Est-ce exact ?",
            "logement",
            "Maël Inizan",
            ("estelle-saget",),
        ),
        (
            "Nous travaillons pour les Armées. C'est Clémence Lopez qui nous suit, non ?",
            "armees",
            "Thibault Desjardins",
            ("clemence-lopez",),
        ),
        (
            "Bonjour, je travaille au ministère de la Santé. Est-ce que Magali Marcel-Garreau "
            "est toujours notre interlocutrice ?",
            "sante",
            "Estelle Saget",
            ("magali-marcel-garreau",),
        ),
        (
            "Je suis à la Culture. Il paraît qu'Adrien Zemour est notre RP, c'est bien ça ?",
            "culture",
            "Adrien Zemour",
            (),
        ),
    ],
)
def test_the_askers_ministry_is_checked(
    question: str, ministry: str, holder: str, guessed: tuple[str, ...], knowledge: Knowledge
) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.subject, query.not_holders) == ("portfolio", ministry, guessed)
    assert people_named(question, knowledge) == (holder,)


def test_a_person_looked_for_from_ones_ministry_is_no_check(knowledge: Knowledge) -> None:
    query = understand("je suis au ministère de la Culture et je cherche Maël", knowledge)
    assert (query.intent, query.subject, query.not_holders) == ("portfolio", "culture", ())
