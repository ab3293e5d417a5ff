"""Families of misses a reviewer found on unseen questions (issue 11), with questions of our own.

Each family is read in general, not for one phrasing: every question below failed before its
fix, in words, registers and subjects other than the reviewer's examples.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named, said


def _reading(question: str, knowledge: Knowledge) -> tuple[str, str, tuple[str, ...]]:
    query = understand(question, knowledge)
    return query.intent, query.subject, query.also


# 7. What an RP is, asked colloquially (« ça sert à quoi », « à quoi servent », plural).
@pytest.mark.parametrize(
    "question",
    [
        "ça sert à quoi un RP ?",
        "Un responsable de portefeuille, concrètement, ça sert à quoi ?",
        "à quoi servent les responsables de portefeuille ministériel ?",
        "les portefeuilles ministériels, à quoi ça sert ?",
        "c'est quoi les portefeuilles ministériels ?",
    ],
)
def test_what_an_rp_is_for(knowledge: Knowledge, question: str) -> None:
    assert _reading(question, knowledge) == ("topic", "responsable-de-portefeuille", ())


@pytest.mark.parametrize(
    "question", ["liste des portefeuilles ministériels", "les portefeuilles ministériels"]
)
def test_the_plural_alone_still_lists_the_rps(knowledge: Knowledge, question: str) -> None:
    assert _reading(question, knowledge) == ("portfolio", "", ())


# 3. A reason's own word (« convention », « devis ») asked about is no bare « pourquoi »: the
# reasons to call the incubator answer, not a passage matching « type ».
@pytest.mark.parametrize(
    "question",
    [
        "Quels genres de conventions peut-on conclure avec l'incubateur ?",
        "Quelles sortes de devis peut-on passer avec la DINUM ?",
        "quel type de frein peut on remonter a l'incubateur",
        "Quels types de déblocage l'incubateur propose-t-il ?",
        "Madame, Monsieur, pourriez-vous m'indiquer quels types de conventions notre "
        "administration peut conclure avec l'incubateur de la DINUM ?",
    ],
)
def test_a_reason_word_asked_about_is_no_bare_why(knowledge: Knowledge, question: str) -> None:
    assert _reading(question, knowledge) == ("reasons", "", ())


def test_a_bare_why_still_asks_about_a_passage(knowledge: Knowledge) -> None:
    query = understand("Pourquoi l'incubateur limite-t-il le reporting ?", knowledge)
    assert (query.intent, query.subject) == ("passage", "engagement:reporting")


# 6. « Is it X who handles <a theme of a pôle member>? » when X does not: the real holder,
# and that X is not.
@pytest.mark.parametrize(
    ("question", "holders", "not_holders"),
    [
        (
            "C'est Divine qui gère l'accessibilité ?",
            ("animation-expertises/anne-sophie-tranchet",),
            ("divine-tende",),
        ),
        (
            "la cybersécurité, c'est bien Nicolas Tourneur ?",
            ("animation-expertises/renaud-durand",),
            ("nicolas-tourneur",),
        ),
        (
            "Bonjour, pouvez-vous me confirmer que Thomas Parisot est le référent RH de la "
            "communauté ?",
            ("animation-expertises/nicolas-tourneur",),
            ("thomas-parisot",),
        ),
        (
            "Marine Purson s'occupe bien de la formation ?",
            ("animation-expertises/marine-petroline-soichot",),
            ("marine-purson",),
        ),
        (
            "c bien stéphane maniaci le cto ?",
            ("animation-expertises/julien-bouquillon", "coaching-produit/denis-baudot"),
            ("stephane-maniaci",),
        ),
    ],
)
def test_a_wrong_holder_of_a_theme_is_corrected(
    knowledge: Knowledge, question: str, holders: tuple[str, ...], not_holders: tuple[str, ...]
) -> None:
    query = understand(question, knowledge)
    assert (query.intent, (query.subject, *query.also), query.not_holders) == (
        "role",
        holders,
        not_holders,
    )


def test_the_correction_names_the_holder_and_says_who_is_not(knowledge: Knowledge) -> None:
    assert said("C'est Divine qui gère l'accessibilité ?", knowledge) == (
        "Le rôle d'accessibilité est tenu par **Anne-Sophie Tranchet**\n"
        "- référente accessibilité et design — Pôle Animation et Expertises\n"
        "Ce n'est donc pas Divine Tende qui tient ce rôle.\n"
        "Pôle Animation et Expertises : animation@beta.gouv.fr ou directement sur Mattermost.\n"
        "Sinon, écrivez à dinum@beta.gouv.fr ou passez sur ~incubateur-animation."
    )


def test_a_role_after_est_is_checked_too(knowledge: Knowledge) -> None:
    query = understand("Amel Alili est la référente accessibilité ?", knowledge)
    assert (query.intent, query.subject, query.not_holders) == (
        "role",
        "animation-expertises/anne-sophie-tranchet",
        ("amel-alili",),
    )


@pytest.mark.parametrize(
    "question",
    [
        "C'est Anne-Sophie Tranchet qui s'occupe de l'accessibilité ?",
        "Est-ce que Anne-Sophie Tranchet connaît le tech lead ?",  # checks nobody's role
        "Anne-Sophie Tranchet est la référente accessibilité ?",
    ],
)
def test_the_person_keeps_their_card_unless_checked_against_a_role_of_another(
    knowledge: Knowledge, question: str
) -> None:
    query = understand(question, knowledge)
    assert (query.intent, query.subject, query.not_holders) == (
        "person",
        "anne-sophie-tranchet",
        (),
    )


def test_the_right_holder_keeps_their_card(knowledge: Knowledge) -> None:
    query = understand("C'est Anne-Sophie Tranchet qui s'occupe de l'accessibilité ?", knowledge)
    assert (query.intent, query.subject, query.not_holders) == (
        "person",
        "anne-sophie-tranchet",
        (),
    )


# 1. A list asked for, then « and what does each one do? »: the list, which says it.
@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Les RP, chacun couvre quoi ?", "portfolio"),
        ("les rp ils font quoi chacun", "portfolio"),
        (
            "qui sont les responsables de portefeuille et quels ministères gèrent-ils "
            "respectivement ?",
            "portfolio",
        ),
        ("les différents pôles, ils s'occupent de quoi ?", "pole"),
        ("Je débarque : les pôles de l'ISN, ils bossent sur quoi ?", "pole"),
    ],
)
def test_a_list_and_what_each_does_is_the_list(
    knowledge: Knowledge, question: str, intent: str
) -> None:
    assert _reading(question, knowledge) == (intent, "", ())


def test_the_poles_and_what_each_does_gives_each_mission(knowledge: Knowledge) -> None:
    assert said("les pôles de l'incubateur, ils bossent sur quoi ?", knowledge) == "\n".join(
        [
            f"**Les pôles de l'Incubateur de services numériques ({len(knowledge.poles)})**",
            *(
                f"- **{p.name}**"
                + (f" (Responsable : {knowledge.people[p.lead_id].name})" if p.lead_id else "")
                + f" : {p.mission}"
                for p in knowledge.poles
            ),
        ]
    )
    assert understand("les pôles de l'incubateur", knowledge).each is False


@pytest.mark.parametrize(
    "question",
    [
        "qui bosse sur quoi ?",  # no list named: not the RPs
        "quelles sont les missions d'un RP ?",  # what the role is
    ],
)
def test_what_each_does_alone_is_no_list(knowledge: Knowledge, question: str) -> None:
    assert _reading(question, knowledge)[0] not in ("portfolio", "pole")


# 2. A reasons word in the context (devis, convention, frein) does not hide the role asked,
# even named in another form (plural, feminine) than its alias.
def test_a_job_recruited_is_not_the_role_asked(knowledge: Knowledge) -> None:
    assert people_named("Vous recrutez des designers ? qui contacter ?", knowledge) == ()


@pytest.mark.parametrize(
    ("question", "people"),
    [
        (
            "Notre convention traîne à la DINUM depuis des semaines. Qui sont les mentors "
            "techniques ?",
            ("Denis Baudot",),
        ),
        (
            "Gros frein sur notre refinancement côté incubateur. Qui sont les directeurs de "
            "programme ?",
            ("Thomas Parisot",),
        ),
        (
            "Bonjour, une convention est en souffrance à l'ISN. Qui sont les référentes qualité ?",
            ("Stéphane Maniaci",),
        ),
        (
            "petit doute sur un devis DINUM, qui sont les mentors techniques de l'incubateur ?",
            ("Denis Baudot",),
        ),
        (
            "Déblocage de notre convention en attente à la DINUM. Qui est la directrice de "
            "programme ?",
            ("Thomas Parisot",),
        ),
    ],
)
def test_a_reasons_word_of_the_context_does_not_hide_the_role_asked(
    knowledge: Knowledge, question: str, people: tuple[str, ...]
) -> None:
    assert people_named(question, knowledge) == people


# 5. A first name two people share, asked about (where, what they do, who they are): both
# people, each with their role; « la DINUM » or « l'ISN » only says where.
@pytest.mark.parametrize(
    ("question", "people"),
    [
        (
            "Marine elle fait quoi à la DINUM exactement ?",
            ("marine-purson", "marine-petroline-soichot"),
        ),
        ("Quel est le rôle d'Adrien à l'ISN ?", ("adrien-zemour", "adrien-laville")),
        (
            "Bonjour, pourriez-vous me dire ce que fait Marine au sein de l'incubateur de "
            "services numériques ?",
            ("marine-purson", "marine-petroline-soichot"),
        ),
        ("Adrien il bosse sur quoi à l'incubateur ?", ("adrien-zemour", "adrien-laville")),
        ("c'est qui Adrien ?", ("adrien-zemour", "adrien-laville")),
        ("qui est Marine", ("marine-purson", "marine-petroline-soichot")),
    ],
)
def test_a_shared_first_name_gives_both_people(
    knowledge: Knowledge, question: str, people: tuple[str, ...]
) -> None:
    assert _reading(question, knowledge) == ("person", people[0], people[1:])


@pytest.mark.parametrize(
    ("question", "people"),
    [
        ("qu'est-ce que fait Adrien au pôle Coaching ?", ("adrien-laville",)),
        ("Adrien il fait quoi au pôle Partenariats ?", ("adrien-zemour",)),
        ("que fait Marine au pôle Animation ?", ("marine-purson", "marine-petroline-soichot")),
    ],
)
def test_a_shared_first_name_in_a_pole_gives_those_of_the_pole(
    knowledge: Knowledge, question: str, people: tuple[str, ...]
) -> None:
    assert _reading(question, knowledge) == ("person", people[0], people[1:])


def test_both_adriens_are_given_with_their_roles(knowledge: Knowledge) -> None:
    assert said("c'est qui Adrien ?", knowledge) == (
        "**Adrien Zemour**\n"
        "- responsable de portefeuille ministériel — Pôle Partenariats : Territoire, Affaires "
        "étrangères, Transition écologique, Culture\n"
        "**Adrien Laville**\n"
        "- coach produit — Pôle Coaching produit\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )
