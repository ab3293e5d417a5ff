"""`betabot doctor` against the fake: a good configuration passes, each broken item is named."""

import asyncio
import socket
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.knowledge.loader import load_knowledge
from bot.mattermost.client import MattermostClient
from bot.mattermost.install import install_command
from bot.service.config import Settings, default_knowledge_dir, parse_server_url
from bot.service.contacts import usernames_for
from bot.service.doctor import run_checks
from bot.service.doctor_server import EPHEMERAL_TOPIC
from tests.app_settings import app_settings
from tests.fake_mattermost.seed import ADMIN_TOKEN, BOT_TOKEN
from tests.fake_mattermost.server import FakeMattermost
from tests.integration.test_run import REPO, bot_env

PUBLIC = "https://betabot.example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _install(mm: FakeMattermost, url: str) -> None:
    admin = MattermostClient(parse_server_url(mm.url), ADMIN_TOKEN)
    try:
        await install_command(admin, mm.team["name"], url)
    finally:
        await admin.aclose()


@pytest.fixture
async def good(mm: FakeMattermost, tmp_path: Path) -> Settings:
    """Every person has an account, the channels exist with the bot, /beta points here."""
    knowledge = load_knowledge(default_knowledge_dir())
    for person in knowledge.people.values():
        first, last = person.name.split(maxsplit=1)
        mm.add_user(usernames_for(person.name)[0], first_name=first, last_name=last)
    mm.add_channel("incubateur-embauche", members=["betabot", "alice"])
    mm.add_channel("incubateur-embauche-design", members=["betabot"])
    mm.add_channel("betabot-admin", members=["betabot", "admin"])
    await _install(mm, PUBLIC + "/mattermost/slash")
    return app_settings(
        mm,
        tmp_path,
        announce_channel="incubateur-embauche",
        announce_channels=(("design", "incubateur-embauche-design"),),
        admin_channel="betabot-admin",
        public_url=PUBLIC,
    )


async def doctor(settings: Settings, admin_token: str = "") -> list[str]:
    return [str(check) for check in await run_checks(settings, admin_token)]


KNOWLEDGE_LINE = (
    "✓ Connaissances valides : 29 personnes, 8 pôles, 6 portefeuilles (17 ministères), "
    "7 raisons, 5 engagements, 3 contacts, 14 sujets, 91 exemples, 1 fiche de poste (knowledge/)"
)


def good_lines(mm: FakeMattermost, settings: Settings) -> list[str]:
    return [
        f"✓ Le serveur {mm.url} répond.",
        "✓ MATTERMOST_TOKEN est valide : compte bot @betabot.",
        "✓ Équipe betagouv : le bot @betabot en est membre.",
        "✓ BETABOT_ANNOUNCE_CHANNEL=incubateur-embauche : le bot en est membre.",
        "✓ BETABOT_ANNOUNCE_CHANNELS=incubateur-embauche-design : le bot en est membre.",
        "✓ BETABOT_ADMIN_CHANNEL=betabot-admin : le bot en est membre.",
        "✓ /beta existe et pointe vers https://betabot.example.org/mattermost/slash.",
        f"✓ {EPHEMERAL_TOPIC} : réponse dans le fil (permission create_post_ephemeral absente, "
        "facultative : voir README, « Déployer », étape 0).",
        f"✓ BETABOT_DATABASE_URL={settings.database_url} : base absente, elle sera créée au "
        "démarrage.",
        KNOWLEDGE_LINE,
        "✓ Contacts : les 29 personnes ont un compte Mattermost actif.",
    ]


def changed(lines: list[str], start: str, *new: str) -> list[str]:
    """`lines` with the line starting with `start` replaced by `new` (none: removed)."""
    [at] = [i for i, line in enumerate(lines) if line.startswith(start)]
    return [*lines[:at], *new, *lines[at + 1 :]]


async def test_good_configuration_passes_every_check(mm, good):
    assert await doctor(good, ADMIN_TOKEN) == good_lines(mm, good)


async def test_doctor_says_when_the_flood_message_is_ephemeral(mm, good):
    mm.world.ephemeral_posters.add(mm.user("betabot")["id"])
    assert await doctor(good, ADMIN_TOKEN) == changed(
        good_lines(mm, good),
        f"✓ {EPHEMERAL_TOPIC}",
        f"✓ {EPHEMERAL_TOPIC} : éphémères, vus d'elle seule.",
    )
    (recipient, post) = mm.world.ephemeral_posts[0]
    assert recipient == post["user_id"] == mm.user("betabot")["id"]  # shown to nobody else


async def test_without_admin_token_the_command_url_is_not_checked(mm, good):
    assert await doctor(good) == changed(
        good_lines(mm, good),
        "✓ /beta",
        "✓ /beta existe ; son adresse n'est lisible qu'avec MATTERMOST_ADMIN_TOKEN (non vérifiée).",
    )


async def test_bad_token_is_named_and_the_server_checks_stop_there(mm, good):
    bad = replace(good, mattermost_token="not-a-token")  # noqa: S106  a wrong token, on purpose
    lines = await doctor(bad, ADMIN_TOKEN)
    assert lines == [
        f"✓ Le serveur {mm.url} répond.",
        "✗ MATTERMOST_TOKEN est refusé (statut 401) : copiez le jeton du compte bot "
        "(Intégrations > Comptes bot). Le reste n'est pas vérifié.",
        f"✓ BETABOT_DATABASE_URL={good.database_url} : base absente, elle sera créée au démarrage.",
        KNOWLEDGE_LINE,
    ]
    assert not any("not-a-token" in line for line in lines)


async def test_unknown_team_is_named(mm, good):
    lines = await doctor(replace(good, mattermost_team="betagouvv"), ADMIN_TOKEN)
    assert lines == [
        *good_lines(mm, good)[:2],
        "✗ MATTERMOST_TEAM=betagouvv : équipe introuvable (statut 404) ; mettez le nom de "
        "l'équipe tel qu'il apparaît dans ses adresses (…/<équipe>/channels/…).",
        *good_lines(mm, good)[7:],
    ]


async def test_bot_outside_the_team_is_named(mm, good):
    mm.remove_from_team("betabot")
    assert await doctor(good, ADMIN_TOKEN) == changed(
        good_lines(mm, good),
        "✓ Équipe",
        "✗ Le bot @betabot n'est pas membre de l'équipe betagouv : ajoutez-le "
        "(mmctl team users add betagouv betabot).",
    )


async def test_missing_channel_is_named_with_its_variable(mm, good):
    lines = await doctor(replace(good, announce_channel="incubateur-embauch"), ADMIN_TOKEN)
    assert lines == changed(
        good_lines(mm, good),
        "✓ BETABOT_ANNOUNCE_CHANNEL=",
        "✗ BETABOT_ANNOUNCE_CHANNEL=incubateur-embauch : canal introuvable dans l'équipe "
        "betagouv (vérifiez son nom d'URL).",
    )


async def test_channel_without_the_bot_is_named(mm, good):
    mm.remove_member("incubateur-embauche-design", "betabot")
    assert await doctor(good, ADMIN_TOKEN) == changed(
        good_lines(mm, good),
        "✓ BETABOT_ANNOUNCE_CHANNELS=",
        "✗ BETABOT_ANNOUNCE_CHANNELS=incubateur-embauche-design : le bot n'en est pas membre : "
        "`/invite @betabot` dans ~incubateur-embauche-design.",
    )


async def test_private_channel_without_the_bot_is_named(mm, good):
    mm.add_channel("secret-admin", members=["admin"], type="P")
    assert await doctor(replace(good, admin_channel="secret-admin"), ADMIN_TOKEN) == changed(
        good_lines(mm, good),
        "✓ BETABOT_ADMIN_CHANNEL=",
        "✗ BETABOT_ADMIN_CHANNEL=secret-admin : canal privé dont le bot n'est pas membre : "
        "`/invite @betabot` dans ~secret-admin.",
    )


async def test_slash_command_pointing_elsewhere_is_named(mm, good):
    await _install(mm, "https://old.example.org/mattermost/slash")
    assert await doctor(good, ADMIN_TOKEN) == changed(
        good_lines(mm, good),
        "✓ /beta",
        "✗ /beta pointe vers https://old.example.org/mattermost/slash, pas vers "
        "https://betabot.example.org/mattermost/slash : relancez betabot install "
        "--url https://betabot.example.org/mattermost/slash.",
    )


async def test_absent_slash_command_is_named(mm, tmp_path):
    settings = app_settings(mm, tmp_path)
    lines = await doctor(settings)
    assert lines[2:4] == [
        "✓ Équipe betagouv : le bot @betabot en est membre.",
        "✗ /beta n'existe pas dans l'équipe betagouv (ou sans autocomplétion) : installez-la "
        "avec betabot install (README, « Déployer », étape 3).",
    ]


async def test_unreachable_database_is_named_without_its_password(mm, good):
    port = free_port()
    url = f"postgresql://betabot:s3cret@127.0.0.1:{port}/betabot"
    lines = await doctor(replace(good, database_url=url), ADMIN_TOKEN)
    assert lines == changed(
        good_lines(mm, good),
        "✓ BETABOT_DATABASE_URL",
        f"✗ BETABOT_DATABASE_URL=postgresql://betabot:***@127.0.0.1:{port}/betabot : base "
        'injoignable (OperationalError: connection failed: connection to server at "127.0.0.1", '
        f"port {port} failed: Connection refused).",
    )


async def test_sqlite_file_that_cannot_be_created_is_named(mm, good, tmp_path):
    (tmp_path / "a-file").write_text("")
    url = f"sqlite:///{tmp_path / 'a-file' / 'betabot.sqlite3'}"
    lines = await doctor(replace(good, database_url=url), ADMIN_TOKEN)
    assert lines == changed(
        good_lines(mm, good),
        "✓ BETABOT_DATABASE_URL",
        f"✗ BETABOT_DATABASE_URL={url} : base impossible à créer à cet endroit.",
    )


async def test_migrated_database_is_reachable_and_up_to_date(mm, good):
    from bot.store.backends import open_store

    open_store(good.database_url).close()
    lines = await doctor(good, ADMIN_TOKEN)
    assert lines == changed(
        good_lines(mm, good),
        "✓ BETABOT_DATABASE_URL",
        f"✓ BETABOT_DATABASE_URL={good.database_url} : base joignable.",
    )


async def test_deactivated_person_fails_the_contacts_check(mm, good):
    mm.deactivate("mael.inizan")
    assert await doctor(good, ADMIN_TOKEN) == changed(
        good_lines(mm, good),
        "✓ Contacts",
        "✗ Contacts : 1 personne(s) sur 29 sans compte Mattermost actif (nommées sans lien) : "
        "betabot contacts pour le détail.",
    )


# --- the commands, as an operator runs them ---


async def betabot(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode if proc.returncode is not None else -1, out.decode(), err.decode()


def operator_env(mm: FakeMattermost, tmp_path: Path) -> dict[str, str]:
    env = bot_env(mm.url, mm.team["name"], free_port(), tmp_path)
    return env | {
        "BETABOT_ANNOUNCE_CHANNEL": "incubateur-embauche",
        "BETABOT_ANNOUNCE_CHANNELS": "design=incubateur-embauche-design",
        "BETABOT_ADMIN_CHANNEL": "betabot-admin",
        "BETABOT_PUBLIC_URL": PUBLIC + "/",
        "MATTERMOST_ADMIN_TOKEN": ADMIN_TOKEN,
    }


async def test_betabot_doctor_prints_every_line_and_exits_0_without_any_secret(mm, good, tmp_path):
    code, out, err = await betabot(["doctor"], operator_env(mm, tmp_path), tmp_path)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        line.replace("(knowledge/)", f"({REPO / 'knowledge'}/)") if line == KNOWLEDGE_LINE else line
        for line in good_lines(mm, good)
    ]
    assert BOT_TOKEN not in out
    assert ADMIN_TOKEN not in out


async def test_betabot_doctor_with_a_missing_variable_names_it_and_exits_1(mm, good, tmp_path):
    env = operator_env(mm, tmp_path)
    del env["MATTERMOST_TOKEN"]
    code, out, _ = await betabot(["doctor"], env, tmp_path)
    assert (code, out) == (
        1,
        "✗ MATTERMOST_TOKEN manquante : définissez-la dans l'environnement ou dans .env.\n",
    )


async def test_betabot_contacts_lists_everyone_and_exits_1_on_a_deactivated_account(
    mm, good, tmp_path
):
    env = operator_env(mm, tmp_path)
    code, out, _ = await betabot(["contacts"], env, tmp_path)
    lines = out.splitlines()
    assert (code, len(lines)) == (0, 29)
    assert "✓ mael-inizan               Maël Inizan : @mael.inizan (convention)" in lines
    mm.deactivate("mael.inizan")
    code, out, _ = await betabot(["contacts"], env, tmp_path)
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith("✗")] == [
        "✗ mael-inizan               Maël Inizan : désactivé (@mael.inizan, convention)"
    ]


async def test_betabot_contacts_exits_2_when_mattermost_refuses_the_token(mm, tmp_path):
    env = operator_env(mm, tmp_path) | {"MATTERMOST_TOKEN": "wrong"}
    code, out, err = await betabot(["contacts"], env, tmp_path)
    assert (code, out) == (2, "")
    assert err.startswith("Mattermost injoignable ou jeton refusé (HTTP 401: ")
    assert err.endswith(") : betabot doctor.\n")


async def test_betabot_doctor_names_an_unreachable_server_and_prints_nothing_else_to_stderr(
    mm, tmp_path
):
    env = operator_env(mm, tmp_path) | {"MATTERMOST_URL": f"http://127.0.0.1:{free_port()}"}
    code, out, err = await betabot(["doctor"], env, tmp_path)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"✗ Le serveur {env['MATTERMOST_URL']} ne répond pas (ClientConnectorError) : vérifiez "
        "MATTERMOST_URL, le réseau, HTTPS_PROXY ou MATTERMOST_CA_FILE.",
        f"✓ BETABOT_DATABASE_URL=sqlite:///{tmp_path / 'betabot.sqlite3'} : base absente, elle "
        "sera créée au démarrage.",
        KNOWLEDGE_LINE.replace("(knowledge/)", f"({REPO / 'knowledge'}/)"),
    ]
