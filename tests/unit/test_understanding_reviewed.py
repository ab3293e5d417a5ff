"""Families of misses a reviewer found on unseen questions (issue 11), with questions of our own.

Each family is read in general, not for one phrasing: every question below failed before its
fix, in words, registers and subjects other than the reviewer's examples.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand


def _reading(question: str, knowledge: Knowledge) -> tuple[str, str, tuple[str, ...]]:
    query = understand(question, knowledge)
    return query.intent, query.subject, query.also


# 7. What an RP is, asked colloquially (« ça sert à quoi », « à quoi servent », plural).
@pytest.mark.parametrize(
    "question",
    [
        "ça sert à quoi un RP ?",
        "Un responsable de portefeuille, concrètement, ça sert à quoi ?",
        "à quoi servent les responsables de portefeuille ministériel ?",
        "les portefeuilles ministériels, à quoi ça sert ?",
        "c'est quoi les portefeuilles ministériels ?",
    ],
)
def test_what_an_rp_is_for(knowledge: Knowledge, question: str) -> None:
    assert _reading(question, knowledge) == ("topic", "responsable-de-portefeuille", ())


@pytest.mark.parametrize(
    "question", ["liste des portefeuilles ministériels", "les portefeuilles ministériels"]
)
def test_the_plural_alone_still_lists_the_rps(knowledge: Knowledge, question: str) -> None:
    assert _reading(question, knowledge) == ("portfolio", "", ())


# 3. A reason's own word (« convention », « devis ») asked about is no bare « pourquoi »: the
# reasons to call the incubator answer, not a passage matching « type ».
@pytest.mark.parametrize(
    "question",
    [
        "Quels genres de conventions peut-on conclure avec l'incubateur ?",
        "Quelles sortes de devis peut-on passer avec la DINUM ?",
        "quel type de frein peut on remonter a l'incubateur",
        "Quels types de déblocage l'incubateur propose-t-il ?",
        "Madame, Monsieur, pourriez-vous m'indiquer quels types de conventions notre "
        "administration peut conclure avec l'incubateur de la DINUM ?",
    ],
)
def test_a_reason_word_asked_about_is_no_bare_why(knowledge: Knowledge, question: str) -> None:
    assert _reading(question, knowledge) == ("reasons", "", ())


def test_a_bare_why_still_asks_about_a_passage(knowledge: Knowledge) -> None:
    query = understand("Pourquoi l'incubateur limite-t-il le reporting ?", knowledge)
    assert (query.intent, query.subject) == ("passage", "engagement:reporting")
