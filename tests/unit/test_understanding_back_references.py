"""Back-references and heads: « …je cherche les coachs. Qui en est le responsable ? » (issue 11).

The asking sentence refers back (« en », « le », « leur », « pour ça », a bare « le
responsable ») to the nearest subject of the context the knowledge holds, passing over the
asker's own place (« je suis au pôle X »); a lead word asks for that subject's head: the head
of a pôle, of the pôle a role's holders form (« le responsable des coachs »), of each pôle
named (« qui dirige les pôles A et B »).
"""

import pytest

from bot.answers.answer import answer
from bot.answers.render import render_answer
from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import ACCELERATION, TODAY, people_named

MAEL = "Maël Inizan"  # head of the pôle Coaching produit (and one of its coaches)
BENJAMIN = "Benjamin Doberset"  # head of the pôle Accélération
RPS = (
    "Clémence Lopez",
    "Estelle Saget",
    MAEL,
    "Adrien Zemour",
    "Magali Marcel-Garreau",
    "Thibault Desjardins",
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Bonjour, je suis au pôle Accélération et je cherche les coachs. "
            "Qui en est le responsable ?",
            (MAEL,),
        ),
        ("on bosse au pôle accé et on cherche des coachs. c'est qui le responsable ?", (MAEL,)),
        (
            "Bonjour, je suis au pôle Partenariats et on m'a parlé du FAST, géré par le pôle "
            "Accélération. Qui en est le responsable ?",
            (BENJAMIN,),
        ),
        (
            "salut, je bosse au pôle accélération, je voudrais un coach. Qui est leur chef ?",
            (MAEL,),
        ),
        ("bjr, on cherche les coachs, c ki leur chef ?", (MAEL,)),
        ("On voudrait un coach pour notre équipe. Qui pilote ça chez vous ?", (MAEL,)),
        ("Je vous écris au sujet des coachs de l'incubateur. Qui est à leur tête ?", (MAEL,)),
        (
            "Bonjour, je suis développeur à l'incubateur de la Culture. Le pôle Coaching produit "
            "m'intéresse. C'est qui le boss ?",
            (MAEL,),
        ),
        ("Bonjour, une amie m'a parlé des experts accélération. Qui les encadre ?", (BENJAMIN,)),
    ],
)
def test_a_back_reference_asks_about_the_nearest_subject_of_the_context(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected


def test_members_referred_back_are_the_poles(knowledge: Knowledge) -> None:
    question = "Un pôle de l'incubateur regroupe les coachs, paraît-il. Qui en fait partie ?"
    coaching = (MAEL, "Benoît Champy", "Adrien Laville", "Denis Baudot")
    assert people_named(question, knowledge) == coaching


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("qui est le responsable des coachs ?", (MAEL,)),
        ("le chef des coachs svp", (MAEL,)),
        ("qui dirige les pôles Accélération et Coaching ?", (BENJAMIN, MAEL)),
        (
            "Les responsables du pôle Coaching et du pôle Accélération, ce sont qui ?",
            (MAEL, BENJAMIN),
        ),
    ],
)
def test_a_lead_word_asks_for_the_head(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Madame, Monsieur, je travaille au sein du pôle Accélération. Un collègue m'a "
            "conseillé de me rapprocher du pôle Coaching produit. Pourriez-vous me dire qui "
            "le dirige ?",
            (MAEL,),
        ),
        (
            "Bonjour, notre équipe travaille pour l'Agriculture sur un nouveau service. "
            "Qui s'en occupe chez vous ?",
            ("Magali Marcel-Garreau",),
        ),
        # « mon coach » is the asker's, « le RP » an article and a noun: the ministry's RP
        (
            "Mon coach m'a conseillé de vous écrire. Je suis à la Justice. C'est qui le RP pour "
            "nous ?",
            ("Estelle Saget",),
        ),
        # a role one person holds: its head is that person, not her pôle's
        ("On a besoin d'un mentor technique. Qui en est le responsable ?", ("Denis Baudot",)),
        # the asker's own pôle, when nothing else is named, is what « en » refers to
        ("Je travaille au pôle Accélération. Qui en est le responsable ?", (BENJAMIN,)),
        # « son responsable » of a count is no question about a head
        (
            "Bonjour, combien d'experts accélération compte le pôle Accélération, sans compter "
            "son responsable ?",
            ACCELERATION[1:],
        ),
        # the coaches themselves, when no lead word asks for their head
        (
            "qui sont les coachs ?",
            (MAEL, "Benoît Champy", "Adrien Laville"),
        ),
        # « responsable » inside the role's own name
        (
            "qui sont les responsables de portefeuille ?",
            RPS,
        ),
    ],
)
def test_what_is_no_back_reference_keeps_its_reading(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected


def test_the_head_of_the_coaches_is_not_called_the_coach(knowledge: Knowledge) -> None:
    query = understand("qui est le responsable des coachs ?", knowledge)
    first = render_answer(answer(query, knowledge, TODAY)).split("\n", 1)[0]
    assert first == "Le rôle de responsable du pôle, coach est tenu par **Maël Inizan**"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("J'ai rencontré Benoît Champy. Qui est son responsable ?", (MAEL,)),
        (
            "Bonjour, je travaille avec Octave Bory sur notre candidature au FAST. Qui est son "
            "chef ?",
            (BENJAMIN,),
        ),
        ("Claire Duizabo est mon interlocutrice. Qui la supervise ?", (BENJAMIN,)),
        # what someone does is still their card
        (
            "J'ai rendez-vous avec Nicolas Tourneur jeudi. Il fait quoi à l'incubateur ?",
            ("Nicolas Tourneur",),
        ),
    ],
)
def test_the_head_of_someone_named_before(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected
