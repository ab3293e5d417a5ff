"""« Vous êtes où exactement ? »: the address asked in spoken words (issue 11).

After a context (« nous venons de Lyon et voudrions passer vous voir »), the asking sentence
asks where the incubator is; the cues « vous êtes où », « où vous trouver » are data
(intentions.yaml), « on est où dans le process ? » is not about the address.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand


@pytest.mark.parametrize(
    "question",
    [
        "Bonjour, nous venons de Lyon et voudrions passer vous voir. Vous êtes où exactement ?",
        "vous êtes où ?",
        "Bonjour, je passe à Paris la semaine prochaine, où vous trouver ?",
    ],
)
def test_spoken_where_asks_the_address(question: str, knowledge: Knowledge) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.subject) == ("topic", "adresse")


def test_where_we_are_in_a_process_is_no_address(knowledge: Knowledge) -> None:
    query = understand("je suis au ministère de la Santé, on est où dans le process ?", knowledge)
    assert (query.intent, query.subject) == ("portfolio", "sante")
