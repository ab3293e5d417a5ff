"""French families of blind set G (tests/data/questions_blind_g.yaml), each failing before its fix.

The questions are our own, not the blind sets'.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import ACCELERATION
from tests.blind import people_named as _people


# A citizen's own errand that only mentions a ministry's field (taxes, housing, a doctor, a
# school) asks nothing of the incubator: nobody is named, the answer is "not understood".
@pytest.mark.parametrize(
    "question",
    [
        "comment remplir ma déclaration d'impôts quand on est pacsé ?",
        "Bonjour, ma mère cherche un logement social en Bretagne, des conseils ?",
        "Bonjour, mon fils entre au lycée, comment demander une bourse ?",
        "Bonjour, quand ont lieu les inscriptions à l'école maternelle ?",
        "mon propriétaire refuse de rendre la caution du logement, que faire ?",
        "Bonjour, mon conjoint cherche un emploi",
        "ma fille cherche un stage en hôpital",
    ],
)
def test_a_citizens_errand_names_no_portfolio_manager(question: str, knowledge: Knowledge) -> None:
    assert understand(question, knowledge).intent == "unknown"
    assert _people(question, knowledge) == ()


# The same ministry words asked about the incubator keep their portfolio manager.
@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("logement", "Maël Inizan"),
        ("Bonjour, je voudrais parler à la personne qui suit le logement", "Maël Inizan"),
        ("on a un projet sur les impôts, on écrit à l'incubateur ?", "Magali Marcel-Garreau"),
        ("agriculture, c'est quel portefeuille ?", "Magali Marcel-Garreau"),
        ("qq1 pour la justice ?", "Estelle Saget"),
        ("santé ?", "Estelle Saget"),
    ],
)
def test_ministry_words_about_the_incubator_keep_their_manager(
    question: str, person: str, knowledge: Knowledge
) -> None:
    assert _people(question, knowledge) == (person,)


# Knowledge data: the consumer-fraud directorate is Bercy's, a security flaw asks for the
# cybersecurity expert, and a chief of staff of the armed forces is nobody betabot knows.
@pytest.mark.parametrize(
    ("question", "people"),
    [
        ("la répression des fraudes, qui suit ça à l'incubateur ?", ("Magali Marcel-Garreau",)),
        ("Bonjour, je suis à la DGCCRF, à qui écrire ?", ("Magali Marcel-Garreau",)),
        ("une faille de sécurité sur notre site, qui peut nous aider ?", ("Renaud Durand",)),
        ("on a trouvé des failles de sécu, on appelle qui ?", ("Renaud Durand",)),
        ("qui est le chef d'état major de l'armée de terre", ()),
        ("c'est qui la cheffe d'état-major de la marine ?", ()),
    ],
)
def test_fraud_security_flaw_and_chief_of_staff(
    question: str, people: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert _people(question, knowledge) == people


# « qui pilote » asks for a head like « qui dirige », and the department's full name
# (« l'Incubateur de Services Numériques ») is the ISN its head runs.
@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("qui pilote le pôle coaching ?", "Maël Inizan"),
        ("Bonjour, qui pilote l'EIG ?", "Thomas Parisot"),
        ("qui pilote l'incubateur ?", "Ishan Bhojwani"),
        ("Bonjour, qui est le chef de l'Incubateur de Services Numériques ?", "Ishan Bhojwani"),
        ("Petite question : qui dirige l'incubateur de services numériques ?", "Ishan Bhojwani"),
    ],
)
def test_who_steers_asks_for_the_head(question: str, person: str, knowledge: Knowledge) -> None:
    assert _people(question, knowledge) == (person,)


# An out-of-scope word that is where the asker works (« à la DRH », « au cabinet du préfet »)
# a few words after « je suis » is context: the question after it is answered.
@pytest.mark.parametrize(
    ("question", "person"),
    [
        (
            "Je suis gestionnaire au ministère du Travail, à la DRH. Qui est notre RP ?",
            "Thibault Desjardins",
        ),
        (
            "Je suis contractuelle à l'Agriculture, à la DSI du ministère. Qui nous suit à l'ISN ?",
            "Magali Marcel-Garreau",
        ),
    ],
)
def test_a_place_of_work_is_no_out_of_scope_question(
    question: str, person: str, knowledge: Knowledge
) -> None:
    assert _people(question, knowledge) == (person,)


def test_asking_to_reach_an_unknown_office_stays_out_of_scope(knowledge: Knowledge) -> None:
    assert understand("Je voudrais parler à la DRH, qui est-ce ?", knowledge).intent == "outside"


# A dot inside a word (« beta.gouv », « beta.gouv.fr ») ends no sentence: the question that
# holds it is still one sentence, asking for its ministry's RP.
@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Agent aux douanes, je cherche qui suit Bercy chez beta.gouv.", "Magali Marcel-Garreau"),
        ("Bonjour, qui suit la Culture pour beta.gouv.fr.", "Adrien Zemour"),
    ],
)
def test_a_dot_inside_a_word_ends_no_sentence(
    question: str, person: str, knowledge: Knowledge
) -> None:
    assert _people(question, knowledge) == (person,)


# A named person's private life (pet, home) is out of scope: nobody is named.
@pytest.mark.parametrize(
    "question",
    [
        "Stéphane Maniaci a un chien ?",
        "où habite Benoît Champy ?",
        "c'est quoi le domicile de Marine Purson",
    ],
)
def test_a_persons_private_life_is_out_of_scope(question: str, knowledge: Knowledge) -> None:
    assert understand(question, knowledge).intent == "outside"
    assert _people(question, knowledge) == ()


# « poste » beside a person's name asks for that person's role, not for open positions.
@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Octave Bory, il occupe quel poste ?", "Octave Bory"),
        ("c'est quoi le poste de Marine-Pétroline Soichot ?", "Marine-Pétroline Soichot"),
    ],
)
def test_a_persons_post_is_their_role(question: str, person: str, knowledge: Knowledge) -> None:
    assert understand(question, knowledge).intent == "person"
    assert _people(question, knowledge) == (person,)


def test_open_posts_stay_a_jobs_question(knowledge: Knowledge) -> None:
    assert understand("quels postes sont ouverts à l'ISN ?", knowledge).intent == "jobs"


# « faire appel » conjugated (« ferais-je appel », « ferait-on appel ») asks for the reasons
# to call the incubator.
@pytest.mark.parametrize(
    "question",
    [
        "Pourquoi ferais-je appel à l'Incubateur de Services Numériques ?",
        "pourquoi ferait-on appel à la DINUM plutôt qu'à notre incubateur ?",
    ],
)
def test_a_conjugated_call_on_asks_for_the_reasons(question: str, knowledge: Knowledge) -> None:
    assert understand(question, knowledge).intent == "reasons"


# A pôle asked for (« qui contacter pour le FAST ? ») beats the ministry the asker works in;
# « fonds d'accélération » names the pôle Accélération as « FAST » does.
@pytest.mark.parametrize(
    "question",
    [
        "Bonjour, je suis au ministère de la Culture, qui contacter pour le FAST ?",
        "Bonjour, nous sommes à la DGFiP : vers qui se tourner pour le fonds d'accélération ?",
        "qui contacter pour un fond d'accélération ?",
    ],
)
def test_a_pole_asked_for_beats_the_askers_ministry(question: str, knowledge: Knowledge) -> None:
    assert _people(question, knowledge) == ACCELERATION


def test_the_partnerships_pole_still_gives_the_askers_rp(knowledge: Knowledge) -> None:
    question = "Je suis à la DGFiP. Qui est notre interlocuteur au pôle Partenariats ?"
    assert _people(question, knowledge) == ("Magali Marcel-Garreau",)


# A verb after « me », « te », « se » (« vers qui me tourner ? ») is never a misspelt name
# (« Tourneur »): nobody is named for it, while the name itself still is.
@pytest.mark.parametrize(
    "question",
    [
        "vers qui se tourner pour une question de facture ?",
        "Bonjour, on a un blocage, vers qui me tourner ?",
    ],
)
def test_a_reflexive_verb_is_no_misspelt_name(question: str, knowledge: Knowledge) -> None:
    assert "Nicolas Tourneur" not in _people(question, knowledge)


def test_the_surname_alone_still_names_the_person(knowledge: Knowledge) -> None:
    assert _people("qui est Tourneur ?", knowledge) == ("Nicolas Tourneur",)


# Ranking people by availability or responsiveness is a judgement betabot does not make.
@pytest.mark.parametrize(
    "question",
    [
        "Bonjour, je suis à la Justice, quel coach produit est le plus disponible ?",
        "qui est l'expert accélération le plus réactif ?",
    ],
)
def test_ranking_people_is_out_of_scope(question: str, knowledge: Knowledge) -> None:
    assert understand(question, knowledge).intent == "outside"
    assert _people(question, knowledge) == ()
