from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge
from bot.understanding.aliases import MATCH_THRESHOLD
from bot.understanding.people import (
    ONE_WORD_SUGGEST_THRESHOLD,
    PERSON_ONE_WORD_SUGGEST_THRESHOLD,
    PERSON_ONE_WORD_THRESHOLD,
    PERSON_SUGGEST_THRESHOLD,
    SUGGEST_THRESHOLD,
)
from bot.understanding.query import Query, understand
from bot.understanding.reading import NOISE_WORDS

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = yaml.safe_load((ROOT / "tests/data/questions.yaml").read_text(encoding="utf-8"))
KNOWLEDGE = load_knowledge(ROOT / "knowledge")
PEOPLE = [p.name for p in KNOWLEDGE.people.values()]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return KNOWLEDGE


def test_question_file_has_at_least_150_questions() -> None:
    assert len(QUESTIONS["questions"]) >= 150


@pytest.mark.parametrize(
    ("question", "intent", "subject"),
    [tuple(q) for q in QUESTIONS["questions"]],
    ids=[q[0][:40] for q in QUESTIONS["questions"]],
)
def test_question_file_is_understood(
    knowledge: Knowledge, question: str, intent: str, subject: str
) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.subject) == (intent, subject)


@pytest.mark.parametrize(
    "example", KNOWLEDGE.examples, ids=[e.question[:40] for e in KNOWLEDGE.examples]
)
def test_examples_written_in_the_knowledge_stay_true(knowledge: Knowledge, example: object) -> None:
    from bot.knowledge.model import Example

    assert isinstance(example, Example)
    query = understand(example.question, knowledge)
    assert (query.intent, query.subject) == (example.intent, example.subject)


def test_terse_question_gives_the_whole_query(knowledge: Knowledge) -> None:
    assert understand("qui logement", knowledge) == Query(
        "portfolio", "logement", 100.0, (), "qui logement"
    )


def test_typo_above_match_threshold_is_understood(knowledge: Knowledge) -> None:
    assert fuzz.ratio("lgment", "logement") >= MATCH_THRESHOLD
    query = understand("qui lgment", knowledge)
    assert (query.intent, query.subject) == ("portfolio", "logement")


def test_typo_below_match_threshold_is_not_guessed_but_suggested(knowledge: Knowledge) -> None:
    assert ONE_WORD_SUGGEST_THRESHOLD <= fuzz.ratio("logmenn", "logement") < MATCH_THRESHOLD
    assert understand("qui logmenn", knowledge) == Query(
        "unknown", "", 80.0, ("Logement",), "qui logmenn"
    )


def test_one_word_below_its_suggest_threshold_is_not_offered(knowledge: Knowledge) -> None:
    assert SUGGEST_THRESHOLD <= fuzz.ratio("logmt", "logement") < ONE_WORD_SUGGEST_THRESHOLD
    assert understand("qui logmt", knowledge).suggestions == ()
    assert understand("on bosse avec l'Ademe", knowledge).suggestions == ()
    assert understand("quelle heure est-il", knowledge).suggestions == ()


@pytest.mark.parametrize(
    ("question", "offered"),
    [("qui est Ishane", ("Ishan Bhojwani",)), ("qui est Hugues", ("Hughes Le Chevallier",))],
)
def test_one_close_word_after_qui_est_offers_the_person(
    knowledge: Knowledge, question: str, offered: tuple[str, ...]
) -> None:
    assert PERSON_ONE_WORD_SUGGEST_THRESHOLD <= fuzz.ratio("hugues", "hughes") < 92
    assert fuzz.ratio("ishane", "ishan") < PERSON_ONE_WORD_THRESHOLD
    assert understand(question, knowledge).suggestions == offered


def test_one_word_after_qui_est_offers_a_person_only_above_its_threshold(
    knowledge: Knowledge,
) -> None:
    assert fuzz.ratio("champie", "champy") < PERSON_ONE_WORD_SUGGEST_THRESHOLD
    assert fuzz.ratio("champi", "champy") >= PERSON_ONE_WORD_SUGGEST_THRESHOLD
    assert understand("qui est champie", knowledge).suggestions == ()
    assert understand("qui est champi", knowledge).suggestions == ("Benoît Champy",)
    assert understand("c'est pas champi", knowledge).suggestions == ()


def test_a_pole_and_its_topic_are_offered_once(knowledge: Knowledge) -> None:
    # « programme gamma » is named by a reason's sentence (a passage answers it): a programme
    # the knowledge never names keeps the suggestions.
    assert understand("c'est quoi le programme zorglub", knowledge).suggestions == (
        "Programme Entrepreneur(e)s d'Intérêt Général (EIG)",
    )


def test_word_below_suggest_threshold_gets_no_suggestion(knowledge: Knowledge) -> None:
    assert fuzz.ratio("lgmntt", "logement") < SUGGEST_THRESHOLD
    assert understand("qui lgmntt", knowledge).suggestions == ()


def test_one_misspelt_word_names_a_person_only_above_its_threshold(knowledge: Knowledge) -> None:
    assert fuzz.ratio("bouquilon", "bouquillon") >= PERSON_ONE_WORD_THRESHOLD
    query = understand("qui est bouquilon", knowledge)
    assert (query.intent, query.subject) == ("person", "julien-bouquillon")


def test_one_word_close_to_a_first_name_does_not_name_the_person(knowledge: Knowledge) -> None:
    assert MATCH_THRESHOLD <= fuzz.ratio("clair", "claire") < PERSON_ONE_WORD_THRESHOLD
    query = understand("c'est pas clair", knowledge)
    assert query.intent == "unknown"
    assert "Claire Duizabo" not in query.suggestions


def test_close_full_name_is_suggested_above_person_suggest_threshold(knowledge: Knowledge) -> None:
    assert fuzz.ratio("maelle inizzzzzane", "mael inizan") >= PERSON_SUGGEST_THRESHOLD
    query = understand("qui est maelle inizzzzzane", knowledge)
    assert (query.intent, query.suggestions) == ("unknown", ("Maël Inizan",))


def test_one_vague_word_never_suggests_a_person(knowledge: Knowledge) -> None:
    assert PERSON_SUGGEST_THRESHOLD <= fuzz.ratio("stage", "saget") < MATCH_THRESHOLD
    assert understand("je cherche un stage", knowledge) == Query(
        "unknown", "", 80.0, ("L'adresse de l'incubateur",), "je cherche un stage"
    )


def test_shared_first_name_is_not_guessed_and_both_people_are_given(
    knowledge: Knowledge,
) -> None:
    assert understand("qui est Adrien", knowledge) == Query(
        "person", "adrien-zemour", 100.0, (), "qui est Adrien", also=("adrien-laville",)
    )


def test_a_shared_first_name_not_asked_about_is_still_offered(knowledge: Knowledge) -> None:
    assert understand("tu connais Adrien ?", knowledge) == Query(
        "unknown", "", 0.0, ("Adrien Zemour", "Adrien Laville"), "tu connais Adrien ?"
    )


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("qui est Marine Soichot", "marine-petroline-soichot"),
        ("qui est Soichot Marine", "marine-petroline-soichot"),
        ("qui est Adrien Zemour", "adrien-zemour"),
        ("Laville Adrien", "adrien-laville"),
    ],
)
def test_first_name_and_surname_name_the_person_who_bears_both(
    knowledge: Knowledge, question: str, person: str
) -> None:
    assert understand(question, knowledge) == Query("person", person, 100.0, (), question)


@pytest.mark.parametrize(
    ("question", "offered"),
    [
        ("qui est Julien Maniaci", ("Julien Bouquillon", "Stéphane Maniaci")),
        ("qui est Benoît Maniaci", ("Benoît Champy", "Stéphane Maniaci")),
    ],
)
def test_names_of_two_different_people_name_nobody_and_offer_both(
    knowledge: Knowledge, question: str, offered: tuple[str, ...]
) -> None:
    assert understand(question, knowledge) == Query("unknown", "", 0.0, offered, question)


def test_a_word_inside_a_longer_role_alias_names_nobody_else(knowledge: Knowledge) -> None:
    query = understand("qui est le tech lead", knowledge)
    assert (query.intent, query.subject) == ("role", "animation-expertises/stephane-maniaci")


def test_marine_alone_gives_both_marines_and_nothing_else(knowledge: Knowledge) -> None:
    query = understand("qui est Marine", knowledge)
    assert (query.subject, *query.also) == ("marine-purson", "marine-petroline-soichot")


@pytest.mark.parametrize(
    "question", ["c koi l'AIC", "ckoi l'AIC", "kesako l'AIC", "AIC késaco ?", "c'est koi l'AIC"]
)
def test_slangy_what_is_cues_ask_for_the_topic_not_the_pole(
    knowledge: Knowledge, question: str
) -> None:
    assert understand(question, knowledge) == Query("topic", "aic", 100.0, (), question)


def test_alias_shared_by_a_pole_and_a_topic_follows_the_cue(knowledge: Knowledge) -> None:
    assert understand("c'est quoi l'EIG", knowledge).intent == "topic"
    assert understand("pôle EIG", knowledge).intent == "pole"


def test_plural_of_a_cue_counts_as_the_cue(knowledge: Knowledge) -> None:
    assert understand("les pôles", knowledge) == Query("pole", "", 100.0, (), "les pôles")


def test_index_is_built_once_per_knowledge(knowledge: Knowledge) -> None:
    from bot.understanding import aliases as module

    understand("qui logement", knowledge)
    index = module.alias_index(knowledge)
    understand("qui santé", knowledge)
    assert module.alias_index(knowledge) is index


@given(st.text(max_size=300))
def test_any_text_is_understood_without_error(text: str) -> None:
    query = understand(text, KNOWLEDGE)
    assert 0.0 <= query.score <= 100.0
    assert query.intent in {
        "portfolio", "person", "role", "pole", "reasons", "engagements",
        "contact", "jobs", "topic", "help", "unknown", "passage", "outside",
    }  # fmt: skip


@pytest.mark.parametrize(
    "nonsense",
    ["asdfghjkl", "qui a vu mon parapluie", "quelle heure est-il", "je voudrais une pizza"],
)
def test_nonsense_names_nobody(knowledge: Knowledge, nonsense: str) -> None:
    query = understand(nonsense, knowledge)
    assert query.intent == "unknown"
    assert not set(query.suggestions) & set(PEOPLE)


def test_every_ministry_named_is_kept_in_the_questions_order(knowledge: Knowledge) -> None:
    query = understand("qui logement qui santé qui culture", knowledge)
    assert (query.intent, query.subject, query.also) == (
        "portfolio",
        "logement",
        ("sante", "culture"),
    )


def test_a_ministry_alias_inside_a_longer_one_is_not_a_second_ministry(
    knowledge: Knowledge,
) -> None:
    query = understand("qui s'occupe de la protection judiciaire de la jeunesse", knowledge)
    assert (query.intent, query.subject, query.also) == ("portfolio", "justice", ())


def test_a_contact_cue_among_a_few_unknown_words_is_still_a_contact_question(
    knowledge: Knowledge,
) -> None:
    assert understand("contact gras italique", knowledge).intent == "contact"


def test_a_contact_cue_lost_in_noise_is_not_understood(knowledge: Knowledge) -> None:
    text = "**gras** _italique_ `code` ~canal"
    assert len(["gras", "italique", "code"]) == NOISE_WORDS
    assert understand(text, knowledge) == Query("unknown", "", 72.0, (), text)
