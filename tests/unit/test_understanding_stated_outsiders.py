"""Issue 11, family 2: a fact of ours that names an outsider (« le Premier ministre ») is ours.

« La DINUM est-elle placée sous l'autorité du Premier ministre ? » names a minister, whom
betabot does not know, yet asks what the knowledge states word for word; it was answered « je
ne connais ni les ministres… ». A question asking for nobody whose informative words are all
in one passage is answered by that passage; a question about the outsider stays out of scope.

Our own questions; the first three failed before the fix.
"""

import pytest

from bot.knowledge.model import Knowledge
from tests.blind import people_named, said

OUTSIDE = (
    "Je ne réponds qu'à propos de l'Incubateur de services numériques, de son équipe et de ses "
    "rôles : je ne connais ni les ministres ni les responsables des administrations, et je ne "
    "donne ni coordonnées personnelles, ni salaires, ni avis sur les personnes.\n"
)


@pytest.mark.parametrize(
    ("question", "start"),
    [
        (
            "La DINUM est-elle placée sous l'autorité du Premier ministre ?",
            "D'après **La DINUM** :\nLa DINUM (direction interministérielle du numérique) est "
            "placée sous l'autorité du Premier ministre.\n",
        ),
        (
            "l'isn est sous l'autorité du premier ministre ?",
            "D'après **L'Incubateur de services numériques (ISN)** :\nC'est un département de la "
            "DINUM, elle-même placée sous l'autorité du Premier ministre : ",
        ),
        (
            "c'est dans le bâtiment du Premier ministre ?",
            "D'après **L'adresse de l'incubateur** :\nL'incubateur de la DINUM se situe au 5e "
            "étage du bâtiment des services du Premier ministre, au 20 avenue de Ségur, 75007 "
            "Paris.\n",
        ),
    ],
)
def test_a_fact_of_ours_naming_an_outsider_is_answered(
    knowledge: Knowledge, question: str, start: str
) -> None:
    assert said(question, knowledge).startswith(start)
    assert people_named(question, knowledge) == ()


@pytest.mark.parametrize(
    "question",
    [
        "qui est le premier ministre ?",
        # the outsider's doing: the ISN's page names the minister but says nothing of it
        "Est-ce que le premier ministre connaît l'ISN ?",
        "Le ministre du Logement est-il d'accord avec le FAST ?",
    ],
)
def test_the_outsider_asked_about_stays_out_of_scope(knowledge: Knowledge, question: str) -> None:
    assert said(question, knowledge).startswith(OUTSIDE)
    assert people_named(question, knowledge) == ()
