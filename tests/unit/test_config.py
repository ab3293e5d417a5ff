from pathlib import Path

import certifi
import pytest

from bot.mattermost.address import ServerAddress
from bot.service.config import (
    load_settings,
    mask_password,
    parse_server_url,
)
from bot.service.env_values import ConfigError

BASE = {
    "MATTERMOST_URL": "https://mm.example.org",
    "MATTERMOST_TOKEN": "tok-secret-123",
    "MATTERMOST_TEAM": "communaute",
}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://mm.example.org", ServerAddress("https", "mm.example.org", 443, "/api/v4")),
        ("https://mm.example.org/", ServerAddress("https", "mm.example.org", 443, "/api/v4")),
        ("http://mm.example.org", ServerAddress("http", "mm.example.org", 80, "/api/v4")),
        ("http://127.0.0.1:8065/sub", ServerAddress("http", "127.0.0.1", 8065, "/sub/api/v4")),
        ("https://x.org:8443/a/b/", ServerAddress("https", "x.org", 8443, "/a/b/api/v4")),
    ],
)
def test_server_url_is_split_into_scheme_host_port_and_basepath(url, expected):
    assert parse_server_url(url) == expected


@pytest.mark.parametrize(
    "url",
    ["mm.example.org", "ftp://mm.example.org", "https://", "https://u:p@mm.org", "http://h:99999"],
)
def test_malformed_server_url_names_the_variable(url):
    with pytest.raises(ConfigError) as err:
        parse_server_url(url)
    assert str(err.value) == (
        "MATTERMOST_URL invalide : attendu une adresse comme https://mattermost.example.org "
        "(http ou https, chemin facultatif, sans identifiants ni paramètres)."
    )


def test_urls_derived_for_rest_and_websocket():
    address = parse_server_url("https://mm.example.org/sub")
    assert address == ServerAddress("https", "mm.example.org", 443, "/sub/api/v4")
    assert address.api_url == "https://mm.example.org:443/sub/api/v4"
    assert address.websocket_url == "wss://mm.example.org:443/sub/api/v4/websocket"
    assert parse_server_url("http://127.0.0.1:8065").websocket_url == (
        "ws://127.0.0.1:8065/api/v4/websocket"
    )


def test_defaults_apply_when_only_required_variables_are_set(tmp_path):
    settings = load_settings(BASE, env_file=tmp_path / ".env")
    assert settings.mattermost_team == "communaute"
    assert settings.slash_token == ""
    assert (settings.http_host, settings.http_port) == ("0.0.0.0", 8080)  # noqa: S104 - the documented default
    assert settings.database_url == "sqlite:///betabot.sqlite3"
    assert settings.log_level == "INFO"
    assert settings.log_messages is False


@pytest.mark.parametrize("name", ["MATTERMOST_URL", "MATTERMOST_TOKEN", "MATTERMOST_TEAM"])
def test_missing_required_variable_is_one_french_line(tmp_path, name):
    env = {k: v for k, v in BASE.items() if k != name}
    with pytest.raises(ConfigError) as err:
        load_settings(env, env_file=tmp_path / ".env")
    assert str(err.value) == f"{name} manquante : définissez-la dans l'environnement ou dans .env."


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "BETABOT_HTTP_PORT",
            "http",
            "BETABOT_HTTP_PORT invalide : attendu un numéro de port entre 1 et 65535.",
        ),
        (
            "BETABOT_HTTP_PORT",
            "0",
            "BETABOT_HTTP_PORT invalide : attendu un numéro de port entre 1 et 65535.",
        ),
        (
            "BETABOT_LOG_LEVEL",
            "bavard",
            "BETABOT_LOG_LEVEL invalide : attendu l'un de DEBUG, INFO, WARNING, ERROR, CRITICAL.",
        ),
        (
            "BETABOT_LOG_MESSAGES",
            "peut-être",
            "BETABOT_LOG_MESSAGES invalide : attendu 1 (activé) ou 0 (désactivé).",
        ),
        (
            "BETABOT_DATABASE_URL",
            "mysql://x",
            "BETABOT_DATABASE_URL invalide : attendu "
            "sqlite:///chemin/fichier.sqlite3 ou postgresql://…",
        ),
        (
            "BETABOT_REPORT_CRON",
            "lundi",
            "BETABOT_REPORT_CRON invalide : attendu une expression crontab à cinq champs, "
            "par exemple « 0 9 * * 1 » (lundi 9 h, heure de Paris).",
        ),
        (
            "BETABOT_ACTIONS_SECRET",
            "court",
            "BETABOT_ACTIONS_SECRET trop courte : donnez un secret aléatoire d'au moins 16 "
            "caractères (par exemple : openssl rand -hex 32).",
        ),
    ],
)
def test_malformed_variable_is_one_french_line(tmp_path, name, value, message):
    with pytest.raises(ConfigError) as err:
        load_settings({**BASE, name: value}, env_file=tmp_path / ".env")
    assert str(err.value) == message


def test_dotenv_file_is_read_and_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "MATTERMOST_URL=http://127.0.0.1:8065\nMATTERMOST_TOKEN=from-file\n"
        "MATTERMOST_TEAM=file-team\nBETABOT_HTTP_PORT=9000\n",
        encoding="utf-8",
    )
    settings = load_settings({"MATTERMOST_TEAM": "env-team"}, env_file=env_file)
    assert settings.mattermost_token == "from-file"  # noqa: S105 - a test value
    assert settings.mattermost_team == "env-team"
    assert settings.http_port == 9000
    assert settings.server == ServerAddress("http", "127.0.0.1", 8065, "/api/v4")


def test_secrets_are_masked_in_repr(tmp_path):
    settings = load_settings({**BASE, "BETABOT_SLASH_TOKEN": "slash-secret"}, tmp_path / ".env")
    shown = repr(settings)
    assert "tok-secret-123" not in shown
    assert "slash-secret" not in shown
    assert "mattermost_token='***'" in shown
    assert "slash_token='***'" in shown
    assert "mattermost_team='communaute'" in shown


def test_database_password_is_masked_in_repr(tmp_path):
    url = "postgresql://betabot:pg-secret@db.example.org:5432/betabot"
    settings = load_settings({**BASE, "BETABOT_DATABASE_URL": url}, tmp_path / ".env")
    shown = repr(settings)
    assert "pg-secret" not in shown
    assert "database_url='postgresql://betabot:***@db.example.org:5432/betabot'" in shown


@pytest.mark.parametrize(
    "url", ["sqlite:///betabot.sqlite3", "postgresql://betabot@db/betabot", "postgresql:///b"]
)
def test_database_url_without_password_is_shown_unchanged(url):
    assert mask_password(url) == url


def test_knowledge_and_postes_dirs_come_from_the_environment(tmp_path):
    env = {**BASE, "BETABOT_KNOWLEDGE_DIR": str(tmp_path / "k")}
    settings = load_settings(env, env_file=tmp_path / ".env")
    assert settings.knowledge_dir == Path(tmp_path / "k")
    assert settings.postes_dir == Path(tmp_path / "k" / "postes")


def test_proxy_and_ca_file_are_read_from_the_dotenv_file_too(tmp_path):
    pem = certifi.where()  # a real PEM bundle: the file is loaded at start
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"HTTPS_PROXY=http://proxy.example.org:3128\nMATTERMOST_CA_FILE={pem}\n",
        encoding="utf-8",
    )
    settings = load_settings(BASE, env_file=env_file)
    assert settings.proxy == "http://proxy.example.org:3128"
    assert settings.ca_file == str(pem)
    bypassed = load_settings({**BASE, "NO_PROXY": ".example.org"}, env_file=env_file)
    assert bypassed.proxy == ""  # NO_PROXY names mm.example.org


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"no_proxy": "example.org", "NO_PROXY": "other.org"}, ""),
        ({"no_proxy": "other.org", "NO_PROXY": "example.org"}, "http://proxy.example.org:3128"),
        ({"no_proxy": "", "NO_PROXY": "example.org"}, ""),
    ],
)
def test_lower_case_no_proxy_wins_when_it_is_not_empty(tmp_path, env, expected):
    settings = load_settings(
        {**BASE, "HTTPS_PROXY": "http://proxy.example.org:3128", **env}, tmp_path / ".env"
    )
    assert settings.proxy == expected


def test_a_ca_file_that_is_not_pem_stops_the_start_with_one_french_line(tmp_path):
    pem = tmp_path / "ac.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings({**BASE, "MATTERMOST_CA_FILE": str(pem)}, tmp_path / ".env")
    assert str(err.value) == (
        f"MATTERMOST_CA_FILE invalide : {pem} n'est pas un certificat PEM lisible ; "
        "attendu le chemin d'un certificat d'autorité au format PEM."
    )


def test_a_ca_path_too_long_for_the_system_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"^MATTERMOST_CA_FILE invalide : "):
        load_settings({**BASE, "MATTERMOST_CA_FILE": "a" * 5000}, tmp_path / ".env")


def test_a_proxy_on_port_zero_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_settings({**BASE, "HTTPS_PROXY": "http://127.0.0.1:0"}, tmp_path / ".env")
    assert str(err.value) == (
        "HTTPS_PROXY invalide : attendu une adresse comme http://proxy.example.org:3128."
    )


def test_proxy_password_is_masked_in_repr(tmp_path):
    proxy = "http://agent:px-secret@proxy.example.org:3128"
    shown = repr(load_settings({**BASE, "HTTPS_PROXY": proxy}, tmp_path / ".env"))
    assert "px-secret" not in shown
    assert "proxy='http://agent:***@proxy.example.org:3128'" in shown


def test_secrets_for_the_log_filter_include_url_passwords(tmp_path):
    env = {
        **BASE,
        "BETABOT_SLASH_TOKEN": "slash-secret",
        "BETABOT_DATABASE_URL": "postgresql://betabot:pg-secret@db.example.org/betabot",
        "HTTPS_PROXY": "http://agent:px-secret@proxy.example.org:3128",
    }
    secrets = load_settings(env, tmp_path / ".env").secrets
    assert secrets == ("tok-secret-123", "slash-secret", "pg-secret", "px-secret")
    assert load_settings(BASE, tmp_path / ".env").secrets == ("tok-secret-123",)


def test_maintainers_loop_settings_default_and_parse(tmp_path):
    defaults = load_settings(BASE, env_file=tmp_path / ".env")
    assert (defaults.questions_report, defaults.report_cron, defaults.admins) == (
        True,
        "0 9 * * 1",
        frozenset(),
    )
    assert (defaults.public_url, defaults.actions_secret) == ("", "")
    env = {
        **BASE,
        "BETABOT_QUESTIONS_REPORT": "0",
        "BETABOT_REPORT_CRON": "30  8 * * 5",
        "BETABOT_ADMINS": "@Alice, bob  carol",
        "BETABOT_PUBLIC_URL": "https://betabot.example.org/",
        "BETABOT_ACTIONS_SECRET": "0123456789abcdef",
    }
    settings = load_settings(env, env_file=tmp_path / ".env")
    assert (settings.questions_report, settings.report_cron) == (False, "30 8 * * 5")
    assert settings.admins == frozenset({"alice", "bob", "carol"})
    assert settings.public_url == "https://betabot.example.org"
    assert "0123456789abcdef" in settings.secrets
    assert "0123456789abcdef" not in repr(settings)
