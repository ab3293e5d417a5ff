"""Outbound network settings: the proxy that reaches the Mattermost host, and a CA file."""

import ipaddress
import re
import ssl
from collections.abc import Mapping
from urllib.parse import urlsplit

from bot.service import credentials

CA_FILE_VARIABLE = "MATTERMOST_CA_FILE"
_SEPARATORS = re.compile(r"[,\s]+")


def proxy_for(scheme: str, host: str, env: Mapping[str, str]) -> str:
    """The proxy URL `env` sets for `scheme://host`, or "" (none set, or NO_PROXY names host).

    Reads `https_proxy`/`http_proxy` for the scheme, then `all_proxy`, and `no_proxy`, each in
    lower or upper case: the lower-case variable wins when it is set and not empty, as in curl
    and Python.

    Raises:
        ValueError: the proxy variable can never work (not an http(s) URL, no host, whitespace,
            port 0 or above 65535); the message is French and names the variable, not its value.
    """
    if bypassed(host, _get(env, "no_proxy")[1]):
        return ""
    name, value = _get(env, f"{scheme}_proxy")
    if not value:
        name, value = _get(env, "all_proxy")
    if value and not _is_proxy_url(value):
        raise ValueError(
            f"{name} invalide : attendu une adresse comme http://proxy.example.org:3128."
        )
    return value


def bypassed(host: str, no_proxy: str) -> bool:
    """Whether `no_proxy` names `host`, so that it is reached without the proxy.

    Entries are separated by commas or whitespace, compared without case and without trailing
    dots. An entry is `*` (every host, even inside a list, as in Go), a domain (`example.org`,
    `.example.org` or `*.example.org`: the domain and its subdomains), an IP address or a CIDR
    range (`10.0.0.0/8`; IPv6 bare or in brackets: `::1`, `[::1]`, `[2001:db8::]/32`). Names
    are never resolved, so an IP entry only matches a host given as that IP. A `:port` suffix
    (`mm.example.org:8065`, `10.1.2.3:443`, `[::1]:8065`) is ignored, as curl ignores ports:
    the entry applies to every port of the host.
    """
    host = host.strip().strip("[]").rstrip(".").lower()
    address = _ip(host)
    for entry in filter(None, (_entry(part.lower()) for part in _SEPARATORS.split(no_proxy))):
        if entry == "*":
            return True
        if address is not None:
            if _in_range(address, entry):
                return True
            continue
        domain = entry.lstrip("*").lstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def ca_file(env: Mapping[str, str]) -> str:
    """MATTERMOST_CA_FILE: a PEM file of the authorities to trust instead of the system's, or "".

    The file is loaded once here, so that a bad one stops the start, not the first connection.

    Raises:
        ValueError: the variable names no readable PEM certificate; the message is French.
    """
    raw = env.get(CA_FILE_VARIABLE, "").strip()
    if not raw:
        return ""
    try:
        ssl.create_default_context(cafile=raw)
    except (OSError, ssl.SSLError, ValueError):
        shown = raw if raw.isprintable() and len(raw) <= 200 else ascii(raw[:200])
        raise ValueError(
            f"{CA_FILE_VARIABLE} invalide : {shown} n'est pas un certificat PEM lisible ; "
            "attendu le chemin d'un certificat d'autorité au format PEM."
        ) from None
    return raw


def _entry(raw: str) -> str:
    """A NO_PROXY entry without brackets, `:port` and trailing dots; "" if it is malformed."""
    if raw.startswith("["):
        address, _, rest = raw[1:].partition("]")
        if rest.startswith("/"):
            return address + rest
        return address if not rest or rest.startswith(":") else ""
    if raw.count(":") == 1:  # a name or an IPv4 with a port; bare IPv6 has two colons or more
        raw = raw.partition(":")[0]
    return raw.rstrip(".")


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _in_range(address: ipaddress.IPv4Address | ipaddress.IPv6Address, entry: str) -> bool:
    try:
        return address in ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return False


def _get(env: Mapping[str, str], name: str) -> tuple[str, str]:
    """(the variable's name as found, its value) for `name` in lower then upper case."""
    for spelled in (name, name.upper()):
        value = env.get(spelled, "").strip()
        if value:
            return spelled, value
    return name.upper(), ""


def _is_proxy_url(value: str) -> bool:
    """Whether `value` is an http(s) URL with a host, a valid port if any, no space or control."""
    if " " in value or not value.isprintable():  # any other whitespace is not printable
        return False
    if credentials.url_problem(value):  # e.g. a "%" in the password not followed by hex
        return False
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError on a malformed port or one above 65535
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port != 0
