"""Issue 11, family 2: a yes/no question asks whether, not who.

« Puis-je participer à l'animation de la communauté ? » is answered by the sentence saying
whether (the pôle's note: not the incubator's exclusivity), not by the card of the person whose
role the words name. A « ou » typed without its accent is « or » in « réservé à la DINUM ou
d'autres peuvent… ? », and « …ou pas ? » asks whether too.

Each question is our own, in other words than the sets it was found on (A, E); each failed
before the fix (Divine Tende's card answered).
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.facts import asks_whether, asks_yes_no
from tests.blind import people_named, said

NOT_EXCLUSIVE = (
    "D'après **Pôle Animation et Expertises** :\n"
    "L'animation de la communauté beta.gouv.fr n'est pas l'exclusivité de l'incubateur de la "
    "DINUM : d'autres personnes peuvent et sont invitées à contribuer à la réussite du collectif "
    "(agents des incubateurs ministériels, freelances, etc.).\n"
    "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur ~incubateur-animation."
)


@pytest.mark.parametrize(
    "question",
    [
        # context first, then « puis-je »
        "Bonjour, je suis agent dans un incubateur ministériel et j'aime organiser des "
        "événements. Puis-je participer à l'animation de la communauté beta.gouv.fr ?",
        # « pouvons-nous », after a colon
        "Nous sommes une équipe d'un incubateur régional : pouvons-nous contribuer à "
        "l'animation de la communauté beta.gouv.fr ?",
        # English, with its « or »
        "Can other people contribute to the community animation, or only the DINUM?",
    ],
)
def test_whether_one_may_is_answered_by_the_sentence_saying_so(
    knowledge: Knowledge, question: str
) -> None:
    assert said(question, knowledge) == NOT_EXCLUSIVE
    assert people_named(question, knowledge) == ()


@pytest.mark.parametrize(
    ("question", "person"),
    [
        # someone asked for, in a yes/no question: the holder stays the answer
        ("Est-ce que quelqu'un peut m'aider sur l'accessibilité ?", "Anne-Sophie Tranchet"),
        ("qui anime la communauté ?", "Divine Tende"),
    ],
)
def test_someone_asked_keeps_the_holder(knowledge: Knowledge, question: str, person: str) -> None:
    assert people_named(question, knowledge) == (person,)


@pytest.mark.parametrize(
    ("question", "yes_no"),
    [
        ("c'est réservé à la DINUM ou d'autres peuvent s'y mettre ?", True),
        ("est-ce qu'on a le droit de participer, ou c'est réservé à l'incubateur ?", True),
        ("animation communauté, c'est réservé aux gens de la dinum ou pas ?", True),
        ("c'est ou l'incubateur ?", False),
        ("ou se trouve l'incubateur, on peut venir ?", False),
        ("on peut venir où ?", False),
        ("c'est où ou pas ?", False),
    ],
)
def test_an_or_is_no_where(question: str, yes_no: bool) -> None:
    assert asks_yes_no(question, fold(question).split()) is yes_no


def test_a_yes_no_question_for_someone_asks_for_someone() -> None:
    assert asks_whether("est-ce que je peux contribuer à l'animation ?")
    assert not asks_whether("est-ce que quelqu'un peut m'aider ?")
