"""A question about the asker's own file with a ministry is a citizen's errand, even with « qui ».

Issue 11, family « citizen's errands » (`bot.understanding.errands.own_errand`). Probe set P had
three traps that still named a ministry's RP: « Qui s'occupe de mon dossier d'APL ? », « J'ai
reçu un redressement des impôts, qui appeler à Bercy ? », « …ma demande de logement social est
bloquée… intervenir auprès du ministère du Logement en ma faveur ? ». The asker's own file
(« mon dossier », « ma demande », « en ma faveur », « j'ai reçu un… ») with a ministry and no
word of our work is no question for an RP. The first five questions of ERRANDS presented the RP
on main; of one's own papers and benefits (« mon titre de séjour », « mes APL »…), the residence
permit did, the others were already refused by other rules and stay as guards. One's own adviser
(« ma conseillère à la CAF », « mon gestionnaire », « mon agent des impôts ») is the same
errand: the reviewer's example and four questions of our own named an RP on main. The questions
of OUR_WORK, about a team's file, keep their answer.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named, said

ERRANDS = [
    "qui gère ma demande de naturalisation au ministère de l'Intérieur",
    "mon dossier retraite bloqué, qui contacter au ministère du travail ?",
    "ma demande de titre de séjour n'avance pas, qui peut m'aider à l'Intérieur ?",
    "Monsieur, je sollicite votre aide : ma réclamation auprès du ministère de la Justice reste "
    "sans réponse. Qui peut s'en charger ?",
    "J'ai reçu un courrier de la DGFiP, qui appeler ?",
    # one's own papers and benefits
    "j'ai un souci avec mon titre de séjour à la préfecture, qui peut m'aider ?",
    "je n'arrive pas à faire ma déclaration d'impôts, qui contacter à Bercy ?",
    "mon permis de conduire est bloqué à l'ANTS, qui peut le débloquer ?",
    "Qui peut accélérer le versement de mes APL au ministère du Logement ?",
    # one's own adviser at a public body (family 10 of issue 11): each named an RP on main
    "Je touche le RSA, qui est ma conseillère à la CAF ?",
    "c'est qui mon conseiller pôle emploi ?",
    "mon agent des impôts c'est qui",
    "Bonjour, je suis allocataire et je voudrais savoir qui est désormais mon conseiller France "
    "Travail, l'ancien étant parti.",
    "Qui est mon assistante sociale au département ?",
]

OUR_WORK = [
    # a team working on residence permits: « titre de séjour » names the Intérieur
    ("Notre startup simplifie le titre de séjour : qui est notre RP ?", "portfolio", "interieur"),
    ("Bonjour, qui suit mon dossier de financement FAST ?", "pole", "acceleration"),
    ("Qui est le RP qui suit notre startup au ministère de la Santé ?", "portfolio", "sante"),
    (
        "qui s'occupe de mon dossier au ministère de la Culture ? notre startup y est incubée",
        "portfolio",
        "culture",
    ),
    # « notre conseiller » and a team's adviser are no citizen's counter
    (
        "Notre startup au ministère du Travail cherche son conseiller : qui est le RP ?",
        "portfolio",
        "travail",
    ),
]


@pytest.mark.parametrize("question", ERRANDS)
def test_the_askers_own_file_presents_nobody(question: str, knowledge: Knowledge) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.offtopic, people_named(question, knowledge)) == (
        "outside",
        True,
        (),
    )


@pytest.mark.parametrize(("question", "intent", "subject"), OUR_WORK)
def test_a_teams_file_keeps_its_answer(
    question: str, intent: str, subject: str, knowledge: Knowledge
) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.subject) == (intent, subject)


def test_it_says_betabot_handles_no_personal_errand(knowledge: Knowledge) -> None:
    assert said("qui gère ma demande de naturalisation au ministère de l'Intérieur", knowledge) == (
        "Je ne réponds qu'à propos de l'Incubateur de services numériques, de son équipe et de "
        "ses rôles tels qu'ils sont aujourd'hui : je ne commente ni rumeurs ni projets, je "
        "n'agis pas à votre place (courriels, réservations, comptes) et je ne traite ni les "
        "questions pratiques ni les démarches personnelles.\n"
        "Je peux en revanche vous répondre sur : **Intérieur** ?\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )
