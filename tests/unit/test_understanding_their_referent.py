"""A « leur », « son »… refers back to the team the context names (review of issue 11).

« Je travaille sur Ma Cantine. Qui est leur designer ? » named the incubator's designer: the
possessive's referent is a product, and « le designer de Ma Cantine » already presented
nobody. A « leur / son » whose referent is another team — a product, a startup, a body, the
asker's own team — presents nobody (`teams.named_before`); one whose referent is ours (a
pôle, the incubator, one of our people) keeps our holder.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named


@pytest.mark.parametrize(
    "question",
    [
        "Je travaille sur Ma Cantine. Qui est leur designer ?",
        "je bosse sur ma cantine, leur designer c'est qui ?",
        "Ma Cantine cherche à recruter. Qui est leur designer ?",
        "Mon Suivi Justice a besoin d'aide, c'est qui leur dev ?",
        "Bonjour, nous démarrons un partenariat avec l'ANCT. Pourriez-vous me dire qui est leur "
        "développeur principal ?",
        "J'ai rendez-vous à la DGFiP la semaine prochaine : c'est qui leur CTO ?",
        "Je travaille avec l'équipe RDV-Solidarités. Qui est leur PO ?",
        # in English, « their » is read as « leur » (intentions.yaml, anglais)
        "I work on Ma Cantine. Who is their designer?",
        "We work with the DGFiP. Who is their CTO?",
    ],
)
def test_a_possessive_referring_to_another_team_presents_nobody(
    question: str, knowledge: Knowledge
) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.others, people_named(question, knowledge)) == ("outside", True, ())


@pytest.mark.parametrize(
    ("question", "people"),
    [
        ("Je suis au pôle Animation et Expertises. Qui est leur designer ?", 1),
        ("Bonjour, je viens d'arriver à l'incubateur. Qui est leur designer ?", 1),
        ("qui est votre designer ?", 1),
        ("We are in the Coaching pole. Who is their head?", 1),
    ],
)
def test_a_possessive_referring_to_ours_keeps_the_holder(
    question: str, people: int, knowledge: Knowledge
) -> None:
    assert len(people_named(question, knowledge)) == people
