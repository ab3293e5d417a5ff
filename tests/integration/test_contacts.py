"""People's handles: found on the fake server, cached, rendered as DM links, stale ones reported."""

import asyncio
import hashlib
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.answers import phrases
from bot.answers.directory import Handle
from bot.knowledge.model import Knowledge, Person
from bot.mattermost.client import MattermostClient
from bot.service.app import App
from bot.service.config import Settings, parse_server_url
from bot.service.contacts import report_lines, resolve, stale_message, usernames_for
from bot.service.contacts_keeper import ContactsKeeper
from tests.app_settings import app_settings
from tests.fake_mattermost.seed import BOT_TOKEN
from tests.fake_mattermost.server import FakeMattermost

SITE = "https://mattermost.example.org"
ROUND_TIMEOUT_S = 10.0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Maël Inizan", ["mael.inizan"]),
        ("Hughes Le Chevallier", ["hughes.le-chevallier", "hughes.lechevallier"]),
        ("Jean-Marc D'Arc", ["jean-marc.d-arc", "jean-marc.darc"]),
        ("Chaïb Martinez", ["chaib.martinez"]),
        ("Cœur", []),
    ],
)
def test_convention_usernames_fold_accents_and_join_words_with_hyphens(name, expected):
    assert usernames_for(name) == expected


@pytest.fixture
async def client(mm: FakeMattermost) -> AsyncIterator[MattermostClient]:
    opened = MattermostClient(parse_server_url(mm.url), BOT_TOKEN)
    yield opened
    await opened.aclose()


def _calls(mm: FakeMattermost, route: str) -> int:
    method, path = route.split(" ")
    return sum(1 for r in mm.requests if r.method == method and r.path == path)


async def test_resolution_by_yaml_convention_search_and_its_failures(mm, client):
    mm.add_user("mael.inizan", first_name="Maël", last_name="Inizan")
    mm.add_user("elsa.le-duigou", first_name="Elsa", last_name="Le Duigou")
    mm.add_user("jdupont", first_name="Jeanne", last_name="Dupont")  # not the convention
    mm.add_user("paul.martin", first_name="Paul", last_name="Martin")
    mm.deactivate("paul.martin")
    mm.add_user("a.durand", first_name="Anne", last_name="Durand")
    mm.add_user("anne.durand2", first_name="Anne", last_name="Durand")  # two Anne Durand
    mm.add_user("cto", first_name="Julien", last_name="B")
    people = [
        Person("mael-inizan", "Maël Inizan"),
        Person("elsa-le-duigou", "Elsa Le Duigou"),
        Person("jeanne-dupont", "Jeanne Dupont"),
        Person("paul-martin", "Paul Martin"),
        Person("anne-durand", "Anne Durand"),
        Person("julien", "Julien Bouquillon", mattermost="cto"),
        Person("typo", "Typo Ici", mattermost="nobody.here"),
        Person("absent", "Personne Absente"),
    ]
    handles = await resolve(client, people)
    users = {u: mm.user(u)["id"] for u in ("mael.inizan", "elsa.le-duigou", "jdupont", "cto")}
    assert handles == [
        Handle("mael-inizan", "mael.inizan", users["mael.inizan"], "convention", "ok"),
        Handle("elsa-le-duigou", "elsa.le-duigou", users["elsa.le-duigou"], "convention", "ok"),
        Handle("jeanne-dupont", "jdupont", users["jdupont"], "search", "ok"),
        Handle(
            "paul-martin", "paul.martin", mm.user("paul.martin")["id"], "convention", "deactivated"
        ),
        Handle("anne-durand", "", "", "", "missing"),
        Handle("julien", "cto", users["cto"], "yaml", "ok"),
        Handle("typo", "", "", "yaml", "missing"),
        Handle("absent", "", "", "", "missing"),
    ]
    assert _calls(mm, "POST /api/v4/users/usernames") == 1  # every candidate in one batch
    assert report_lines(people, handles) == [
        "✓ mael-inizan     Maël Inizan : @mael.inizan (convention)",
        "✓ elsa-le-duigou  Elsa Le Duigou : @elsa.le-duigou (convention)",
        "✓ jeanne-dupont   Jeanne Dupont : @jdupont (recherche)",
        "✗ paul-martin     Paul Martin : désactivé (@paul.martin, convention)",
        "✗ anne-durand     Anne Durand : introuvable",
        "✓ julien          Julien Bouquillon : @cto (YAML)",
        "✗ typo            Typo Ici : introuvable (l'identifiant mattermost: du YAML n'existe pas)",
        "✗ absent          Personne Absente : introuvable",
    ]


async def test_search_without_accents_finds_a_profile_typed_without_them(mm, client):
    mm.add_user("mael", first_name="Mael", last_name="Inizan")
    [handle] = await resolve(client, [Person("mael-inizan", "Maël Inizan")])
    assert handle == Handle("mael-inizan", "mael", mm.user("mael")["id"], "search", "ok")


def test_stale_message_names_each_person_without_any_at_sign():
    people = [Person("paul-martin", "Paul Martin"), Person("absent", "Personne Absente")]
    handles = [
        Handle("paul-martin", "paul.martin", "p" * 26, "convention", "deactivated"),
        Handle("absent"),
    ]
    assert stale_message(people, handles) == (
        "Contacts à vérifier dans `knowledge/personnes.yaml` : ces personnes sont nommées sans "
        "lien dans les réponses (le contact de leur pôle est donné à la place).\n"
        "- Paul Martin (`paul-martin`) : désactivé (paul.martin, convention)\n"
        "- Personne Absente (`absent`) : introuvable\n"
        "Corrigez `mattermost:` ou retirez la personne, puis `betabot contacts`."
    )


# --- the running bot ---


def _people(mm: FakeMattermost) -> None:
    """Accounts named after the knowledge's people, in the channel where questions are asked."""
    mm.site_url = SITE
    mm.add_user("mael.inizan", first_name="Maël", last_name="Inizan")
    mm.add_user("julien.bouquillon", first_name="Julien", last_name="Bouquillon")
    mm.add_member("incubateur-animation", "mael.inizan")
    mm.add_member("incubateur-animation", "julien.bouquillon")


@pytest.fixture
def settings(mm: FakeMattermost, tmp_path: Path) -> Settings:
    _people(mm)
    return app_settings(mm, tmp_path)


async def _started(settings: Settings, mm: FakeMattermost, rounds: int = 1) -> App:
    app = App(settings)
    await app.start()
    await mm.wait_for_connection("betabot", timeout=5)
    assert app.contacts is not None
    await asyncio.wait_for(app.contacts.wait_rounds(rounds), ROUND_TIMEOUT_S)
    return app


QUI_LOGEMENT = (
    "Pour le ministère du Logement, votre contact à l'incubateur : **[Maël Inizan](https://mattermost.example.org/betagouv/messages/@mael.inizan)**\n"
    "- responsable de portefeuille ministériel — Pôle Partenariats : Logement\n"
    "- responsable du pôle, coach — Pôle Coaching produit\n"
    "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur ~incubateur-animation."
)
HINT = "\n" + phrases.FEEDBACK_HINT  # a channel thread's first answer asks for a reaction
QUI_CTO_DEPARTED = (
    "Le rôle de CTO de la communauté est tenu par **Julien Bouquillon**\n"
    "- référent technique (CTO) de la communauté — Pôle Animation et Expertises\n"
    "Pôle Animation et Expertises : animation@beta.gouv.fr ou directement sur Mattermost.\n"
    "Sinon, écrivez à dinum@beta.gouv.fr ou passez sur ~incubateur-animation."
)


async def test_qui_logement_links_a_dm_with_mael_and_notifies_nobody(mm, settings):
    app = await _started(settings, mm)
    try:
        post = await mm.post_as("alice", "incubateur-animation", "@betabot qui logement")
        reply = await mm.wait_for_reply(post, timeout=5)
    finally:
        await app.stop()
    assert reply["message"] == QUI_LOGEMENT + HINT
    assert mm.mentions_of("mael.inizan") == []
    assert [p["id"] for p in mm.mentions_of("betabot")] == [post["id"]]  # the fake does count


async def test_mention_style_mentions_mael_for_real(mm, settings):
    app = await _started(replace(settings, contact_style="mention"), mm)
    try:
        post = await mm.post_as("alice", "incubateur-animation", "@betabot qui logement")
        reply = await mm.wait_for_reply(post, timeout=5)
    finally:
        await app.stop()
    assert reply["message"].split("\n")[0] == (
        "Pour le ministère du Logement, votre contact à l'incubateur : "
        "**Maël Inizan** (@mael.inizan)"
    )
    assert [p["id"] for p in mm.mentions_of("mael.inizan")] == [reply["id"]]


async def test_departed_person_is_reported_once_and_answered_with_the_pole_contact(mm, tmp_path):
    _people(mm)
    mm.deactivate("julien.bouquillon")
    mm.add_channel("betabot-admin", members=["betabot", "admin"])
    settings = app_settings(mm, tmp_path, admin_channel="betabot-admin")
    app = await _started(settings, mm)
    try:
        post = await mm.post_as(
            "alice", "incubateur-animation", "@betabot qui est le CTO de la communauté"
        )
        reply = await mm.wait_for_reply(post, timeout=5)
    finally:
        await app.stop()
    assert reply["message"] == QUI_CTO_DEPARTED + HINT
    [notice] = mm.posts_in("betabot-admin")
    assert (
        "- Julien Bouquillon (`julien-bouquillon`) : désactivé (julien.bouquillon, "
        in (notice["message"])
    )
    app = await _started(settings, mm)  # a restart: same stale list, no second message
    await app.stop()
    assert len(mm.posts_in("betabot-admin")) == 1


async def test_restart_answers_with_links_from_the_cache_while_the_server_cannot_resolve(
    mm, settings
):
    app = await _started(settings, mm)
    await app.stop()
    mm.fail_next("POST /api/v4/users/usernames", status=500, times=100)
    app = await _started(settings, mm)  # its own resolution fails: the cache answers
    try:
        post = await mm.post_as("alice", "incubateur-animation", "@betabot qui logement")
        reply = await mm.wait_for_reply(post, timeout=5)
    finally:
        await app.stop()
    assert reply["message"] == QUI_LOGEMENT + HINT


# --- the stale list in the admin channel: once per change ---


async def test_stale_list_is_told_once_per_change_even_across_restarts(mm, client, store):
    mm.add_user("mael.inizan", first_name="Maël", last_name="Inizan")
    mm.add_user("paul.martin", first_name="Paul", last_name="Martin")
    mm.deactivate("paul.martin")
    people = {
        "mael-inizan": Person("mael-inizan", "Maël Inizan"),
        "paul-martin": Person("paul-martin", "Paul Martin"),
    }
    told: list[str] = []

    async def notify(key: str, message: str) -> None:
        told.append(message)

    async def refresh() -> ContactsKeeper:
        keeper = ContactsKeeper(store, client, "lien", "betagouv", notify)  # a fresh process
        await keeper.load_cache()
        keeper.set_knowledge(Knowledge(people=people))
        await keeper.refresh()
        return keeper

    keeper = await refresh()
    assert keeper.directory.reachable("mael-inizan") is not None
    assert keeper.directory.reachable("paul-martin") is None
    await refresh()  # same list after a restart: nothing more
    assert [m.splitlines()[1] for m in told] == [
        "- Paul Martin (`paul-martin`) : désactivé (paul.martin, convention)"
    ]
    mm.world.users[mm.user("paul.martin")["id"]]["delete_at"] = 0  # reactivated
    keeper = await refresh()
    assert told[1:] == [
        "Contacts : toutes les personnes des connaissances ont un compte Mattermost actif."
    ]
    assert keeper.directory.reachable("paul-martin") is not None
    await refresh()
    assert len(told) == 2


async def test_a_stale_list_saved_by_the_previous_version_is_not_told_again(mm, client, store):
    mm.add_user("paul.martin", first_name="Paul", last_name="Martin")
    mm.deactivate("paul.martin")
    paul = Person("paul-martin", "Paul Martin")
    told: list[str] = []

    async def notify(key: str, message: str) -> None:
        told.append(key)

    keeper = ContactsKeeper(store, client, "lien", "betagouv", notify)
    keeper.set_knowledge(Knowledge(people={"paul-martin": paul}))
    row = "paul-martin:deactivated:paul.martin"
    saved = hashlib.sha256(row.encode()).hexdigest()
    store.set_state("contacts:stale", saved)  # a bare fingerprint: before changes were numbered
    await keeper.refresh()
    assert told == []
    mm.world.users[mm.user("paul.martin")["id"]]["delete_at"] = 0  # reactivated
    await keeper.refresh()
    assert told == [f"contacts-stale:1:{hashlib.sha256(b'').hexdigest()[:16]}"]
    assert store.get_state("contacts:stale") == f"1:{hashlib.sha256(b'').hexdigest()}"


async def test_a_first_resolution_with_nobody_stale_tells_nothing(mm, client, store):
    mm.add_user("mael.inizan", first_name="Maël", last_name="Inizan")
    told: list[str] = []

    async def notify(key: str, message: str) -> None:
        told.append(message)

    keeper = ContactsKeeper(store, client, "lien", "betagouv", notify)
    keeper.set_knowledge(Knowledge(people={"m": Person("m", "Maël Inizan")}))
    await keeper.refresh()
    assert told == []


async def test_unreadable_site_url_still_resolves_with_relative_links(mm, client, store):
    mm.add_user("mael.inizan", first_name="Maël", last_name="Inizan")
    mm.fail_next("GET /api/v4/config/client", status=403, times=1)
    keeper = ContactsKeeper(store, client, "lien", "betagouv")
    keeper.set_knowledge(Knowledge(people={"mael-inizan": Person("mael-inizan", "Maël Inizan")}))
    await keeper.refresh()
    assert keeper.directory.site_url == ""
    assert keeper.directory.reachable("mael-inizan") is not None
