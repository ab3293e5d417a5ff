"""A malformed database or proxy URL stops `betabot run`: one French line, never the password."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.service.credentials import mask_password, passwords

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Sup3rS3cret"  # noqa: S105 - the known password the outputs must not contain
HINT = (
    "— encodez les caractères spéciaux du mot de passe "
    "(%40 pour @, %25 pour %, %20 pour une espace)."
)


def run_with(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    environ = {k: v for k, v in environ.items() if not k.startswith(("BETABOT_", "MATTERMOST_"))}
    return subprocess.run(  # our own interpreter, fixed arguments
        [sys.executable, "-m", "bot", "run"],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,  # no .env there
        env={
            **environ,
            "PYTHONPATH": str(ROOT),
            "MATTERMOST_URL": "https://mm.example.org",
            "MATTERMOST_TOKEN": "t",
            "MATTERMOST_TEAM": "x",
            **variables,
        },
        check=False,
    )


@pytest.mark.parametrize(
    ("url", "shown", "problem"),
    [
        (
            f"postgresql://bob:{PASSWORD}%zz@db/x",
            "postgresql://bob:***@db/x",
            "« % » non suivi de deux chiffres hexadécimaux (écrivez %25 pour un %)",
        ),
        (
            f"postgresql://bob:{PASSWORD} x@db/x",
            "postgresql://bob:***@db/x",
            "espace ou caractère de contrôle",
        ),
        (
            f"postgresql://bob:{PASSWORD}@[::1/x",
            "postgresql://bob:***@[::1/x",
            "crochets IPv6 ou port invalides",
        ),
        (
            f"postgresql://bob:{PASSWORD}@db:99999/x",
            "postgresql://bob:***@db:99999/x",
            "crochets IPv6 ou port invalides",
        ),
        (
            f"postgres://bob:{PASSWORD}@db/x?bogus=1",
            "postgres://bob:***@db/x?bogus=1",
            "refusée par libpq (paramètre ou syntaxe inconnus)",
        ),
        (
            f"postgresql://db/x?password={PASSWORD}%&sslmode=require",
            "postgresql://db/x?password=***&sslmode=require",
            "« % » non suivi de deux chiffres hexadécimaux (écrivez %25 pour un %)",
        ),
    ],
    ids=["percent", "space", "ipv6", "port", "libpq", "query"],
)
def test_malformed_database_url_is_one_french_line_exit_2_without_the_password(
    tmp_path: Path, url: str, shown: str, problem: str
) -> None:
    done = run_with(tmp_path, BETABOT_DATABASE_URL=url, BETABOT_LOG_FORMAT="json")
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        f"BETABOT_DATABASE_URL invalide ({shown}) : {problem} {HINT}\n",
    )
    assert PASSWORD not in done.stdout + done.stderr


def test_malformed_proxy_url_is_one_french_line_exit_2_without_the_password(
    tmp_path: Path,
) -> None:
    done = run_with(tmp_path, https_proxy=f"http://u:{PASSWORD}%zz@proxy:3128")
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "https_proxy invalide : attendu une adresse comme http://proxy.example.org:3128.\n",
    )


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://u:p@ss/w@rd@db/x", "postgresql://u:***@db/x"),
        ("postgresql://u@db/x", "postgresql://u@db/x"),
        ("http://u:p@proxy:3128", "http://u:***@proxy:3128"),
        ("sqlite:///data/b.sqlite3", "sqlite:///data/b.sqlite3"),
    ],
)
def test_mask_password_hides_everything_between_the_user_and_the_last_at(
    url: str, masked: str
) -> None:
    assert mask_password(url) == masked


def test_passwords_for_the_log_filter_are_the_written_and_decoded_forms() -> None:
    assert passwords("postgresql://u:a%20b@db/x?password=c") == ("a%20b", "a b", "c")
    assert passwords("postgresql://u@db/x") == ()
