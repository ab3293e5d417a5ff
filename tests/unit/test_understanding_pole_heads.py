"""A lead word with a pôle asks for its head (review of issue 11).

« le chef du pôle Animation ? » listed the whole pôle as if it answered: the knowledge names no
head for it. A lead word (chef, responsable, patron, boss, à la tête…) with a pôle gives the
pôle's head when the knowledge names one, otherwise the pôle's card under a first line saying
that no head is known. « leur responsable, au pôle X » is that pôle's head too.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named, said


@pytest.mark.parametrize(
    "question",
    [
        "qui est la cheffe du pôle Partenariats ?",
        "le boss du pôle animation",
        "Bonjour, pourriez-vous m'indiquer qui est à la tête du pôle Animation et Expertises ?",
        "Le pôle Animation et Expertises anime la communauté. Qui en est le responsable ?",
    ],
)
def test_a_headless_pole_says_so_first(question: str, knowledge: Knowledge) -> None:
    first = said(question, knowledge).split("\n")[0]
    assert first == "Je ne connais pas de responsable désigné pour ce pôle ; voici sa fiche :"


def test_the_whole_answer_is_the_card_under_the_honest_line(knowledge: Knowledge) -> None:
    assert said("le patron du pôle Partenariats ?", knowledge) == (
        "Je ne connais pas de responsable désigné pour ce pôle ; voici sa fiche :\n"
        "**Pôle Partenariats** : Les responsables de portefeuille s'occupent de soutenir les "
        "équipes produit et les incubateurs dans leurs travaux en fonction de leur périmètre "
        "ministériel. Chacun gère un portefeuille de ministères et fait le lien entre la DINUM "
        "et les ministères ; ils sont garants de la bonne application de la méthode "
        "beta.gouv.fr.\n"
        "Membres (6) :\n"
        "- **Clémence Lopez** — Éducation nationale, Enseignement supérieur, Sports\n"
        "- **Estelle Saget** — Santé, Jeunesse et Vie associative, Solidarités et Inclusion, "
        "Justice\n"
        "- **Maël Inizan** — Logement\n"
        "- **Adrien Zemour** — Territoire, Affaires étrangères, Transition écologique, Culture\n"
        "- **Magali Marcel-Garreau** — Économie et Finances publiques, Agriculture\n"
        "- **Thibault Desjardins** — Intérieur, Armées, Travail\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )


@pytest.mark.parametrize(
    "question",
    [
        "qui est leur responsable, au pôle Coaching produit ?",
        "Mes collègues sont au pôle Coaching produit : qui est leur chef ?",
        "le chef du pôle Coaching ?",
    ],
)
def test_a_pole_with_a_head_gives_its_head(question: str, knowledge: Knowledge) -> None:
    assert people_named(question, knowledge) == ("Maël Inizan",)


@pytest.mark.parametrize(
    ("question", "head"),
    [
        # « qui s'occupe de / est en charge de / gère » a pôle: its head
        ("qui s'occupe du pôle EIG ?", "Thomas Parisot"),
        ("c'est qui qui est en charge de l'équipe Accélération ?", "Benjamin Doberset"),
        ("Bonjour, qui gère le programme EIG à l'incubateur ?", "Thomas Parisot"),
        ("who's in charge of the acceleration team?", "Benjamin Doberset"),
    ],
)
def test_who_is_in_charge_of_a_pole_is_its_head(
    question: str, head: str, knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == (head,)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("qui s'occupe du logement ?", "portfolio"),  # a ministry: its portfolio manager
        ("depuis quand le pôle Accélération s'occupe-t-il du FNPE ?", "pole"),  # no « qui »
    ],
)
def test_in_charge_without_a_pole_asked_keeps_its_reading(
    question: str, intent: str, knowledge: Knowledge
) -> None:
    assert understand(question, knowledge).intent == intent


def test_the_members_asked_stay_the_card(knowledge: Knowledge) -> None:
    query = understand("les membres du pôle Animation ?", knowledge)
    assert (query.intent, query.headless) == ("pole", False)
