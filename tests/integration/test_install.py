"""`betabot install` against the fake: creates then updates /beta, and sets the bot's face."""

import asyncio
import os
import sys
from pathlib import Path

from bot.mattermost.install import BOT_DESCRIPTION, icon
from tests.fake_mattermost.seed import ADMIN_TOKEN, BOT_TOKEN
from tests.integration.test_run import REPO

PUBLIC_URL = "https://betabot.example.org"


def install_env(mm, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return {
        **keep,
        "PYTHONPATH": str(REPO),
        "MATTERMOST_URL": mm.url,
        "MATTERMOST_TEAM": mm.team["name"],
        "MATTERMOST_TOKEN": BOT_TOKEN,
        "MATTERMOST_ADMIN_TOKEN": ADMIN_TOKEN,
        "BETABOT_PUBLIC_URL": PUBLIC_URL,
        **extra,
    }


async def betabot_install(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "install", *args, env=env, cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_install_creates_then_updates_the_command_and_sets_the_bot_face(mm, tmp_path):
    code, out, err = await betabot_install(install_env(mm), tmp_path)
    assert (code, err) == (0, ""), out
    (command,) = mm.world.commands.values()
    assert out == (
        f"Commande /beta créée sur l'équipe {mm.team['name']} : {PUBLIC_URL}/mattermost/slash\n"
        f"Mettez ce jeton dans BETABOT_SLASH_TOKEN : {command['token']}\n"
        "Compte bot : nom affiché et description mis à jour.\n"
        "Compte bot : photo de profil mise à jour.\n"
    )
    assert command["url"] == f"{PUBLIC_URL}/mattermost/slash"
    assert (command["trigger"], command["method"], command["auto_complete"]) == ("beta", "P", True)
    bot = mm.user("betabot")
    assert (bot["first_name"], bot["bot_description"]) == ("betabot", BOT_DESCRIPTION)
    assert mm.world.profile_images == {bot["id"]: icon()}
    assert icon().startswith(b"\x89PNG\r\n\x1a\n")

    moved = "https://bot.example.org/"
    code, out, err = await betabot_install(install_env(mm), tmp_path, "--url", moved)
    assert (code, err) == (0, ""), out
    assert list(mm.world.commands.values()) == [command]  # updated in place, same token
    assert command["url"] == "https://bot.example.org/mattermost/slash"
    assert out.splitlines()[:2] == [
        f"Commande /beta mise à jour sur l'équipe {mm.team['name']} : "
        "https://bot.example.org/mattermost/slash",
        f"Mettez ce jeton dans BETABOT_SLASH_TOKEN : {command['token']}",
    ]


async def test_install_refuses_an_http_public_url_unless_insecure(mm, tmp_path):
    env = install_env(mm, BETABOT_PUBLIC_URL="http://10.0.0.5:8080")
    code, out, err = await betabot_install(env, tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "BETABOT_PUBLIC_URL en http:// (http://10.0.0.5:8080) : Mattermost enverrait le jeton "
        "de /beta en clair. Mettez une adresse https://, ou ajoutez --insecure pour un essai "
        "local.\n"
    )
    assert mm.world.commands == {}
    code, out, err = await betabot_install(env, tmp_path, "--insecure")
    assert (code, err) == (0, "")
    assert out.startswith(
        f"Commande /beta créée sur l'équipe {mm.team['name']} : http://10.0.0.5:8080/mattermost/slash\n"
    )


async def test_install_without_an_admin_token_and_no_terminal_says_which_variable(mm, tmp_path):
    env = install_env(mm)
    del env["MATTERMOST_ADMIN_TOKEN"]
    code, out, err = await betabot_install(env, tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "MATTERMOST_ADMIN_TOKEN manquante : donnez le jeton d'un administrateur système dans "
        "l'environnement (il ne doit pas rester dans .env à côté du bot).\n"
    )


async def test_install_with_a_token_that_may_not_manage_commands_is_one_line(mm, tmp_path):
    env = install_env(mm, MATTERMOST_ADMIN_TOKEN="alice-token")  # noqa: S106
    code, out, err = await betabot_install(env, tmp_path)
    assert (code, out) == (1, "")
    assert err == (
        "Installation de /beta impossible (statut 403) : MATTERMOST_ADMIN_TOKEN n'a pas le droit "
        "de gérer les commandes slash ; utilisez le jeton d'un administrateur système, ou créez "
        "la commande à la main (voir README).\n"
    )


async def test_a_token_allowed_commands_but_not_the_bot_account_still_installs_the_command(
    mm, tmp_path
):
    mm.world.command_managers.add(mm.user("alice")["id"])
    env = install_env(mm, MATTERMOST_ADMIN_TOKEN="alice-token")  # noqa: S106
    code, out, err = await betabot_install(env, tmp_path)
    assert (code, err) == (0, ""), out
    denied = "ce jeton ne peut pas modifier le compte bot (administrateur système requis)."
    assert out.splitlines()[2:] == [
        f"Compte bot : nom affiché et description non modifiés (statut 403) : {denied}",
        f"Compte bot : photo de profil non modifiée (statut 403) : {denied}",
    ]
    assert mm.world.profile_images == {}
