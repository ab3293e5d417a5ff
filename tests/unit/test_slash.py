import pytest

from bot.answers.phrases import SLASH_NO_ANSWER as SILENT_TEXT
from bot.conversation.dispatch import Incoming, Reply
from bot.mattermost import slash
from bot.mattermost.slash import SlashError, to_incoming, to_response, verify

TOKEN = "xk3cmd0token0000000000000a"  # noqa: S105 - a test value

FORM = {
    "token": TOKEN,
    "team_id": "team1",
    "team_domain": "communaute",
    "channel_id": "ch1",
    "channel_name": "incubateur-animation",
    "user_id": "alice-id",
    "user_name": "alice",
    "command": "/beta",
    "text": "qui logement",
    "trigger_id": "trig",
    "response_url": "http://mm/hooks/commands/h1",
}


@pytest.mark.parametrize(
    ("form", "headers", "expected"),
    [
        (FORM, {}, True),
        ({**FORM, "token": ""}, {"Authorization": f"Token {TOKEN}"}, True),
        ({**FORM, "token": "wrong"}, {"Authorization": f"Token {TOKEN}"}, True),
        ({**FORM, "token": "wrong"}, {}, False),
        ({**FORM, "token": ""}, {}, False),
        ({**FORM, "token": ""}, {"Authorization": f"Bearer {TOKEN}"}, False),
        ({**FORM, "token": TOKEN[:-1]}, {}, False),
    ],
)
def test_token_accepted_from_form_or_authorization_header(form, headers, expected):
    assert verify(form, headers, TOKEN) is expected


def test_empty_configured_token_refuses_everything():
    assert verify({**FORM, "token": ""}, {}, "") is False


def test_form_becomes_a_slash_incoming():
    assert to_incoming(FORM) == Incoming(
        transport="slash",
        text="qui logement",
        user_id="alice-id",
        user_name="alice",
        channel_id="ch1",
        channel_type="",
        mentioned=True,
    )


def test_direct_channel_name_marks_a_direct_message():
    incoming = to_incoming({**FORM, "channel_name": "a-id__b-id"})
    assert incoming.channel_type == "D"


@pytest.mark.parametrize("missing", ["user_id", "channel_id"])
def test_missing_required_field_is_a_slash_error(missing):
    form = {k: v for k, v in FORM.items() if k != missing}
    with pytest.raises(SlashError, match=f"missing form fields: {missing}"):
        to_incoming(form)


def test_ephemeral_reply_is_only_for_the_asker():
    reply = Reply(text="**Logement** : Alice", channel_id="ch1", ephemeral=True)
    expected = {"response_type": "ephemeral", "text": "**Logement** : Alice"}
    assert to_response(reply, SILENT_TEXT) == expected


def test_shown_reply_goes_in_channel():
    reply = Reply(text="**Logement** : Alice", channel_id="ch1", ephemeral=False)
    expected = {"response_type": "in_channel", "text": "**Logement** : Alice"}
    assert to_response(reply, SILENT_TEXT) == expected


def test_no_reply_still_answers_something_ephemeral():
    assert to_response(None, SILENT_TEXT) == {"response_type": "ephemeral", "text": SILENT_TEXT}


@pytest.mark.parametrize(
    ("body", "charset", "expected"),
    [
        (b"token=t&text=qui+logement", None, {"token": "t", "text": "qui logement"}),
        (b"text=caf%C3%A9", "UTF-8", {"text": "café"}),
        (b"text=", "us-ascii", {"text": ""}),
    ],
)
def test_form_body_is_parsed_as_utf8(body, charset, expected):
    assert slash.parse_form(body, charset) == expected


@pytest.mark.parametrize(
    ("body", "charset", "message"),
    [
        (b"text=x", "nope", "unsupported form charset"),
        (b"text=x", "latin-1", "unsupported form charset"),
        (b"text=%ff", None, "malformed form body"),
        (b"text=\xff", None, "malformed form body"),
        (b"token=a&token=b", None, "form field given twice"),
        (b"&".join(b"f%d=x" % i for i in range(65)), None, "malformed form body"),
    ],
)
def test_unreadable_form_body_is_a_slash_error(body, charset, message):
    with pytest.raises(slash.SlashError) as raised:
        slash.parse_form(body, charset)
    assert str(raised.value) == message


def test_authorization_header_that_is_not_utf8_is_refused_without_error():
    assert not slash.verify({}, {"Authorization": "Token \udcff"}, "t")
