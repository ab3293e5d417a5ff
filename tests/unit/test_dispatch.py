from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answers.render import POST_LIMIT
from bot.conversation.dispatch import Incoming, Me, Reply, respond
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.timezone import PARIS
from tests.unit.test_render import _PING, live

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = load_knowledge(ROOT / "knowledge")
ME = Me(user_id="bot1", username="betabot")
NOW = datetime(2025, 3, 14, 10, 0, tzinfo=PARIS)
LOGEMENT_FIRST_LINE = (
    "Pour le ministère du Logement, votre contact à l'incubateur : **Maël Inizan**"
)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return KNOWLEDGE


def channel_post(text: str, **changes: object) -> Incoming:
    fields: dict[str, object] = {
        "transport": "websocket",
        "text": text,
        "user_id": "alice1",
        "user_name": "alice",
        "channel_id": "chan1",
        "channel_type": "O",
        "post_id": "post1",
        "mentioned": True,
    }
    return Incoming(**{**fields, **changes})  # type: ignore[arg-type]


def test_channel_mention_is_answered_in_the_posts_thread(knowledge: Knowledge) -> None:
    reply = respond(channel_post("@betabot qui logement"), knowledge, ME, NOW)
    assert reply is not None
    assert reply.text.splitlines()[0] == LOGEMENT_FIRST_LINE
    assert reply == Reply(
        text=reply.text,
        channel_id="chan1",
        root_id="post1",
        reply_to="post1",
        ephemeral=False,
        intent="portfolio",
        score=100.0,
        user_id="alice1",
        subject="logement",
        question="qui logement",
    )


HINT = (
    "Cette réponse vous a aidé ? Dites-le d'une réaction 👍 ou 👎 : elle aide à améliorer betabot."
)


def test_the_first_answer_of_a_thread_asks_once_for_a_reaction(knowledge: Knowledge) -> None:
    first = respond(channel_post("@betabot qui logement"), knowledge, ME, NOW)
    later = respond(channel_post("@betabot qui logement", root_id="post0"), knowledge, ME, NOW)
    dm = respond(channel_post("qui logement", channel_type="D"), knowledge, ME, NOW)
    slash = respond(channel_post("qui logement", transport="slash"), knowledge, ME, NOW)
    assert first is not None
    assert later is not None
    assert dm is not None
    assert slash is not None
    assert first.text == later.text + "\n" + HINT
    assert HINT not in later.text + dm.text + slash.text


def test_an_unsure_reply_carries_its_suggestions_and_the_question(knowledge: Knowledge) -> None:
    reply = respond(channel_post("@betabot  qui logmenn"), knowledge, ME, NOW)
    assert reply is not None
    assert (reply.intent, reply.subject, reply.suggestions) == ("unknown", "", ("Logement",))
    assert reply.question == "qui logmenn"


def test_mention_inside_a_thread_replies_in_that_thread(knowledge: Knowledge) -> None:
    reply = respond(channel_post("@betabot qui logement", root_id="root9"), knowledge, ME, NOW)
    assert reply is not None
    assert (reply.root_id, reply.reply_to) == ("root9", "post1")


def test_mention_found_in_the_text_counts_without_the_mentions_list(
    knowledge: Knowledge,
) -> None:
    reply = respond(channel_post("@BetaBot qui logement", mentioned=False), knowledge, ME, NOW)
    assert reply is not None
    assert reply.intent == "portfolio"


@pytest.mark.parametrize(
    "incoming",
    [
        channel_post("qui logement", mentioned=False),
        channel_post("@betabotte qui logement", mentioned=False),
        channel_post("@channel réunion d'équipe à 14 h", mentioned=True),
        channel_post("@here qui logement", mentioned=True),
        channel_post("@betabot qui logement", user_id="bot1"),
        channel_post("@betabot qui logement", from_bot=True),
        channel_post("@betabot qui logement", post_type="system_join_channel"),
        channel_post("@betabot qui logement", edited=True),
        channel_post("qui logement", channel_type="D", user_id="bot1"),
    ],
    ids=[
        "no-mention",
        "other-name",
        "channel-wide",
        "here",
        "self",
        "bot",
        "system",
        "edit",
        "self-dm",
    ],
)
def test_posts_not_for_the_bot_get_no_reply(knowledge: Knowledge, incoming: Incoming) -> None:
    assert respond(incoming, knowledge, ME, NOW) is None


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        # The server puts the bot's id in `mentions` for a user group it belongs to.
        ("hello @devs", True),
        ("@devs qui logement", True),
        ("@all qui logement", True),
        # Code is not scanned for mentions by the server: `mentions` stays empty.
        ("`@betabot` est un bot sympa", False),
        ("``@betabot qui logement``", False),
        ("voici la commande :\n```\n@betabot qui logement\n```", False),
        ("~~~\n@betabot qui logement\n~~~", False),
        ("écrivez à @betabot.dev", False),
    ],
    ids=[
        "group",
        "group-question",
        "all",
        "code-span",
        "double-backticks",
        "fenced",
        "tilde",
        "other",
    ],
)
def test_channel_post_without_the_bots_name_outside_code_gets_no_reply(
    knowledge: Knowledge, text: str, mentioned: bool
) -> None:
    assert respond(channel_post(text, mentioned=mentioned), knowledge, ME, NOW) is None


def test_bot_name_typed_without_at_is_answered_when_the_server_counts_it(
    knowledge: Knowledge,
) -> None:
    reply = respond(channel_post("betabot qui logement", mentioned=True), knowledge, ME, NOW)
    assert reply is not None
    assert reply.intent == "portfolio"


@pytest.mark.parametrize(
    "text",
    ["qui logement @betabot.", "`code` puis @betabot qui logement", "@betabot, qui logement"],
)
def test_mention_with_punctuation_or_beside_code_is_answered_and_stripped(
    knowledge: Knowledge, text: str
) -> None:
    reply = respond(channel_post(text, mentioned=False), knowledge, ME, NOW)
    assert reply is not None
    assert (reply.intent, reply.text.splitlines()[0]) == ("portfolio", LOGEMENT_FIRST_LINE)


def test_direct_message_needs_no_mention_and_is_not_threaded(knowledge: Knowledge) -> None:
    dm = channel_post("qui logement", channel_type="D", mentioned=False)
    reply = respond(dm, knowledge, ME, NOW)
    assert reply is not None
    assert (reply.root_id, reply.reply_to, reply.intent) == ("", "post1", "portfolio")


def slash(text: str) -> Incoming:
    return Incoming(
        transport="slash", text=text, user_id="alice1", channel_id="chan1", channel_type="O"
    )


def test_slash_reply_is_ephemeral(knowledge: Knowledge) -> None:
    reply = respond(slash("qui logement"), knowledge, ME, NOW)
    assert reply is not None
    assert (reply.ephemeral, reply.root_id, reply.reply_to) == (True, "", "")
    assert reply.text.splitlines()[0] == LOGEMENT_FIRST_LINE


@pytest.mark.parametrize("text", ["qui logement partager", "Partager qui logement"])
def test_slash_with_partager_is_shown_to_the_channel(knowledge: Knowledge, text: str) -> None:
    reply = respond(slash(text), knowledge, ME, NOW)
    assert reply is not None
    assert (reply.ephemeral, reply.intent) == (False, "portfolio")
    assert reply.text.splitlines()[0] == LOGEMENT_FIRST_LINE


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("postes abonnement", "subscribe"),
        ("Postes Abonnement", "subscribe"),
        ("@betabot poste abonner", "subscribe"),
        ("postes désabonnement", "unsubscribe"),
        ("postes desabonnement", "unsubscribe"),
        ("postes désabonner", "unsubscribe"),
    ],
)
def test_subscription_commands_become_actions(knowledge: Knowledge, text: str, action: str) -> None:
    reply = respond(channel_post(text, channel_type="D"), knowledge, ME, NOW)
    assert reply is not None
    assert (reply.action, reply.intent) == (action, action)


def test_subscribe_reply_says_how_to_stop(knowledge: Knowledge) -> None:
    reply = respond(channel_post("postes abonnement", channel_type="D"), knowledge, ME, NOW)
    assert reply is not None
    assert reply.text == (
        "C'est noté : vous recevrez en message direct chaque nouveau poste ouvert à l'ISN. "
        "Pour arrêter : **postes désabonnement**."
    )


def test_question_about_postings_is_not_a_subscription(knowledge: Knowledge) -> None:
    reply = respond(channel_post("postes ouverts", channel_type="D"), knowledge, ME, NOW)
    assert reply is not None
    assert (reply.action, reply.intent) == ("none", "jobs")


def test_bare_mention_gets_the_help(knowledge: Knowledge) -> None:
    reply = respond(channel_post("@betabot"), knowledge, ME, NOW)
    assert reply is not None
    assert reply.intent == "help"


@given(
    st.text(max_size=300),
    st.sampled_from(["websocket", "slash", "cli"]),
    st.sampled_from(["O", "P", "D", "G"]),
    st.booleans(),
)
def test_any_message_gives_none_or_an_inert_reply(
    text: str, transport: str, channel_type: str, mentioned: bool
) -> None:
    incoming = channel_post(
        text, transport=transport, channel_type=channel_type, mentioned=mentioned
    )
    reply = respond(incoming, KNOWLEDGE, ME, NOW)
    if reply is not None:
        assert reply.text
        assert _PING.search(live(reply.text)) is None


def test_a_capped_answer_keeps_its_reaction_hint_within_one_post(knowledge: Knowledge) -> None:
    fast = next(t for t in knowledge.topics if t.id == "fast")
    huge = replace(fast, items=tuple(f"Point {i} : " + "détail " * 10 for i in range(400)))
    bigger = replace(knowledge, topics=tuple(huge if t is fast else t for t in knowledge.topics))
    reply = respond(channel_post("@betabot c'est quoi le FAST"), bigger, ME, NOW)
    assert reply is not None
    assert len(reply.text) <= POST_LIMIT
    assert reply.text.endswith("… (réponse tronquée)\n" + HINT)


def test_a_clicked_suggestion_is_answered_in_its_thread_without_mention(
    knowledge: Knowledge,
) -> None:
    clicked = channel_post("Logement", transport="action", root_id="root1", post_id="")
    reply = respond(clicked, knowledge, ME, NOW)
    plain = respond(channel_post("@betabot qui logement", root_id="root1"), knowledge, ME, NOW)
    assert reply is not None
    assert plain is not None
    assert (reply.root_id, reply.ephemeral, reply.intent, reply.subject) == (
        "root1",
        False,
        "portfolio",
        "logement",
    )
    assert reply.text == plain.text  # no reaction hint: not a thread's first answer
