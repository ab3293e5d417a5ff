"""« s'adresser à qui » asks whom to contact, not for the address (review of issue 11).

« à qui m'adresser ? » gave the incubator's postal address: the verb « (s')adresser » after its
pronoun (« m' », « s' », « vous », « nous ») is a contact cue of intentions.yaml, not the noun
« adresse ». « où » with it asks whom to turn to as well: « je dois m'adresser où ? » gets the
contact, never the address; the noun keeps its reading.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand


@pytest.mark.parametrize(
    "question",
    [
        "à qui s'adresser ?",
        "a qui faut il s adresser svp",
        "Bonjour, je ne sais pas à qui m'adresser.",
        "Bonjour, à qui puis-je m'adresser ?",
        "je dois m'adresser où ?",
        "Pouvez-vous me dire à qui nous adresser ?",
    ],
)
def test_whom_to_turn_to_is_the_contact(question: str, knowledge: Knowledge) -> None:
    assert (understand(question, knowledge).intent, understand(question, knowledge).subject) == (
        "contact",
        "",
    )


@pytest.mark.parametrize(
    ("question", "intent", "subject"),
    [
        ("à qui je m'adresse pour une convention ?", "reasons", ""),
        ("à qui dois-je m'adresser pour le logement ?", "portfolio", "logement"),
        ("quelle est votre adresse ?", "topic", "adresse"),
        ("l'adresse de l'incubateur ?", "topic", "adresse"),
    ],
)
def test_the_subject_or_the_noun_keeps_its_reading(
    question: str, intent: str, subject: str, knowledge: Knowledge
) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.subject) == (intent, subject)
