import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.telemetry.logs import MESSAGE_TEXT, setup_logging

TOKEN = "xoxkq8m4a7bnpf3s9cd5etwzry"  # noqa: S105 - a fake, shaped like a Mattermost token


@pytest.fixture
def restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    chatty = {name: logging.getLogger(name).level for name in ("websockets", "mattermostdriver")}
    chatty |= {name: logging.getLogger(name).level for name in ("aiohttp.access",)}
    yield
    for name, chatty_level in chatty.items():
        logging.getLogger(name).setLevel(chatty_level)
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def _capture(level: str = "INFO", **options: object) -> tuple[io.StringIO, logging.Logger]:
    stream = io.StringIO()
    setup_logging(level, stream=stream, **options)  # type: ignore[arg-type]
    return stream, logging.getLogger("bot.test")


@pytest.mark.usefixtures("restore_root_logger")
def test_known_secret_is_redacted_from_message_and_arguments() -> None:
    stream, log = _capture(secrets=[TOKEN])
    log.info("connecting with %s", TOKEN)
    log.info(f"inline {TOKEN} too")  # noqa: G004 - a careless call must be redacted as well
    lines = stream.getvalue().splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == ["connecting with ***", "inline *** too"]


@pytest.mark.usefixtures("restore_root_logger")
@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Authorization: Bearer abcdef123456", "Authorization: Bearer ***"),
        ("Authorization: Token abcdef123456", "Authorization: Token ***"),
        ("GET /slash?token=abcdef123456&x=1", "GET /slash?token=***&x=1"),
        ("options {'token': 'abcdef123456', 'port': 443}", "options {'token': '***', 'port': 443}"),
        ('{"password": "hunter22"}', '{"password": "***"}'),
        ("GET /slash?text=qui+logement&user_name=alice", "GET /slash?text=***&user_name=***"),
        ("post=abc123 intent=who score=91.0", "post=abc123 intent=who score=91.0"),
    ],
)
def test_credentials_and_query_text_are_redacted_without_knowing_them(
    message: str, expected: str
) -> None:
    stream, log = _capture()
    log.warning("%s", message)
    assert stream.getvalue().split(": ", 1)[1] == expected + "\n"


@pytest.mark.usefixtures("restore_root_logger")
def test_secret_in_traceback_is_redacted() -> None:
    stream, log = _capture(secrets=[TOKEN])
    try:
        raise RuntimeError(f"login failed for {TOKEN}")
    except RuntimeError:
        log.exception("login failed")
    output = stream.getvalue()
    assert TOKEN not in output
    assert "RuntimeError: login failed for ***" in output


@pytest.mark.usefixtures("restore_root_logger")
def test_message_text_is_dropped_by_default() -> None:
    stream, log = _capture()
    log.info("answered post=%s", "p1", extra={MESSAGE_TEXT: "qui logement"})
    assert stream.getvalue().split(": ", 1)[1] == "answered post=p1\n"


@pytest.mark.usefixtures("restore_root_logger")
def test_message_text_is_logged_when_opted_in() -> None:
    stream, log = _capture(log_messages=True)
    log.info("answered post=%s", "p1", extra={MESSAGE_TEXT: "qui logement"})
    assert stream.getvalue().split(": ", 1)[1] == "answered post=p1 text='qui logement'\n"


@pytest.mark.usefixtures("restore_root_logger")
def test_json_format_writes_one_object_per_line() -> None:
    stream, log = _capture(fmt="json", secrets=[TOKEN], log_messages=True)
    log.warning("token %s rejected", TOKEN, extra={MESSAGE_TEXT: "qui logement"})
    entry = json.loads(stream.getvalue())
    assert set(entry) == {"time", "level", "logger", "message", "text"}
    assert entry["time"].endswith("+00:00")
    assert (entry["level"], entry["logger"], entry["message"], entry["text"]) == (
        "WARNING",
        "bot.test",
        "token *** rejected",
        "qui logement",
    )


@pytest.mark.usefixtures("restore_root_logger")
def test_json_format_without_opt_in_has_no_text_field() -> None:
    stream, log = _capture(fmt="json")
    log.info("answered", extra={MESSAGE_TEXT: "qui logement"})
    assert "text" not in json.loads(stream.getvalue())


@pytest.mark.usefixtures("restore_root_logger")
def test_setup_twice_keeps_a_single_handler() -> None:
    setup_logging("INFO", stream=io.StringIO())
    stream, log = _capture()
    log.info("once")
    names = [h.get_name() for h in logging.getLogger().handlers]
    assert names.count("betabot") == 1
    assert stream.getvalue().count("once") == 1


@pytest.mark.usefixtures("restore_root_logger")
def test_websocket_frame_logs_are_silenced_even_at_debug_level() -> None:
    stream, log = _capture("DEBUG")
    logging.getLogger("websockets.client").debug("< TEXT qui logement")
    log.debug("ours")
    assert stream.getvalue().split(": ", 1)[1] == "ours\n"


@pytest.mark.usefixtures("restore_root_logger")
def test_websocket_frame_logs_pass_when_opted_in_at_debug_level() -> None:
    stream, _ = _capture("DEBUG", log_messages=True)
    logging.getLogger("websockets.client").debug("< TEXT frame")
    assert stream.getvalue().split(": ", 1)[1] == "< TEXT frame\n"


@pytest.mark.usefixtures("restore_root_logger")
def test_json_format_escapes_unicode_line_breaks_and_c1_controls() -> None:
    stream, log = _capture(fmt="json", log_messages=True)
    hostile = "a\u2028b\u2029c\x85d\x9be\x7ff\nfin"
    log.info("answered", extra={MESSAGE_TEXT: hostile})
    line = stream.getvalue()
    assert line.count("\n") == 1
    assert line.endswith('"text": "a\\u2028b\\u2029c\\u0085d\\u009be\\u007ff\\nfin"}\n')
    assert json.loads(line)["text"] == hostile


@pytest.mark.usefixtures("restore_root_logger")
def test_building_the_passage_index_logs_nothing_at_info_level() -> None:
    # bm25s sets its own logger to DEBUG when imported, after the bot's logging is set up
    from bot.knowledge.loader import load_knowledge
    from bot.understanding.passages import passage_index

    stream, log = _capture("INFO")
    passage_index(load_knowledge(Path(__file__).resolve().parents[2] / "knowledge"), frozenset())
    log.info("ours")
    assert stream.getvalue().split(": ", 1)[1] == "ours\n"
