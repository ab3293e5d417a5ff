"""Job postings: read the site's Markdown format into `JobPosting` values.

A posting is a Markdown file whose front matter (between two ``---`` lines) follows the
beta.gouv.fr site. The front matter's `open` is the only authority on whether it is open; a
`depublication_date` on or before today closes it. Problems are reported, never raised.
Which postings are open, new or due a reminder on a date: `posting_rules`.
"""

import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import messages
from bot.knowledge.bounds import (
    POSTING_MAX_BYTES,
    URL_REFUSED,
    FileRefused,
    checked_url,
    read_bounded,
    scan_yaml,
    shown,
)
from bot.knowledge.model import JobPosting
from bot.knowledge.problems import Problem
from bot.knowledge.text import fold
from bot.knowledge.timezone import PARIS

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
EXCERPT_MAX_CHARS = 500
APPLY_MAX_CHARS = 300
_MORE = "<!--more-->"
_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")
_APPLY_WORDS = frozenset({"candidater", "postuler", "candidature"})
_IGNORED_NAMES = frozenset({"readme.md", "readme"})


def load_postings(folder: Path) -> tuple[list[JobPosting], list[Problem]]:
    """Read every posting file of `folder` (sorted by name); never stops at a bad file.

    Hidden files and README are skipped. A missing folder gives no posting and no problem.
    """
    postings: list[JobPosting] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return postings, problems
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "_")) or path.name.lower() in _IGNORED_NAMES:
            continue
        if path.is_dir() or not (path.is_file() or path.is_symlink()):
            continue  # a link that leads nowhere or out of the folder is read, then reported
        posting, found = parse_posting(path)
        problems.extend(found)
        if posting is not None:
            postings.append(posting)
    return postings, problems


def parse_posting(path: Path) -> tuple[JobPosting | None, list[Problem]]:
    """Parse one posting file; None with the problems when it cannot be used."""
    name = str(path)
    try:
        text = read_bounded(path, POSTING_MAX_BYTES)
    except FileRefused as err:
        return None, [Problem(name, err.line, str(err))]
    except UnicodeDecodeError:
        return None, [Problem(name, 1, messages.POSTING_NOT_UTF8)]
    except OSError as err:
        return None, [Problem(name, 0, messages.POSTING_UNREADABLE.format(error=err.strerror))]
    return parse_posting_text(text, name, _slug(path))


def parse_posting_text(text: str, file: str, slug: str) -> tuple[JobPosting | None, list[Problem]]:
    """Parse a posting's text; `file` is used in problems, `slug` names the posting."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return None, [Problem(file, 1, messages.POSTING_NO_FRONT_MATTER)]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)
    if not end:
        return None, [Problem(file, 1, messages.POSTING_FRONT_MATTER_UNCLOSED)]
    header = "\n".join(lines[1:end])
    try:
        scan_yaml(header)  # no alias, bounded nesting: composing and constructing stay linear
        node = yaml.compose(header, Loader=_YamlLoader)
        data = _YamlLoader("").construct_document(node) if node is not None else None
    except FileRefused as err:
        return None, [Problem(file, err.line + 1, str(err))]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        detail = shown(getattr(err, "problem", None) or "syntaxe")
        return None, [Problem(file, line, messages.POSTING_BAD_YAML.format(detail=detail))]
    if not isinstance(data, dict):
        return None, [Problem(file, 2, messages.POSTING_NOT_MAPPING)]
    key_lines = _key_lines(node)
    body = "\n".join(lines[end + 1 :])
    return _build(data, key_lines, body, file, slug)


def _build(
    data: dict[Any, Any], key_lines: Mapping[str, int], body: str, file: str, slug: str
) -> tuple[JobPosting | None, list[Problem]]:
    problems: list[Problem] = []

    def line_of(key: str) -> int:
        return key_lines.get(key, 1)

    is_open = data.get("open")
    if "open" not in data or is_open is None:
        problems.append(Problem(file, 1, messages.POSTING_OPEN_MISSING))
    elif not isinstance(is_open, bool):
        message = messages.POSTING_OPEN_INVALID.format(value=shown(is_open))
        problems.append(Problem(file, line_of("open"), message))
    roles = _strings(_first(data, "roles", "role"))
    startup = _text(_first(data, "startup", "friend"))
    title = _text(_first(data, "title", "titles")) or _title_from(roles, startup)
    if not title:
        problems.append(Problem(file, 1, messages.POSTING_NO_TITLE))
    dates: dict[str, date | None] = {}
    for key in ("date", "depublication_date"):
        value = data.get(key)
        dates[key] = _to_date(value)
        if value is not None and dates[key] is None:
            message = messages.POSTING_BAD_DATE.format(key=key, value=shown(value))
            problems.append(Problem(file, line_of(key), message))
    raw_url = _text(_first(data, "externalUrl", "externalURL"))
    url = checked_url(raw_url) if raw_url else ""
    if url is None:
        line = line_of("externalURL") if "externalURL" in key_lines else line_of("externalUrl")
        problems.append(Problem(file, line, URL_REFUSED.format(url=shown(raw_url))))
    if problems:
        return None, problems
    posting = JobPosting(
        slug=slug,
        path=file,
        title=title,
        roles=roles,
        open=bool(is_open),
        date=dates["date"] or _date_from_name(slug),
        depublication_date=dates["depublication_date"],
        excerpt=_excerpt(body),
        domains=_strings(_first(data, "domaines", "domaine")),
        contacts=tuple(c.lstrip("@") for c in _strings(_first(data, "contacts", "contact"))),
        url=url or "",
        startup=startup,
        apply=_apply(body),
        pieces=_pieces(body),
    )
    return posting, []


def _slug(path: Path) -> str:
    return path.name[:-3] if path.name.lower().endswith(".md") else path.name


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Front matter key → line number in the file (the opening ``---`` is line 1)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(k.value): k.start_mark.line + 2 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
    }


def _first(data: Mapping[Any, Any], *keys: str) -> Any:
    for key in keys:
        if data.get(key) not in (None, "", []):
            return data[key]
    return None


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())


def _strings(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(t for t in (_text(item) for item in items) if t)


def _title_from(roles: tuple[str, ...], startup: str) -> str:
    role = ", ".join(roles)
    if role and startup:
        return messages.POSTING_TITLE.format(startup=startup, roles=role)
    return role


def _to_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(PARIS).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return _to_date(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def _date_from_name(slug: str) -> date | None:
    match = _NAME_DATE.match(slug)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _paragraphs(body: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", body.strip())
    return [" ".join(b.split()) for b in blocks if b.strip()]


def _excerpt(body: str) -> str:
    """Text before `<!--more-->`, else the first paragraph that is not a heading."""
    if _MORE in body:
        chosen = " ".join(p for p in _paragraphs(body.split(_MORE, 1)[0]) if p[0] != "#")
    else:
        chosen = next((p for p in _paragraphs(body) if not p.startswith("#")), "")
    return _shorten(chosen, EXCERPT_MAX_CHARS)


def _apply(body: str) -> str:
    """First paragraph under a heading about applying ("Candidater", "Comment postuler ?")."""
    sections = re.split(r"^(#{1,6}[^\n]*)$", body, flags=re.MULTILINE)
    for heading, content in zip(sections[1::2], sections[2::2], strict=True):
        if _APPLY_WORDS & set(fold(heading).split()):
            first = next(iter(_paragraphs(content)), "")
            return _shorten(first, APPLY_MAX_CHARS)
    return ""


def _pieces(body: str) -> tuple[tuple[str, str], ...]:
    """Every paragraph and list item of the body, with the heading of its section."""
    pieces: list[tuple[str, str]] = []
    heading = ""
    for block in _paragraphs(body.replace(_MORE, "\n\n")):
        if block.startswith("#"):
            heading = block.lstrip("#").strip()
            continue
        items = [i.strip() for i in re.split(r"(?:^|\s)- ", block) if i.strip()]
        pieces += [(heading, item.rstrip(" ;")) for item in items]
    return tuple(pieces)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"
