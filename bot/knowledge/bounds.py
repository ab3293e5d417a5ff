"""Limits on what a knowledge or posting file may make the bot do: size, nesting, aliases, links.

A file is read only when it is a regular file no larger than its cap and, if it is a symbolic
link, one that stays inside its folder. Its YAML is scanned event by event (a streaming parse,
no recursion) before being composed: aliases are refused, since one alias of an alias of … is
a "billion laughs" that expands to gigabytes, and nesting deeper than `YAML_MAX_DEPTH` is
refused, since libyaml's composer recurses in C and overflows the stack on deep nesting.
"""

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    import yaml

POSTING_MAX_BYTES = 256 * 1024
KNOWLEDGE_FILE_MAX_BYTES = 2 * 1024 * 1024
YAML_MAX_DEPTH = 32  # collections inside collections; the knowledge uses 4
SHOWN_MAX_CHARS = 60  # characters of a maintainer's value quoted back in a problem


class FileRefused(Exception):
    """A file the bot will not read; `str()` is the French reason, `line` where it is (≥ 1)."""

    def __init__(self, message: str, line: int = 1) -> None:
        """Keep the French message and its line."""
        super().__init__(message)
        self.line = line


def shown(value: object) -> str:
    """A YAML value for a message: one line, at most `SHOWN_MAX_CHARS` characters.

    Containers are named, never stringified: a composed value can be huge.
    """
    if isinstance(value, dict):
        return "un groupe de champs"
    if isinstance(value, (list, tuple, set)):
        return "une liste"
    text = " ".join(str(value)[: SHOWN_MAX_CHARS * 4].split())
    return text if len(text) <= SHOWN_MAX_CHARS else text[: SHOWN_MAX_CHARS - 1] + "…"


def read_bounded(path: Path, max_bytes: int) -> str:
    """The UTF-8 text of `path`, refused when too big or a symbolic link out of its folder.

    Raises:
        FileRefused: too big, a link out of the folder, or not a regular file.
        UnicodeDecodeError, OSError: unreadable, as `Path.read_text` would.
    """
    if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
        raise FileRefused(
            "lien symbolique vers un fichier hors du dossier, refusé — copiez le fichier "
            "dans le dossier au lieu de le lier"
        )
    if path.exists() and not path.is_file():  # a FIFO would block the reader forever
        raise FileRefused("ce n'est pas un fichier ordinaire, refusé — remplacez-le par un fichier")
    with path.open("rb") as file:  # read at most the cap, whatever stat says
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused(
            f"fichier trop gros (plus de {max_bytes // 1024} Kio), refusé — "
            f"raccourcissez-le sous {max_bytes // 1024} Kio"
        )
    return data.decode("utf-8")


def scan_yaml(text: str) -> None:
    """Refuse aliases and deep nesting before composing `text` (line numbers from 1).

    Raises:
        FileRefused: an alias (`*nom`) or more than `YAML_MAX_DEPTH` nested collections.
        yaml.YAMLError: a syntax error, as composing would raise it.
    """
    import yaml  # only for loading: answers use this module's URL check without it

    try:
        _scan_events(text)
    except yaml.MarkedYAMLError as err:
        # PyYAML ≥ 6.0.4 has a nesting limit of its own: the same refusal, in the same words.
        if "nesting depth" not in str(err.problem):
            raise
        line = err.problem_mark.line + 1 if err.problem_mark is not None else 1
        raise FileRefused(_TOO_DEEP, line) from None


_TOO_DEEP = (
    f"imbrication trop profonde (plus de {YAML_MAX_DEPTH} niveaux), refusée — "
    "simplifiez la structure"
)


def _scan_events(text: str) -> None:
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.AliasEvent):
            raise FileRefused(
                "alias YAML (« *… ») refusé — recopiez la valeur au lieu de la référencer",
                _line(event),
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > YAML_MAX_DEPTH:
                raise FileRefused(_TOO_DEEP, _line(event))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _line(event: "yaml.Event") -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1


# Kept as is in a link: letters, digits and the URL punctuation Markdown does not read.
# Everything else (Markdown's `*[]()<>!|\` and quotes, non-ASCII…) is percent-encoded.
_URL_KEPT = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/:?#=&%+,;"
)
_HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?")
URL_REFUSED = (
    "lien « {url} » refusé — écrivez une adresse https:// complète, sans espace ni « @ » "
    "(écrivez %40 pour un @)"
)


def checked_url(url: str) -> str | None:
    """`url` safe to render as a link, Markdown specials percent-encoded; None when refused.

    Refused: not https, no host, any `@` (Mattermost reads `/@channel` as a mention), any
    whitespace or control character.
    """
    if not url.startswith("https://") or "@" in url or not url.isprintable():
        return None
    if any(c.isspace() for c in url):
        return None
    rest = url[len("https://") :]
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if not _HOST.fullmatch(host) or host.startswith((".", "-")):
        return None
    return "https://" + "".join(c if c in _URL_KEPT else quote(c, safe="") for c in rest)
