"""A one-word alias that only qualifies an unknown noun asked for does not carry the question.

« qui sont les mentors techniques ? » named the community's CTO because « technique » is one of
his aliases: there it is an adjective of the person asked for, whose noun (« mentors ») no
alias uses alone. A longer alias the words spell closely (« mentor technique ») answers;
otherwise the question is not understood (`bot.understanding.modifiers`). An alias of its own
(« référent technique »), a noun of ours (« les référents »), a context noun (« une question
technique ») keep their reading.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named


@pytest.mark.parametrize(
    "question",
    [
        "qui sont les mentors techniques ?",
        "les mentors techniques, c'est qui ?",
        "Bonjour, pourriez-vous m'indiquer qui sont les mentors techniques svp ?",
    ],
)
def test_a_longer_alias_spelt_closely_answers(question: str, knowledge: Knowledge) -> None:
    assert people_named(question, knowledge) == ("Denis Baudot",)


@pytest.mark.parametrize(
    "question",
    [
        "qui sont les juristes techniques ?",
        "c'est qui les conseillers techniques",
        "Qui sont les acteurs sociaux ?",
        "qui est le juriste technique ?",
    ],
)
def test_an_adjective_of_an_unknown_noun_names_nobody(question: str, knowledge: Knowledge) -> None:
    assert (understand(question, knowledge).intent, people_named(question, knowledge)) == (
        "unknown",
        (),
    )


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("qui sont les référents techniques ?", "Julien Bouquillon"),
        ("c'est qui le technique ?", "Julien Bouquillon"),
        ("j'ai une question technique, à qui m'adresser ?", "Julien Bouquillon"),
        ("qui s'occupe du secteur agricole ?", "Magali Marcel-Garreau"),
    ],
)
def test_an_alias_of_ours_keeps_its_reading(
    question: str, person: str, knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == (person,)
