import json

from bot.mattermost.actions import (
    action_url,
    disabled_update,
    sign,
    subscribe_props,
    suggestion_props,
    to_click,
    verified,
)
from bot.mattermost.events import Reaction, to_reaction

SECRET = "0123456789abcdef0123"  # noqa: S105 - a test value


def test_a_signed_context_verifies_and_any_change_does_not() -> None:
    context = sign({"do": "ask", "label": "Logement", "nonce": "n1", "private": False}, SECRET)
    assert verified(context, SECRET) == {
        "do": "ask",
        "label": "Logement",
        "nonce": "n1",
        "private": False,
    }
    assert verified({**context, "label": "Justice"}, SECRET) is None
    assert verified(context, "another-secret-000000") is None
    assert verified({k: v for k, v in context.items() if k != "sig"}, SECRET) is None
    assert verified(context, "") is None
    assert verified("not a dict", SECRET) is None


def test_suggestion_buttons_have_the_real_attachment_shape() -> None:
    url = action_url("https://betabot.example.org/")
    props = suggestion_props(url, SECRET, ("Logement", "Justice"), False, "n1")
    actions = props["attachments"][0]["actions"]
    assert [(a["id"], a["type"], a["name"]) for a in actions] == [
        ("suggestion0", "button", "Logement"),
        ("suggestion1", "button", "Justice"),
    ]
    assert {a["integration"]["url"] for a in actions} == {
        "https://betabot.example.org/mattermost/actions"
    }
    assert json.loads(json.dumps(props)) == props  # plain JSON, as the server stores it
    subscribe = subscribe_props(url, SECRET, "Recevoir")["attachments"][0]["actions"][0]
    assert verified(subscribe["integration"]["context"], SECRET) == {
        "do": "subscribe",
        "nonce": "subscribe",
    }


def test_a_click_request_needs_its_ids_and_a_good_signature() -> None:
    context = sign({"do": "ask", "label": "Logement", "nonce": "n1"}, SECRET)
    body = {"user_id": "u", "channel_id": "c", "post_id": "p", "type": "button", "context": context}
    click = to_click(body, SECRET)
    assert click is not None
    assert (click.user_id, click.channel_id, click.post_id) == ("u", "c", "p")
    assert to_click({**body, "post_id": ""}, SECRET) is None
    assert to_click({**body, "context": {**context, "nonce": "n2"}}, SECRET) is None
    assert to_click([body], SECRET) is None


def test_the_update_keeps_message_and_props_and_replaces_the_buttons() -> None:
    post = {
        "message": "Je n'ai pas compris",
        "props": {"betabot_key": "reply:p", "attachments": [1]},
    }
    assert disabled_update(post, "Choisi : **Logement**") == {
        "message": "Je n'ai pas compris",
        "props": {"betabot_key": "reply:p", "attachments": [{"text": "Choisi : **Logement**"}]},
    }


def test_reaction_events_decode_their_json_string() -> None:
    reaction = {"user_id": "u1", "post_id": "p1", "emoji_name": "+1", "create_at": 1}
    frame = {"event": "reaction_added", "data": {"reaction": json.dumps(reaction)}, "seq": 3}
    assert to_reaction(frame) == Reaction(True, "u1", "p1", "+1")
    removed = {**frame, "event": "reaction_removed"}
    assert to_reaction(removed) == Reaction(False, "u1", "p1", "+1")
    assert to_reaction({"event": "posted", "data": {}}) is None
    assert to_reaction({"event": "reaction_added", "data": {"reaction": "{"}}) is None
    assert to_reaction({"event": "reaction_added", "data": {"reaction": "{}"}}) is None
