"""The fake's people: names, deactivation, lookups, search, memberships, and which text mentions.

The mention rules are the server's (getExplicitMentions reads only Markdown text nodes): the
renderer relies on them to link a person without notifying them.
"""

import pytest

from bot.mattermost.client import MattermostClient, MattermostError
from bot.mattermost.people import User, search_users, site_url, users_by_usernames
from bot.service.config import parse_server_url
from tests.fake_mattermost.seed import BOT_TOKEN


@pytest.mark.parametrize(
    ("message", "mentioned"),
    [
        ("demandez à @bob", ["bob"]),
        ("[Bob](/betagouv/messages/@bob)", []),
        ("[Bob](https://mm.example.org/betagouv/messages/@bob)", []),
        ("**[Bob](https://mm.example.org/betagouv/messages/@bob)**", []),
        ("[@bob](https://mm.example.org/betagouv/messages/@bob)", ["bob"]),  # link text is text
        ("`@bob` et\n```\n@bob\n```", []),
        ("<https://mm.example.org/@bob>", []),
        ("Bob (@bob).", ["bob"]),
    ],
)
async def test_only_markdown_text_mentions_like_the_real_server(mm, message, mentioned):
    post = await mm.post_as("alice", "incubateur-animation", message)
    bob = mm.user("bob")["id"]
    assert [u for p, u in mm.mentions if p == post["id"]] == ([bob] if mentioned else [])


@pytest.fixture
async def client(mm):
    opened = MattermostClient(parse_server_url(mm.url), BOT_TOKEN)
    yield opened
    await opened.aclose()


async def test_users_by_usernames_returns_deactivated_accounts_too(mm, client):
    mm.add_user("mael.inizan", first_name="Maël", last_name="Inizan")
    mm.deactivate("mael.inizan")
    found = await users_by_usernames(client, ["mael.inizan", "nobody", "alice"])
    assert sorted(found, key=lambda u: u.username) == [
        User(mm.user("alice")["id"], "alice", "Alice", ""),
        User(mm.user("mael.inizan")["id"], "mael.inizan", "Maël", "Inizan", active=False),
    ]
    [request] = [r for r in mm.requests if r.path == "/api/v4/users/usernames"]
    assert request.json() == ["mael.inizan", "nobody", "alice"]


async def test_search_matches_each_word_at_the_start_of_a_name(mm, client):
    mm.add_user("mael.inizan", first_name="Maël", last_name="Inizan")
    mm.add_user("mi", first_name="Maëlle", last_name="Inizanne")
    mm.add_user("other", first_name="Maël", last_name="Autre")
    found = await search_users(client, "Maël Inizan")
    assert [u.username for u in found] == ["mael.inizan", "mi"]
    assert await search_users(client, "Maelle Inizanne") == []  # accents count, as SQL LIKE
    [request] = [r for r in mm.requests if r.path == "/api/v4/users/search"][:1]
    assert request.json() == {"term": "Maël Inizan", "allow_inactive": True, "limit": 20}


async def test_site_url_comes_from_the_client_config(mm, client):
    assert await site_url(client) == ""
    mm.site_url = "https://mattermost.example.org"
    assert await site_url(client) == "https://mattermost.example.org"


async def test_team_and_channel_membership_answer_a_member_or_404(mm, client):
    team_id = mm.team["id"]
    bot = mm.user("betabot")["id"]
    member = await client.request("GET", f"/teams/{team_id}/members/{bot}")
    assert (member["team_id"], member["user_id"], member["roles"]) == (team_id, bot, "team_user")
    channel = mm.channel("incubateur-animation")["id"]
    member = await client.request("GET", f"/channels/{channel}/members/me")
    assert (member["channel_id"], member["user_id"]) == (channel, bot)
    mm.remove_member("incubateur-animation", "betabot")
    mm.remove_from_team("betabot")
    for path in (f"/teams/{team_id}/members/{bot}", f"/channels/{channel}/members/me"):
        with pytest.raises(MattermostError) as raised:
            await client.request("GET", path)
        assert raised.value.status == 404


async def test_command_list_hides_urls_from_those_who_cannot_manage_commands(mm, client):
    admin = MattermostClient(parse_server_url(mm.url), mm.token_of("admin"))
    try:
        body = {"team_id": mm.team["id"], "trigger": "beta", "method": "P", "auto_complete": True}
        await admin.request("POST", "/commands", body | {"url": "https://bot.example.org/s"})
        [seen_by_admin] = await admin.request(
            "GET", "/commands", params={"team_id": body["team_id"]}
        )
    finally:
        await admin.aclose()
    [seen_by_bot] = await client.request("GET", "/commands", params={"team_id": body["team_id"]})
    assert (seen_by_admin["url"], seen_by_admin["token"] != "") == (
        "https://bot.example.org/s",
        True,
    )
    assert (seen_by_bot["trigger"], seen_by_bot["url"], seen_by_bot["token"]) == ("beta", "", "")
    with pytest.raises(MattermostError) as raised:
        await client.request(
            "GET", "/commands", params={"team_id": body["team_id"], "custom_only": "true"}
        )
    assert raised.value.status == 403
