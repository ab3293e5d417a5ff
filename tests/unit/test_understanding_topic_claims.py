"""Issue 11, family 2: a yes/no question checks a claim; the answer states it or denies it.

« L'ISN est-il à la tête de beta.gouv ? » names the ISN, whose page does not say whether it
heads the community; the engagements' sentence does (« au service… et non à sa tête »). A
claim about a topic whose page does not state it is answered by the passage elsewhere stating
clearly more of it; a claim the page states, or a question that is no claim, keeps the page.

Our own questions, in other words than set Q's; the first two failed before the fix.
"""

import pytest

from bot.knowledge.model import Knowledge
from tests.blind import people_named, said

ENGAGEMENTS = "D'après **Nos engagements envers la communauté** :\n"
NOT_AT_ITS_HEAD = (
    ENGAGEMENTS + "L'Incubateur de services numériques est au service, à la disposition de "
    "l'ensemble de la communauté beta.gouv.fr et non à sa tête.\n"
)
NOBODY_S_CHIEF = ENGAGEMENTS + "Nous ne sommes chef·fe·s de personne, mais nous sommes "
ISN_PAGE = "**L'Incubateur de services numériques (ISN)**\nL'incubateur de la DINUM, de son nom "


@pytest.mark.parametrize(
    ("question", "start"),
    [
        # short: « beta.gouv » and « l'ISN » name the umbrella; « à la tête » is the claim
        ("L'ISN est-il à la tête de beta.gouv ?", NOT_AT_ITS_HEAD),
        # English: « head » read « chef »
        ("Is the ISN at the head of the beta.gouv.fr community?", NOBODY_S_CHIEF),
    ],
)
def test_a_claim_the_page_does_not_state_is_answered_by_the_passage_stating_it(
    knowledge: Knowledge, question: str, start: str
) -> None:
    assert said(question, knowledge).startswith(start)
    assert people_named(question, knowledge) == ()


@pytest.mark.parametrize(
    "question",
    [
        "L'ISN fait-il partie de la DINUM ?",  # a claim its page states
        "c'est quoi l'ISN ?",  # no claim
    ],
)
def test_a_claim_the_page_states_keeps_the_page(knowledge: Knowledge, question: str) -> None:
    assert said(question, knowledge).startswith(ISN_PAGE)
