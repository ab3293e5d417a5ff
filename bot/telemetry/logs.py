"""Logging setup: text or JSON lines, secrets redacted, message text only when opted in.

Modules that want to log what a user wrote pass it as an extra field, never in the message::

    log.info("answered post=%s intent=%s", post_id, intent, extra={MESSAGE_TEXT: text})

The field is printed only when the operator sets ``BETABOT_LOG_MESSAGES=1``; otherwise the
filter removes it from the record before any formatter sees it.
"""

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Literal, TextIO

LogFormat = Literal["text", "json"]
MESSAGE_TEXT = "message_text"
REDACTED = "***"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Secrets shorter than this are not searched for: redacting "a" would shred every line.
_MIN_SECRET_LEN = 6
# Libraries that log frames or request bodies at DEBUG; kept at WARNING unless opted in.
_CHATTY_LOGGERS = ("websockets", "mattermostdriver", "aiohttp.access")
# Libraries that narrate routine work at INFO (APScheduler: each job added, run, executed); the
# bot logs its own line per action instead. Shown again at DEBUG.
_ROUTINE_LOGGERS = ("apscheduler",)

# "Bearer x" / "Token x" (Authorization headers), then "token=x", "'password': 'x'"…
_CREDENTIAL = re.compile(
    r"\b(Bearer|BEARER|bearer|Token|TOKEN)(\s+)([A-Za-z0-9._~+/=-]{6,})"
    r"|(?i:\b(token|password|secret|mmauthtoken)([\"']?\s*[:=]\s*[\"']?))([^\s\"'&,;}]+)"
)
_PRIVATE_QUERY = re.compile(r"(?i)([?&](?:text|user_name|username)=)([^&\s\"']*)")


class RedactingFilter(logging.Filter):
    """Replace known secrets and credential-looking values with ``***`` in every record.

    Also drops the `MESSAGE_TEXT` extra field and user text from query strings unless
    `log_messages` is true. Attach it to handlers: it rewrites the record in place.
    """

    def __init__(self, secrets: Iterable[str] = (), *, log_messages: bool = False) -> None:
        """Remember the secrets to hide (tokens from the settings) and the opt-in."""
        super().__init__()
        kept = sorted({s for s in secrets if len(s) >= _MIN_SECRET_LEN}, key=len, reverse=True)
        self._secrets = re.compile("|".join(map(re.escape, kept))) if kept else None
        self.log_messages = log_messages

    def redact(self, text: str) -> str:
        """Return `text` with secrets, credentials and (unless opted in) user text hidden."""
        if self._secrets is not None:
            text = self._secrets.sub(REDACTED, text)
        text = _CREDENTIAL.sub(_hide_credential, text)
        if not self.log_messages:
            text = _PRIVATE_QUERY.sub(lambda m: m.group(1) + REDACTED, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message, traceback and extra text; never drops a record."""
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        if MESSAGE_TEXT in record.__dict__:
            if self.log_messages:
                record.__dict__[MESSAGE_TEXT] = self.redact(str(record.__dict__[MESSAGE_TEXT]))
            else:
                del record.__dict__[MESSAGE_TEXT]
        return True


class TextFormatter(logging.Formatter):
    """Classic one-line text, with the opted-in message text appended as ``text=…``."""

    def __init__(self) -> None:
        """Use `TEXT_FORMAT`."""
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        """Format the record; append the message text when the filter kept it."""
        line = super().format(record)
        if MESSAGE_TEXT in record.__dict__:
            line += f" text={record.__dict__[MESSAGE_TEXT]!r}"
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message…"""

    def format(self, record: logging.LogRecord) -> str:
        """Serialise the record; `exception` and `text` appear only when present."""
        entry: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if MESSAGE_TEXT in record.__dict__:
            entry["text"] = str(record.__dict__[MESSAGE_TEXT])
        return _LINE_BREAKERS.sub(_escaped, json.dumps(entry, ensure_ascii=False))


# Valid raw in JSON, but line breaks for JavaScript, some log shippers and terminals (U+2028,
# U+2029, U+0085 and the other C1 controls, DEL): escaped so one record stays one line.
_LINE_BREAKERS = re.compile("[\x7f-\x9f\u2028\u2029]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def build_handler(
    fmt: LogFormat = "text",
    *,
    secrets: Iterable[str] = (),
    log_messages: bool = False,
    stream: TextIO | None = None,
) -> logging.Handler:
    """A stream handler (stderr by default) with the redacting filter and chosen format."""
    handler = logging.StreamHandler(sys.stderr if stream is None else stream)
    handler.addFilter(RedactingFilter(secrets, log_messages=log_messages))
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.set_name("betabot")
    return handler


def setup_logging(
    level: str | int = "INFO",
    fmt: LogFormat = "text",
    *,
    secrets: Iterable[str] = (),
    log_messages: bool = False,
    stream: TextIO | None = None,
) -> logging.Handler:
    """Install the betabot handler on the root logger, replacing a previous one.

    Returns the handler (tests read what it wrote through `stream`).
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "betabot"]:
        root.removeHandler(old)
        old.close()
    handler = build_handler(fmt, secrets=secrets, log_messages=log_messages, stream=stream)
    root.addHandler(handler)
    root.setLevel(level)
    chatty_level = logging.DEBUG if log_messages else logging.WARNING
    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(max(chatty_level, root.level))
    routine_level = logging.DEBUG if root.level <= logging.DEBUG else logging.WARNING
    for name in _ROUTINE_LOGGERS:
        logging.getLogger(name).setLevel(max(routine_level, root.level))
    return handler


def _hide_credential(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return f"{match.group(1)}{match.group(2)}{REDACTED}"
    return f"{match.group(4)}{match.group(5)}{REDACTED}"
