"""The documented deployments resolve to what the README promises (container, PaaS)."""

from pathlib import Path

import pytest
from dotenv import dotenv_values

from bot.service.config import load_settings
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
