"""Issue 11, family 2: « où » asks where; about postings, where they are announced.

« Où sont publiés les postes ? » was answered by a passage of the one posting (its terms, or
its missions for « trouver »), which never says where postings are announced; the jobs answer
does (« d'abord annoncés sur Mattermost, puis publiés sur beta.gouv.fr/recrutement »). A « où »
typed without its accent counts when it reads as « where » (`facts.asks_where`).

Our own questions (sloppy, « où » last, English); each failed before the fix. Where to send an
application, and the contract, are still the posting's.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.facts import asks_where
from tests.blind import said

WHERE_ANNOUNCED = (
    "Aucun poste n'est ouvert en ce moment à l'Incubateur de services numériques.\n"
    "- Offre fermée : « L'incubateur de la DINUM recherche : deux responsables de portefeuilles », "
    "publié le 01/01/2024.\n"
    "Les postes sont d'abord annoncés sur Mattermost, puis publiés sur beta.gouv.fr/recrutement."
)
POSTING = (
    "Le poste « L'incubateur de la DINUM recherche : deux responsables de portefeuilles » n'est "
    "plus ouvert : l'offre est fermée (publié le 01/01/2024).\n"
    "D'après **L'incubateur de la DINUM recherche : deux responsables de portefeuilles** :\n"
)


@pytest.mark.parametrize(
    "question",
    [
        "ou trouver les offres d'emploi de l'incubateur ?",
        "les postes de l'incubateur, ils sont publiés où ?",
        "c'est où qu'on voit les postes ouverts chez vous ?",
        "Where are the ISN's job openings published?",
    ],
)
def test_where_postings_are_announced_is_the_jobs_answer(
    knowledge: Knowledge, question: str
) -> None:
    assert said(question, knowledge).startswith(WHERE_ANNOUNCED)


@pytest.mark.parametrize(
    ("question", "passage"),
    [
        ("où envoyer ma candidature pour le poste de RP ?", "Candidater : "),
        ("le poste de RP c'est un CDD ou un CDI ?", "Modalités : "),
    ],
)
def test_applying_and_the_contract_are_the_postings(
    knowledge: Knowledge, question: str, passage: str
) -> None:
    assert said(question, knowledge).startswith(POSTING + passage)


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("où trouver les offres ?", True),
        ("ou trouver les offres ?", True),
        ("c'est ou l'incubateur ?", True),
        ("ils sont publiés ou ?", True),
        ("c'est un CDD ou un CDI ?", False),
    ],
)
def test_a_where_without_its_accent(question: str, where: bool) -> None:
    assert asks_where(question, fold(question).split()) is where
