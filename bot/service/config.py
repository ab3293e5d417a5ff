"""Settings from the environment: the only reader of `os.environ`."""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from bot.answers.directory import CONTACT_STYLES, ContactStyle
from bot.mattermost.address import ServerAddress
from bot.service import credentials, env_values
from bot.service.env_values import ConfigError


def default_knowledge_dir() -> Path:
    """The repository's `knowledge/` folder, else `./knowledge`."""
    beside_package = Path(__file__).resolve().parents[2] / "knowledge"
    return beside_package if beside_package.is_dir() else Path("knowledge")


def knowledge_dir(override: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The knowledge folder: `override`, else BETABOT_KNOWLEDGE_DIR, else the default."""
    env = os.environ if environ is None else environ
    chosen = override or env.get("BETABOT_KNOWLEDGE_DIR", "")
    return Path(chosen) if chosen else default_knowledge_dir()


def postes_dir(knowledge: Path, environ: Mapping[str, str] | None = None) -> Path:
    """The job postings folder: BETABOT_POSTES_DIR, else `<knowledge>/postes`."""
    env = os.environ if environ is None else environ
    chosen = env.get("BETABOT_POSTES_DIR", "")
    return Path(chosen) if chosen else knowledge / "postes"


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where `betabot ask` keeps its knowledge cache: BETABOT_CACHE_DIR, else the user's cache.

    The user's cache is $XDG_CACHE_HOME/betabot, else ~/.cache/betabot. None when
    BETABOT_CACHE_DIR is ``off``: `betabot ask` then reads the YAML files every time.
    """
    env = os.environ if environ is None else environ
    chosen = env.get("BETABOT_CACHE_DIR", "")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    xdg = env.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "betabot"


# A claim's lease should outlast the longest REST call (30 s, bot.mattermost.http) with room to
# spare: before each post, a lease with less than that left is renewed first. Shorter leases
# (faster takeover after a crash) are allowed, with a warning at start.
LEASE_SAFE_MIN_S = 40.0
_SECRET_FIELDS = ("mattermost_token", "slash_token", "actions_secret", "metrics_token")


@dataclass(frozen=True)
class Settings:
    """Everything the running bot reads from its environment, read once."""

    server: ServerAddress
    mattermost_token: str
    mattermost_team: str
    slash_token: str = ""  # empty: every slash request is refused
    http_host: str = "0.0.0.0"  # noqa: S104 - the bot must be reachable by Mattermost
    http_port: int = 8080
    database_url: str = "sqlite:///betabot.sqlite3"
    database_variable: str = "BETABOT_DATABASE_URL"  # or DATABASE_URL: named in its errors
    knowledge_dir: Path = field(default_factory=default_knowledge_dir)
    postes_dir: Path = field(default_factory=lambda: default_knowledge_dir() / "postes")
    log_level: str = "INFO"
    log_messages: bool = False  # log message text: off unless the operator enables it
    log_format: str = "text"  # "text" | "json"
    rate_limit_per_minute: int = 10  # questions per user per minute; 0 turns the limit off
    admin_channel: str = ""  # channel name where rejected knowledge edits are reported
    reload_interval_s: float = 3.0  # how often the knowledge folders are checked for edits
    announce_channel: str = ""  # channel name for job announcements; empty: none announced
    announce_channels: tuple[tuple[str, str], ...] = ()  # (domain as written, channel name)
    postes_interval_s: float = 600.0  # how often the postings folder is re-read
    digest_cron: str = "0 10 * * 1"  # weekly digest, crontab in Europe/Paris
    claim_lease_s: float = 60.0  # a crashed replica's unconfirmed claims expire after this
    proxy: str = ""  # HTTP proxy to reach Mattermost through (REST and websocket); "" for none
    ca_file: str = ""  # PEM file of the authorities trusted for Mattermost's certificate
    contact_style: ContactStyle = (
        "lien"  # people in answers: "lien" (DM link, no ping) or "mention"
    )
    public_url: str = ""  # the bot's address as Mattermost sees it: `betabot doctor`, buttons
    questions_report: bool = True  # record questions not (well) understood, masked and folded
    report_cron: str = "0 9 * * 1"  # weekly maintainers' report, crontab in Europe/Paris
    admins: frozenset[str] = frozenset()  # usernames allowed the `admin` commands
    actions_secret: str = ""  # signs the buttons' context (HMAC); required with public_url
    metrics_token: str = ""  # when set, /metrics needs `Authorization: Bearer <token>`
    metrics_port: int = 0  # when set, /metrics is served there only, not on http_port

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret of the settings, for the log filter: tokens and URL passwords."""
        passwords = (
            p for url in (self.database_url, self.proxy) for p in credentials.passwords(url)
        )
        tokens = (self.mattermost_token, self.slash_token, self.actions_secret, self.metrics_token)
        return tuple(s for s in (*tokens, *passwords) if s)

    def __repr__(self) -> str:
        """Like the dataclass repr, with every secret masked."""
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            shown = "'***'" if f.name in _SECRET_FIELDS and value else repr(value)
            if f.name in ("database_url", "proxy"):
                shown = repr(mask_password(value))
            parts.append(f"{f.name}={shown}")
        return f"Settings({', '.join(parts)})"


def mask_password(url: str) -> str:
    """`postgresql://user:secret@host/db` → `postgresql://user:***@host/db`; others unchanged."""
    return credentials.mask_password(url)


def parse_server_url(value: str, name: str = "MATTERMOST_URL") -> ServerAddress:
    """Split `https://mm.example.org` or `http://127.0.0.1:8065/sub` into a ServerAddress.

    Raises:
        ConfigError: not an http(s) URL with a host, or carrying credentials, query or fragment.
    """
    problem = (
        f"{name} invalide : attendu une adresse comme https://mattermost.example.org "
        "(http ou https, chemin facultatif, sans identifiants ni paramètres)."
    )
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        raise ConfigError(problem) from None
    bad = parts.username or parts.password or parts.query or parts.fragment
    if parts.scheme not in ("http", "https") or not parts.hostname or bad:
        raise ConfigError(problem)
    default_port = 443 if parts.scheme == "https" else 80
    path = parts.path.rstrip("/")
    return ServerAddress(parts.scheme, parts.hostname, port or default_port, f"{path}/api/v4")


def merged_environ(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> dict[str, str]:
    """The `.env` file's values (when the file exists) overlaid by the real environment."""
    from dotenv import dotenv_values  # here: `betabot ask` reads no .env, and starts faster

    merged: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(os.environ if environ is None else environ)
    return merged


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Build the Settings from the environment and `./.env` (the environment wins).

    Raises:
        ConfigError: the first missing or malformed variable, in one French line.
    """
    env = merged_environ(environ, env_file)
    knowledge = knowledge_dir(None, env)
    server = parse_server_url(env_values.required(env, "MATTERMOST_URL"))
    proxy, ca_file = _network(env, server)
    database_url, database_variable = env_values.database_url(env)
    return Settings(
        server=server,
        mattermost_token=env_values.required(env, "MATTERMOST_TOKEN"),
        mattermost_team=env_values.required(env, "MATTERMOST_TEAM"),
        slash_token=env.get("BETABOT_SLASH_TOKEN", "").strip(),
        http_host=env.get("BETABOT_HTTP_HOST", "").strip() or "0.0.0.0",  # noqa: S104
        http_port=env_values.port(env, "BETABOT_HTTP_PORT", env_values.port(env, "PORT", 8080)),
        database_url=database_url,
        database_variable=database_variable,
        knowledge_dir=knowledge,
        postes_dir=postes_dir(knowledge, env),
        log_level=env_values.log_level(env),
        log_messages=env_values.flag(env, "BETABOT_LOG_MESSAGES"),
        log_format=env_values.log_format(env),
        rate_limit_per_minute=env_values.count(env, "BETABOT_RATE_LIMIT_PER_MINUTE", 10),
        admin_channel=env.get("BETABOT_ADMIN_CHANNEL", "").strip().lstrip("~"),
        reload_interval_s=env_values.duration_s(env, "BETABOT_RELOAD_INTERVAL_S", 3.0),
        announce_channel=env.get("BETABOT_ANNOUNCE_CHANNEL", "").strip().lstrip("~"),
        announce_channels=env_values.announce_channels(env),
        postes_interval_s=env_values.duration_s(env, "BETABOT_POSTES_INTERVAL", 600.0),
        digest_cron=env_values.digest_cron(env),
        claim_lease_s=env_values.duration_s(env, "BETABOT_CLAIM_LEASE_S", 60.0),
        proxy=proxy,
        ca_file=ca_file,
        contact_style=_contact_style(env),
        public_url=_public_url(env),
        questions_report=env_values.on_unless_zero(env, "BETABOT_QUESTIONS_REPORT"),
        report_cron=env_values.cron(
            env, "BETABOT_REPORT_CRON", "0 9 * * 1", "« 0 9 * * 1 » (lundi 9 h"
        ),
        admins=env_values.usernames(env, "BETABOT_ADMINS"),
        actions_secret=env_values.actions_secret(env),
        metrics_token=env.get("BETABOT_METRICS_TOKEN", "").strip(),
        metrics_port=env_values.port(env, "BETABOT_METRICS_PORT", 0),
    )


def _contact_style(env: Mapping[str, str]) -> ContactStyle:
    """BETABOT_CONTACT_STYLE: `lien` (default) or `mention`."""
    raw = env.get("BETABOT_CONTACT_STYLE", "").strip().lower() or "lien"
    for style in CONTACT_STYLES:
        if raw == style:
            return style
    raise ConfigError("BETABOT_CONTACT_STYLE invalide : attendu lien ou mention.")


def _public_url(env: Mapping[str, str]) -> str:
    """BETABOT_PUBLIC_URL: the bot's https:// (or http://) base address, "" when unset."""
    raw = env.get("BETABOT_PUBLIC_URL", "").strip().rstrip("/")
    parts = urlsplit(raw)
    if raw and (parts.scheme not in ("http", "https") or not parts.netloc or parts.query):
        raise ConfigError(
            "BETABOT_PUBLIC_URL invalide : attendu l'adresse du bot vue par Mattermost, "
            "comme https://betabot.example.org."
        )
    return raw


def database_url_from_env(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> str:
    """BETABOT_DATABASE_URL (else DATABASE_URL) alone (for `betabot rapport`, no Mattermost).

    Raises:
        ConfigError: the URL is malformed.
    """
    return env_values.database_url(merged_environ(environ, env_file))[0]


def load_server(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> tuple[ServerAddress, str]:
    """MATTERMOST_URL and MATTERMOST_TEAM only (for commands that use another token).

    Raises:
        ConfigError: either variable is missing or malformed.
    """
    env = merged_environ(environ, env_file)
    server = parse_server_url(env_values.required(env, "MATTERMOST_URL"))
    return server, env_values.required(env, "MATTERMOST_TEAM")


def load_network(
    server: ServerAddress,
    environ: Mapping[str, str] | None = None,
    env_file: Path | None = Path(".env"),
) -> tuple[str, str]:
    """(proxy URL or "", CA file or "") to reach `server`, from the environment and `.env`.

    Raises:
        ConfigError: a proxy variable or MATTERMOST_CA_FILE is malformed.
    """
    return _network(merged_environ(environ, env_file), server)


def _network(env: Mapping[str, str], server: ServerAddress) -> tuple[str, str]:
    from bot.service import network  # here: keeps ssl out of `betabot ask`'s start-up

    try:
        return network.proxy_for(server.scheme, server.host, env), network.ca_file(env)
    except ValueError as error:
        raise ConfigError(str(error)) from None


def install_values(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> tuple[str, str]:
    """(BETABOT_PUBLIC_URL, MATTERMOST_TOKEN) for `betabot install`, each "" when unset.

    Raises:
        ConfigError: BETABOT_PUBLIC_URL is not an http(s) address with a host.
    """
    env = merged_environ(environ, env_file)
    return _public_url(env), env.get("MATTERMOST_TOKEN", "").strip()


def optional_secret(
    name: str, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> str:
    """A secret read by name from the environment or `.env`, "" when unset."""
    return merged_environ(environ, env_file).get(name, "").strip()
