"""`betabot run` start-up failures: one French line naming the variable, exit 2, no traceback."""

import asyncio
import re
import socket
from pathlib import Path

from tests.integration.test_run import bot_env, free_port, start_bot

_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ ")


async def run_to_the_end(env: dict[str, str], cwd: Path) -> tuple[int, list[str], str]:
    """Exit code, the lines that are not log lines, and the whole output."""
    proc = await start_bot(env, cwd)
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), 60)
    except TimeoutError:
        proc.kill()  # it started instead of failing: never leave it running
        await proc.wait()
        raise
    text = out.decode()
    said = [line for line in text.splitlines() if not _LOG_LINE.match(line)]
    assert proc.returncode is not None
    return proc.returncode, said, text


async def test_an_uncreatable_sqlite_path_names_the_variable_and_the_path(mm, tmp_path):
    (tmp_path / "blocker").write_text("a file, not a folder\n", encoding="utf-8")
    path = tmp_path / "blocker" / "data" / "betabot.sqlite3"
    env = bot_env(mm.url, mm.team["name"], free_port(), tmp_path)
    env["BETABOT_DATABASE_URL"] = f"sqlite:///{path}"
    code, said, out = await run_to_the_end(env, tmp_path)
    assert (code, said) == (
        2,
        [
            f"BETABOT_DATABASE_URL : impossible d'ouvrir la base (fichier {path}) : une partie "
            "du chemin est un fichier, pas un dossier. Choisissez un chemin accessible en "
            "écriture (dans le conteneur : le volume /data) ou une base PostgreSQL."
        ],
    ), out
    assert "Traceback" not in out
    assert "BETABOT_HTTP" not in out


async def test_a_paas_database_url_is_named_when_it_is_the_one_used(mm, tmp_path):
    (tmp_path / "blocker").write_text("", encoding="utf-8")
    path = tmp_path / "blocker" / "betabot.sqlite3"
    env = bot_env(mm.url, mm.team["name"], free_port(), tmp_path)
    del env["BETABOT_DATABASE_URL"]
    env["DATABASE_URL"] = f"sqlite:///{path}"
    code, said, out = await run_to_the_end(env, tmp_path)
    assert code == 2, out
    assert said[0].startswith(f"DATABASE_URL : impossible d'ouvrir la base (fichier {path})")
    assert len(said) == 1


async def test_an_unreachable_server_says_serveur_injoignable_with_the_url_and_reason(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there: refused
    env = bot_env(url, "betagouv", free_port(), tmp_path)
    code, said, out = await run_to_the_end(env, tmp_path)
    assert (code, said) == (
        2,
        [
            f"MATTERMOST_URL : serveur injoignable à {url} (connexion refusée) : vérifiez "
            "l'adresse, le réseau ou le proxy (HTTPS_PROXY), et que le serveur est démarré."
        ],
    ), out
    assert "Traceback" not in out
    assert "statut 0" not in out


async def test_a_refused_token_names_mattermost_token(mm, tmp_path):
    env = bot_env(mm.url, mm.team["name"], free_port(), tmp_path)
    env["MATTERMOST_TOKEN"] = "not-the-bot-token-000000000"  # noqa: S105 - a test value
    code, said, out = await run_to_the_end(env, tmp_path)
    assert (code, said) == (
        2,
        [
            f"MATTERMOST_TOKEN refusé par {mm.url} (401) : vérifiez le jeton du compte bot "
            "(Console système > Intégrations > Comptes bot)."
        ],
    ), out


async def test_a_port_already_taken_names_the_http_variables(mm, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = bot_env(mm.url, mm.team["name"], port, tmp_path)
        code, said, out = await run_to_the_end(env, tmp_path)
    assert code == 2, out
    assert len(said) == 1, out
    assert said[0].startswith(f"Impossible d'écouter sur 127.0.0.1:{port} (")
    assert said[0].endswith(
        ") : vérifiez BETABOT_HTTP_HOST et BETABOT_HTTP_PORT (port déjà pris, adresse absente "
        "de cette machine)."
    )
