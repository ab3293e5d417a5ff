"""Families found by blind question sets after issue 11's first pass, each failing before its fix.

The questions are our own, not the blind sets' (tests/data/questions_blind*.yaml).
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named as _people
from tests.blind import said as _said

_EXPERTS = (
    "Claire Duizabo",
    "Séverine Hours",
    "Hughes Le Chevallier",
    "Chaïb Martinez",
    "John Labuzan",
    "Octave Bory",
)


# A word of some members' titles narrows a pôle to them: « les experts » are not the head.
@pytest.mark.parametrize(
    ("question", "people"),
    [
        ("combien d'expertes dans le pôle accélération ?", _EXPERTS),
        ("les experts du pôle accélération", _EXPERTS),
        (
            "qui sont les référents du pôle animation",
            ("Julien Bouquillon", "Stéphane Maniaci", "Anne-Sophie Tranchet"),
        ),
        (
            "combien de coachs au pôle coaching ?",
            ("Maël Inizan", "Benoît Champy", "Adrien Laville"),
        ),
    ],
)
def test_a_title_word_narrows_a_pole_to_its_holders(
    knowledge: Knowledge, question: str, people: tuple[str, ...]
) -> None:
    assert _people(question, knowledge) == people
    assert f"({len(people)})" in _said(question, knowledge) or f" {len(people)} " in _said(
        question, knowledge
    )


def test_a_word_of_every_title_keeps_the_whole_pole(knowledge: Knowledge) -> None:
    # Every member of Partenariats is « responsable de portefeuille »: the pôle stays the answer.
    query = understand("combien de responsables de portefeuille au pôle partenariats", knowledge)
    assert (query.intent, query.subject) == ("pole", "partenariats")


def test_the_head_of_a_pole_is_still_its_head(knowledge: Knowledge) -> None:
    assert _people("qui est le responsable du pôle accélération", knowledge) == (
        "Benjamin Doberset",
    )


# A contract word the posting does not use still asks for the passage that states the contract.
@pytest.mark.parametrize(
    "question",
    [
        "l'annonce RP, c'est en freelance ?",
        "l'offre de RP est à temps partiel ?",
    ],
)
def test_a_contract_question_gets_the_contract_terms(knowledge: Knowledge, question: str) -> None:
    said = _said(question, knowledge)
    assert "sous forme de CDD ou de mission pour les agents publics titulaires" in said
    assert "n'est plus ouvert" in said


def test_a_contract_word_without_a_posting_stays_on_its_subject(knowledge: Knowledge) -> None:
    # « freelances » here are people who contribute to the animation, not a contract asked for.
    said = _said(
        "des freelances peuvent-ils contribuer à l'animation de la communauté ?", knowledge
    )
    assert "n'est pas l'exclusivité de l'incubateur" in said
    assert "Modalités" not in said


# A verb after an elided pronoun is never a misspelt subject: « m'adresser » is not « adresse ».
def test_a_verb_after_an_elided_pronoun_is_not_a_subject(knowledge: Knowledge) -> None:
    query = understand("à qui dois-je m'adresser ?", knowledge)
    assert query.subject != "adresse"
    assert "avenue de Ségur" not in _said("à qui dois-je m'adresser ?", knowledge)
    assert understand("votre adresse ?", knowledge).subject == "adresse"  # the noun still is


# Reporting a breach in other words: the conclusion of the engagements answers it.
@pytest.mark.parametrize(
    "question",
    [
        "je voudrais me plaindre d'un membre de l'incubateur",
        (
            "Bonjour, une personne de l'incubateur a décidé à notre place sans nous consulter. "
            "Je ne veux pas lui en parler moi-même : puis-je en parler à quelqu'un d'autre ?"
        ),
    ],
)
def test_reporting_a_breach_in_other_words(knowledge: Knowledge, question: str) -> None:
    said = _said(question, knowledge)
    assert "soit au membre de l'incubateur de votre choix" in said
    assert _people(question, knowledge) == ()


# A suggestion for one word that looks misspelt gives way to a passage holding the question.
def test_a_passage_holding_the_question_beats_a_suggestion(knowledge: Knowledge) -> None:
    question = "ma cantine c'est porté par quel ministère ?"
    assert understand(question, knowledge).intent == "passage"
    assert "porté par le ministère de l'Agriculture" in _said(question, knowledge)
    # a misspelt word and nothing else keeps its suggestion
    assert understand("c'est quoi le programme zorglub", knowledge).suggestions != ()


def test_equal_coverage_prefers_the_shorter_passage(knowledge: Knowledge) -> None:
    # Both the Startup d'État point and the network's « appui stratégique » name the comités
    # d'investissement: the point that says how often is the answer.
    said = _said("à quelle fréquence ont lieu les comités d'investissement ?", knowledge)
    assert "comité d'investissement régulier" in said.split("\n")[1]


# Traps in other words: private life, budgets, successors, other départements' heads.
@pytest.mark.parametrize(
    "question",
    [
        "Clémence Lopez est-elle mariée ?",
        "où habite Clémence Lopez ?",
        "quel est le montant du FAST pour un produit ?",
        "qui sera le successeur de Ishan Bhojwani ?",
        "qui est la directrice générale de la DGFiP ?",
        "qui est le responsable de l'OPI ?",
        "qui sont les lauréats du FAST cette année ?",
        "tu as le numéro d'Amel Alili ?",
    ],
)
def test_traps_in_other_words_name_nobody(knowledge: Knowledge, question: str) -> None:
    assert _people(question, knowledge) == ()


def _first_line(question: str, knowledge: Knowledge) -> str:
    return _said(question, knowledge).split("\n")[0]


# The asking sentence names the subject; the context's roles and ministries do not outvote it.
@pytest.mark.parametrize(
    ("question", "people"),
    [
        (
            "Bonjour, notre équipe a déjà un coach et un designer. Pourriez-vous me donner le nom "
            "de la référente accessibilité ?",
            ("Anne-Sophie Tranchet",),
        ),
        (
            "Bonjour, notre coach du pôle Coaching nous a conseillé de voir le responsable de "
            "portefeuille des Armées. C'est qui ?",
            ("Thibault Desjardins",),
        ),
        (
            "Bonjour, nous avons déjà deux coachs produit. Qui sont les membres du pôle "
            "Coaching produit ?",
            ("Maël Inizan", "Benoît Champy", "Adrien Laville", "Denis Baudot"),
        ),
        (
            "Bonjour, j'ai lu que le pôle Accélération anime la communauté des porteurs de "
            "projets FAST. Qui en est le responsable ?",
            ("Benjamin Doberset",),
        ),
        (
            "Bonjour, notre DSI est en congé et nous avons un doute sur une faille. Y a-t-il un "
            "expert cybersécurité à l'incubateur ?",
            ("Renaud Durand",),
        ),
        ("Amel Alili et Renaud Durand, ils font quoi ?", ("Amel Alili", "Renaud Durand")),
        (
            "qui sont les coachs du pôle coaching produit, sauf le responsable ?",
            ("Benoît Champy", "Adrien Laville"),
        ),
        (
            "who are your portfolio managers?",
            _RPS := (
                "Clémence Lopez",
                "Estelle Saget",
                "Maël Inizan",
                "Adrien Zemour",
                "Magali Marcel-Garreau",
                "Thibault Desjardins",
            ),
        ),
    ],
)
def test_the_person_asked_for_in_a_long_question(
    knowledge: Knowledge, question: str, people: tuple[str, ...]
) -> None:
    assert _people(question, knowledge) == people


def test_an_out_of_scope_context_with_nobody_named_stays_out_of_scope(
    knowledge: Knowledge,
) -> None:
    question = "Je cherche le numéro de téléphone de Renaud Durand. Vous pouvez me le donner ?"
    assert _people(question, knowledge) == ()


# The fact asked for, first, when the question names a topic in other words.
@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # a longer topic alias stays the subject beside a shorter role of the context
        ("comment passe-t-on par le marché de coaching quand on veut des coachs ?", "convention"),
        # « pourquoi » about a topic asks about that topic
        (
            "les affaires sociales n'ont pas le marché interministériel beta.gouv, pourquoi ?",
            "son propre marché",
        ),
        # « où est décrite » asks where it is written, not for the address
        ("où est décrite l'organisation de la DINUM ?", "numerique.gouv.fr"),
        # a word with a prefix is not the cue (« financement » is not « refinancement »)
        ("quel financement la DINUM apporte aux incubateurs du réseau ?", "investigation"),
        # the asking clause overrides only by an exact alias (« y travaillent » is no alias)
        (
            "J'écris un article sur l'incubateur. Combien de personnes y travaillent environ ?",
            "trentaine",
        ),
        # a jobs word beside another topic: that topic (the network relays recruitment)
        ("le réseau beta.gouv relaie-t-il les campagnes de recrutement ?", "relais des campagnes"),
        # « à quelle adresse » in a jobs question: where to send the application
        (
            "Offre RP : pour candidater on envoyait ça à quelle adresse ?",
            "envoyez-nous votre LinkedIn, CV ou GitHub",
        ),
        # English contract question
        ("how long is the contract of the portfolio manager job?", "3 ans"),
        # how many RPs
        ("vous avez combien de responsables de portefeuille ?", "six"),
    ],
)
def test_the_fact_asked_for_in_other_words(knowledge: Knowledge, question: str, fact: str) -> None:
    assert fact in _said(question, knowledge)


# A list asked for beside « l'incubateur », and the posting's status and duration in other words.
@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("combien de responsables de portefeuille y a-t-il à l'incubateur ?", "(6)"),
        ("le poste de responsable de portefeuille, il est toujours d'actualité ?", "plus ouvert"),
        ("Bonjour, l'offre de RP était pour combien de temps ?", "3 ans"),
    ],
)
def test_lists_and_postings_in_other_words(knowledge: Knowledge, question: str, fact: str) -> None:
    assert fact in _said(question, knowledge)


def test_ranking_people_in_other_words_names_nobody(knowledge: Knowledge) -> None:
    assert _people("qui est le plus compétent des coachs ?", knowledge) == ()


# The asker's own people and self-description end where a question begins.
@pytest.mark.parametrize(
    ("question", "people"),
    [
        (
            "Bonjour, je travaille à la Direction générale des Finances publiques. Notre coach est "
            "parti, à qui parler maintenant à l'incubateur ?",
            ("Magali Marcel-Garreau",),
        ),
        ("Bonjour, je suis nouveau, qui dirige le pôle Coaching produit ?", ("Maël Inizan",)),
        ("Hi, who is the head of the Coaching team?", ("Maël Inizan",)),
    ],
)
def test_own_people_and_self_description(
    knowledge: Knowledge, question: str, people: tuple[str, ...]
) -> None:
    assert _people(question, knowledge) == people


def test_a_startups_own_coach_is_out_of_scope(knowledge: Knowledge) -> None:
    assert _people("Bonjour, quel est le nom du coach de la startup Ma Cantine ?", knowledge) == ()


@pytest.mark.parametrize(
    "question",
    ["Bonjour, comment être prévenu des nouveaux postes ?", "Do you have open positions?"],
)
def test_the_jobs_answer_says_how_to_hear_of_new_postings(
    knowledge: Knowledge, question: str
) -> None:
    assert "postes abonnement" in _said(question, knowledge)


# The need named beats where the asker works, and who sent them is context.
@pytest.mark.parametrize(
    ("question", "people"),
    [
        (
            "Bonjour, je suis designer au ministère de la Culture et je voudrais parler "
            "accessibilité avec quelqu'un de l'incubateur. Qui contacter ?",
            ("Anne-Sophie Tranchet",),
        ),
        (
            "Bonjour, je suis développeur dans une SE du ministère des Armées, j'ai besoin d'aide "
            "sur l'hébergement, qui voir à l'ISN ?",
            ("Julien Bouquillon",),
        ),
        (
            "Bonjour, Adrien Zemour m'a dit de voir avec la personne en charge de la "
            "cybersécurité, c'est qui ?",
            ("Renaud Durand",),
        ),
        # RP words keep the ministry, and a person presented to the asker stays the subject
        (
            "Bonjour, je suis designer au ministère de la Culture, qui est mon RP ?",
            ("Adrien Zemour",),
        ),
        (
            "Bonjour, Estelle Saget m'a été présentée comme RP : quels ministères suit-elle ?",
            ("Estelle Saget",),
        ),
    ],
)
def test_the_need_named_beats_the_askers_context(
    knowledge: Knowledge, question: str, people: tuple[str, ...]
) -> None:
    assert _people(question, knowledge) == people


def test_another_administrations_digital_head_is_out_of_scope(knowledge: Knowledge) -> None:
    question = "Bonjour, qui est le responsable du numérique au ministère de la Justice ?"
    assert _people(question, knowledge) == ()


def test_a_persons_own_email_is_not_given(knowledge: Knowledge) -> None:
    assert _people("Bonjour, vous avez l'email de Clémence Lopez ?", knowledge) == ()
    # an email received from someone is context: the person is still the subject
    assert _people("J'ai eu un mail de Stéphane Maniaci, que fait-il ?", knowledge) == (
        "Stéphane Maniaci",
    )


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("le directeur du département Incubateur, c'est qui ?", "Ishan Bhojwani"),
        ("Bonjour, l'ISN se considère-t-il comme le chef des startups d'État ?", "chef"),
    ],
)
def test_roles_and_engagements_in_other_words(
    knowledge: Knowledge, question: str, fact: str
) -> None:
    assert fact in _said(question, knowledge)


# « qui suit » a ministry asks for its RP, whoever else the message names.
@pytest.mark.parametrize(
    "question",
    [
        "Je pensais que Thibault s'en occupait, mais qui suit vraiment la Justice à l'ISN ?",
        "Nous avons un coach chez un prestataire ; à la DINUM, qui suit la Justice ?",
    ],
)
def test_who_follows_a_ministry(knowledge: Knowledge, question: str) -> None:
    assert _people(question, knowledge) == ("Estelle Saget",)


@pytest.mark.parametrize(
    "question",
    [
        "qui est la rectrice de l'académie de Nantes ?",
        "Thomas Parisot a-t-il des enfants ?",
        "tu penses quoi de Renaud Durand ?",
        "combien touche un expert accélération ?",
        "qui était RP logement avant Maël Inizan ?",
    ],
)
def test_more_traps_name_nobody(knowledge: Knowledge, question: str) -> None:
    assert _people(question, knowledge) == ()


# English in other words: ministries, roles and topics named in English.
@pytest.mark.parametrize(
    ("question", "people"),
    [
        ("Which RP handles the Interior?", ("Thibault Desjardins",)),
        (
            "We work with the Labour ministry, who is our point of contact?",
            ("Thibault Desjardins",),
        ),
        ("who takes care of accessibility at the ISN?", ("Anne-Sophie Tranchet",)),
        ("who is in charge of human resources?", ("Nicolas Tourneur",)),
    ],
)
def test_english_names_of_ministries_and_roles(
    knowledge: Knowledge, question: str, people: tuple[str, ...]
) -> None:
    assert _people(question, knowledge) == people


def test_english_floor_and_values(knowledge: Knowledge) -> None:
    assert "5e étage" in _said("On which floor is the ISN?", knowledge)
    assert "autonomie" in _said("what values does the ISN defend?", knowledge)


# A person named in the context, asked about by a pronoun in the asking sentence.
@pytest.mark.parametrize(
    ("question", "people"),
    [
        (
            "Marine-Pétroline Soichot m'a écrit hier au sujet d'un atelier. Elle fait quoi "
            "exactement ?",
            ("Marine-Pétroline Soichot",),
        ),
        (
            "Notre DSI veut parler à Stéphane Maniaci. Quel est son rôle ?",
            ("Stéphane Maniaci",),
        ),
    ],
)
def test_a_person_asked_about_by_a_pronoun(
    knowledge: Knowledge, question: str, people: tuple[str, ...]
) -> None:
    assert _people(question, knowledge) == people


def test_a_pronoun_asking_out_of_scope_stays_out_of_scope(knowledge: Knowledge) -> None:
    question = "J'ai croisé Octave Bory hier. Il gagne combien ?"
    assert _people(question, knowledge) == ()


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # « où » in the asking sentence, whatever clause it sits in
        ("J'ai rendez-vous avec Maël Inizan. C'est où, vos bureaux ?", "avenue de Ségur"),
        # an out-of-scope word of the context (« Premier ministre ») beside the topic asked
        ("Je suis devant le bâtiment du Premier ministre. L'incubateur est à quel étage ?", "5e"),
        # the contract of a posting asked beside the RP list cue
        ("contrat des rp durée ?", "3 ans"),
        ("le programme beta.gouv a combien de phases ?", "investigation"),
        ("En quelle année la DINUM a-t-elle scindé le programme ?", "2022"),
    ],
)
def test_facts_asked_beside_context(knowledge: Knowledge, question: str, fact: str) -> None:
    assert fact in _said(question, knowledge)


def test_partners_and_paperwork_in_other_words(knowledge: Knowledge) -> None:
    assert _people("qui gère les partenaires institutionnels ?", knowledge) == ("Marine Purson",)
    assert _people("la paperasse, c'est qui ?", knowledge) == ("Emmanuelle Graff",)
