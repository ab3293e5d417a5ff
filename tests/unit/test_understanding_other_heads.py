"""Heads of other administrations and opinions asked of our people present nobody (issue 11).

« qui est le directeur de l'ARS Bretagne ? » named the Santé RP, « Quel est l'avis d'Ishan
Bhojwani sur l'IA ? » presented his card: both are out of scope (offtopic phrases of
intentions.yaml), while a question of the same words that asks for our contact keeps it.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named


@pytest.mark.parametrize(
    "question",
    [
        "qui est le directeur de l'ARS Bretagne ?",
        "C'est qui la directrice de la CAF du Nord ?",
        "qui est la rectrice de l'académie de Lyon ?",
        "le maire de Lyon c'est qui ?",
        "Quel est l'avis d'Ishan Bhojwani sur l'IA ?",
        "Clémence Lopez, son avis sur le télétravail ?",
        # the head of the DINUM (above the incubator) and of the OPI (beside it) are not ours
        "c'est qui le boss de l'OPI",
        "le chef de la DINUM c'est qui",
        "Bonjour, pour un courrier officiel : qui est à la tête de la DINUM aujourd'hui ?",
        # general politics
        "Who will win the next French presidential election?",
        "Qui va gagner la présidentielle d'après toi ?",
        # a role no word of ours names, read as a ministry from its likeness to « ambassade »
        "Bonjour, qui est l'ambassadeur de France en Allemagne ?",
        "qui est le consul de France à Genève ?",
    ],
)
def test_another_administrations_head_or_an_opinion_presents_nobody(
    question: str, knowledge: Knowledge
) -> None:
    assert (understand(question, knowledge).intent, people_named(question, knowledge)) == (
        "outside",
        (),
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Bonjour, je suis directrice de l'ARS Occitanie, qui suit la santé chez vous ?",
            "Estelle Saget",
        ),
        ("Je suis à l'ARS, qui est notre RP ?", "Estelle Saget"),
        ("le patron de beta.gouv ?", "Ishan Bhojwani"),
        ("qui est le responsble de la Santé ?", "Estelle Saget"),  # a typo of ours
        ("qui est la referante du Logement ?", "Maël Inizan"),
        ("qui est le chef du département Incubateur de services numériques ?", "Ishan Bhojwani"),
    ],
)
def test_the_asker_who_heads_one_keeps_the_answer(
    question: str, expected: str, knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == (expected,)
