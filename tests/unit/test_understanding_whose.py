"""Someone of another team or body asked for presents nobody (issue 11, traps).

« le coach de Ma Cantine c'est qui ? » listed the incubator's three coaches, « qui est le CTO de
la DGFiP ? » our two CTOs, « qui s'occupe de l'accessibilité chez Doctolib ? » our accessibility
referent: a role of ours followed by another team or body (a product, a startup, the asker's own
team, a ministry or body, a préfecture, a company) asks for someone betabot does not know
(`bot.understanding.whose`). The same roles asked of the incubator keep their holders.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named, said


@pytest.mark.parametrize(
    "question",
    [
        # a product or a startup
        "le coach de Ma Cantine c'est qui ?",
        "qui est le coach de l'équipe RDV-Solidarités ?",
        "qui est la designer de l'équipe Mon Suivi Justice ?",
        "le chef de projet de la startup Rdv-Solidarités ?",
        "qui s'occupe de l'accessibilité chez Doctolib ?",
        "Who is the tech lead of the Pass Culture team?",
        # the asker's own team
        "le coach de notre produit est parti, qui le remplace ?",
        "qui est le designer de mon incubateur ?",
        "Bonjour, nous lançons un deuxième produit dans notre fabrique numérique. Pour "
        "m'organiser, pouvez-vous me dire qui est le CTO de notre fabrique ?",
        # another administration or body
        "qui est le CTO de la DGFiP ?",
        "le tech lead de l'ANCT c'est qui",
        "le boss de la DGFiP c'est qui",
        "la référente accessibilité du ministère de la Culture, c'est qui ?",
        "qui est le responsable RH de la préfecture de Bretagne ?",
        "qui est le chargé de communication de la mairie de Lyon ?",
        "qui fait la com à la préfecture ?",
        "le responsable de la CAF de Lyon ?",
        "Madame, Monsieur, je prépare une réunion avec l'Agence nationale de la cohésion des "
        "territoires. Pourriez-vous m'indiquer qui est le responsable de l'agence ?",
        # a word between the role and whose it is
        "qui est le coach actuel de Ma Cantine ?",
        "Qui est la référente accessibilité interne du ministère des Armées ?",
        # who works on the asker's project
        "Qui est l'EIG qui bosse sur notre produit à la DGFiP ?",
        "c'est qui le coach qui travaille sur notre startup ?",
        # the head of a body of a ministry of ours, which is no ministry itself
        "qui dirige France Travail ?",
        "Qui est à la tête de l'ANTS ?",
        "Bonjour, je travaille sur un projet avec les caisses d'allocations familiales. Qui est "
        "le directeur de la CNAF ?",
        "Qui est le chef du bureau des systèmes d'information de la DGS ?",
        "Bonjour ! La chargée de communication du ministère du Travail, vous la connaissez ?",
        # the asker's or another team's own staff, asked for
        "Bonjour, nous sommes une équipe de l'ANCT. Qui est notre designer ?",
        "Bonjour, nous démarrons une collaboration avec la startup Pass Culture. Pourriez-vous "
        "me dire qui est leur développeur principal ?",
        "Qui code sur le produit RDV-Solidarités ?",
        # a title of that body (« responsable sécurité »), not its RP; « Pôle emploi » no pôle
        "Qui est le responsable sécurité de France Travail ?",
        "qui s'occupe de la com chez Pôle emploi ?",
        # a product whose name starts with a possessive, asked of a ministry's reading
        "Bonjour, nous travaillons avec le ministère de la Justice. Qui est l'intrapreneuse de "
        "Mon Suivi Justice ?",
        # sloppy, without « de »
        "coach ma cantine ?",
        "qui est le coach Ma Cantine ?",
    ],
)
def test_another_teams_people_are_not_ours(question: str, knowledge: Knowledge) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.others, people_named(question, knowledge)) == ("outside", True, ())


@pytest.mark.parametrize(
    ("question", "people"),
    [
        ("qui est le coach à contacter à l'incubateur ?", 3),
        ("qui est le responsable du pôle Coaching produit ?", 1),
        ("qui est le designer de l'équipe d'animation ?", 1),
        ("qui est le CTO de la communauté ?", 1),
        ("le CTO des produits incubés à l'ISN ?", 1),
        ("qui dirige l'incubateur de services numériques ?", 1),
        ("le patron de beta.gouv ?", 1),
        ("qui s'occupe de l'accessibilité de notre site ?", 1),
        ("qui est le responsable de la Santé ?", 1),
        (
            "Bonjour, je suis coach de la startup Mon Suivi Justice, qui est le responsable du "
            "pôle Coaching ?",
            1,
        ),
        (
            "I'm a community manager at a ministry and I'd like to exchange with my counterpart "
            "at the ISN. Who is it?",
            1,
        ),
        ("qui pilote la Santé ?", 1),
        ("qui est le responsable du pôle Accélération ?", 1),
        ("coach produit ?", 3),
        ("le coach Benoît ?", 1),
        ("qui est le responsable de l'Intérieur ?", 1),
        ("qui est le chef du département Incubateur de services numériques ?", 1),
        ("Bonjour, je pilote un produit à la DRAAF. Qui est notre RP pour l'Agriculture ?", 1),
        ("Nous avons trouvé une faille de sécurité dans notre API : qui contacter à l'ISN ?", 1),
        ("Qui travaille sur l'accessibilité à l'incubateur ?", 1),
        ("Bonjour, je suis à la DGFiP. Qui est notre responsable de portefeuille ?", 1),
    ],
)
def test_the_incubators_roles_keep_their_holders(
    question: str, people: int, knowledge: Knowledge
) -> None:
    assert len(people_named(question, knowledge)) == people


def test_the_answer_says_whose_people_it_does_not_know_and_offers_the_pole(
    knowledge: Knowledge,
) -> None:
    assert said("le coach de Ma Cantine c'est qui ?", knowledge) == (
        "Je ne connais que l'équipe de l'Incubateur de services numériques : je ne sais pas qui "
        "travaille dans les équipes des produits, dans les autres incubateurs ou dans les "
        "administrations. Posez la question à l'équipe ou à l'administration concernée ; la "
        "fiche d'un produit sur beta.gouv.fr présente son équipe.\n"
        "Je peux en revanche vous répondre sur : **Pôle Coaching produit** ?\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )
