"""Settings for an App run in-process against the fake Mattermost server."""

from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.service.app import App
from bot.service.config import Settings, default_knowledge_dir, parse_server_url
from tests.fake_mattermost.seed import BOT_TOKEN
from tests.fake_mattermost.server import FakeMattermost


def app_settings(
    mm: FakeMattermost, tmp_path: Path, slash_token: str = "", **overrides: Any
) -> Settings:
    """The shipped knowledge, a fresh SQLite file, HTTP on a free loopback port."""
    knowledge = default_knowledge_dir()
    base = Settings(
        server=parse_server_url(mm.url),
        mattermost_token=BOT_TOKEN,
        mattermost_team=mm.team["name"],
        slash_token=slash_token,
        http_host="127.0.0.1",
        http_port=0,
        database_url=f"sqlite:///{tmp_path / 'betabot.sqlite3'}",
        knowledge_dir=knowledge,
        postes_dir=knowledge / "postes",
    )
    return replace(base, **overrides)


async def started(settings: Settings, mm: FakeMattermost) -> App:
    """The real app, started and connected to the fake server."""
    app = App(settings)
    await app.start()
    await mm.wait_for_connection("betabot")
    return app
