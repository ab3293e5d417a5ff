"""A question that names one of our people but asks about something else presents nobody.

Issue 11, family 4 (`bot.understanding.chatter.chatter`). A probe of traps written blind
from the seeds named someone 15 times in 80; ten of those named a person and asked about their
evening, a loan, a trip or a meeting to book, in words our knowledge never uses. Every trap
below presented the person's card on main. The other side: questions about a person's work,
whose other words are ours, keep the card.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.chatter import CHATTER_MIN_WORDS, chatter
from bot.understanding.query import understand
from tests.blind import people_named, said

CHATTER = [
    "Marine Purson était à la soirée de jeudi ?",
    "Maël Inizan a adoré le concert de samedi ?",
    "Amel Alili pourrait me prêter son chargeur ?",
    "Thibault Desjardins regarde le match ce soir ?",
    "Est-ce que Benoît Champy joue encore de la guitare le midi ?",
    "Hughes Le Chevallier fait du vélo le dimanche ?",
    "Octave Bory a adopté un chat ?",
    "Can you book a meeting with Clémence Lopez for me next Tuesday?",
]

ABOUT_THEIR_WORK = [
    ("Divine Tende est en alternance ou en poste fixe ?", "Divine Tende"),
    ("Estelle Saget elle couvre quels ministères ?", "Estelle Saget"),
    ("Maël Inizan a combien de casquettes ?", "Maël Inizan"),
    ("Benoît Champy, il est dans quel pôle déjà ? Je dois le contacter.", "Benoît Champy"),
    ("Thibault Desjardins c'est le RP de quoi exactement ?", "Thibault Desjardins"),
    ("Que fait Chaïb Martinez ?", "Chaïb Martinez"),
    ("What does Julien Bouquillon do?", "Julien Bouquillon"),
]


@pytest.mark.parametrize("question", CHATTER)
def test_a_question_about_a_person_but_not_their_work_presents_nobody(
    question: str, knowledge: Knowledge
) -> None:
    assert (understand(question, knowledge).intent, people_named(question, knowledge)) == (
        "outside",
        (),
    )


def test_it_says_what_betabot_does_not_do(knowledge: Knowledge) -> None:
    assert said("Amel Alili pourrait me prêter son chargeur ?", knowledge) == (
        "Je ne réponds qu'à propos de l'Incubateur de services numériques, de son équipe et de "
        "ses rôles tels qu'ils sont aujourd'hui : je ne commente ni rumeurs ni projets, je "
        "n'agis pas à votre place (courriels, réservations, comptes) et je ne traite ni les "
        "questions pratiques ni les démarches personnelles.\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )


@pytest.mark.parametrize(("question", "person"), ABOUT_THEIR_WORK)
def test_a_question_about_their_work_keeps_the_card(
    question: str, person: str, knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == (person,)


@pytest.mark.parametrize(
    ("question", "out"),
    [
        # two words of nobody's work beside the name (« soirée », « jeudi »), of two: out
        ("Marine Purson était à la soirée de jeudi ?", True),
        # one only (« guitare »), below CHATTER_MIN_WORDS: the card
        ("Benoît Champy et la guitare ?", False),
        # two (« match », « soir ») but not more than half of the others: the card
        ("Thibault Desjardins suit quel ministère et quel pôle, et le match ce soir ?", False),
    ],
)
def test_the_threshold(question: str, out: bool, knowledge: Knowledge) -> None:
    assert CHATTER_MIN_WORDS == 2
    query = understand(question, knowledge)
    people = ("marine-purson", "benoit-champy", "thibault-desjardins")
    assert chatter(knowledge, question, "person", people) is out
    assert (query.intent == "outside") is out
