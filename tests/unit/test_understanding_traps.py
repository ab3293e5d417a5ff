"""Calibrated confidence: an out-of-scope question presents nobody; gibberish is not understood.

Issue 11, families 4 and 5 (bot/understanding/confidence.py). The questions are our own, in
varied registers, written in four rounds of probing; almost every one named someone (or got
the help) on main — a few are guards of behaviour main already had (« Où habite… »). The other
side of every threshold is tested too: real questions of the same shapes keep their answer.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import alias_index
from bot.understanding.asker import asked_sentence
from bot.understanding.confidence import (
    DOUBT_COVERAGE,
    UNSEEN_SHARE,
    asked_coverage,
    doubt,
    gibberish,
    offtopic_phrase,
)
from bot.understanding.query import understand
from bot.understanding.reading import read_aliases
from tests.blind import people_named, said

TRAPS = {
    "rumours": [
        "Il paraît que Benjamin Doberset quitte l'incubateur, c'est vrai ?",
        "On m'a dit que le pôle Coaching produit allait fusionner avec le pôle Accélération, "
        "info ou intox ?",
        "Des bruits de couloir disent que la RP Logement s'en va, vous confirmez ?",
        "c vrai que le pôle Partenariats va disparaître ??",
        "Paraît que la RP Culture s'en va en septembre, quelqu'un sait ?",
        "J'ai entendu dire que Clémence Lopez allait partir, info ?",
    ],
    "future and plans": [
        "Qui sera le RP de la Culture l'année prochaine ?",
        "Bonjour, nous préparons notre feuille de route. Est-ce que le portefeuille Santé va "
        "changer de responsable dans les prochains mois ?",
        "Quand est-ce que la personne qui suit la Santé part à la retraite ?",
        "L'an prochain, qui remplacera Benjamin Doberset à la tête du pôle Accélération ?",
        "Is the Acceleration unit going to be shut down next year?",
        "Is it true the Acceleration team will be disbanded?",
        "Est-ce que le programme EIG sera supprimé après 2026 ?",
        "Quand Benjamin Doberset part-il en retraite ?",
        "Qui remplacera Maël Inizan au pôle Coaching produit ?",
        "Le pôle Partenariats sera-t-il réorganisé en 2027 ?",
        "La RP Justice restera-t-elle en poste après l'été ?",
        "Il paraît que le pôle Accélération va déménager, on sait où ?",
        "Le poste de Maël Inizan est-il menacé par les restrictions budgétaires ?",
    ],
    "opinions and rankings": [
        "Top 3 des coachs les plus cools ?",
        "Tu préfères travailler avec le pôle Coaching produit ou le pôle Accélération ?",
        "qui est le coach le plus drôle du pôle Coaching produit mdr",
        "Quel pôle est le plus nul, franchement ?",
        "Vous pensez que le pôle Accélération est efficace ?",
        "Note de 1 à 10 pour la RP Logement ?",
        "Le coach Maël Inizan, il est bon ou pas ?",
        "Le responsable du pôle Accélération, il vaut le coup ?",
        "Qui est le chouchou de la direction dans le pôle Partenariats ?",
    ],
    "logistics": [
        "Je cherche une salle de réunion libre jeudi pour l'équipe du pôle Coaching produit, "
        "comment réserver ?",
        "Bonjour, je viens rencontrer la RP Justice demain, où puis-je garer ma voiture ? "
        "Y a-t-il un parking ?",
        "Qui commande les pizzas pour le pot de départ du pôle Accélération ?",
        "Y a-t-il un parking près des bureaux du pôle Partenariats ?",
        "Any good restaurant near the office for a team lunch with our portfolio manager?",
        "On mange où ce midi avec le pôle Coaching produit ?",
        "Comment réserver une salle pour rencontrer la RP Santé ?",
        "Où est-ce qu'on peut prendre un café près des bureaux avec la RP Santé ?",
        "Comment accéder au bâtiment le week-end pour voir le pôle Partenariats ?",
    ],
    "requests to act": [
        "Envoie un mail à la RP Santé pour lui dire que je serai en retard",
        "Peux-tu me créer un compte Mattermost pour mon collègue du ministère de la Culture ?",
        "Réserve-moi un créneau avec un coach du pôle Coaching produit mardi à 14h",
        "Bonjour, merci de transmettre ma demande de congés au responsable du pôle Accélération.",
        "Please send an email to the health portfolio manager saying I'll be late.",
        "Please tell Benjamin Doberset to call me back.",
        "Merci d'envoyer un message à Benjamin Doberset pour annuler notre rendez-vous",
        "Peux-tu prévenir la RP Logement que notre comité est reporté ?",
        "Transmets ma candidature au responsable du pôle Accélération",
        "Peux-tu inviter Benjamin Doberset à notre réunion de lundi ?",
        "tu peux relancer la RP Culture pour moi stp",
        "Dis à Maël Inizan de me rappeler",
        "Pouvez-vous me réserver un rendez-vous avec la RP Culture jeudi ?",
        "Rajoute Estelle Saget dans notre fil de discussion stp",
        "Est-ce que Benjamin Doberset est en réunion en ce moment ?",
        "La RP Logement sera-t-elle là au séminaire de demain ?",
        "Merci de faire suivre ce message à la RP Culture",
    ],
    "citizen errands": [
        "Comment renouveler mon passeport ? Je travaille au ministère de l'Intérieur.",
        "Ma CAF ne répond pas, qui au ministère des Solidarités peut débloquer mon dossier "
        "d'allocations ?",
        "Je dois refaire ma carte grise, c'est qui au ministère de l'Intérieur ?",
        "Comment contester une amende de stationnement auprès du ministère de la Justice ?",
        "Ma fille veut s'inscrire à l'université, qui contacter au ministère de l'Enseignement "
        "supérieur ?",
        "Mon père n'a pas reçu sa pension de retraite, qui au ministère du Travail ?",
        "Mes indemnités chômage n'arrivent pas, c'est qui au ministère du Travail ?",
        "Mon voisin fait du bruit, qui contacter au ministère de l'Intérieur ?",
        "Bonjour, comment faire renouveler ma carte vitale ? Je suis au ministère de la Santé.",
        "Je voudrais contester ma taxe foncière, c'est qui au ministère de l'Économie ?",
        "Comment trouver un médecin traitant ? question pour le ministère de la Santé",
    ],
    "general knowledge": [
        "Combien d'habitants compte la région de la RP Logement ?",
        "Une blague sur les coachs du pôle Coaching produit ?",
        "Tu as une recette de crêpes pour le séminaire du pôle Accélération ?",
        "Qui a gagné la coupe du monde de rugby ? C'est pour un quiz avec la RP Culture.",
        "Qui a inventé le TGV ? Demande de l'équipe Transition écologique",
        "Traduis en anglais le nom du pôle Coaching produit",
        "Combien mesure la tour Eiffel ? demande du pôle Partenariats",
        "Qui a peint la Joconde ? question de culture générale pour la RP Culture",
        "Quelle est la hauteur du mont Blanc ? Un collègue de l'Intérieur veut savoir.",
    ],
    "private data": [
        "Benjamin Doberset est-il marié ?",
        "Il est marié, le responsable du pôle Accélération ?",
        "Le responsable du pôle Partenariats est-il marié ?",
        "Où habite le responsable du pôle Accélération ?",
        "Adrien Zemour est-il en couple ?",
        "Quel est le groupe sanguin de Benjamin Doberset ?",
        "Thibault Desjardins est-il syndiqué ?",
        "Quel est le signe astrologique de Thibault Desjardins ?",
        "Combien pèse Benjamin Doberset ?",
    ],
}


@pytest.mark.parametrize(
    "question", [q for family in TRAPS.values() for q in family], ids=lambda q: q[:50]
)
def test_an_out_of_scope_question_presents_nobody(question: str, knowledge: Knowledge) -> None:
    assert people_named(question, knowledge) == ()
    assert understand(question, knowledge).intent in ("outside", "unknown")


def test_an_out_of_scope_request_says_what_betabot_does_not_do(knowledge: Knowledge) -> None:
    question = "C'est vrai que le pôle Accélération va être supprimé l'an prochain ?"
    assert said(question, knowledge) == (
        "Je ne réponds qu'à propos de l'Incubateur de services numériques, de son équipe et de "
        "ses rôles tels qu'ils sont aujourd'hui : je ne commente ni rumeurs ni projets, je "
        "n'agis pas à votre place (courriels, réservations, comptes) et je ne traite ni les "
        "questions pratiques ni les démarches personnelles.\n"
        "Je peux en revanche vous répondre sur : **Pôle Accélération** ?\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )


def test_a_kept_out_of_scope_answer_is_not_given_to_a_request(knowledge: Knowledge) -> None:
    # Both offer the pôle; answers are kept by what they depend on, the kind of refusal too.
    salary = said("Quel est le salaire des membres du pôle Accélération ?", knowledge)
    rumour = said("C'est vrai que le pôle Accélération va être supprimé l'an prochain ?", knowledge)
    assert salary.startswith(
        "Je ne réponds qu'à propos de l'Incubateur de services numériques, de son équipe et de "
        "ses rôles : je ne connais ni les ministres"
    )
    assert rumour.startswith(
        "Je ne réponds qu'à propos de l'Incubateur de services numériques, de son équipe et de "
        "ses rôles tels qu'ils sont aujourd'hui : je ne commente ni rumeurs ni projets"
    )


# The same shapes, asked about the incubator: the answer stays.
@pytest.mark.parametrize(
    ("question", "person"),
    [
        # confirming today's fact is no rumour
        ("C'est vrai que le RP de la Culture est Adrien Zemour ?", "Adrien Zemour"),
        ("c vrai que Benjamin Doberset dirige le pôle Accélération ?", "Benjamin Doberset"),
        # the future tense of politeness, and the future as context only
        ("Qui sera mon interlocuteur pour la Culture ?", "Adrien Zemour"),
        (
            "Notre direction compte accueillir des EIG l'an prochain. Qui s'occupe du programme "
            "EIG ?",
            "Thomas Parisot",
        ),
        # a product about a citizen's errand is a project, not the errand
        (
            "Nous voulons lancer une startup d'État sur le permis de conduire, qui contacter pour "
            "l'Intérieur ?",
            "Thibault Desjardins",
        ),
        (
            "On prépare un service numérique pour les allocations familiales, qui est notre RP "
            "Solidarités ?",
            "Estelle Saget",
        ),
        # the asker's own news (« je suis en congés », « je quitte ») is context
        (
            "Je suis en congés la semaine prochaine, qui me remplace comme contact Santé ?",
            "Estelle Saget",
        ),
        (
            "Je quitte mon poste au ministère de la Culture, qui est le RP Culture pour passer le "
            "relais ?",
            "Adrien Zemour",
        ),
        # logistics in a sentence of context, and a question the reading explains almost whole
        ("Bonjour, nous organisons un déjeuner d'équipe. Qui est la RP Santé ?", "Estelle Saget"),
        (
            "Qui sont les responsables de portefeuille Santé, Solidarités, Enseignement supérieur "
            "et Recherche, pour un déjeuner ?",
            "Estelle Saget",
        ),
        # words of a team's work that are no request: accounts, files, products, domains
        (
            "Comment créer un compte sur l'espace membre ? qui contacter au support ?",
            "Amel Alili",
        ),
        (
            "Mon dossier FAST a été refusé, qui contacter au pôle Accélération ?",
            "Benjamin Doberset",
        ),
        (
            "Je prépare une note de présentation pour mon DG, qui est le RP de la Culture ?",
            "Adrien Zemour",
        ),
        ("Envoie-moi le contact de la RP Santé", "Estelle Saget"),
        (
            "Un service pour les habitants des quartiers prioritaires, qui contacter pour le "
            "Logement ?",
            "Maël Inizan",
        ),
        (
            "Qui s'occupe du stationnement et de la sécurité routière au ministère de "
            "l'Intérieur ? on a un projet",
            "Thibault Desjardins",
        ),
        (
            "Je ne sais pas qui prévenir à l'incubateur après une fuite de données, qui est "
            "l'expert cybersécurité ?",
            "Renaud Durand",
        ),
        # « peux-tu » and a verb of telling asks for an answer
        ("Peux-tu me dire qui est la RP Santé ?", "Estelle Saget"),
        ("tu peux indiquer le responsable du pôle Accélération ?", "Benjamin Doberset"),
        # a question in its own sentence that refers back to someone, or asks who
        ("Je dois présenter Maël Inizan à mon équipe. Quelles sont ses fonctions ?", "Maël Inizan"),
        ("Bonjour, je suis à la DGSCGC, place Beauvau. Qui nous suit ?", "Thibault Desjardins"),
        # a product on a citizen's paperwork, a fact to confirm, a meeting as context
        (
            "Bonjour, notre ministère de la Santé lance un produit sur la carte vitale, qui est "
            "notre RP ?",
            "Estelle Saget",
        ),
        (
            "On développe un service sur la taxe foncière pour la DGFiP, qui nous suit à "
            "l'incubateur ?",
            "Magali Marcel-Garreau",
        ),
        (
            "Est-ce que Benjamin Doberset est bien le responsable du pôle Accélération ?",
            "Benjamin Doberset",
        ),
        (
            "Il me faut le nom de la personne qui suit l'Intérieur, c'est pour une réunion demain.",
            "Thibault Desjardins",
        ),
        (
            "Qui contacter pour le FAST ? Notre startup prépare son dossier pour l'an prochain.",
            "Benjamin Doberset",
        ),
        # sloppy questions are not gibberish
        ("pole accel ki ya dedans", "Benjamin Doberset"),
        ("ptf partenariats ki", "Clémence Lopez"),
    ],
)
def test_a_question_of_the_same_shape_keeps_its_answer(
    question: str, person: str, knowledge: Knowledge
) -> None:
    assert person in people_named(question, knowledge)


# DOUBT_COVERAGE on both sides: the asking sentence's share explained, offtopic words twice.
@pytest.mark.parametrize(
    ("question", "phrase", "covered", "doubted"),
    [
        ("Qui sera le RP de la Culture l'année prochaine ?", "l annee prochaine", 28.6, True),
        ("Une blague sur les coachs du pôle Coaching produit ?", "blague", 66.7, True),
        (
            "Qui est la responsable de portefeuille du ministère de l'Enseignement supérieur et "
            "de la Recherche, pour un déjeuner ?",
            "dejeuner",
            71.4,
            True,
        ),
        (
            "Qui sont les responsables de portefeuille Santé, Solidarités, Enseignement supérieur "
            "et Recherche, pour un déjeuner ?",
            "dejeuner",
            77.8,
            False,
        ),
        ("Qui sera notre RP pour la Culture ?", "", 66.7, False),  # no offtopic phrase
    ],
)
def test_the_doubt_threshold(
    question: str, phrase: str, covered: float, doubted: bool, knowledge: Knowledge
) -> None:
    index = alias_index(knowledge)
    base = read_aliases(index, fold(question).split(), question, knowledge)
    subjects = [base.subject, *base.also]
    if base.intent == "role":  # as `understand` weighs it: the pôle named explains too
        subjects += [s.split("/", 1)[0] for s in subjects]
    keys = [k for s in subjects for k in index.keys_of.get(s, [])]
    words = fold(asked_sentence(question)).split()
    assert DOUBT_COVERAGE == 75
    assert offtopic_phrase(index, words)[0] == phrase
    assert asked_coverage(index, words, keys) == covered
    assert doubt(index, question, fold(question).split(), base.intent, keys) is doubted
    assert (understand(question, knowledge).intent == "outside") is doubted


# UNSEEN_SHARE on both sides: words no alias, cue, name, title or passage of ours uses.
@pytest.mark.parametrize(
    ("question", "unseen"),
    [
        ("blorp fnarg incub trsqx", True),  # 3 of 4 (75 %)
        ("zorglub wesh incubateur kthxbye", True),
        ("ptf partenariats ki", False),  # 2 of 3 (66.7 %)
        ("pole accel ki ya dedans", False),  # 3 of 5
        ("Qui conçoit les parcours de formation et les contenus pédagogiques ?", False),
        ("blorp logement", False),  # one unseen word is never gibberish
    ],
)
def test_the_unseen_words_threshold(question: str, unseen: bool, knowledge: Knowledge) -> None:
    assert UNSEEN_SHARE == 70
    assert gibberish(knowledge, question, fold(question).split()) is unseen


@pytest.mark.parametrize(
    "question",
    ["?????", "🍕🍕🍕", "¿¿ !!", "blorp fnarg incub trsqx", "zorglub wesh incubateur kthxbye"],
)
def test_content_without_words_is_not_understood(question: str, knowledge: Knowledge) -> None:
    query = understand(question, knowledge)
    assert query.intent == "unknown"
    assert people_named(question, knowledge) == ()


def test_gibberish_offers_the_subject_it_brushed(knowledge: Knowledge) -> None:
    assert said("blorp fnarg incub trsqx", knowledge) == (
        "Je n'ai pas compris `blorp fnarg incub trsqx`.\n"
        "Vouliez-vous dire : **L'Incubateur de services numériques (ISN)** ?\n"
        "Tapez **aide** pour voir ce que je sais faire.\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )


@pytest.mark.parametrize("question", ["", "   ", "aide", "help", "que sais-tu faire ?"])
def test_the_help_answers_an_empty_mention_or_an_explicit_request(
    question: str, knowledge: Knowledge
) -> None:
    assert understand(question, knowledge).intent == "help"
