"""Outbound network settings: the proxy that reaches the Mattermost host, and a CA file."""

import ipaddress
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

CA_FILE_VARIABLE = "MATTERMOST_CA_FILE"


def proxy_for(scheme: str, host: str, env: Mapping[str, str]) -> str:
    """The proxy URL `env` sets for `scheme://host`, or "" (none set, or NO_PROXY names host).

    Reads `https_proxy`/`http_proxy` for the scheme, then `all_proxy`, and `no_proxy`, each in
    lower or upper case (lower case wins, as curl and Python do).

    Raises:
        ValueError: the proxy variable is not an http(s) URL; the message is French.
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
    """Whether `no_proxy` names `host`: `*`, a domain or its subdomains, an IP, a CIDR range."""
    host = host.strip("[]").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for entry in (part.strip().lower() for part in no_proxy.split(",")):
        if entry == "*":
            return True
        if address is not None:
            try:
                if address in ipaddress.ip_network(entry.strip("[]"), strict=False):
                    return True
            except ValueError:
                pass
            continue
        domain = entry.split(":")[0].lstrip("*").lstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def ca_file(env: Mapping[str, str]) -> str:
    """MATTERMOST_CA_FILE: a PEM file of the authorities to trust instead of the system's, or "".

    Raises:
        ValueError: the variable names no readable file; the message is French.
    """
    raw = env.get(CA_FILE_VARIABLE, "").strip()
    if raw and not Path(raw).is_file():
        raise ValueError(
            f"{CA_FILE_VARIABLE} invalide : {raw} n'est pas un fichier ; attendu le chemin d'un "
            "certificat d'autorité au format PEM."
        )
    return raw


def _get(env: Mapping[str, str], name: str) -> tuple[str, str]:
    """(the variable's name as found, its value) for `name` in lower then upper case."""
    for spelled in (name, name.upper()):
        value = env.get(spelled, "").strip()
        if value:
            return spelled, value
    return name.upper(), ""


def _is_proxy_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
