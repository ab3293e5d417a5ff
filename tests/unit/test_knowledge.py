"""The shipped knowledge: it loads, and the facts of the source pages hold."""

from pathlib import Path

import pytest

from bot.knowledge.loader import check
from bot.knowledge.model import Knowledge, Pole
from bot.knowledge.text import fold
from tests.conftest import KNOWLEDGE_DIR

# Every person of the current team page, by pôle, with their title as written there.
TEAM_PAGE = {
    "direction-operations": [
        ("Ishan Bhojwani", "Chef du département Incubateur de Services numériques"),
        ("Alice Pannetrat", "Directrice des opérations"),
        ("Emmanuelle Graff", "Responsable de coordination administrative et financière"),
    ],
    "partenariats": [
        ("Clémence Lopez", "responsable de portefeuille ministériel"),
        ("Estelle Saget", "responsable de portefeuille ministériel"),
        ("Maël Inizan", "responsable de portefeuille ministériel"),
        ("Adrien Zemour", "responsable de portefeuille ministériel"),
        ("Magali Marcel-Garreau", "responsable de portefeuille ministériel"),
        ("Thibault Desjardins", "responsable de portefeuille ministériel"),
    ],
    "acceleration": [
        ("Benjamin Doberset", "Responsable du pôle"),
        ("Claire Duizabo", "Experte accélération"),
        ("Séverine Hours", "Experte accélération"),
        ("Hughes Le Chevallier", "Expert accélération"),
        ("Chaïb Martinez", "Expert accélération"),
        ("John Labuzan", "Expert accélération"),
        ("Octave Bory", "Expert accélération"),
    ],
    "animation-expertises": [
        (
            "Marine Purson",
            "adjointe en charge des relations institutionnelles et de la communication",
        ),
        ("Julien Bouquillon", "référent technique (CTO) de la communauté"),
        ("Stéphane Maniaci", "référent qualité tech (Tech Lead)"),
        ("Amel Alili", "chargée du support utilisateurs"),
        ("Anne-Sophie Tranchet", "référente accessibilité et design"),
        ("Divine Tende", "chargée d'animation de communauté et de communication"),
        ("Nicolas Tourneur", "chargé des ressources humaines de la communauté"),
        ("Marine-Pétroline Soichot", "chargée d'ingénierie pédagogique"),
        ("Renaud Durand", "expert Cybersécurité"),
    ],
    "coaching-produit": [
        ("Maël Inizan", "responsable du pôle, coach"),
        ("Benoît Champy", "coach produit"),
        ("Adrien Laville", "coach produit"),
        ("Denis Baudot", "mentor technique, CTO des produits incubés à l'ISN"),
    ],
    "eig": [("Thomas Parisot", "directeur de programme")],
    "aic": [],
    "produits-incubes": [],
}

# Each responsable de portefeuille and the perimeter listed on the team page.
PORTFOLIOS = {
    "Clémence Lopez": ["Éducation nationale", "Enseignement supérieur", "Sports"],
    "Estelle Saget": [
        "Santé",
        "Jeunesse et Vie associative",
        "Solidarités et Inclusion",
        "Justice",
    ],
    "Maël Inizan": ["Logement"],
    "Adrien Zemour": ["Territoire", "Affaires étrangères", "Transition écologique", "Culture"],
    "Magali Marcel-Garreau": ["Économie et Finances publiques", "Agriculture"],
    "Thibault Desjardins": ["Intérieur", "Armées", "Travail"],
}


def pole(knowledge: Knowledge, pole_id: str) -> Pole:
    return next(p for p in knowledge.poles if p.id == pole_id)


def test_shipped_knowledge_passes_the_check() -> None:
    text, code = check(KNOWLEDGE_DIR)
    assert code == 0, text
    assert text.startswith(
        "Connaissances valides : 29 personnes, 8 pôles, 6 portefeuilles (17 ministères), "
        "7 raisons, 5 engagements, 3 contacts, 14 sujets, "
    )


def test_every_person_of_the_team_page_is_known_once(knowledge: Knowledge) -> None:
    on_page = {name for members in TEAM_PAGE.values() for name, _ in members}
    assert sorted(p.name for p in knowledge.people.values()) == sorted(on_page)


@pytest.mark.parametrize("pole_id", TEAM_PAGE)
def test_each_pole_has_the_members_and_titles_of_the_page(
    knowledge: Knowledge, pole_id: str
) -> None:
    members = [
        (knowledge.people[r.person_id].name, r.title) for r in pole(knowledge, pole_id).members
    ]
    assert members == TEAM_PAGE[pole_id]


def test_poles_without_listed_members_say_so(knowledge: Knowledge) -> None:
    for pole_id in ("aic", "produits-incubes"):
        assert "ne sont pas listés" in pole(knowledge, pole_id).note


def test_pole_leads_match_the_page(knowledge: Knowledge) -> None:
    leads = {p.id: p.lead_id for p in knowledge.poles if p.lead_id}
    assert leads == {
        "direction-operations": "ishan-bhojwani",
        "acceleration": "benjamin-doberset",
        "coaching-produit": "mael-inizan",
        "eig": "thomas-parisot",
    }


def test_portfolios_match_the_page(knowledge: Knowledge) -> None:
    found = {
        knowledge.people[p.owner_id].name: [m.name for m in p.ministries]
        for p in knowledge.portfolios
    }
    assert found == PORTFOLIOS


def test_logement_belongs_to_mael_inizan(knowledge: Knowledge) -> None:
    owners = [p.owner_id for p in knowledge.portfolios for m in p.ministries if m.id == "logement"]
    assert owners == ["mael-inizan"]


def test_mael_is_both_portfolio_owner_and_coaching_lead(knowledge: Knowledge) -> None:
    roles = [
        (p.id, r.title) for p in knowledge.poles for r in p.members if r.person_id == "mael-inizan"
    ]
    assert roles == [
        ("partenariats", "responsable de portefeuille ministériel"),
        ("coaching-produit", "responsable du pôle, coach"),
    ]
    assert pole(knowledge, "coaching-produit").lead_id == "mael-inizan"


@pytest.mark.parametrize(
    ("alias", "ministry_id"),
    [
        ("hébergement d'urgence", "logement"),
        ("urbanisme", "logement"),
        ("ARS", "sante"),
        ("hôpital", "sante"),
        ("défense", "armees"),
        ("MINARM", "armees"),
        ("lycée", "education-nationale"),
        ("MEN", "education-nationale"),
        ("Bercy", "economie-finances"),
        ("DGFiP", "economie-finances"),
        ("impots", "economie-finances"),
    ],
)
def test_ministry_aliases_cover_informal_names(
    knowledge: Knowledge, alias: str, ministry_id: str
) -> None:
    owners = [
        m.id
        for p in knowledge.portfolios
        for m in p.ministries
        if fold(alias) in {fold(a) for a in m.aliases}
    ]
    assert owners == [ministry_id]


def test_divine_tende_is_noted_as_alternante(knowledge: Knowledge) -> None:
    assert knowledge.people["divine-tende"].note == "alternante"


def test_contacts_are_those_of_the_page(knowledge: Knowledge) -> None:
    assert [(c.value, c.url) for c in knowledge.contacts] == [
        ("dinum@beta.gouv.fr", ""),
        (
            "~incubateur-animation",
            "https://mattermost.incubateur.net/betagouv/channels/incubateur-animation",
        ),
        ("animation@beta.gouv.fr", ""),
    ]
    assert pole(knowledge, "animation-expertises").contact.startswith("animation@beta.gouv.fr")


def test_reasons_and_engagements_are_all_there(knowledge: Knowledge) -> None:
    assert [r.text for r in knowledge.reasons][1:] == [
        "Travailler sur un nouveau partenariat avec une administration.",
        "Faire avancer une convention, un devis, un service fait.",
        "J'ai une question d'ordre administratif ou concernant un des marchés publics de la DINUM.",
        "J'ai besoin du soutien de la DINUM (Fonds d'accélération des Startups d'État, Programme "
        "Gamma, aide transverse, négociation des conditions d'autonomie de mon équipe, "
        "refinancements, déblocages de freins).",
        "Je me sens mal dans mon équipe.",
        "Je souhaite m'investir sur un sujet de la communauté.",
    ]
    assert [e.title for e in knowledge.engagements] == [
        "l'incubateur fait confiance aux équipes qui ont les mains dans le cambouis",
        "garants des valeurs de beta.gouv.fr",
        "nous souhaitons que les équipes se sentent en sécurité pour nous faire remonter leurs "
        "problèmes",
        "nous essayons au maximum de limiter les demandes de reporting",
        "responsables",
    ]
    assert knowledge.engagements_intro == (
        "L'Incubateur de services numériques est au service, à la disposition de l'ensemble de "
        "la communauté beta.gouv.fr et non à sa tête."
    )


def test_topics_carry_the_key_facts(knowledge: Knowledge) -> None:
    topics = {t.id: t for t in knowledge.topics}
    assert "Département Incubateur de services numériques de la DINUM (ISN)" in topics["isn"].text
    assert "Premier ministre" in topics["isn"].text
    assert "2022" in topics["isn-opi"].text
    assert topics["adresse"].text == (
        "L'incubateur de la DINUM se situe au 5e étage du bâtiment des services du Premier "
        "ministre, au 20 avenue de Ségur, 75007 Paris."
    )
    assert [link.url for link in topics["eig"].links] == [
        "https://eig.numerique.gouv.fr/participer/administrations/",
        "https://eig.numerique.gouv.fr/participer/candidats/",
    ]
    assert [link.url for link in topics["rejoindre-isn"].links] == [
        "https://www.welcometothejungle.com/fr/companies/communaute-beta-gouv"
    ]
    assert len(topics["ressources-incubateur"].items) == 5


def test_there_are_at_least_forty_examples_covering_every_intent(knowledge: Knowledge) -> None:
    assert len(knowledge.examples) >= 40
    assert {e.intent for e in knowledge.examples} == {
        "portfolio",
        "person",
        "role",
        "pole",
        "reasons",
        "engagements",
        "contact",
        "jobs",
        "topic",
        "passage",
        "outside",
        "help",
        "unknown",
    }  # fmt: skip  (lead, where and posting are cues only, never an answer's intent)


def test_seed_posting_is_shipped_closed(knowledge: Knowledge) -> None:
    slugs = {p.slug: p.open for p in knowledge.postings}
    assert slugs.get("2024-01-01-responsables-de-portefeuille") is False


def test_maintainers_guide_exists() -> None:
    guide = (Path(KNOWLEDGE_DIR) / "LISEZMOI.md").read_text(encoding="utf-8")
    assert "betabot check" in guide
