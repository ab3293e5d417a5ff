"""Issue 11, families 2 and 3: the fact asked comes first (a date, a number, …).

Each question is our own, in other words than the fixing sets; each failed before its fix.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.facts import COUNT, DATE, asked_fact, asks_yes_no, states
from bot.understanding.passage_cuts import focused
from bot.understanding.query import understand
from tests.blind import people_named, said

ISN_SOURCE = "D'après **L'Incubateur de services numériques (ISN)** :\n"
ISN_SINCE = (
    "Département de la DINUM depuis 2022 : la réorganisation de la DINUM a alors scindé le "
    "« Programme beta.gouv.fr » en deux départements, l'ISN et l'OPI (voir « ISN et OPI »).\n"
)
ISN_COUNT = (
    "Une trentaine de personnes (agents publics fonctionnaires ou contractuels, ou indépendants).\n"
)


@pytest.mark.parametrize(
    ("question", "first_lines"),
    [
        # a date asked: the sentence holding the year, not the whole page
        ("depuis quand l'incubateur de la DINUM existe-t-il ?", ISN_SOURCE + ISN_SINCE),
        (
            "En quelle année l'ISN est-il devenu un département à part entière ?",
            ISN_SOURCE + ISN_SINCE,
        ),
        # the context (« coach », « startup d'État ») does not outvote the sentence that asks
        (
            "Je suis coach dans une startup d'État. Quand est-ce que l'incubateur a été créé ?",
            ISN_SOURCE + ISN_SINCE,
        ),
        # a number asked: the head count
        ("vous etes combien a l'isn", ISN_SOURCE + ISN_COUNT),
        (
            "Bonjour, je suis nouvelle dans la communauté et je prépare une présentation pour "
            "mon équipe. Combien de personnes travaillent à l'ISN ?",
            ISN_SOURCE + ISN_COUNT,
        ),
        ("How many people work at the ISN?", ISN_SOURCE + ISN_COUNT),
    ],
)
def test_the_date_or_number_asked_comes_first(
    knowledge: Knowledge, question: str, first_lines: str
) -> None:
    assert said(question, knowledge).startswith(first_lines)
    assert people_named(question, knowledge) == ()


def test_a_question_asking_no_fact_keeps_the_whole_page(knowledge: Knowledge) -> None:
    assert said("c'est quoi l'ISN ?", knowledge).startswith(
        "**L'Incubateur de services numériques (ISN)**\nL'incubateur de la DINUM, de son nom "
        "complet"
    )


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("l'isn existe depuis quand", DATE),
        ("en quelle annee", DATE),
        ("c etait quoi la date limite", DATE),
        ("vous etes combien", COUNT),
        ("le nombre de postes", COUNT),
        ("ca a lieu tous les combien", ""),
        ("c est quoi l isn", ""),
        ("quel est le contrat", ""),
    ],
)
def test_what_kind_of_fact_is_asked(question: str, fact: str) -> None:
    assert asked_fact(question.split()) == fact


@pytest.mark.parametrize(
    ("text", "fact", "stated"),
    [
        ("scindée en deux lors de la réorganisation intervenue en 2022.", DATE, True),
        ("clôture des candidatures le 15/02/2023", DATE, True),
        ("avant le 1er mars", DATE, True),
        ("Une trentaine de personnes", COUNT, True),
        ("Ils sont six", COUNT, True),
        ("recrute 2 développeurs", COUNT, True),
        ("au 5e étage", COUNT, False),  # an ordinal is no number of things
        ("depuis 2022", COUNT, False),  # nor a year
        ("Une équipe autonome", DATE, False),
    ],
)
def test_what_states_a_date_or_a_number(text: str, fact: str, stated: bool) -> None:
    assert states(text, fact) is stated


RP_POSTING = "L'incubateur de la DINUM recherche : deux responsables de portefeuilles"
RP_CLOSED = (
    f"Le poste « {RP_POSTING} » n'est plus ouvert : l'offre est fermée (publié le 01/01/2024).\n"
    f"D'après **{RP_POSTING}** :\n"
)
RP_APPLY = (
    "Candidater : Expliquez-nous pourquoi vous avez envie d'intégrer cette équipe et "
    "envoyez-nous votre LinkedIn, CV ou GitHub, le tout à `dinum@beta.gouv.fr`\n"
)


@pytest.mark.parametrize(
    ("question", "first_lines"),
    [
        # the role's alias (« RP », « responsable de portefeuille ») names the posting: its
        # status (closed, since when), its title (how many), then what the words ask
        (
            "Salut, la fiche de poste de responsable de portefeuille, elle est encore en ligne ? "
            "Une amie voudrait postuler.",
            RP_CLOSED,
        ),
        (
            "Bonjour, j'ai vu passer une annonce pour devenir responsable de portefeuille à "
            "l'incubateur. Elle est encore valable ?",
            RP_CLOSED,
        ),
        ("l'offre de RP que vous aviez publiée, ça recrutait combien de personnes ?", RP_CLOSED),
        ("pour postuler comme RP on envoyait quoi", RP_CLOSED + RP_APPLY),
    ],
)
def test_a_posting_named_by_its_role_answers_with_its_own_facts(
    knowledge: Knowledge, question: str, first_lines: str
) -> None:
    assert said(question, knowledge).startswith(first_lines)
    assert people_named(question, knowledge) == ()


def test_the_rp_asked_for_a_ministry_is_still_a_person(knowledge: Knowledge) -> None:
    assert people_named("le RP santé est dispo ?", knowledge) == ("Estelle Saget",)


RESOURCES_TITLE = "**Les ressources d'un incubateur du réseau beta.gouv.fr** :\n"
RESOURCES = "D'après " + RESOURCES_TITLE
YES_RESOURCES = "Oui, d'après " + RESOURCES_TITLE


@pytest.mark.parametrize(
    ("question", "first_lines"),
    [
        # the point of a topic that holds what is asked, then the part of that point (« Oui »
        # first: these ask yes or no, see below)
        (
            "on peut avoir un nom de domaine en beta.gouv.fr pour notre service ?",
            YES_RESOURCES + "Offre technique : un nom de domaine beta.gouv.fr ; un appui ponctuel",
        ),
        (
            "Est-ce que nos intrapreneurs peuvent suivre la formation Alpha ?",
            RESOURCES + "Accès à la communauté : accès aux formations de la communauté et aux "
            "ressources communes, notamment la formation Alpha ; mise en avant des services",
        ),
        (
            "Notre équipe pourrait-elle être accueillie quelques jours dans vos locaux pour un "
            "atelier ?",
            YES_RESOURCES
            + "Accès à la communauté : possibilité d'accueillir ponctuellement l'équipe "
            "dans les locaux de l'incubateur de la DINUM (échanges, revues de portefeuille, "
            "ateliers) ; mise en avant des services",
        ),
        (
            "la DINUM représente-t-elle les équipes aux comités d'investissement ?",
            YES_RESOURCES + "Appui stratégique : représentation de la DINUM aux comités "
            "d'investissement des Startups d'État lorsque c'est nécessaire ; aide sur les "
            "produits stratégiques",
        ),
    ],
)
def test_the_part_of_a_list_that_is_asked_comes_first(
    knowledge: Knowledge, question: str, first_lines: str
) -> None:
    assert said(question, knowledge).startswith(first_lines)
    assert people_named(question, knowledge) == ()


def test_the_whole_list_asked_keeps_its_order(knowledge: Knowledge) -> None:
    assert said("quelles sont les ressources d'un incubateur du réseau ?", knowledge).startswith(
        "**Les ressources d'un incubateur du réseau beta.gouv.fr**\nEn tant qu'incubateur du "
        "réseau beta.gouv, les équipes qui suivent l'approche Startup d'État peuvent bénéficier "
        "de l'offre suivante :\n- Marchés publics :"
    )


def test_a_list_part_moved_first_keeps_every_part_once() -> None:
    text = "Titre : a un ; b deux ; c trois."
    assert focused(text, 2) == "Titre : c trois ; a un ; b deux."
    assert focused(text, 0) == text
    assert focused("une phrase sans liste.", 1) == "une phrase sans liste."


FUNDING = (
    "Financement et accompagnement : financement de phases d'investigation par la DINUM ; "
    "cofinancement de Startups d'État grâce au FAST"
)


@pytest.mark.parametrize(
    ("question", "first_lines"),
    [
        # a yes/no question answered by what the ISN offers or helps with: « Oui » first
        (
            "la DINUM peut financer notre investigation ?",
            YES_RESOURCES + FUNDING,
        ),
        ("Can the DINUM fund an investigation phase?", YES_RESOURCES + FUNDING),
        (
            "Bonjour, notre convention est bloquée depuis un mois. Est-ce que l'incubateur peut "
            "nous aider à la faire avancer ?",
            "Oui, d'après **Pourquoi faire appel à l'Incubateur de services numériques ?** :\n"
            "Faire avancer une convention, un devis, un service fait.\n",
        ),
        (
            "La DINUM peut-elle envoyer quelqu'un à notre comité d'investissement ?",
            YES_RESOURCES + "Appui stratégique : représentation de la DINUM "
            "aux comités d'investissement des Startups d'État lorsque c'est nécessaire ;",
        ),
        # no « Oui » where the knowledge states an exception, nor to a question that is no
        # yes/no question
        (
            "le ministère des affaires sociales peut utiliser le marché interministériel beta ?",
            RESOURCES + "Marchés publics : accès au marché interministériel beta.gouv pour les "
            "produits conçus selon l'approche Startup d'État (sauf pour le ministère des affaires "
            "sociales, qui dispose de son propre marché)",
        ),
        ("Quelles phases la DINUM finance-t-elle ?", RESOURCES + FUNDING),
    ],
)
def test_a_yes_no_question_gets_oui_first_when_the_knowledge_says_so(
    knowledge: Knowledge, question: str, first_lines: str
) -> None:
    assert said(question, knowledge).startswith(first_lines)
    assert people_named(question, knowledge) == ()


@pytest.mark.parametrize(
    ("question", "yes_no"),
    [
        ("Mon équipe peut-elle venir ?", True),
        ("est-ce que je peux contribuer ?", True),
        ("l'ISN peut m'aider ?", True),
        ("Can a product get a domain name?", True),
        ("Existe-t-il une formation de référence ?", True),
        ("qui peut m'aider ?", False),
        ("est-ce que tu sais qui gère le logement ?", False),
        ("qu'est-ce que le réseau offre ?", False),
        ("De quel fonds s'agit-il ?", False),
        ("ne peut-on pas venir ?", False),  # a « oui » would be ambiguous
        ("l'ISN peut m'aider.", False),
    ],
)
def test_what_asks_yes_or_no(question: str, yes_no: bool) -> None:
    assert asks_yes_no(question, fold(question).split()) is yes_no


@pytest.mark.parametrize(
    ("question", "first_lines"),
    [
        # the context (a ministry, « la DINUM ») does not name the answer: the clause that asks
        (
            "Bonjour, je suis à la DGFiP, au bureau des particuliers. Nous voudrions tester une "
            "idée sans gros budget : est-il possible que la DINUM finance une phase "
            "d'investigation ?",
            YES_RESOURCES + FUNDING,
        ),
        (
            "Bonjour, nous sommes au ministère des Armées et notre équipe démarre. Petite "
            "question : la DINUM finance-t-elle des phases d'investigation ?",
            YES_RESOURCES + FUNDING,
        ),
        (
            "Bonjour, je suis cheffe de projet au ministère de la Santé. Pour notre startup "
            "d'État, la DINUM propose-t-elle un cofinancement grâce au FAST ?",
            YES_RESOURCES + "Financement et accompagnement : cofinancement de Startups d'État "
            "grâce au FAST ; financement de phases d'investigation par la DINUM",
        ),
    ],
)
def test_with_context_first_the_clause_that_asks_is_answered(
    knowledge: Knowledge, question: str, first_lines: str
) -> None:
    assert said(question, knowledge).startswith(first_lines)
    assert people_named(question, knowledge) == ()


@pytest.mark.parametrize(
    ("question", "person"),
    [
        # one sentence whose clause after the comma is a passage's words: the person stays
        ("pour l'agriculture, c'est quel responsable de portefeuille ?", "Magali Marcel-Garreau"),
        ("pour le Logement, c'est quel RP déjà ?", "Maël Inizan"),
    ],
)
def test_the_clause_alone_never_replaces_the_subject_it_names(
    knowledge: Knowledge, question: str, person: str
) -> None:
    assert people_named(question, knowledge) == (person,)


# « combien » or « membres » about a pôle: its card counts and lists the members (a passage of
# another pôle sharing a stem, « accélérateur » for « accélération », no longer wins).
@pytest.mark.parametrize(
    "question",
    [
        "Combien de personnes dans le pôle Accélération ?",
        "combien de membres au pôle accélération ?",
        "Vous êtes combien au pôle Accélération en ce moment ?",
        "la composition du pôle Accélération svp",
    ],
)
def test_a_pole_asked_how_many_gives_its_card(question: str, knowledge: Knowledge) -> None:
    assert "Membres (7) :" in said(question, knowledge)
    assert understand(question, knowledge).subject == "acceleration"


# « le rôle d'un RP », « à quoi sert une coach »: a role word and an indefinite article ask
# what the job is, answered from what the knowledge says of it, not « not understood » for
# want of a holder.
@pytest.mark.parametrize(
    "question",
    [
        "quel est le rôle d'un responsable de portefeuille ?",
        "Quel est le rôle d'un responsable de portefeuille ministériel ?",
    ],
)
def test_the_role_of_a_kind_of_job_is_what_it_does(question: str, knowledge: Knowledge) -> None:
    text = said(question, knowledge)
    assert text.startswith("D'après **")
    assert "un portefeuille de ministères" in text
