"""Routing of people: the right person for the question asked (issue 11, family « routing »).

Questions written for each family in words of our own (short and sloppy, long and formal,
context first); each failed before the fix of its family.
"""

import pytest

from bot.knowledge.model import Knowledge
from tests.blind import ACCELERATION, people_named, said


# Negation, correction and contrast: a subject negated, corrected or set aside is not asked.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "c'est pas pour la Justice, c'est pour le Travail : qui est le RP ?",
            ("Thibault Desjardins",),
        ),
        (
            "Bonjour, je me suis mal exprimée : je ne parlais pas des Armées, je parlais de la "
            "Culture. Qui suit ce ministère chez vous ?",
            ("Adrien Zemour",),
        ),
        ("rp santé… ah non plutôt le logement", ("Maël Inizan",)),
        (
            "je cherche pas Estelle Saget, je cherche la personne de l'Économie",
            ("Magali Marcel-Garreau",),
        ),
        (
            "Notre direction travaille avec la Justice et avec la Culture, mais c'est pour la "
            "Culture que je vous écris : à qui dois-je m'adresser ?",
            ("Adrien Zemour",),
        ),
        ("Agriculture, enfin non, finalement c'est pour l'Intérieur", ("Thibault Desjardins",)),
    ],
)
def test_a_subject_set_aside_is_not_asked(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


# First names shared or alone: a first name narrows a role; alone, with « fait quoi », all bearers.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("la Marine qui fait de la com, c'est qui ?", ("Marine Purson",)),
        (
            "Bonjour, on m'a dit de voir Marine pour la communication institutionnelle, "
            "mais vous avez deux Marine : laquelle est-ce ?",
            ("Marine Purson",),
        ),
        ("adrien il fait quoi ?", ("Adrien Zemour", "Adrien Laville")),
        (
            "C'est quoi le rôle de Marine dans l'équipe ?",
            ("Marine Purson", "Marine-Pétroline Soichot"),
        ),
    ],
)
def test_a_first_name_picks_its_bearers(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


# Confirmation questions: the true holder is answered; a wrong name guessed is said to be wrong.
def test_a_right_guess_gets_the_holder(knowledge: Knowledge) -> None:
    assert said("et pour l'Agriculture c'est bien Magali ?", knowledge) == (
        "Pour le ministère de l'Agriculture, votre contact à l'incubateur : "
        "**Magali Marcel-Garreau**\n"
        "- responsable de portefeuille ministériel — Pôle Partenariats : "
        "Économie et Finances publiques, Agriculture\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )


def test_a_wrong_guess_is_said_to_be_wrong(knowledge: Knowledge) -> None:
    assert said(
        "Bonjour, petite vérification : pour le ministère de la Culture, c'est toujours "
        "Estelle qui est votre interlocutrice ?",
        knowledge,
    ) == (
        "Pour le ministère de la Culture, votre contact à l'incubateur : **Adrien Zemour**\n"
        "- responsable de portefeuille ministériel — Pôle Partenariats : "
        "Territoire, Affaires étrangères, Transition écologique, Culture\n"
        "Ce n'est donc pas Estelle Saget qui suit ce périmètre.\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Ok merci ! Et pour les Sports, c'est bien Clémence ?", ("Clémence Lopez",)),
        ("logement = maël c bien ça ?", ("Maël Inizan",)),
        ("Le Travail, c'est Thibault ou je me trompe ?", ("Thibault Desjardins",)),
    ],
)
def test_a_confirmation_names_the_holder(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


# Roles in other words: what a pôle does names its head; the asker's own role is no subject.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("qui anime la communauté des coachs ?", ("Maël Inizan",)),
        (
            "Bonjour, ma coach m'a parlé d'une personne qui anime la communauté des coachs "
            "beta.gouv, pourriez-vous me dire de qui il s'agit ?",
            ("Maël Inizan",),
        ),
        ("who heads the Acceleration unit", ("Benjamin Doberset",)),
    ],
)
def test_a_role_in_other_words_finds_its_holder(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Bonjour, je viens d'arriver comme coach. C'est qui au pôle Coaching produit ?",
        "recrutée comme coach la semaine dernière : c'est qui le pôle Coaching ?",
    ],
)
def test_the_askers_own_role_does_not_narrow_a_pole(knowledge: Knowledge, question: str) -> None:
    assert people_named(question, knowledge) == (
        "Maël Inizan",
        "Benoît Champy",
        "Adrien Laville",
        "Denis Baudot",
    )


# A ministry inferred from the context, with a pôle or other ministries around it.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Bonjour, au ministère du Travail nous avons repris un produit avec France "
            "Travail. Nous voudrions l'étendre. Qui est notre interlocuteur au pôle Partenariats ?",
            ("Thibault Desjardins",),
        ),
        (
            "Projet de l'Agriculture en partenariat avec la Transition écologique : vers qui se "
            "tourner à l'incubateur ?",
            ("Magali Marcel-Garreau", "Adrien Zemour"),
        ),
        (
            "Bonjour, cheffe de bureau à la préfecture de l'Hérault, je voudrais lancer un "
            "service pour les usagers. Qui serait mon contact à l'incubateur ?",
            ("Thibault Desjardins",),
        ),
        (
            "Notre service est porté par le ministère des Sports, en partenariat avec la "
            "Santé. Qui solliciter à l'incubateur ?",
            ("Clémence Lopez", "Estelle Saget"),
        ),
        (
            "Bonjour, je suis à la DGFiP, notre startup d'État cherche un financement : "
            "qui contacter pour le fonds d'accélération ?",
            ACCELERATION,
        ),
    ],
)
def test_the_ministry_of_the_context_is_asked(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


def test_the_members_of_the_rps_pole_stay_a_list(knowledge: Knowledge) -> None:
    question = "Je suis au ministère de l'Agriculture. Qui sont les membres du pôle Partenariats ?"
    assert len(people_named(question, knowledge)) == 6


RPS = (
    "Clémence Lopez",
    "Estelle Saget",
    "Maël Inizan",
    "Adrien Zemour",
    "Magali Marcel-Garreau",
    "Thibault Desjardins",
)


# Lists: the RPs as a whole, in SMS spelling or asked for in so many words in a long message.
@pytest.mark.parametrize(
    "question",
    [
        "les rp c ki ?",
        "c ki les responsables de portefeuille",
        "Bonjour, j'arrive dans une direction ministérielle et je ne connais personne. "
        "Auriez-vous la liste de tous les responsables de portefeuille, avec leurs ministères ?",
        "Pouvez-vous me lister l'ensemble des RP de l'incubateur, que je sache à qui écrire ?",
    ],
)
def test_the_rps_as_a_whole_are_listed(knowledge: Knowledge, question: str) -> None:
    assert people_named(question, knowledge) == RPS


# « responsable de ce sujet » asks who handles the matter told, not the head of the team named;
# the security of one's product is the cybersecurity expert's.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Nous avons un devis bloqué côté gestion administrative. Qui est responsable de ce "
            "dossier dans l'équipe de direction ?",
            ("Emmanuelle Graff",),
        ),
        (
            "J'ai une question de comptabilité sur notre convention. Qui est le responsable "
            "de ça dans l'équipe de direction ?",
            ("Emmanuelle Graff",),
        ),
        ("sécu de l'appli : qui regarde ça chez vous ?", ("Renaud Durand",)),
        (
            "Bonjour, nous voudrions faire réaliser un test d'intrusion sur notre service "
            "avant l'ouverture. Qui peut nous conseiller à l'incubateur ?",
            ("Renaud Durand",),
        ),
    ],
)
def test_the_matter_told_finds_who_handles_it(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


def test_the_head_of_the_team_named_is_still_its_head(knowledge: Knowledge) -> None:
    question = "On m'a parlé de l'équipe de direction. Qui est responsable de cette équipe ?"
    assert people_named(question, knowledge) == ("Ishan Bhojwani",)


# The head of the incubator in other words (English too); another incubator's head is no one's.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("who's the head of the DINUM digital services incubator", ("Ishan Bhojwani",)),
        (
            "qui est le responsable de l'incubateur de services numériques de la DINUM ?",
            ("Ishan Bhojwani",),
        ),
        ("Who heads the ISN?", ("Ishan Bhojwani",)),
        ("qui est le responsable de l'incubateur de Bercy ?", ()),
        ("qui est le responsable de l'incubateur des ministères sociaux ?", ()),
        ("le responsable de l'incubateur de la région Occitanie ?", ()),
        ("Qui dirige la DINUM ?", ()),
        # English phrases « head of / runs / manages the incubator » are no shortcut to ours
        ("who is the head of the incubator of the Ministry of the Interior?", ()),
        ("who runs the incubator of the Ministry of the Armed Forces?", ()),
        ("who manages the incubator at the Ministry of Justice?", ()),
        ("who is the head of the incubator?", ("Ishan Bhojwani",)),
        ("who runs the incubator?", ("Ishan Bhojwani",)),
    ],
)
def test_the_head_of_the_incubator_in_other_words(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


# An asking sentence that says nothing of its own (« Could you tell me? », « Vous pouvez ? »)
# leaves the question to the context: the ministry named there.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "I work for the Ministry of Culture and was told to contact our portfolio manager "
            "at DINUM. Could you tell me?",
            ("Adrien Zemour",),
        ),
        (
            "Je travaille au Quai d'Orsay et cherche notre responsable de portefeuille. "
            "Vous savez ?",
            ("Adrien Zemour",),
        ),
        (
            "Notre équipe est à la DGS, on doit parler à notre RP. Vous savez ?",
            ("Estelle Saget",),
        ),
    ],
)
def test_an_empty_asking_sentence_leaves_the_context_ministry(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


# The same families in other shapes: « pas celui de … », English « not … but », the name given
# before the ministry, a first name with the role that tells which one.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Je cherche le RP des Sports, pas celui de la Santé.", ("Clémence Lopez",)),
        ("not Health, I need the Interior portfolio manager", ("Thibault Desjardins",)),
        ("Not Clémence: who handles Agriculture?", ("Magali Marcel-Garreau",)),
        (
            "I was going to ask about Housing but actually it's Culture I need: who is the RP?",
            ("Adrien Zemour",),
        ),
        ("c'est bien Magali pour le logement ?", ("Maël Inizan",)),
        ("je crois que c'est Estelle qui a les Armées, je me trompe ?", ("Thibault Desjardins",)),
        ("Marine, celle de la formation, c'est qui exactement ?", ("Marine-Pétroline Soichot",)),
    ],
)
def test_the_families_in_other_shapes(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


def test_a_wrong_name_given_first_is_said_to_be_wrong(knowledge: Knowledge) -> None:
    assert "Ce n'est donc pas Magali Marcel-Garreau qui suit ce périmètre." in said(
        "c'est bien Magali pour le logement ?", knowledge
    )


# Confirmations in the past tense or by a pronoun; first names of the context; « le poste de X ».
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Je pensais que c'était Estelle pour la Culture, non ?", ("Adrien Zemour",)),
        (
            "On m'a orienté vers Thibault, mais mon sujet c'est l'Agriculture. C'est bien lui ?",
            ("Magali Marcel-Garreau",),
        ),
        ("il y a 2 Adrien chez vous non ? c'est lequel le coach ?", ("Adrien Laville",)),
        ("c'est quoi le poste d'Adrien ?", ("Adrien Zemour", "Adrien Laville")),
    ],
)
def test_confirmations_and_first_names_of_the_context(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


def test_a_wrong_guess_by_pronoun_is_said_to_be_wrong(knowledge: Knowledge) -> None:
    assert "Ce n'est donc pas Thibault Desjardins qui suit ce périmètre." in said(
        "On m'a orienté vers Thibault, mais mon sujet c'est l'Agriculture. C'est bien lui ?",
        knowledge,
    )


# « l'équipe Partenariats » names the pôle; it does not ask for its members.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Bonjour, au ministère de la Culture, nous aimerions savoir qui est notre référent "
            "dans l'équipe Partenariats.",
            ("Adrien Zemour",),
        ),
        (
            "Hello, I'm at the French Ministry of Agriculture; who is our contact in the "
            "Partnerships team?",
            ("Magali Marcel-Garreau",),
        ),
        ("Je suis à l'Agriculture : qui est dans l'équipe du pôle Partenariats ?", RPS),
    ],
)
def test_the_team_word_names_the_rps_pole(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


# Roles named by the work they do: code review, an accessible site.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("qui peut relire notre code pour la qualité ?", ("Stéphane Maniaci",)),
        (
            "on voudrait une revue de code avant la mise en prod, qui contacter ?",
            ("Stéphane Maniaci",),
        ),
        ("à qui parler pour rendre notre site accessible ?", ("Anne-Sophie Tranchet",)),
    ],
)
def test_a_role_named_by_its_work(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


# Exceptions and late corrections: « sauf / hors X » leaves X out of the holders; « non »,
# « je voulais dire » turn; a negated claim about someone keeps its ministry asked.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("les coachs sauf Maël ?", ("Benoît Champy", "Adrien Laville")),
        ("hors Maël, qui sont les coachs ?", ("Benoît Champy", "Adrien Laville")),
        ("Qui suit la Santé ? Enfin non, je voulais dire le Travail.", ("Thibault Desjardins",)),
        ("Logement ? Non, Agriculture plutôt. Qui est le RP ?", ("Magali Marcel-Garreau",)),
        (
            "Bonjour, pas de question sur le FAST, plutôt sur la formation : qui contacter ?",
            ("Marine-Pétroline Soichot",),
        ),
        # a guard: the negation is a claim about Estelle, the Culture stays asked
        ("Estelle ne suit pas la Culture, si ? C'est qui alors ?", ("Adrien Zemour",)),
    ],
)
def test_exceptions_and_late_corrections(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


# A person and a ministry checked against each other, the name first: the ministry decides.
@pytest.mark.parametrize(
    ("question", "expected", "not_them"),
    [
        ("Magali s'occupe bien du Logement ?", ("Maël Inizan",), "Magali Marcel-Garreau"),
        ("Estelle gère la Culture, c'est ça ?", ("Adrien Zemour",), "Estelle Saget"),
        ("Magali c'est l'Intérieur ?", ("Thibault Desjardins",), "Magali Marcel-Garreau"),
        (
            "C'est Adrien Zemour ou Estelle Saget pour la Justice ?",
            ("Estelle Saget",),
            "Adrien Zemour",
        ),
    ],
)
def test_a_person_checked_against_a_ministry(
    knowledge: Knowledge, question: str, expected: tuple[str, ...], not_them: str
) -> None:
    assert people_named(question, knowledge) == expected
    assert f"Ce n'est donc pas {not_them} qui suit ce périmètre." in said(question, knowledge)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the asker's own ministry, far from the person asked about: the person stays
        (
            "Je suis au ministère de la Culture et je voudrais joindre Maël Inizan, c'est "
            "possible ?",
            ("Maël Inizan",),
        ),
        ("Thibault c'est l'Intérieur ?", ("Thibault Desjardins",)),
    ],
)
def test_a_person_asked_about_stays(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


# An out-of-scope word set aside (« pas le ministre, le RP… ») is not what is asked.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Pas le ministre, le RP de la Culture svp", ("Adrien Zemour",)),
        (
            "Je ne cherche pas le ministre du Travail mais notre contact à l'incubateur pour "
            "le Travail",
            ("Thibault Desjardins",),
        ),
        ("le ministre de la Santé, pas le RP", ()),
        ("pas le ministre ?", ()),
    ],
)
def test_an_out_of_scope_word_set_aside(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


# « quelle personne… », « la personne chargée de… », « quel rôle » ask for a person: the role
# named wins over a reason of the context (a convention), a passage does not replace the card.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Pour notre convention avec la DINUM, quelle personne s'occupe de la coordination "
            "administrative et financière ?",
            ("Emmanuelle Graff",),
        ),
        (
            "Nous avons un devis en attente ; la personne chargée de la compta à l'incubateur, "
            "c'est qui ?",
            ("Emmanuelle Graff",),
        ),
        ("Amel Alili, elle a quel rôle ?", ("Amel Alili",)),
    ],
)
def test_a_person_asked_in_other_words(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected


# Formal confirmations: « M. Desjardins » (a title's dot ends no sentence), a surname only.
def test_a_formal_wrong_guess_is_said_to_be_wrong(knowledge: Knowledge) -> None:
    question = (
        "Bonjour, pourriez-vous me confirmer que M. Desjardins est bien le responsable de "
        "portefeuille pour la Culture ?"
    )
    assert people_named(question, knowledge) == ("Adrien Zemour",)
    assert "Ce n'est donc pas Thibault Desjardins qui suit ce périmètre." in said(
        question, knowledge
    )


def test_a_formal_right_guess_gets_no_correction(knowledge: Knowledge) -> None:
    question = "Bonjour, pouvez-vous me confirmer que Mme Saget suit bien la Justice ?"
    assert people_named(question, knowledge) == ("Estelle Saget",)
    assert "Ce n'est donc pas" not in said(question, knowledge)


# A time turn (« désormais », « cette fois », « aujourd'hui ») leaves what came before as the
# asker's history: the ministry named after it is asked.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "J'ai passé trois ans à la DGFiP. Je suis désormais à la DRAC Occitanie : "
            "qui est notre RP ?",
            ("Adrien Zemour",),
        ),
        (
            "On a travaillé avec Pôle emploi l'an dernier ; cette fois notre projet est porté "
            "par une ARS. C'est qui le RP ?",
            ("Estelle Saget",),
        ),
        (
            "J'étais au ministère des Armées, aujourd'hui je suis à l'Éducation nationale, "
            "qui est mon RP ?",
            ("Clémence Lopez",),
        ),
        ("Aujourd'hui, qui suit le Logement ?", ("Maël Inizan",)),  # nothing before: no turn
    ],
)
def test_a_time_turn_leaves_the_past_as_history(
    knowledge: Knowledge, question: str, expected: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == expected
