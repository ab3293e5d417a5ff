"""URLs that carry a password (database, proxy): masked for display, checked without leaking it.

Parsers quote what they choke on (urllib, libpq through psycopg: "invalid percent-encoded
token: \"s3cr%zzet\""), so their messages are never shown: each problem is named here in
French, next to the URL with its password replaced by ``***``.
"""

import re
from urllib.parse import unquote, urlsplit

_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_QUERY_PASSWORD = re.compile(r"([?&]password=)([^&#]*)", re.IGNORECASE)  # libpq accepts it


def mask_password(url: str) -> str:
    """`scheme://user:secret@host/…` → `scheme://user:***@host/…`, even when malformed.

    Works on the text, not on a parse: everything between the user's ``:`` and the last ``@``
    is hidden, so a password holding ``@``, ``/`` or spaces is hidden whole; so is a
    ``?password=`` parameter.
    """
    url = _QUERY_PASSWORD.sub(r"\1***", url)
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    userinfo, _, host = rest.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}://{user}{colon and ':***'}@{host}"


def passwords(url: str) -> tuple[str, ...]:
    """The password of `url` as written and decoded (both may reach a log), or ()."""
    _, sep, rest = url.partition("://")
    userinfo = rest.rpartition("@")[0] if sep else ""
    found = [userinfo.partition(":")[2], *(m[2] for m in _QUERY_PASSWORD.finditer(url))]
    return tuple(dict.fromkeys(p for s in found if s for p in (s, unquote(s))))


def url_problem(url: str) -> str:
    """What is wrong with a URL that carries credentials, in French; "" when nothing is."""
    if any(c.isspace() for c in url) or not url.isprintable():
        return "espace ou caractère de contrôle"
    if _BAD_PERCENT.search(url):
        return "« % » non suivi de deux chiffres hexadécimaux (écrivez %25 pour un %)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed or out-of-range port
    except ValueError:
        return "crochets IPv6 ou port invalides"
    return ""
