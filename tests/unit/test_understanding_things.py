"""Issue 11, family 2: the thing asked (« quelle formation », « existe-t-il un fonds ») is the
answer, not a person whose role or ministry the other words name.

Each question is our own, in other words and registers than the sets it was found on (B, K, A);
each failed before the fix (a person's card, or the network's page, answered).
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.asked_thing import asked_noun
from tests.blind import people_named, said

RESOURCES = "D'après **Les ressources d'un incubateur du réseau beta.gouv.fr** :\n"
TRAINING = (
    RESOURCES + "Accès à la communauté : accès aux formations de la communauté et aux ressources "
    "communes, notamment la formation Alpha ; "
)
FNPE = (
    "D'après **Le FNPE (Fonds Numérique pour la Planification Écologique)** :\n"
    "Le Fonds Numérique pour la Planification Écologique (FNPE) est, en 2024, à la charge du pôle "
    "Accélération de l'ISN, qui cofinance les produits numériques à plus grand potentiel.\n"
)
FAST = (
    "D'après **Le FAST (Fonds d'Accélération des Startups d'État et de Territoires)** :\n"
    "Le FAST est le Fonds d'Accélération des Startups d'État et de Territoires : il cofinance les "
    "produits numériques à plus grand potentiel.\n"
)


@pytest.mark.parametrize(
    ("question", "start"),
    [
        # short, sloppy: « y a-t-il un fonds », the ministry named is what the fund is for
        ("y a-t-il un fonds pour les projets de transition écologique ?", FNPE),
        # context first, then « quelle formation »: not the person in charge of training
        (
            "Bonjour, je pilote une fabrique numérique qui vient d'adhérer au manifeste. Quelle "
            "formation nos agents peuvent-ils suivre ?",
            TRAINING,
        ),
        # « existe-t-il une formation »: the training, not its « formation » role holder
        ("existe-t-il une formation pour les coachs ?", TRAINING),
        # English: « which fund », not the Culture RP
        ("Which fund can co-finance our product at the Ministry of Culture?", FAST),
    ],
)
def test_the_thing_asked_is_answered_by_the_passage_that_states_it(
    knowledge: Knowledge, question: str, start: str
) -> None:
    assert said(question, knowledge).startswith(start)
    assert people_named(question, knowledge) == ()


@pytest.mark.parametrize(
    "question",
    [
        "quels avantages à rejoindre le réseau ?",
        "y a-t-il des avantages à faire partie du réseau beta.gouv ?",
    ],
)
def test_a_thing_named_by_a_topic_s_alias_only_is_that_topic(
    knowledge: Knowledge, question: str
) -> None:
    # « avantages » is none of the knowledge's texts, only an alias of the resources' page
    assert said(question, knowledge).startswith(
        "**Les ressources d'un incubateur du réseau beta.gouv.fr**\n"
    )


def test_the_weather_is_no_thing_of_a_posting(knowledge: Knowledge) -> None:
    # « quel temps » asks the weather (or how long), not the posting's « temps plein »
    assert said("Il fait quel temps avenue de Ségur aujourd'hui ?", knowledge).startswith(
        "**L'adresse de l'incubateur**\n"
    )


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # a noun that asks for someone keeps the people's card
        ("Quels coachs font partie du pôle Coaching produit ?", "Maël Inizan"),
        ("quel coach pour le logement ?", "Maël Inizan"),
        # « qui » asks for the holder of the « formation » role
        ("qui s'occupe de la formation ?", "Marine-Pétroline Soichot"),
        # a noun naming people by their work, though no title's head (« designer »)
        ("quel designer pour l'accessibilité ?", "Anne-Sophie Tranchet"),
        # a noun asked about the subject named (its role, its perimeter)
        ("quel est le rôle de Marine-Pétroline Soichot ?", "Marine-Pétroline Soichot"),
        ("Quels ministères suit Thibault Desjardins ?", "Thibault Desjardins"),
    ],
)
def test_someone_asked_keeps_the_person(knowledge: Knowledge, question: str, first: str) -> None:
    assert people_named(question, knowledge)[:1] == (first,)


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("quelle formation est accessible", ("formation", "est")),
        ("de quel fonds s agit il", ("fonds", "s")),
        ("quelles sont les ressources du reseau", ("ressources", "du")),
        ("existe t il une formation de reference", ("formation", "de")),
        ("il y a un tech lead cote incubateur", ("tech", "lead")),
        ("quel shared formation can access", ("shared", "formation")),
        ("depuis quand existe t il en tant que departement", ()),
        ("il fait quel temps avenue de segur", ("temps", "avenue")),
        ("qui dirige le programme", ()),
    ],
)
def test_the_noun_asked(question: str, noun: tuple[str, ...]) -> None:
    assert asked_noun(question.split()) == noun
