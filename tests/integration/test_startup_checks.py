"""`betabot run` checks its configured channels once connected, and keeps answering."""

import logging

from bot.service.app import App
from bot.telemetry.metrics import METRICS
from tests.app_settings import app_settings

CONFIG_NOTICE = (
    "Configuration à corriger (le bot répond toujours aux questions) :\n"
    "- BETABOT_ANNOUNCE_CHANNEL=incubateur-embauch : canal introuvable dans l'équipe betagouv "
    "(vérifiez son nom d'URL).\n"
    "- BETABOT_ANNOUNCE_CHANNELS=incubateur-embauche-design : le bot n'en est pas membre : "
    "`/invite @betabot` dans ~incubateur-embauche-design.\n"
    "Vérifiez tout avec `betabot doctor`."
)


def _problems(variable: str) -> float:
    value = METRICS.registry.get_sample_value(
        "betabot_config_problems_total", {"variable": variable}
    )
    return value or 0.0


async def test_misspelled_channel_is_one_log_line_a_metric_and_an_admin_notice(
    mm, tmp_path, caplog
):
    mm.add_channel("incubateur-embauche-design", members=["alice"])
    mm.add_channel("betabot-admin", members=["betabot", "admin"])
    settings = app_settings(
        mm,
        tmp_path,
        announce_channel="incubateur-embauch",
        announce_channels=(("design", "incubateur-embauche-design"),),
        admin_channel="betabot-admin",
    )
    before = _problems("BETABOT_ANNOUNCE_CHANNEL")
    caplog.set_level(logging.WARNING, logger="bot.service.channels")
    app = App(settings)
    await app.start()
    try:
        notice = await mm.wait_until(
            lambda: next(
                (p for p in mm.posts_in("betabot-admin") if "Configuration" in p["message"]), None
            ),
            5,
            lambda: f"no configuration notice in betabot-admin: {mm.posts_in('betabot-admin')}",
        )
        # The first start on a database has no history to backfill: ask once connected.
        await mm.wait_for_connection("betabot")
        post = await mm.post_as("alice", "incubateur-animation", "@betabot qui logement")
        reply = await mm.wait_for_reply(post, timeout=5)
    finally:
        await app.stop()
    assert notice["message"] == CONFIG_NOTICE
    assert reply["message"].startswith(
        "Pour le ministère du Logement, votre contact à l'incubateur : **Maël Inizan**"
    )
    assert [r.getMessage() for r in caplog.records if r.name == "bot.service.channels"] == [
        "config: BETABOT_ANNOUNCE_CHANNEL=incubateur-embauch unusable in team betagouv: "
        "channel not found",
        "config: BETABOT_ANNOUNCE_CHANNELS=incubateur-embauche-design unusable in team "
        "betagouv: the bot is not a member of the channel",
    ]
    assert _problems("BETABOT_ANNOUNCE_CHANNEL") == before + 1
