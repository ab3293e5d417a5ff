"""The documented deployments resolve to what the README promises (container, PaaS)."""

from pathlib import Path

import pytest
from dotenv import dotenv_values

from bot.service.config import load_settings
from bot.service.env_values import ConfigError
from tests.unit.test_dockerfile import arguments

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "MATTERMOST_URL": "https://mm.example.org",
    "MATTERMOST_TOKEN": "tok-secret-123",
    "MATTERMOST_TEAM": "communaute",
}


def image_environment() -> dict[str, str]:
    """The image's ENV instructions, as `KEY=value` pairs."""
    env: dict[str, str] = {}
    for line in arguments("ENV"):
        for pair in line.split():
            key, _, value = pair.partition("=")
            env[key] = value
    return env


def docker_run_env_file(env_file: Path) -> dict[str, str]:
    """`docker run --env-file`: the file's variables override the image's."""
    from_file = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    return {**image_environment(), **from_file, **REQUIRED}


def test_env_example_copied_into_the_container_keeps_the_database_in_the_volume(tmp_path):
    settings = load_settings(docker_run_env_file(ROOT / ".env.example"), env_file=None)
    assert settings.database_url == "sqlite:////data/betabot.sqlite3"
    assert settings.database_variable == "BETABOT_DATABASE_URL"


def test_an_older_env_with_a_relative_sqlite_path_still_lands_in_the_volume(tmp_path):
    old = tmp_path / ".env"
    old.write_text("BETABOT_DATABASE_URL=sqlite:///betabot.sqlite3\n", encoding="utf-8")
    settings = load_settings(docker_run_env_file(old), env_file=None)
    assert settings.database_url == "sqlite:////data/betabot.sqlite3"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "sqlite:///betabot.sqlite3"),
        ({"BETABOT_DATA_DIR": "/srv/b"}, "sqlite:////srv/b/betabot.sqlite3"),
        (
            {"BETABOT_DATA_DIR": "/srv/b", "BETABOT_DATABASE_URL": "sqlite:///sub/x.sqlite3"},
            "sqlite:////srv/b/sub/x.sqlite3",
        ),
        (
            {"BETABOT_DATA_DIR": "/srv/b", "BETABOT_DATABASE_URL": "sqlite:////abs/x.sqlite3"},
            "sqlite:////abs/x.sqlite3",
        ),
        (
            {"BETABOT_DATA_DIR": "/srv/b", "BETABOT_DATABASE_URL": "postgresql://h/db"},
            "postgresql://h/db",
        ),
    ],
)
def test_relative_sqlite_paths_resolve_under_the_data_dir(env, expected):
    assert load_settings({**REQUIRED, **env}, env_file=None).database_url == expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"DATABASE_URL": "postgres://u:p@db:5432/b"},
            ("postgres://u:p@db:5432/b", "DATABASE_URL"),
        ),
        (
            {"DATABASE_URL": "postgres://u:p@db/b", "BETABOT_DATABASE_URL": "postgresql://h/x"},
            ("postgresql://h/x", "BETABOT_DATABASE_URL"),
        ),
    ],
)
def test_database_url_of_the_platform_is_read_when_betabot_database_url_is_absent(env, expected):
    settings = load_settings({**REQUIRED, **env}, env_file=None)
    assert (settings.database_url, settings.database_variable) == expected


def test_a_malformed_platform_database_url_names_database_url():
    with pytest.raises(ConfigError) as err:
        load_settings({**REQUIRED, "DATABASE_URL": "mysql://db/b"}, env_file=None)
    assert str(err.value) == (
        "DATABASE_URL invalide : attendu sqlite:///chemin/fichier.sqlite3 ou postgresql://…"
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, 8080),
        ({"PORT": "5000"}, 5000),
        ({"PORT": "5000", "BETABOT_HTTP_PORT": "8081"}, 8081),
    ],
)
def test_the_platform_port_is_used_when_betabot_http_port_is_absent(env, expected):
    assert load_settings({**REQUIRED, **env}, env_file=None).http_port == expected


def test_metrics_token_and_port_are_read_and_the_token_is_a_secret():
    env = {**REQUIRED, "BETABOT_METRICS_TOKEN": "metrics-secret-9", "BETABOT_METRICS_PORT": "9100"}
    settings = load_settings(env, env_file=None)
    assert (settings.metrics_token, settings.metrics_port) == ("metrics-secret-9", 9100)
    assert "metrics-secret-9" in settings.secrets
    assert "metrics-secret-9" not in repr(settings)


def test_every_variable_the_settings_read_is_described_in_env_example_and_the_readme():
    import re

    sources = "".join(
        (ROOT / "bot" / "service" / name).read_text(encoding="utf-8")
        for name in ("config.py", "env_values.py", "network.py")
    )
    read = set(re.findall(r'"((?:BETABOT|MATTERMOST)_[A-Z_]+|DATABASE_URL|PORT)"', sources))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    kept_out = {"MATTERMOST_ADMIN_TOKEN"}  # asked by `betabot install`, never beside the bot
    assert read - kept_out, read
    assert sorted(n for n in read - kept_out if n not in example) == []
    assert sorted(n for n in read if f"`{n}`" not in readme) == []
    assert "MATTERMOST_ADMIN_TOKEN=" not in example
