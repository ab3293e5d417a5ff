"""Issue 11, family 2: « comment signaler un manquement » asks for the item of the list that says
how, not for the whole list (whose conclusion, the answer, came last).

Our own questions, in other words than the sets' (short, with a colon, English); each failed
before the fix (the whole list of the engagements answered, the conclusion at its end).
"""

import pytest

from bot.knowledge.model import Knowledge
from tests.blind import people_named, said

REPORT = (
    "D'après **Nos engagements envers la communauté** :\n"
    "Si, en tant que membre de la communauté, vous constatez un manquement par rapport aux "
    "engagements cités ci-dessus, vous êtes libre de le signaler soit directement à la personne "
    "concernée, soit au membre de l'incubateur de votre choix.\n"
    "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur ~incubateur-animation."
)
THE_LIST = (
    "**Nos engagements envers la communauté**\n"
    "L'Incubateur de services numériques est au service, à la disposition de l'ensemble de la "
    "communauté beta.gouv.fr et non à sa tête.\n"
)


@pytest.mark.parametrize(
    "question",
    [
        "comment on fait pour signaler un manquement à vos engagements ?",
        "manquement aux engagements : à qui je le signale ?",
        "How do I report a breach of your commitments?",
    ],
)
def test_how_to_report_a_breach_is_the_item_saying_so(knowledge: Knowledge, question: str) -> None:
    assert said(question, knowledge) == REPORT
    assert people_named(question, knowledge) == ()


@pytest.mark.parametrize(
    "question",
    [
        "Quels sont les engagements de l'incubateur ?",
        # the list's own words beside its name (« envers la communauté ») ask for the list
        "engagements de l'isn envers la communauté ?",
    ],
)
def test_the_list_asked_is_the_whole_list(knowledge: Knowledge, question: str) -> None:
    assert said(question, knowledge).startswith(THE_LIST)


def test_what_the_incubator_is_for_is_the_reasons_list(knowledge: Knowledge) -> None:
    assert said("a quoi sert l'incubateur pour une startup d'etat", knowledge).startswith(
        "**Pourquoi faire appel à l'Incubateur de services numériques ?**\n"
    )
