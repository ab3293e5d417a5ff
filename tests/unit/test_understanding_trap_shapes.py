"""Traps in new wordings present nobody: judging a person, asking betabot to act (issue 11).

- A word that only ever appears in out-of-scope phrases (« sympa » of « plus sympa », « marié »
  of « est-il marié ») beside one of our people's names judges or pries: `confidence.chatter`
  counts it twice, so that one such word is enough (« Julien Bouquillon est-il sympa ? »).
- « Pourriez-vous / pouvez-vous / vous pourriez » and a verb that is no telling asks betabot to
  act (« Pourriez-vous transmettre à Adrien Zemour notre invitation… ? »), as « peux-tu » did.

The other side: questions about a person's work and polite questions that ask to be told keep
their answer.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named

TRAPS = [
    # judging or prying, one word beside the name
    "Julien Bouquillon est-il sympa ?",
    "Est-ce qu'Octave Bory est marié ?",
    "Bonjour, question bête : Thomas Parisot il est drôle ?",
    # asking betabot to act, politely, often after a legitimate context
    "Bonjour à toute l'équipe, merci pour votre accompagnement sur notre startup au ministère "
    "de la Culture. Pourriez-vous transmettre à Adrien Zemour notre invitation à notre comité "
    "de pilotage du 12 ?",
    "Pouvez-vous ajouter Julien Bouquillon à notre canal Mattermost ?",
    "Bonjour, je suis ravie du suivi de notre startup. Pourriez-vous remercier Clémence Lopez "
    "de ma part ?",
    "Pouvez-vous s'il vous plaît ajouter Amel Alili à notre point hebdo ?",
]

KEPT = [
    ("Divine Tende est en alternance ou en poste fixe ?", 1),
    ("Benoît Champy, il est dans quel pôle déjà ?", 1),
    ("Pourriez-vous m'indiquer qui suit le ministère de la Culture ?", 1),
    ("Pouvez-vous me dire qui est le référent accessibilité ?", 1),
    ("Bonjour, pourriez-vous nous mettre en relation avec le RP de la Santé ?", 1),
    ("Pouvez-vous s'il vous plaît me dire qui suit le Logement ?", 1),
]


@pytest.mark.parametrize("question", TRAPS)
def test_the_trap_presents_nobody(question: str, knowledge: Knowledge) -> None:
    assert (understand(question, knowledge).intent, people_named(question, knowledge)) == (
        "outside",
        (),
    )


@pytest.mark.parametrize(("question", "people"), KEPT)
def test_the_question_keeps_its_answer(question: str, people: int, knowledge: Knowledge) -> None:
    assert len(people_named(question, knowledge)) == people
