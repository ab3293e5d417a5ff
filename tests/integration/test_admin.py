"""Admin commands by /beta and by DM: who may run them and what they answer."""

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import __version__
from bot.answers.render import escape, render_posting_announcement
from bot.knowledge.loader import summary
from bot.knowledge.postings import parse_posting
from bot.service.admin import ADMIN_ELSEWHERE, REFUSED
from bot.service.app import App
from tests.app_settings import app_settings
from tests.fake_mattermost import FakeMattermost
from tests.paths import knowledge_copy

SLASH_TOKEN = "slashtokenadmin000000000000"  # noqa: S105 - a test value
CHANNEL = "incubateur-animation"
POSTING = "2024-01-01-responsables-de-portefeuille"
LOGEMENT_HEAD = "Pour le ministère du Logement, votre contact à l'incubateur : "


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return knowledge_copy(tmp_path)


@pytest.fixture
async def app(mm: FakeMattermost, tmp_path: Path, folder: Path) -> AsyncIterator[App]:
    settings = app_settings(
        mm,
        tmp_path,
        SLASH_TOKEN,
        knowledge_dir=folder,
        postes_dir=folder / "postes",
        admins=frozenset({"bob"}),
        reload_interval_s=3600.0,  # only the admin command reloads in these tests
    )
    started = App(settings)
    await started.start()
    await mm.wait_for_connection("betabot")
    try:
        yield started
    finally:
        await started.stop()


async def slash(mm: FakeMattermost, app: App, user: str, text: str) -> str:
    url = f"http://127.0.0.1:{app.port}/mattermost/slash"
    resp = await mm.slash_as(user, CHANNEL, f"/beta {text}", url=url, token=SLASH_TOKEN)
    assert resp.status == 200
    body = resp.json()
    assert body["response_type"] == "ephemeral"
    return str(body["text"])


async def test_a_non_admin_is_refused_and_the_attempt_logged_without_its_text(
    mm: FakeMattermost, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    assert await slash(mm, app, "alice", "admin statut secret-word") == REFUSED
    dm = await mm.dm_as("alice", "betabot", "admin recharger")
    assert (await mm.wait_for_reply(dm))["message"] == REFUSED
    alice = mm.user("alice")["id"]
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refusals == [
        f"admin: statut refused for user_id={alice}",
        f"admin: recharger refused for user_id={alice}",
    ]
    assert "secret-word" not in caplog.text


async def test_an_admins_status_shows_the_version_and_the_knowledge(
    mm: FakeMattermost, app: App, folder: Path
) -> None:
    assert app.contacts is not None
    await asyncio.wait_for(app.contacts.wait_rounds(1), 10)
    handles = app.store.contacts()
    assert app.knowledge is not None
    late = [app.knowledge.people[h.person_id].name for h in handles if h.state != "ok"]
    stale = f"{len(late)} ({', '.join(escape(n) for n in late)})" if late else "aucun"
    said = await slash(mm, app, "bob", "admin statut")
    lines = said.splitlines()
    assert lines[0].startswith(f"**betabot {__version__}** — en marche depuis ")
    assert lines[1].endswith(" : " + escape(summary(app.knowledge, folder)))
    assert lines[2:] == [
        "- Dernière erreur de rechargement : aucune",
        "- Websocket : connecté",
        "- Dernière annonce de poste : aucune",
        "- Abonnés aux postes : 0",
        "- Contacts introuvables ou désactivés : " + stale,
    ]
    dm = await mm.dm_as("bob", "betabot", "Admin statut")
    reply = await mm.wait_for_reply(dm)
    assert reply["message"].splitlines()[2:] == lines[2:]


async def test_reloading_a_broken_edit_shows_file_line_and_keeps_the_knowledge(
    mm: FakeMattermost, app: App, folder: Path
) -> None:
    before = app.knowledge
    (folder / "personnes.yaml").write_text("personnes:\n  - id: [\n", encoding="utf-8")
    said = await slash(mm, app, "bob", "admin recharger")
    assert said.startswith(
        "**Rechargement refusé** : betabot garde la version précédente. Problèmes trouvés :\n```\n"
        f"{folder}/personnes.yaml:3 : "
    )
    assert app.knowledge is before
    post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
    assert (await mm.wait_for_reply(post))["message"].startswith(f"{LOGEMENT_HEAD}**Maël Inizan**")
    status = await slash(mm, app, "bob", "admin statut")
    assert f"- Dernière erreur de rechargement : ```\n{folder}/personnes.yaml:3 : " in status


async def test_reloading_a_good_edit_swaps_it_in(
    mm: FakeMattermost, app: App, folder: Path
) -> None:
    people = folder / "personnes.yaml"
    people.write_text(people.read_text("utf-8").replace("Maël Inizan", "Maël Testé"), "utf-8")
    said = await slash(mm, app, "bob", "admin recharger")
    assert app.knowledge is not None
    assert said == f"**Rechargé.** {escape(summary(app.knowledge, folder))}"
    post = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
    assert (await mm.wait_for_reply(post))["message"].startswith(f"{LOGEMENT_HEAD}**Maël Testé**")


async def test_announcement_preview_and_report_are_shown_to_the_admin(
    mm: FakeMattermost, app: App, folder: Path
) -> None:
    posting, _ = parse_posting(folder / "postes" / f"{POSTING}.md")
    assert posting is not None
    preview = await slash(mm, app, "bob", f"admin annonce {POSTING}")
    assert preview.startswith(render_posting_announcement(posting))
    assert await slash(mm, app, "bob", "admin annonce ../personnes") == (
        "Donnez le nom d'une fiche du dossier des postes : `admin annonce FICHE`."
    )
    assert await slash(mm, app, "bob", "admin annonce absente") == (
        "Aucune fiche `absente` dans le dossier des postes."
    )
    report = await slash(mm, app, "bob", "admin rapport")
    assert report.startswith("**Rapport de betabot du ")
    assert mm.posts_in(CHANNEL) == []  # all of it ephemeral


async def test_an_admin_command_in_a_channel_points_to_the_private_ways(
    mm: FakeMattermost, app: App
) -> None:
    post = await mm.post_as("bob", CHANNEL, "@betabot admin statut")
    assert (await mm.wait_for_reply(post))["message"] == ADMIN_ELSEWHERE
    await app.feedback.wait_handled(answers=1, reactions=0, timeout_s=5)
    assert app.store.execute("SELECT count(*) FROM questions", {}) == [(0,)]
