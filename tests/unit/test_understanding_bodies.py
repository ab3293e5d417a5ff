"""A ministry's regional directions, operators and institutions lead to its RP (issue 11).

A probe written blind (150 questions) named an operator or a regional direction instead of the
ministry 15 times, and got « not understood » or a passage for most: DREAL, DRAC, DRAAF, CHU,
INSEP… are data a maintainer adds to `portefeuilles.yaml`. Questions here are our own; each
named nobody on main.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.asker import asks_someone
from bot.understanding.subject import WHO_WORDS
from tests.blind import people_named, said

ZEMOUR, LOPEZ, SAGET = ("Adrien Zemour",), ("Clémence Lopez",), ("Estelle Saget",)
MARCEL, DESJARDINS = ("Magali Marcel-Garreau",), ("Thibault Desjardins",)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("je bosse a la DREAL Occitanie, c ki notre RP ?", ZEMOUR),
        (
            "Bonjour, l'ADEME voudrait lancer une startup d'État : qui contacter à l'incubateur ?",
            ZEMOUR,
        ),
        ("Le Cerema a une idée de service, vers qui se tourner ?", ZEMOUR),
        ("Qui suit la DRAC Bretagne chez vous ?", ZEMOUR),
        ("On est à la BnF, qui est notre interlocuteur ?", ZEMOUR),
        ("Qui est le RP pour un projet des espaces France Services ?", ZEMOUR),
        ("Je travaille à la DRAAF Grand Est. Qui est le RP de mon ministère ?", MARCEL),
        ("FranceAgriMer porte un produit, qui est le bon RP ?", MARCEL),
        ("Un lycée agricole veut un service numérique, qui contacter ?", MARCEL),
        ("Notre CHU voudrait lancer une startup d'État, qui est le RP ?", SAGET),
        ("Bonjour, je suis au CREPS de Poitiers, qui est notre RP ?", LOPEZ),
        ("Qui suit la Direction générale de l'armement à l'incubateur ?", DESJARDINS),
        # « sociaux » alone is the Solidarités'; « bailleurs sociaux » is housing
        ("on bosse avec des bailleurs sociaux, c'est quel RP ?", ("Maël Inizan",)),
    ],
)
def test_a_ministrys_body_leads_to_its_rp(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a first name stays a person, not the Marine nationale
        ("Marine Purson fait quoi ?", ("Marine Purson",)),
        # « lycée » alone stays the Éducation nationale's; « lycée agricole » is the Agriculture's
        ("je suis prof dans un lycée, qui est mon RP ?", LOPEZ),
    ],
)
def test_the_longer_alias_wins_and_names_stay_people(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected


# « Quel est notre responsable de portefeuille ? » after the context asks for someone, as
# « qui » does: the context's ministry answers, not the passage about what an RP is.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Bonjour, nous sommes au tribunal de Lyon. "
            "Quel est notre responsable de portefeuille ?",
            SAGET,
        ),
        ("Je travaille à la DGFiP. Quelle est la bonne interlocutrice chez vous ?", MARCEL),
        ("On est à la préfecture du Nord. Quel serait notre référent à l'incubateur ?", DESJARDINS),
    ],
)
def test_quel_and_a_person_noun_asks_for_someone(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Quel est notre responsable de portefeuille ?", True),
        ("vers quelle interlocutrice me tourner ?", True),
        ("Quel est le rôle d'un responsable de portefeuille ?", False),  # the role, not a person
        ("Quelle est l'adresse de l'incubateur ?", False),
    ],
)
def test_asks_someone_reads_quel_and_a_person_noun(text: str, asks: bool) -> None:
    assert asks_someone(text, WHO_WORDS) is asks


# Family 8 of issue 11: « qui est notre RP ? » from a body no alias names (the MSA, the Urssaf,
# the Caisse des dépôts…) got the closed job posting (« responsable de portefeuille » is in its
# title), the incubator's card or « not understood »: betabot cannot tell the ministry, so every
# RP with their ministries answers, and the asker finds theirs.
RPS_LISTED = "**Responsables de portefeuille ministériel (6)**\n"


@pytest.mark.parametrize(
    "question",
    [
        "Je travaille à la MSA. Qui serait notre responsable de portefeuille à l'incubateur de "
        "la DINUM ?",
        "On est à l'Urssaf, qui est notre responsable de portefeuille à l'incubateur ?",
        "Je bosse à la Caisse des dépôts, qui est notre RP ?",
        "c'est qui notre RP, moi je suis à l'Urssaf",
        "Bonjour, je suis agent à la Caisse nationale d'assurance vieillesse, qui serait notre "
        "RP ?",
        "Nous sommes chez Business France : qui est notre responsable de portefeuille ?",
    ],
)
def test_our_rp_from_an_unknown_body_lists_every_rp(question: str, knowledge: Knowledge) -> None:
    assert said(question, knowledge).startswith(RPS_LISTED)


@pytest.mark.parametrize(
    "question",
    [
        "qui est la femme de notre RP ?",  # other words than where the asker works
        "Qui sera notre RP l'an prochain ?",
        "mon RP m'a dit de voir Leroy Merlin, qui contacter ?",
    ],
)
def test_our_rp_with_other_words_lists_nobody(question: str, knowledge: Knowledge) -> None:
    assert people_named(question, knowledge) == ()


# Seed 001: Ma Cantine is carried by the ministry of Agriculture. « ma cantine » alone is
# everyday French (« le menu de ma cantine »): only the product's team or name says it.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Bonjour, on est l'équipe Ma Cantine, qui est notre RP ?", MARCEL),
        ("le produit Ma Cantine est suivi par quel responsable de portefeuille ?", MARCEL),
        ("qui fait le menu de ma cantine ?", ()),
    ],
)
def test_ma_cantine_is_agricultures_product(
    question: str, expected: tuple[str, ...], knowledge: Knowledge
) -> None:
    assert people_named(question, knowledge) == expected
