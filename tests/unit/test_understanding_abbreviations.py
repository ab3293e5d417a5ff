"""Words typed as their beginning (« pôle accé », « pole anim ») read as the alias they begin.

Issue 11, family « abbreviations » (`bot.understanding.abbreviations`). Members shorten the
names of the pôles; on main « pôle accé membres » answered the Produits incubés pôle's passage,
« pole anim c qui » the Coaching pôle's, « qui est au pôle accé ? » was not understood. Every
question of COMPLETED failed on main. A word is completed only beside the other words of one
alias typed in full, never alone, never when it is a word of the aliases itself, never into
a place name.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.abbreviations import complete
from bot.understanding.query import understand

COMPLETED = [
    ("pôle accé membres", "acceleration"),
    ("qui est au pôle accé ?", "acceleration"),
    ("pole acce qui", "acceleration"),
    ("pole anim c qui", "animation-expertises"),
    ("Bonjour, pourriez-vous me dire qui fait partie du pôle anim ? Merci d'avance", None),
    ("les gens du pôle partenar", "partenariats"),
    ("pole prod incubés", "produits-incubes"),
]


@pytest.mark.parametrize(("question", "pole"), COMPLETED)
def test_a_pole_name_typed_as_its_beginning_is_that_pole(
    question: str, pole: str | None, knowledge: Knowledge
) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.subject, query.score, query.text) == (
        "pole",
        pole or "animation-expertises",
        100.0,
        question,
    )


def test_the_members_are_listed(knowledge: Knowledge) -> None:
    # « membres » after the pôle's name (a cue of intentions.yaml): the pôle's card, which
    # lists them, not the AIC pôle's passage saying its members are not listed.
    for question in ("pôle accé membres", "pôle Accélération membres"):
        query = understand(question, knowledge)
        assert (query.intent, query.subject, query.coverage) == ("pole", "acceleration", 100.0)


def test_the_question_is_rewritten_in_its_own_text(knowledge: Knowledge) -> None:
    assert complete("Qui est au pôle accé ? Merci", knowledge) == (
        "Qui est au pôle acceleration ? Merci"
    )
    # The AIC pôle's long name completes « accé » when its other words are typed.
    assert complete("l'accé d'initiatives citoyennes", knowledge) == (
        "l'accelerateur d'initiatives citoyennes"
    )


@pytest.mark.parametrize(
    "text",
    [
        "l'accé",  # alone: accélération, accessibilité, accélérateur?
        "la charte en Charente",  # « Charente » begins no word of an alias
        "pôle coach qui",  # « coach » is an alias word itself, typed as meant
        "pole accel membres",  # « accel » too
        "le pôle acc",  # three letters begin too many words
        "les pôles",
    ],
)
def test_nothing_else_is_completed(text: str, knowledge: Knowledge) -> None:
    assert complete(text, knowledge) is text
