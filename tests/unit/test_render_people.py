"""People in answers: a DM link, a mention, or a bold name, from the Directory."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.answers.answer import answer
from bot.answers.directory import Directory, Handle, directory
from bot.answers.lines import Answer, Span, line
from bot.answers.render import render_answer
from bot.conversation.dispatch import Incoming, Me, respond
from bot.knowledge.loader import load_knowledge
from bot.understanding.query import understand

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = load_knowledge(ROOT / "knowledge")
TODAY = date(2025, 3, 14)
SITE = "https://mattermost.example.org"
MAEL = Handle("mael-inizan", "mael.inizan", "u" * 26, "convention", "ok")


def _one_person(people: Directory | None, name: str = "Maël Inizan") -> str:
    return render_answer(
        Answer("person", "", (line("Logement : ", Span(name, "person", ref="mael-inizan")),)),
        people=people,
    )


def ask(question: str, people: Directory | None) -> str:
    return render_answer(answer(understand(question, KNOWLEDGE), KNOWLEDGE, TODAY), people=people)


def test_reachable_person_is_a_link_to_a_direct_message_on_this_server() -> None:
    people = directory([MAEL], "lien", SITE + "/", "betagouv")
    assert _one_person(people) == (
        "Logement : **[Maël Inizan](https://mattermost.example.org/betagouv/messages/@mael.inizan)**"
    )


def test_without_site_url_the_link_is_relative_to_the_server() -> None:
    assert _one_person(directory([MAEL], "lien", "", "betagouv")) == (
        "Logement : **[Maël Inizan](/betagouv/messages/@mael.inizan)**"
    )


def test_mention_style_writes_a_real_mention_after_the_name() -> None:
    people = directory([MAEL], "mention", SITE, "betagouv")
    assert _one_person(people) == "Logement : **Maël Inizan** (@mael.inizan)"


@pytest.mark.parametrize(
    "handle",
    [
        Handle("mael-inizan", "mael.inizan", "u" * 26, "convention", "deactivated"),
        Handle("mael-inizan", "", "", "", "missing"),
        Handle("mael-inizan", "all", "u" * 26, "yaml", "ok"),  # would ping the channel
        Handle("mael-inizan", "x](javascript:alert(1))", "u" * 26, "yaml", "ok"),
        Handle("someone-else", "mael.inizan", "u" * 26, "yaml", "ok"),
    ],
    ids=["deactivated", "missing", "reserved-name", "not-a-username", "other-person"],
)
def test_unreachable_person_is_a_bold_name_without_link(handle: Handle) -> None:
    for style in ("lien", "mention"):
        people = directory([handle], style, SITE, "betagouv")
        assert _one_person(people) == "Logement : **Maël Inizan**"


def test_no_directory_keeps_bold_names() -> None:
    assert _one_person(None) == "Logement : **Maël Inizan**"


def test_a_team_name_that_is_not_a_url_name_gives_no_link() -> None:
    assert _one_person(directory([MAEL], "lien", SITE, "../x")) == "Logement : **Maël Inizan**"


def test_link_text_is_escaped_like_any_yaml_text() -> None:
    people = directory([MAEL], "lien", SITE, "betagouv")
    assert _one_person(people, "Maël [Inizan] @here") == (
        "Logement : **[Maël \\[Inizan\\] `@here`]"
        "(https://mattermost.example.org/betagouv/messages/@mael.inizan)**"
    )


def test_qui_logement_links_the_portfolio_owner_and_keeps_the_contacts() -> None:
    people = directory([MAEL], "lien", SITE, "betagouv")
    assert ask("qui logement", people) == (
        "Pour le ministère du Logement, votre contact à l'incubateur : **[Maël Inizan](https://mattermost.example.org/betagouv/messages/@mael.inizan)**\n"
        "- responsable de portefeuille ministériel — Pôle Partenariats : Logement\n"
        "- responsable du pôle, coach — Pôle Coaching produit\n"
        "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )


def test_departed_person_is_named_without_link_and_the_pole_contact_follows() -> None:
    julien = Handle("julien-bouquillon", "julien.bouquillon", "j" * 26, "convention", "deactivated")
    people = directory([julien], "lien", SITE, "betagouv")
    assert ask("qui est le CTO de la communauté", people) == (
        "Le rôle de CTO de la communauté est tenu par **Julien Bouquillon**\n"
        "- référent technique (CTO) de la communauté — Pôle Animation et Expertises\n"
        "Pôle Animation et Expertises : animation@beta.gouv.fr ou directement sur Mattermost.\n"
        "Sinon, écrivez à dinum@beta.gouv.fr ou passez sur ~incubateur-animation."
    )


def test_respond_renders_people_with_the_directory_it_is_given() -> None:
    me = Me("b" * 26, "betabot")
    asked = Incoming("slash", "qui logement", "a" * 26, channel_id="c" * 26)
    now = datetime(2025, 3, 14, 10, tzinfo=ZoneInfo("Europe/Paris"))
    linked = respond(asked, KNOWLEDGE, me, now, directory([MAEL], "lien", SITE, "betagouv"))
    plain = respond(asked, KNOWLEDGE, me, now)
    assert linked is not None
    assert plain is not None
    assert linked.text == ask("qui logement", directory([MAEL], "lien", SITE, "betagouv"))
    assert plain.text == ask("qui logement", None)
    assert linked.text != plain.text
