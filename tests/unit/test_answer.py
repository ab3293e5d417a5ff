import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answers.answer import answer
from bot.answers.render import render_answer
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Engagement, JobPosting, Knowledge
from bot.understanding.query import Query, understand
from tests.unit.test_render import _LINK, _PING, live

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = load_knowledge(ROOT / "knowledge")
TODAY = date(2025, 3, 14)
GENERAL = (
    "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur ~incubateur-animation."
)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return KNOWLEDGE


def ask(question: str, knowledge: Knowledge = KNOWLEDGE, today: date = TODAY) -> str:
    return render_answer(answer(understand(question, knowledge), knowledge, today))


def test_qui_logement_names_mael_inizan_with_roles_and_contact() -> None:
    assert ask("qui logement") == (
        "Pour le ministère du Logement, votre contact à l'incubateur : **Maël Inizan**\n"
        "- responsable de portefeuille ministériel — Pôle Partenariats : Logement\n"
        "- responsable du pôle, coach — Pôle Coaching produit\n" + GENERAL
    )


def test_role_answer_gives_the_pole_contact_then_the_general_one() -> None:
    assert ask("qui est le CTO de la communauté") == (
        "Le rôle de CTO de la communauté est tenu par **Julien Bouquillon**\n"
        "- référent technique (CTO) de la communauté — Pôle Animation et Expertises\n"
        "Pôle Animation et Expertises : animation@beta.gouv.fr ou directement sur Mattermost.\n"
        "Sinon, écrivez à dinum@beta.gouv.fr ou passez sur ~incubateur-animation."
    )


def test_pole_answer_lists_lead_and_members() -> None:
    assert ask("pôle coaching") == (
        "**Pôle Coaching produit** : Le pôle accompagne des produits numériques prioritaires et "
        "anime la communauté des coachs beta.gouv.fr.\n"
        "Responsable : **Maël Inizan**\n"
        "Membres (4) :\n"
        "- **Maël Inizan**, responsable du pôle, coach\n"
        "- **Benoît Champy**, coach produit\n"
        "- **Adrien Laville**, coach produit\n"
        "- **Denis Baudot**, mentor technique, CTO des produits incubés à l'ISN\n" + GENERAL
    )


def test_the_cto_asked_bare_lists_both_ctos_with_what_tells_them_apart() -> None:
    # issue 11, family 6: the community's CTO and the CTO of the products incubated at the ISN
    assert ask("qui est le CTO ?") == (
        "Le rôle de CTO est tenu par 2 personnes :\n"
        "- **Julien Bouquillon**, référent technique (CTO) de la communauté — "
        "Pôle Animation et Expertises\n"
        "- **Denis Baudot**, mentor technique, CTO des produits incubés à l'ISN — "
        "Pôle Coaching produit\n" + GENERAL
    )
    assert ask("qui est le CTO des produits incubés ?").startswith(
        "Le rôle de CTO des produits incubés est tenu par **Denis Baudot**\n"
    )


def test_unknown_quotes_the_question_suggests_and_gives_the_contact() -> None:
    assert ask("qui logmenn") == (
        "Je n'ai pas compris `qui logmenn`.\n"
        "Vouliez-vous dire : **Logement** ?\n"
        "Tapez **aide** pour voir ce que je sais faire.\n" + GENERAL
    )


def test_unknown_neutralises_hostile_text() -> None:
    assert ask("@channel ![x](http://evil.example/x.png) <script>") == (
        "Je n'ai pas compris `@channel ![x](http://evil.example/x.png) <script>`.\n"
        "Tapez **aide** pour voir ce que je sais faire.\n" + GENERAL
    )


def test_unknown_shortens_a_very_long_question() -> None:
    text = ask("bla " * 500)
    assert text.splitlines()[0] == "Je n'ai pas compris `" + "bla " * 19 + "bla…`."


def test_help_lists_examples_and_the_subscription_commands() -> None:
    text = ask("aide")
    assert text.splitlines()[0] == (
        "Je réponds aux questions sur l'Incubateur de services numériques (ISN) :"
    )
    assert "- `qui logement` : qui s'occupe d'un ministère ou d'un thème" in text
    assert text.splitlines()[-2] == (
        "Écrivez **postes abonnement** pour recevoir les nouveaux postes en message direct, "
        "**postes désabonnement** pour arrêter."
    )


def test_jobs_without_open_posting_says_where_positions_are_published() -> None:
    assert ask("postes ouverts") == (
        "Aucun poste n'est ouvert en ce moment à l'Incubateur de services numériques.\n"
        "- Offre fermée : « L'incubateur de la DINUM recherche : deux responsables de "
        "portefeuilles », publié le 01/01/2024.\n"
        "Les postes sont d'abord annoncés sur Mattermost, puis publiés sur "
        "beta.gouv.fr/recrutement.\n"
        "Écrivez **postes abonnement** pour recevoir les nouveaux postes en message direct, "
        "**postes désabonnement** pour arrêter."
    )


def test_jobs_lists_open_postings_newest_first_and_skips_depublished(
    knowledge: Knowledge,
) -> None:
    postings = (
        JobPosting("a", "a.md", "Développeur·se", open=True, date=date(2025, 1, 2)),
        JobPosting("b", "b.md", "Coach", open=True, date=date(2025, 2, 3), url="https://x.fr/b"),
        JobPosting("c", "c.md", "Fermé", open=False),
        JobPosting("d", "d.md", "Dépublié", open=True, depublication_date=TODAY),
    )
    with_jobs = Knowledge(**{**knowledge.__dict__, "postings": postings})
    assert ask("postes ouverts", with_jobs) == (
        "**Postes ouverts à l'Incubateur de services numériques :**\n"
        "- [Coach](https://x.fr/b) (publié le 03/02/2025)\n"
        "- **Développeur·se** (publié le 02/01/2025)\n"
        "Les postes sont d'abord annoncés sur Mattermost, puis publiés sur "
        "beta.gouv.fr/recrutement.\n"
        "Écrivez **postes abonnement** pour recevoir les nouveaux postes en message direct, "
        "**postes désabonnement** pour arrêter."
    )


def test_subject_missing_after_a_reload_gives_the_unknown_answer(knowledge: Knowledge) -> None:
    gone = answer(Query("person", "personne-partie", 100.0, (), "qui est X"), knowledge, TODAY)
    assert gone.intent == "unknown"


@pytest.mark.parametrize(
    "question",
    ["qui logement", "engagements", "contact", "pourquoi vous contacter", "c'est quoi le FAST",
     "quels sont les pôles", "pôle animation", "qui est Maël"],
)  # fmt: skip
def test_answers_stay_short_and_never_ping(question: str) -> None:
    text = ask(question)
    assert len(text) < 4000
    assert _PING.search(live(text)) is None
    assert "@" not in text.replace("@beta.gouv.fr", "")


KNOWN_URLS = {link.url for topic in KNOWLEDGE.topics for link in topic.links} | {
    contact.url for contact in KNOWLEDGE.contacts if contact.url
}


@given(st.text(max_size=400))
def test_any_question_gets_an_inert_answer(question: str) -> None:
    text = ask(question)
    assert text
    assert _PING.search(live(text)) is None
    links = re.findall(r"\]\((https://[^)\s]+)\)", text)
    assert set(links) <= KNOWN_URLS
    assert _LINK.search(re.sub(r"\[[^\]]*\]\(https://[^)\s]+\)", " ", live(text))) is None


def test_partenariats_pole_shows_each_owner_with_their_perimeter() -> None:
    assert ask("pôle partenariats") == (
        "**Pôle Partenariats** : Les responsables de portefeuille s'occupent de soutenir les "
        "équipes produit et les "
        "incubateurs dans leurs travaux en fonction de leur périmètre ministériel. Chacun gère un "
        "portefeuille de ministères et fait le lien entre la DINUM et les ministères ; ils sont "
        "garants de la bonne application de la méthode beta.gouv.fr.\n"
        "Membres (6) :\n"
        "- **Clémence Lopez** — Éducation nationale, Enseignement supérieur, Sports\n"
        "- **Estelle Saget** — Santé, Jeunesse et Vie associative, Solidarités et Inclusion, "
        "Justice\n"
        "- **Maël Inizan** — Logement\n"
        "- **Adrien Zemour** — Territoire, Affaires étrangères, Transition écologique, Culture\n"
        "- **Magali Marcel-Garreau** — Économie et Finances publiques, Agriculture\n"
        "- **Thibault Desjardins** — Intérieur, Armées, Travail\n" + GENERAL
    )


def test_engagements_end_with_the_conclusion_sentence() -> None:
    small = replace(
        KNOWLEDGE,
        engagements=(Engagement("confiance", "confiance", "Nous faisons confiance aux équipes."),),
        engagements_intro="L'incubateur est au service de la communauté.",
        engagements_outro="Signalez tout manquement.",
    )
    assert ask("engagements", small) == (
        "**Nos engagements envers la communauté**\n"
        "L'incubateur est au service de la communauté.\n"
        "- Nous faisons **confiance** aux équipes.\n"
        "Signalez tout manquement."
    )
    assert ask("engagements").splitlines()[-1] == (
        "Si, en tant que membre de la communauté, vous constatez un manquement par rapport aux "
        "engagements cités ci-dessus, vous êtes libre de le signaler soit directement à la "
        "personne concernée, soit au membre de l'incubateur de votre choix."
    )


def test_several_ministries_give_one_line_per_person_in_the_questions_order() -> None:
    assert ask("qui s'occupe de la jeunesse et des sports") == (
        "- Pour le périmètre Jeunesse et Vie associative : **Estelle Saget**\n"
        "- Pour le ministère des Sports : **Clémence Lopez**\n" + GENERAL
    )


def test_several_ministries_of_one_person_name_her_once() -> None:
    assert ask("qui suit la santé et la justice") == (
        "Pour les ministères de la Santé et de la Justice, votre contact à l'incubateur : "
        "**Estelle Saget**\n"
        "- responsable de portefeuille ministériel — Pôle Partenariats : "
        "Santé, Jeunesse et Vie associative, Solidarités et Inclusion, Justice\n" + GENERAL
    )


def test_a_pole_without_listed_members_says_so_and_gives_the_contact_once() -> None:
    assert ask("pôle AIC") == (
        "**Pôle AIC (Accélérateur d'initiatives citoyennes)** : Il accompagne des communs "
        "numériques issus de la société civile au service de "
        "politiques publiques.\n"
        "Les membres de ce pôle ne sont pas listés sur la page de l'équipe.\n" + GENERAL
    )


def test_communication_names_both_people_who_do_it() -> None:
    assert ask("qui fait la comm") == (
        "Le rôle de comm est tenu par 2 personnes :\n"
        "- **Marine Purson**, adjointe en charge des relations institutionnelles et de la "
        "communication — Pôle Animation et Expertises\n"
        "- **Divine Tende**, chargée d'animation de communauté et de communication — "
        "Pôle Animation et Expertises\n" + GENERAL
    )


def test_pole_card_shows_a_members_note_as_the_person_card_does() -> None:
    lines = ask("pôle animation").splitlines()
    assert (
        "- **Divine Tende** (alternante), chargée d'animation de communauté et de communication"
    ) in lines


def test_a_portfolio_owner_without_a_portfolio_role_still_shows_the_perimeter(
    knowledge: Knowledge,
) -> None:
    poles = tuple(
        replace(p, members=tuple(m for m in p.members if m.person_id != "estelle-saget"))
        for p in knowledge.poles
    )
    assert ask("qui est Estelle Saget", replace(knowledge, poles=poles)) == (
        "**Estelle Saget**\n"
        "- Portefeuille : Santé, Jeunesse et Vie associative, Solidarités et Inclusion, Justice\n"
        + GENERAL
    )


def test_engagement_highlights_are_bold_like_its_title() -> None:
    small = replace(
        KNOWLEDGE,
        engagements=(
            Engagement(
                "reporting",
                "limiter le reporting",
                "Nous voulons limiter le reporting et une transparence maximale.",
                ("une transparence maximale", "absent du texte"),
            ),
        ),
        engagements_intro="",
        engagements_outro="",
    )
    assert ask("engagements", small) == (
        "**Nos engagements envers la communauté**\n"
        "- Nous voulons **limiter le reporting** et **une transparence maximale**."
    )


def test_unknown_answer_carries_its_suggestions_as_data(knowledge: Knowledge) -> None:
    query = Query("unknown", suggestions=("Logement", "Justice"), text="logment justise")
    said = answer(query, knowledge, date(2026, 1, 5))
    assert said.suggestions == ("Logement", "Justice")
    assert (
        answer(Query("portfolio", "logement", 100.0), knowledge, date(2026, 1, 5)).suggestions == ()
    )
