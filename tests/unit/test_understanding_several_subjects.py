"""Several subjects asked at once, each answered with its own (issue 11).

« Vous pouvez nous dire les deux RP ? » after a context naming two ministries asks for both
(« deux », « chacun », « respectivement » make the asking sentence plural); « les membres des
pôles A et B » lists both pôles, each card with its own members.
"""

import pytest

from bot.answers.answer import answer
from bot.answers.render import render_answer
from bot.knowledge.model import Knowledge
from bot.understanding.aliases import alias_index
from bot.understanding.query import understand
from bot.understanding.several import _parts
from tests.blind import ACCELERATION, TODAY, people_named

CLEMENCE, ESTELLE, ADRIEN = "Clémence Lopez", "Estelle Saget", "Adrien Zemour"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Salut ! Je suis intra dans un CROUS, mon coll est dans une CAF et on se demandait qui "
            "nous suit chacun à l'ISN. Vous pouvez nous dire les deux RP ?",
            (CLEMENCE, ESTELLE),
        ),
        (
            "On bosse avec la Justice. Nos voisins sont à la Culture. Vous pouvez nous dire les "
            "deux RP ?",
            (ESTELLE, ADRIEN),
        ),
        (
            "Mon équipe travaille avec les Sports. Celle de ma collègue, avec la Culture. Qui "
            "nous suit chacune ?",
            (CLEMENCE, ADRIEN),
        ),
    ],
)
def test_a_plural_asking_sentence_keeps_every_ministry_of_the_context(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected


def _members(knowledge: Knowledge, *pole_ids: str) -> tuple[str, ...]:
    """The people each pôle's card presents, head first, pôle after pôle."""
    names: list[str] = []
    for pole in (next(p for p in knowledge.poles if p.id == i) for i in pole_ids):
        head = [pole.lead_id] if pole.lead_id else []
        names += [knowledge.people[p].name for p in head + [r.person_id for r in pole.members]]
    return tuple(dict.fromkeys(names))  # a person is presented once


@pytest.mark.parametrize(
    ("question", "poles"),
    [
        (
            "qui sont les membres des pôles Accélération et Coaching ?",
            ("acceleration", "coaching-produit"),
        ),
        (
            "Bonjour, pourriez-vous m'indiquer qui travaille au pôle Partenariats ainsi qu'au pôle "
            "Accélération ?",
            ("partenariats", "acceleration"),
        ),
    ],
)
def test_several_poles_named_get_each_card(
    question: str, poles: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == _members(knowledge, *poles)


def test_two_poles_members_rendered(knowledge: Knowledge) -> None:
    query = understand("les membres des pôles Accélération et Coaching ?", knowledge)
    text = render_answer(answer(query, knowledge, TODAY))
    assert text.count("**Pôle Accélération**") == 1
    assert text.count("**Pôle Coaching produit**") == 1
    assert text.count("Pour joindre l'incubateur") == 1
    assert text.index("Pôle Accélération") < text.index("Pôle Coaching produit")
    assert ACCELERATION[0] in text


@pytest.mark.parametrize(
    ("words", "parts"),
    [
        # an « et » inside an alias (its key is stored without filler words) does not cut
        ("qui est dans le pole animation et expertises", 1),
        ("qui suit jeunesse et vie associative", 1),
        ("qui suit la sante et le logement", 2),
    ],
)
def test_an_and_inside_an_alias_does_not_cut(words: str, parts: int, knowledge: Knowledge) -> None:
    assert len(_parts(alias_index(knowledge), words.split())) == parts
