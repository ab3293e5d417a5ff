"""Per-variable parsers: one setting's raw text → its typed value, or one French ConfigError."""

import re
from collections.abc import Mapping
from pathlib import Path

from bot.service.credentials import mask_password, url_problem


class ConfigError(Exception):
    """A missing or malformed setting; `str()` is one French line naming the variable."""


DEFAULT_DATABASE_URL = "sqlite:///betabot.sqlite3"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def required(env: Mapping[str, str], name: str) -> str:
    """The variable's stripped value; ConfigError when missing or empty."""
    value = env.get(name, "").strip()
    if not value:
        raise ConfigError(f"{name} manquante : définissez-la dans l'environnement ou dans .env.")
    return value


def port(env: Mapping[str, str], name: str, default: int) -> int:
    """A TCP port (1 to 65535), or `default` when unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"{name} invalide : attendu un numéro de port entre 1 et 65535.")
    return int(raw)


def database_url(env: Mapping[str, str]) -> tuple[str, str]:
    """(URL, the variable it came from): BETABOT_DATABASE_URL, else the PaaS's DATABASE_URL.

    SQLite by default; a relative SQLite path lives under BETABOT_DATA_DIR when that is set
    (the image sets /data), so a `.env` copied from `.env.example` cannot move the database
    out of the volume.
    """
    name = "BETABOT_DATABASE_URL"
    raw = env.get(name, "").strip()
    if not raw and env.get("DATABASE_URL", "").strip():
        name, raw = "DATABASE_URL", env["DATABASE_URL"].strip()
    raw = raw or DEFAULT_DATABASE_URL
    if not raw.startswith(("sqlite:///", "postgresql://", "postgres://")):
        raise ConfigError(
            f"{name} invalide : attendu sqlite:///chemin/fichier.sqlite3 ou postgresql://…"
        )
    if not raw.startswith("sqlite:///"):
        _check_postgres_url(name, raw)
        return raw, name
    data_dir = env.get("BETABOT_DATA_DIR", "").strip()
    path = raw.removeprefix("sqlite:///")
    if data_dir and not path.startswith("/"):
        raw = f"sqlite:///{Path(data_dir) / path}"
    return raw, name


def _check_postgres_url(name: str, url: str) -> None:
    """Refuse a PostgreSQL URL that libpq would reject, before anything prints it.

    Raises:
        ConfigError: one French line naming `name`, the URL shown with its password masked.
    """
    problem = url_problem(url)
    if not problem:
        from psycopg.conninfo import conninfo_to_dict  # only when PostgreSQL is configured

        try:
            conninfo_to_dict(url)
        except Exception:  # psycopg's message quotes the password: never shown
            problem = "refusée par libpq (paramètre ou syntaxe inconnus)"
    if problem:
        raise ConfigError(
            f"{name} invalide ({mask_password(url)}) : {problem} — encodez les caractères "
            "spéciaux du mot de passe (%40 pour @, %25 pour %, %20 pour une espace)."
        )


def log_level(env: Mapping[str, str]) -> str:
    """BETABOT_LOG_LEVEL, upper-cased, one of LOG_LEVELS (INFO by default)."""
    raw = env.get("BETABOT_LOG_LEVEL", "").strip().upper() or "INFO"
    if raw not in LOG_LEVELS:
        raise ConfigError(f"BETABOT_LOG_LEVEL invalide : attendu l'un de {', '.join(LOG_LEVELS)}.")
    return raw


def log_format(env: Mapping[str, str]) -> str:
    """BETABOT_LOG_FORMAT: "text" (default) or "json"."""
    raw = env.get("BETABOT_LOG_FORMAT", "").strip().lower() or "text"
    if raw not in ("text", "json"):
        raise ConfigError("BETABOT_LOG_FORMAT invalide : attendu text ou json.")
    return raw


def count(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number ≥ 0, or `default` when unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ConfigError(f"{name} invalide : attendu un nombre entier positif ou nul.")
    return int(raw)


def flag(env: Mapping[str, str], name: str) -> bool:
    """A yes/no switch: 1/true/oui/yes or 0/false/non/no, off when unset."""
    raw = env.get(name, "").strip().lower()
    if raw in ("", "0", "false", "non", "no"):
        return False
    if raw in ("1", "true", "oui", "yes"):
        return True
    raise ConfigError(f"{name} invalide : attendu 1 (activé) ou 0 (désactivé).")


_DURATION = re.compile(r"(\d+)\s*(s|m|min|h)?")
_DURATION_UNITS_S = {"": 1, "s": 1, "m": 60, "min": 60, "h": 3600}


# --- job announcements (owner: job announcements) ---
def announce_channels(env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """`developpement=incubateur-embauche-developpement,design=…` → ((domain, name), …).

    Domains are kept as written; the announcer compares them folded.
    """
    raw = env.get("BETABOT_ANNOUNCE_CHANNELS", "").strip()
    pairs: list[tuple[str, str]] = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        domain, _, channel = item.partition("=")
        if not any(c.isalnum() for c in domain) or not channel.strip().lstrip("~"):
            raise ConfigError(
                "BETABOT_ANNOUNCE_CHANNELS invalide : attendu domaine=canal séparés par des "
                "virgules, par exemple developpement=incubateur-embauche-developpement."
            )
        pairs.append((domain.strip(), channel.strip().lstrip("~")))
    return tuple(pairs)


def duration_s(env: Mapping[str, str], name: str, default: float) -> float:
    """`3`, `3s`, `1m` or `1h` → seconds, at least one: the parser of every duration variable.

    Raises:
        ConfigError: not a whole number of seconds, minutes or hours, or zero.
    """
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    match = _DURATION.fullmatch(raw)
    if match is None or int(match[1]) == 0:
        raise ConfigError(
            f"{name} invalide : attendu une durée non nulle, comme 3 (secondes), 3s, 1m ou 1h."
        )
    return float(int(match[1]) * _DURATION_UNITS_S[match[2] or ""])


def digest_cron(env: Mapping[str, str]) -> str:
    """BETABOT_DIGEST_CRON: a five-field crontab (Monday 10:00 by default), spaces collapsed."""
    return cron(env, "BETABOT_DIGEST_CRON", "0 10 * * 1", "« 0 10 * * 1 » (lundi 10 h")


def cron(env: Mapping[str, str], name: str, default: str, example: str) -> str:
    """A five-field crontab in Europe/Paris, spaces collapsed; `example` opens the hint."""
    raw = " ".join(env.get(name, "").split()) or default
    # Imported here: keeps apscheduler out of `betabot ask`, which reads the knowledge folder only.
    from bot.postes.cron import digest_trigger

    try:
        digest_trigger(raw)
    except ValueError:
        raise ConfigError(
            f"{name} invalide : attendu une expression crontab à cinq champs, "
            f"par exemple {example}, heure de Paris)."
        ) from None
    return raw


def on_unless_zero(env: Mapping[str, str], name: str) -> bool:
    """A switch on by default: 0/false/non/no turns it off."""
    return env.get(name, "").strip().lower() not in ("0", "false", "non", "no")


def usernames(env: Mapping[str, str], name: str) -> frozenset[str]:
    """Mattermost usernames separated by commas or spaces, `@` dropped, lower-cased."""
    raw = env.get(name, "").replace(",", " ").split()
    return frozenset(word.lstrip("@").lower() for word in raw if word.lstrip("@"))


ACTIONS_SECRET_MIN_CHARS = 16


def actions_secret(env: Mapping[str, str]) -> str:
    """BETABOT_ACTIONS_SECRET: "" (no buttons) or a secret of 16 characters or more."""
    raw = env.get("BETABOT_ACTIONS_SECRET", "").strip()
    if raw and len(raw) < ACTIONS_SECRET_MIN_CHARS:
        raise ConfigError(
            "BETABOT_ACTIONS_SECRET trop courte : donnez un secret aléatoire d'au moins "
            f"{ACTIONS_SECRET_MIN_CHARS} caractères (par exemple : openssl rand -hex 32)."
        )
    return raw
