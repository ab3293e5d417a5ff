"""English questions naming a ministry by the ordinary words of its field (issue 11, family 9).

A reviewer found English questions missed because the vocabulary « anglais » of intentions.yaml
knew the ministries' names but not the ordinary nouns of their fields (« farming », « embassy »,
« tax office », « courts »): left untranslated, they matched no alias, and « office » alone led
to the incubator's address. The vocabulary now reads the common words of each ministry's field
and of the administration as the French aliases of portefeuilles.yaml. Every question here is our
own and missed on main; words the vocabulary does not know still decide nothing alone.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named

ZEMOUR, SAGET, MARCEL = ("Adrien Zemour",), ("Estelle Saget",), ("Magali Marcel-Garreau",)
DESJARDINS, LOPEZ, INIZAN = ("Thibault Desjardins",), ("Clémence Lopez",), ("Maël Inizan",)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who is the portfolio manager for farming?", MARCEL),
        ("Who looks after the tax office?", MARCEL),
        ("Our embassy has an idea for a digital service: who should we contact?", ZEMOUR),
        (
            "Hi, I'm at a hospital and we'd like to build a state startup, who's our portfolio "
            "manager?",
            SAGET,
        ),
        ("which RP handles the courts?", SAGET),
        ("who covers museums and heritage?", ZEMOUR),
        ("Who do we talk to about unemployment benefits and job seekers?", DESJARDINS),
        ("I work for a local authority, who is our point of contact at the incubator?", ZEMOUR),
        ("who looks after the navy?", DESJARDINS),
        ("Who is in charge of homelessness?", INIZAN),
        ("who deals with teachers and pupils?", LOPEZ),
        ("Who is the portfolio manager for disability?", SAGET),
    ],
)
def test_a_fields_ordinary_word_leads_to_its_rp(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Who handles seaside tourism?",  # no field of ours: not understood, in English
        "Who is responsible for space exploration?",
    ],
)
def test_unknown_english_words_name_nobody(question: str, knowledge: Knowledge) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.language, people_named(question, knowledge)) == (
        "unknown",
        "en",
        (),
    )


@pytest.mark.parametrize(
    "question",
    ["My adviser at the CAF left, who replaces her?", "who's my caseworker at the job centre?"],
)
def test_ones_own_adviser_in_english_is_an_errand(question: str, knowledge: Knowledge) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.offtopic, people_named(question, knowledge)) == (
        "outside",
        True,
        (),
    )
