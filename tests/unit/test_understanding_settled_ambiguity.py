"""An ambiguous alias (« éco »: Économie or Écologie) gives both contacts, unless another word
of the question settles it (« éco et finances », « l'éco, côté Bercy ») (issue 11).

« éco » is declared ambiguous in intentions.yaml (`alias_ambigus`), as « CNAM » is.
"""

import pytest

from bot.knowledge.model import Knowledge
from tests.blind import people_named

ECOLOGY, ECONOMY = "Adrien Zemour", "Magali Marcel-Garreau"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("qui suit l'éco ?", (ECOLOGY, ECONOMY)),
        ("rp pour eco et pour territoire", (ECOLOGY, ECONOMY)),
        ("rp éco et finances stp", (ECONOMY,)),
        ("Bonjour, qui est le RP de l'éco, côté Bercy ?", (ECONOMY,)),
        ("la CNAM, côté santé, c'est qui ?", ("Estelle Saget",)),
    ],
)
def test_an_ambiguous_alias_is_settled_by_the_question_or_gives_both(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected
