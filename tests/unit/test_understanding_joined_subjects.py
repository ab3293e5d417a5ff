"""Several subjects asked in their own words, joined by « et » (issue 11).

« Qui est la référente accessibilité et qui gère la cybersécurité ? » asks for two people:
each part names its own subject, and the answer lists every one of them with their role,
under a first line that says so (not « plusieurs personnes tiennent ce rôle »).
"""

import pytest

from bot.answers.answer import answer
from bot.answers.render import render_answer
from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import ACCELERATION, TODAY, people_named


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Qui est la référente accessibilité et qui gère la cybersécurité ?",
            ("Anne-Sophie Tranchet", "Renaud Durand"),
        ),
        (
            "le CTO de la communauté et la directrice des opérations, c'est qui ?",
            ("Julien Bouquillon", "Alice Pannetrat"),
        ),
        ("Qui suit les Armées ? Et la Culture ?", ("Thibault Desjardins", "Adrien Zemour")),
        (
            "le référent accessibilité ainsi que la cheffe des opés svp",
            ("Anne-Sophie Tranchet", "Alice Pannetrat"),
        ),
        (
            "Bonjour, pour notre projet, nous aimerions joindre la personne en charge de la "
            "formation et celle qui fait la communication. Qui sont-elles ?",
            ("Marine-Pétroline Soichot", "Marine Purson", "Divine Tende"),
        ),
        (
            "Bonjour, je cherche à joindre à la fois le responsable du pôle Accélération et "
            "celui du programme EIG.",
            ("Benjamin Doberset", "Thomas Parisot"),
        ),
        ("Qui s'occupe du FAST et qui s'occupe des EIG ?", ("Benjamin Doberset", "Thomas Parisot")),
        (
            "Bonjour, qui est responsable du pôle Accélération ? Et du pôle Coaching produit ?",
            ("Benjamin Doberset", "Maël Inizan"),
        ),
        (
            "Le référent accessibilité, le CTO de la communauté et l'expert cybersécurité, qui "
            "sont-ils ?",
            ("Anne-Sophie Tranchet", "Julien Bouquillon", "Renaud Durand"),
        ),
        (
            "Pouvez-vous me donner les membres du pôle Accélération, ainsi que ceux du pôle "
            "Coaching ?",
            (*ACCELERATION, "Maël Inizan", "Benoît Champy", "Adrien Laville", "Denis Baudot"),
        ),
        # plural: everyone asked, even when one of them is in both parts
        (
            "qui dirige le pôle Coaching et qui sont les coachs ?",
            ("Maël Inizan", "Benoît Champy", "Adrien Laville"),
        ),
    ],
)
def test_each_part_joined_by_et_names_its_subject(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # « et » inside a name is no second question
        ("Qui est le RP de Jeunesse et Vie associative ?", ("Estelle Saget",)),
        # one person described by two things she does: the holder of both
        (
            "On m'a parlé d'une personne qui fait à la fois l'animation de communauté et la "
            "communication. Qui est-ce ?",
            ("Divine Tende",),
        ),
        # the asker's own place before « et » is context
        (
            "Je suis au pôle Animation et Expertises et je cherche le CTO de la communauté.",
            ("Julien Bouquillon",),
        ),
    ],
)
def test_what_is_no_second_subject_stays_one(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected


def test_distinct_roles_say_each_is_asked(knowledge: Knowledge) -> None:
    query = understand(
        "Le chef du département et la directrice des opérations, ce sont qui ?", knowledge
    )
    assert render_answer(answer(query, knowledge, TODAY)) == (
        "Les 2 personnes demandées, chacune avec son rôle :\n"
        "- **Ishan Bhojwani**, Chef du département Incubateur de Services numériques — "
        "Équipe de Direction et Opérations\n"
        "- **Alice Pannetrat**, Directrice des opérations — Équipe de Direction et Opérations\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )
