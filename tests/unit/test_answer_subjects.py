"""Every answer names, on its first line, the subject it answers: a near-miss shows as such."""

from datetime import date
from pathlib import Path

import pytest

from bot.answers.answer import answer
from bot.answers.render import render_answer
from bot.knowledge.loader import load_knowledge
from bot.understanding.query import understand

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = load_knowledge(ROOT / "knowledge", ROOT / "knowledge" / "postes")
TODAY = date(2025, 3, 14)
PARTENARIATS = next(p for p in KNOWLEDGE.poles if p.id == "partenariats")
POSTING = "L'incubateur de la DINUM recherche : deux responsables de portefeuilles"

# (question, intent answered, whole first line of the rendered answer)
FIRST_LINES = [
    (
        "qui logement",
        "portfolio",
        "Pour le ministère du Logement, votre contact à l'incubateur : **Maël Inizan**",
    ),
    (
        "qui suit la santé et la justice",
        "portfolio",
        "Pour les ministères de la Santé et de la Justice, votre contact à l'incubateur : "
        "**Estelle Saget**",
    ),
    (
        "qui s'occupe de la jeunesse et des sports",
        "portfolio",
        "- Pour le périmètre Jeunesse et Vie associative : **Estelle Saget**",
    ),
    (
        "qui territoire",
        "portfolio",
        "Pour le périmètre Territoire, votre contact à l'incubateur : **Adrien Zemour**",
    ),
    (
        "who is in charge of housing?",
        "portfolio",
        "Pour le ministère du Logement, votre contact à l'incubateur : **Maël Inizan**",
    ),
    (
        "les responsables de portefeuille",
        "portfolio",
        "**Responsables de portefeuille ministériel (6)**",
    ),
    ("qui est Maël Inizan", "person", "**Maël Inizan**"),
    # two people are CTOs: both, each with the title that tells them apart (issue 11, family 6)
    ("qui est le CTO", "role", "Le rôle de CTO est tenu par 2 personnes :"),
    (
        "le CTO de la communauté",
        "role",
        "Le rôle de CTO de la communauté est tenu par **Julien Bouquillon**",
    ),
    ("qui est le tech lead", "role", "Le rôle de Tech Lead est tenu par **Stéphane Maniaci**"),
    ("qui sont les coachs", "role", "Le rôle de coach est tenu par 3 personnes :"),
    # « de » is elided before a vowel, as French writes it
    ("qui fait les opérations", "role", "Le rôle d'opérations est tenu par **Alice Pannetrat**"),
    ("pôle partenariats", "pole", f"**Pôle Partenariats** : {PARTENARIATS.mission}"),
    ("les pôles", "pole", "**Les pôles de l'Incubateur de services numériques (8)**"),
    (
        "pourquoi contacter l'ISN",
        "reasons",
        "**Pourquoi faire appel à l'Incubateur de services numériques ?**",
    ),
    ("engagements", "engagements", "**Nos engagements envers la communauté**"),
    ("contact", "contact", "Pour contacter l'Incubateur de services numériques :"),
    (
        "c'est quoi le FAST",
        "topic",
        "**Le FAST (Fonds d'Accélération des Startups d'État et de Territoires)**",
    ),
    ("aide", "help", "Je réponds aux questions sur l'Incubateur de services numériques (ISN) :"),
    (
        "postes ouverts",
        "jobs",
        "Aucun poste n'est ouvert en ce moment à l'Incubateur de services numériques.",
    ),
    (
        "l'isn fait confiance aux équipes ?",
        "passage",
        "D'après **Nos engagements envers la communauté** :",
    ),
    (
        "le poste de RP est encore ouvert ?",
        "passage",
        f"Le poste « {POSTING} » n'est plus ouvert : l'offre est fermée (publié le 01/01/2024).",
    ),
    (
        "qui est le ministre du logement",
        "outside",
        "Je ne réponds qu'à propos de l'Incubateur de services numériques, de son équipe et de "
        "ses rôles : je ne connais ni les ministres ni les responsables des administrations, et "
        "je ne donne ni coordonnées personnelles, ni salaires, ni avis sur les personnes.",
    ),
    ("blorb", "unknown", "Je n'ai pas compris `blorb`."),
]


@pytest.mark.parametrize(("question", "intent", "first"), FIRST_LINES)
def test_the_first_line_names_the_subject_answered(question: str, intent: str, first: str) -> None:
    said = answer(understand(question, KNOWLEDGE), KNOWLEDGE, TODAY)
    assert (said.intent, render_answer(said).splitlines()[0]) == (intent, first)


def test_every_intent_is_in_the_table() -> None:
    intents = {"portfolio", "person", "role", "pole", "reasons", "engagements", "contact"}
    intents |= {"topic", "help", "jobs", "passage", "outside", "unknown"}
    assert {intent for _, intent, _ in FIRST_LINES} == intents
