"""A fact stated to be checked is a fact asked (issue 11).

« Un ancien membre m'a dit que l'équipe faisait une dizaine de personnes. Est-ce toujours le
cas ? »: the asking sentence only checks the claim before it, so the claim is the question;
a number of people stated (« une quinzaine », « 50 agents ») asks for the head count, a year
stated (« créé en 2022 ») for the date: the answer gives the sentence of the knowledge that
states it first.
"""

import pytest

from bot.answers.answer import answer
from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import TODAY, answer_text

HEAD_COUNT = "une trentaine de personnes"  # the ISN's team, as its page says
SPLIT_YEAR = "departement de la dinum depuis 2022"


@pytest.mark.parametrize(
    ("question", "first"),
    [
        (
            "Bonjour, je travaille dans un incubateur régional. Un collègue m'a dit que l'équipe "
            "de l'incubateur faisait une dizaine de personnes. Est-ce toujours le cas ?",
            HEAD_COUNT,
        ),
        ("On m'a dit que vous étiez une quinzaine à l'incubateur. C'est vrai ?", HEAD_COUNT),
        ("L'ISN compte 50 agents, c'est ça ?", HEAD_COUNT),
        (
            "salut, paraît que l'incubateur c'est genre 100 personnes, c'est toujours vrai ?",
            HEAD_COUNT,
        ),
        ("Je crois que l'ISN a été créé en 2022. C'est exact ?", SPLIT_YEAR),
    ],
)
def test_a_claim_checked_is_answered_by_the_fact_first(
    question: str, first: str, knowledge: Knowledge
) -> None:
    query = understand(question, knowledge)
    text = answer_text(answer(query, knowledge, TODAY))
    assert (query.intent, query.text, first in text[: len(first) + 80]) == (
        "passage",
        question,
        True,
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a question word of its own: the year is only part of the subject
        ("Quel est le fonds de 2024 pour la planification écologique ?", ("topic", "fnpe")),
        # a sentence that asks something of its own is no check of the one before
        ("Je suis à la Culture depuis 2022. Qui est notre RP ?", ("portfolio", "culture")),
    ],
)
def test_a_question_of_its_own_is_no_claim(
    question: str, expected: tuple[str, str], knowledge: Knowledge
) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.subject) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Bonjour, je prépare une note pour ma direction. Combien de pôles compte l'incubateur ?",
        "l'ISN a combien de pôles ?",
        "On m'a dit que l'incubateur avait une dizaine de pôles, c'est vrai ?",
    ],
)
def test_how_many_poles_gets_the_count(question: str, knowledge: Knowledge) -> None:
    query = understand(question, knowledge)
    first = answer(query, knowledge, TODAY).lines[0]
    assert "".join(s.text for s in first.spans) == (
        "Les pôles de l'Incubateur de services numériques (8)"
    )
