"""French families of blind set A's second pass, each failing before its fix.

The questions are our own, not the blind sets' (tests/data/questions_blind*.yaml).
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import BROAD_PASSAGE_THRESHOLD, PASSAGE_THRESHOLD, understand
from tests.blind import people_named as _people
from tests.blind import said as _said


# A head word (« patron », « boss », « chapeaute ») beside a pôle asks for that pôle's head,
# not for the head of the department.
@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("le patron du pôle EIG ?", "Thomas Parisot"),
        ("qui est le patron des opés ?", "Alice Pannetrat"),
        ("le boss du pôle coaching, c'est qui", "Maël Inizan"),
        ("qui chapeaute le coaching produit ?", "Maël Inizan"),
        ("qui est le patron de l'incubateur ?", "Ishan Bhojwani"),
        ("c'est qui le boss ici ?", "Ishan Bhojwani"),
    ],
)
def test_a_head_word_beside_a_pole_asks_for_its_head(
    knowledge: Knowledge, question: str, person: str
) -> None:
    assert _people(question, knowledge) == (person,)


# « Opérations » alone is the director of operations; the team is « Direction et Opérations ».
@pytest.mark.parametrize(
    ("question", "people"),
    [
        ("qui s'occupe des opés à l'incubateur ?", ("Alice Pannetrat",)),
        ("qui est en charge des opérations ?", ("Alice Pannetrat",)),
        (
            "qui fait partie de l'équipe des opérations ?",
            ("Ishan Bhojwani", "Alice Pannetrat", "Emmanuelle Graff"),
        ),
    ],
)
def test_operations_alone_is_the_director_of_operations(
    knowledge: Knowledge, question: str, people: tuple[str, ...]
) -> None:
    assert _people(question, knowledge) == people


# Long messages: the ministry of the context is the asker's; another ministry the context only
# mentions (« pas le ministère du Logement », « missions d'éducation ») is no second question.
@pytest.mark.parametrize(
    ("question", "people"),
    [
        (
            "Bonjour, je suis au rectorat de Lille et notre projet touche aux transports "
            "scolaires, mais c'est bien l'Éducation nationale qui le porte, pas la Transition "
            "écologique. Qui est notre responsable de portefeuille ?",
            ("Clémence Lopez",),
        ),
        (
            "Bonjour, je travaille dans un service pénitentiaire d'insertion et de probation, "
            "au ministère de la Justice, sur des questions de santé des détenus. À qui dois-je "
            "m'adresser à l'incubateur ?",
            ("Estelle Saget",),
        ),
        (
            "Nous travaillons pour la Culture et pour les Sports. Qui sont nos RP ?",
            ("Adrien Zemour", "Clémence Lopez"),
        ),
        (
            "Je suis à la préfecture de police, au ministère de l'Intérieur. Qui est notre "
            "interlocuteur au pôle Partenariats ?",
            ("Thibault Desjardins",),
        ),
        (
            "Bonjour, je suis à la DGFiP dans un bureau de la fiscalité des particuliers et nous "
            "voulons tester l'approche startup d'État. Pouvez-vous m'orienter vers la bonne "
            "personne ?",
            ("Magali Marcel-Garreau",),
        ),
    ],
)
def test_a_long_message_asks_for_its_own_ministrys_contact(
    knowledge: Knowledge, question: str, people: tuple[str, ...]
) -> None:
    assert _people(question, knowledge) == people


# The head of another administration's incubator is not ours: nobody is named.
@pytest.mark.parametrize(
    "question",
    [
        "qui est le directeur de l'incubateur du ministère des Armées ?",
        "qui dirige l'incubateur de la Culture ?",
        "c'est qui le chef de l'incubateur ministériel de l'Intérieur ?",
    ],
)
def test_the_head_of_another_incubator_names_nobody(knowledge: Knowledge, question: str) -> None:
    assert understand(question, knowledge).intent == "outside"
    assert _people(question, knowledge) == ()


def test_the_head_of_our_incubator_is_still_named(knowledge: Knowledge) -> None:
    assert _people("qui est le directeur de l'incubateur de la DINUM ?", knowledge) == (
        "Ishan Bhojwani",
    )


# What the incubator is for, asked in other words: the reasons to call on it, not its contact.
@pytest.mark.parametrize(
    "question", ["à quoi ça sert de vous contacter ?", "à quoi bon vous écrire ?"]
)
def test_what_calling_on_the_incubator_is_for(knowledge: Knowledge, question: str) -> None:
    assert understand(question, knowledge).intent == "reasons"


_COACHING = ("Maël Inizan", "Benoît Champy", "Adrien Laville", "Denis Baudot")


# A head word of the context (« ma directrice », « mon sous-directeur ») or beside « qui
# compose » does not turn a question about a pôle's members into one about its head.
@pytest.mark.parametrize(
    "question",
    [
        "Ma directrice veut savoir qui compose le pôle Coaching produit.",
        "Bonjour, je prépare une réunion avec notre directeur. Quels sont les membres du pôle "
        "Coaching produit ?",
    ],
)
def test_a_head_of_the_askers_is_no_question_about_a_poles_head(
    knowledge: Knowledge, question: str
) -> None:
    assert _people(question, knowledge) == _COACHING


# A ministry of the context only, and an asking sentence that asks for nobody (« les postes
# qui… » is a relative): the ministry's RP answers nothing asked.
@pytest.mark.parametrize(
    ("question", "said"),
    [
        (
            "Je suis agente au ministère des Armées et je cherche du travail. Où sont publiées "
            "les offres qui concernent l'incubateur ?",
            "Mattermost",
        ),
        (
            "Je travaille au ministère de la Santé. Il existe un pôle qui accompagne les "
            "communs numériques de la société civile ?",
            "AIC",
        ),
    ],
)
def test_a_ministry_of_the_context_is_no_answer_when_nobody_is_asked(
    knowledge: Knowledge, question: str, said: str
) -> None:
    assert _people(question, knowledge) == ()
    assert said in _said(question, knowledge)


@pytest.mark.parametrize(
    ("question", "person"),
    [
        (
            "Je suis à l'ARS Bretagne, pour la Santé, qui est notre responsable de portefeuille ?",
            "Estelle Saget",
        ),
        (
            "Je travaille au ministère de la Culture. Y a-t-il quelqu'un qui suit notre "
            "ministère ?",
            "Adrien Zemour",
        ),
    ],
)
def test_someone_asked_beside_a_ministry_of_the_context_is_still_its_rp(
    knowledge: Knowledge, question: str, person: str
) -> None:
    assert _people(question, knowledge) == (person,)


def test_broad_passage_threshold(knowledge: Knowledge) -> None:
    """Beside an umbrella topic (« l'incubateur »), a passage answers from 25, not 30."""
    above = (
        "Bonjour, les agents de notre incubateur peuvent-ils participer aux grands "
        "rassemblements annuels et aux groupes d'échange de la communauté ?"
    )
    query = understand(above, knowledge)
    assert (query.intent, query.subject) == ("passage", "topic:ressources-incubateur:3")
    assert BROAD_PASSAGE_THRESHOLD <= query.score < PASSAGE_THRESHOLD
    assert "grand séminaire" in _said(above, knowledge)


# The network's offer says the facts asked, in the documents' words.
@pytest.mark.parametrize(
    ("question", "fact"),
    [
        (
            "peut-on avoir une URL beta.gouv.fr pour notre service ?",
            "un nom de domaine beta.gouv.fr",
        ),
        (
            "Notre équipe voudrait faire un atelier à Paris : l'incubateur de la DINUM peut-il "
            "nous recevoir dans ses locaux ?",
            "accueillir ponctuellement l'équipe dans les locaux",
        ),
    ],
)
def test_the_networks_offer_says_the_fact_asked(
    knowledge: Knowledge, question: str, fact: str
) -> None:
    assert fact in _said(question, knowledge)


# How to apply to a posting is read in its « Candidater » part, not in its contract.
@pytest.mark.parametrize(
    "question",
    [
        "Pour l'offre de responsable de portefeuille, il fallait joindre quoi à la candidature ?",
        "L'annonce RP de l'incubateur : on devait envoyer sa candidature où, avec un CV ?",
    ],
)
def test_applying_to_a_posting_reads_its_application_part(
    knowledge: Knowledge, question: str
) -> None:
    said = _said(question, knowledge)
    assert "envoyez-nous votre LinkedIn, CV ou GitHub" in said
    assert "dinum@beta.gouv.fr" in said


# A bare « pourquoi » about what a passage says asks why that is, not why to call the incubator.
def test_a_bare_why_about_a_passage_reads_the_passage(knowledge: Knowledge) -> None:
    question = "pourquoi vous évitez de demander du reporting aux équipes ?"
    assert understand(question, knowledge).subject == "engagement:reporting"
    assert "une transparence maximale" in _said(question, knowledge)
    assert understand("pourquoi vous contacter ?", knowledge).intent == "reasons"
    assert understand("pk contacter l'incubateur", knowledge).intent == "reasons"


# A pôle's name inside a longer topic alias (« le marché de coaching ») is that topic's word.
def test_a_poles_name_inside_a_longer_topic_is_the_topic(knowledge: Knowledge) -> None:
    question = (
        "Bonjour, comment un incubateur du réseau peut-il utiliser le marché de coaching de la "
        "DINUM ? Notre service achats veut savoir."
    )
    assert _people(question, knowledge) == ()
    assert "conventions de partenariat" in _said(question, knowledge)


def test_the_eig_pole_says_how_an_administration_takes_part(knowledge: Knowledge) -> None:
    said = _said("comment notre ministère peut-il accueillir des EIG ?", knowledge)
    assert "Soumettez votre projet sur eig.numerique.gouv.fr/participer/administrations." in said


# « Une personne référente sur… » asks for someone: the role named beats the asker's context.
def test_a_referent_asked_beats_the_askers_context(knowledge: Knowledge) -> None:
    question = (
        "Bonjour, je travaille sur une startup d'État d'un opérateur public. Nous avons des "
        "doutes sur la cybersécurité de notre application. Existe-t-il une personne référente "
        "à l'incubateur sur ce sujet ?"
    )
    assert _people(question, knowledge) == ("Renaud Durand",)


# The network's offer in other words: the coaches' market, relaying a job ad.
@pytest.mark.parametrize(
    ("question", "fact"),
    [
        (
            "Notre préfecture aimerait travailler avec les coachs du marché de la DINUM. "
            "Comment fait-on ?",
            "conventions de partenariat",
        ),
        (
            "Nous cherchons un designer pour notre service. Le réseau peut-il relayer notre "
            "offre ?",
            "relais des campagnes de recrutement",
        ),
    ],
)
def test_the_networks_offer_in_other_words(knowledge: Knowledge, question: str, fact: str) -> None:
    assert _people(question, knowledge) == ()
    assert fact in _said(question, knowledge)


def test_the_communitys_trainings_are_the_networks_offer(knowledge: Knowledge) -> None:
    question = "les formations communes de la communauté sont-elles ouvertes à notre incubateur ?"
    assert "notamment la formation Alpha" in _said(question, knowledge)
    assert _people("qui s'occupe des formations ?", knowledge) == ("Marine-Pétroline Soichot",)


# A jobs word describing the asker (« mon ancien poste ») is context: the question is elsewhere.
def test_a_jobs_word_of_the_askers_context_is_no_jobs_question(knowledge: Knowledge) -> None:
    question = (
        "Dans mon précédent poste au ministère, on croulait sous les demandes de reporting. "
        "Est-ce que l'incubateur de la DINUM en demande beaucoup aux équipes ?"
    )
    assert understand(question, knowledge).subject == "engagement:reporting"
    assert understand("Je cherche un poste. Vous recrutez ?", knowledge).intent == "jobs"
