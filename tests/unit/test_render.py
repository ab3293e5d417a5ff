import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answers.lines import Answer, Line, Span
from bot.answers.render import POST_LIMIT, cap, escape, quote, render_answer, render_line
from bot.knowledge.text import strip_invisible

# What Mattermost still reads as Markdown once code spans are set aside: the server strips
# code with this pattern (ignoring backslash escapes) before looking for mentions, and the web
# app neither links nor highlights inside code.
_CODE_SPAN = re.compile(r"`+(?:.+?|.*?\n(.*?\S.*?\n)*.*?)`+")
_PING = re.compile(r"(?<![\w])[@\uff20\ufe6b](channel|all|here)\b", re.IGNORECASE)
_LINK = re.compile(r"(?<!\\)\]\(|(?<!\\)!\[|://|www\.|(?<!\\)<", re.IGNORECASE)


def live(markdown: str) -> str:
    return _CODE_SPAN.sub(" ", strip_invisible(markdown))


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("Pôle Accélération", "Pôle Accélération"),
        ("*gras* _it_ `code`", r"\*gras\* \_it\_ 'code'"),
        ("@channel", "`@channel`"),
        ("@ALL réunion", "`@ALL` réunion"),
        ("salut @here !", r"salut `@here` \!"),
        ("@\u200bchannel", "`@channel`"),
        ("\uff20here", "`@here`"),
        ("@mael.inizan", "`@mael.inizan`"),
        ("![x](http://evil.example/x.png)", "`![x](http://evil.example/x.png)`"),
        ("[ici](javascript:alert(1))", r"\[ici\](javascript:alert(1))"),
        ("www.evil.example", "`www.evil.example`"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("# titre\n> citation", r"\# titre \> citation"),
        ("~town-square", "`~town-square`"),
        ("a  b\n\nc", "a b c"),
    ],
)
def test_escape_neutralises_markdown_mentions_and_links(raw: str, safe: str) -> None:
    assert escape(raw) == safe


def test_quote_shortens_long_user_text_into_one_code_span() -> None:
    assert quote("x" * 100) == "`" + "x" * 79 + "…`"


def test_quote_replaces_backticks_so_the_span_cannot_be_closed_early() -> None:
    assert quote("a` @channel `b") == "`a' @channel 'b`"


def test_quote_of_blank_text_says_the_message_was_empty() -> None:
    assert quote(" \u200b ") == "(message vide)"


def test_render_answer_styles_spans_and_bullets() -> None:
    answer = Answer(
        "contact",
        "",
        (
            Line((Span("Titre", "strong"),)),
            Line((Span("Écrire : "), Span("dinum@beta.gouv.fr", "email")), bullet=True),
            Line((Span("~incubateur-animation", "channel"),), bullet=True),
            Line((Span("site", "link", "https://beta.gouv.fr"),), bullet=True),
            Line((Span("piège", "link", "javascript:alert(1)"),), bullet=True),
            Line((Span("mael.inizan", "code"),)),
        ),
    )
    assert render_answer(answer) == (
        "**Titre**\n"
        "- Écrire : dinum@beta.gouv.fr\n"
        "- ~incubateur-animation\n"
        "- [site](https://beta.gouv.fr)\n"
        "- piège\n"
        "`mael.inizan`"
    )


def test_channel_and_email_styles_escape_values_that_do_not_look_like_one() -> None:
    answer = Answer(
        "contact",
        "",
        (Line((Span("~x @all", "channel"), Span(" "), Span("<a>@here", "email"))),),
    )
    assert render_answer(answer) == "`~x` `@all` `<a>@here`"


def test_cap_keeps_short_text() -> None:
    assert cap("court", limit=10) == "court"


def test_cap_cuts_at_a_line_and_says_so() -> None:
    text = "\n".join(f"ligne {i}" for i in range(10))
    assert cap(text, limit=40) == "ligne 0\nligne 1\n… (réponse tronquée)"


def test_cap_never_leaves_a_code_span_open() -> None:
    text = "a " * 5 + "`@channel " + "b " * 50 + "`"
    capped = cap(text, limit=40)
    assert capped == "a a a a a\n… (réponse tronquée)"


def test_cap_default_limit_is_the_mattermost_post_limit() -> None:
    capped = cap("mot " * 10_000)
    assert len(capped) <= POST_LIMIT == 16383
    assert capped.endswith("\n… (réponse tronquée)")


@given(st.text())
def test_escape_of_any_text_never_pings_nor_links(raw: str) -> None:
    safe = live(escape(raw))
    assert "\n" not in safe
    assert _PING.search(safe) is None
    assert _LINK.search(safe) is None


@given(st.text(), st.integers(min_value=30, max_value=400))
def test_cap_of_escaped_text_stays_under_limit_and_inert(raw: str, limit: int) -> None:
    capped = cap(escape(raw * 3), limit=limit)
    assert len(capped) <= limit
    assert len(re.findall(r"(?<!\\)`", capped)) % 2 == 0
    assert _PING.search(live(capped)) is None


@pytest.mark.parametrize("limit", [10, 11, 12, 13, 24, 25, 26, 60, 61, POST_LIMIT])
def test_a_long_answer_is_rendered_only_as_far_as_its_cap_reads(limit: int) -> None:
    # render_answer stops rendering lines past `limit`: what it returns is still the whole
    # Markdown, capped, for every limit around the line boundaries
    spans = (Span("ligne "), Span("x", "strong"), Span("`@here`", "code"))
    lines = tuple(Line(spans, bullet=i % 2 == 0) for i in range(3000))
    whole = "\n".join(render_line(line) for line in lines)
    assert render_answer(Answer("pole", "", lines), limit) == cap(whole, limit)
