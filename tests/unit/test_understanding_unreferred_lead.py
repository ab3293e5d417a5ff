"""A « son / leur » head asked with nothing it refers to is not understood (review of issue 11).

« Qui est son chef ? » or « c'est qui leur responsable ? » with no context listed the six
portfolio managers: the possessive refers to something the message never names, so naming
anyone would be a guess. Once the context names a subject, the head of that subject is given.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named


@pytest.mark.parametrize(
    "question",
    [
        "qui est sa responsable ?",
        "svp c qui leur cheffe",
        "Leur patron, c'est qui ?",
        "c'est qui son boss",
        "qui est leur directrice ?",
        "qui dirige leur équipe ?",
        "Merci pour votre aide. Qui est leur boss ?",
    ],
)
def test_a_head_of_nothing_named_is_not_understood(question: str, knowledge: Knowledge) -> None:
    assert (understand(question, knowledge).intent, people_named(question, knowledge)) == (
        "unknown",
        (),
    )


@pytest.mark.parametrize(
    "question",
    [
        "Je cherche les coachs. Qui est leur responsable ?",
        "j'ai croisé Benoît Champy, c'est qui son chef ?",
        "Bonjour, nous voudrions un coach produit pour notre équipe. Qui est leur responsable ?",
    ],
)
def test_a_head_of_something_named_is_given(question: str, knowledge: Knowledge) -> None:
    assert people_named(question, knowledge) == ("Maël Inizan",)
