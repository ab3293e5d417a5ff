"""Words typed as their beginning (« pôle accé », « pole anim ») read as the alias they begin.

Issue 11, family « abbreviations » (`bot.understanding.abbreviations`). Members shorten the
names of the pôles; on main « pôle accé membres » answered the Produits incubés pôle's passage,
« pole anim c qui » the Coaching pôle's, « qui est au pôle accé ? » was not understood. Every
question of COMPLETED failed on main. A word is completed beside the other words of one
alias typed in full, or alone from six letters when it is no word of its own; never into a
place name.
"""

from dataclasses import replace
from pathlib import Path
from shutil import copytree

import pytest

from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.problems import KnowledgeError
from bot.service.knowledge_cache import load_cached
from bot.understanding.abbreviations import complete
from bot.understanding.query import understand

ROOT = Path(__file__).resolve().parents[2]

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


@pytest.mark.parametrize(
    "question", ["les experts accélé", "Je cherche à joindre les experts accélé pour notre dossier"]
)
def test_an_alias_of_several_roles_completes_to_all_of_them(
    question: str, knowledge: Knowledge
) -> None:
    # « experts accélération » names the six experts: one alias, so no ambiguity
    query = understand(question, knowledge)
    assert (query.intent, query.subject, len(query.also), query.score) == (
        "role",
        "acceleration/claire-duizabo",
        5,
        100.0,
    )


def test_a_person_typed_with_the_beginning_of_their_name(knowledge: Knowledge) -> None:
    query = understand("qui est marine purs", knowledge)
    assert (query.intent, query.subject) == ("person", "marine-purson")


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("qui gère l'accessib", "animation-expertises/anne-sophie-tranchet"),
        ("qui fait la pédago ?", "animation-expertises/marine-petroline-soichot"),
        (
            "Bonjour, je voudrais savoir qui s'occupe de la cybersécu à l'incubateur",
            "animation-expertises/renaud-durand",
        ),
    ],
)
def test_a_word_alone_begun_long_enough_and_of_one_subject(
    question: str, role: str, knowledge: Knowledge
) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.subject, query.score) == ("role", role, 100.0)


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
        "le pôle acc",  # three letters begin too many words
        "qui s'occupe du format",  # a word of its own (passages, dictionary), not « formation »
        "le social",  # the same
        "pôle produits incub",  # « incub » is the ISN by itself: not the Produits incubés
        "pôle coach qui",  # « coach » names the coaches by itself, as on main
        "Who is the prefect of Paris?",  # an English word the vocabulary reads (« préfet »)
        "les pôles",
    ],
)
def test_nothing_else_is_completed(text: str, knowledge: Knowledge) -> None:
    assert complete(text, knowledge) is text


# Abbreviations a maintainer lists (intentions.yaml, « abreviations »): not understood on main.
LISTED = [
    ("ptf santé", "portfolio", "sante"),
    ("Ptf Santé ?", "portfolio", "sante"),
    ("c'est qui le resp du pôle accé", "role", "acceleration/benjamin-doberset"),
    ("qui sont les resps de ptf", "portfolio", ""),
]


@pytest.mark.parametrize(("question", "intent", "subject"), LISTED)
def test_a_listed_abbreviation_reads_in_full(
    question: str, intent: str, subject: str, knowledge: Knowledge
) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.subject, query.text) == (intent, subject, question)


def test_abbreviations_are_data(knowledge: Knowledge) -> None:
    assert understand("ptf santé", replace(knowledge, abbreviations={})).intent == "unknown"
    edited = replace(knowledge, abbreviations={"educn": "éducation nationale"})
    assert complete("le rp de l'éducn ?", edited) == "le rp de l'éducation nationale ?"
    assert understand("le rp de l'éducn ?", edited).subject == "education-nationale"


def _shown(path: Path) -> str:
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


@pytest.mark.parametrize(
    ("added", "message"),
    [
        (
            "  pôle accé: pôle accélération\n",
            "« pôle accé » doit être un seul mot — l'abréviation telle qu'on la tape",
        ),
        (
            "  ptf: portefeuilles\n",
            "« ptf » apparaît deux fois dans « abreviations » — gardez-en une seule",
        ),
        (
            '  dév: ""\n',
            "« dév » doit être suivi des mots entiers qu'il abrège — par exemple « portefeuille »",
        ),
        (
            "  dév: [développeur, développement]\n",
            "« dév » doit être suivi des mots entiers qu'il abrège — par exemple « portefeuille »",
        ),
    ],
)
def test_check_refuses_a_bad_abbreviation(tmp_path: Path, added: str, message: str) -> None:
    folder = tmp_path / "knowledge"
    copytree(ROOT / "knowledge", folder)
    intents = folder / "intentions.yaml"
    text = intents.read_text(encoding="utf-8")
    at = text.index("\nabreviations:\n") + len("\nabreviations:\n")
    intents.write_text(text[:at] + added + text[at:], encoding="utf-8")
    line = text[:at].count("\n") + 1 + ("apparaît deux fois" in message)
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(folder)
    assert str(error.value) == f"{_shown(intents)}:{line} : {message}"


def test_read_back_from_betabot_asks_cache_it_completes_the_same(tmp_path: Path) -> None:
    # « accélé » begins « accélération », whose aliases name the pôle and its experts (mixed):
    # not completed alone, also once the index is read back from the pickle.
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    written = load_cached(ROOT / "knowledge", ROOT / "knowledge" / "postes", cache)
    read = load_cached(ROOT / "knowledge", ROOT / "knowledge" / "postes", cache)
    assert read is not written
    texts = ["accélé", "l'accéléra", "qui gère l'accessib", "pôle accé membres", "ptf santé"]
    assert (
        [complete(t, read) for t in texts]
        == [complete(t, written) for t in texts]
        == [
            "accélé",
            "l'accéléra",
            "qui gère l'accessibilite",
            "pôle acceleration membres",
            "portefeuille santé",
        ]
    )


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("qui gere le pole accé ?", "acceleration/benjamin-doberset"),  # set Q
        ("qui gère le pôle Coaching ?", "coaching-produit/mael-inizan"),
        ("Bonjour, qui gère le pôle EIG ?", "eig/thomas-parisot"),
    ],
)
def test_who_manages_a_pole_is_its_head(question: str, head: str, knowledge: Knowledge) -> None:
    # « gère le pôle » is a « lead » cue (intentions.yaml); « qui gère l'accessibilité » a role
    query = understand(question, knowledge)
    assert (query.intent, query.subject, query.also) == ("role", head, ())
    query = understand("qui gère l'accessibilité", knowledge)
    assert (query.intent, query.subject) == ("role", "animation-expertises/anne-sophie-tranchet")
