"""What the bot posts of its own accord: keyed messages once, the report, the announcements.

`Outgoing` is a part of `app.App` (its methods read the app's settings, client, store and
feedback, as `_Wired` says); `announce_config()` turns the settings into the announcer's plain
values (`postes` never imports the service).
"""

from typing import Protocol

from bot.knowledge.text import fold
from bot.mattermost.client import MattermostClient
from bot.postes.announcer import AnnounceConfig
from bot.postes.outbox import Outbox
from bot.postes.weekly import WeeklyPost
from bot.service.config import Settings
from bot.service.feedback import Feedback
from bot.service.report import weekly_text
from bot.store.store import Store


class _Wired(Protocol):
    """What `Outgoing`'s methods read of the app."""

    settings: Settings
    client: MattermostClient
    holder: str

    @property
    def store(self) -> Store: ...

    @property
    def feedback(self) -> Feedback: ...

    def outbox(self) -> Outbox: ...


class Outgoing:
    """The app's own posts: an outbox as this replica, the maintainers' weekly report."""

    def outbox(self: _Wired) -> Outbox:
        """Posts keyed messages exactly once, as this replica (not counted as job postings)."""
        settings = self.settings
        return Outbox(
            self.store, self.client, settings.mattermost_team, self.holder, settings.claim_lease_s
        )

    def weekly_report(self: _Wired) -> WeeklyPost:
        """The maintainers' weekly report to BETABOT_ADMIN_CHANNEL, on BETABOT_REPORT_CRON."""
        settings = self.settings
        compose = weekly_text(self.feedback.log)
        return WeeklyPost(
            self.outbox(), "report", settings.report_cron, settings.admin_channel, compose
        )


def announce_config(settings: Settings) -> AnnounceConfig:
    """The announcement part of the bot's settings, as the announcer's plain values."""
    return AnnounceConfig(
        team=settings.mattermost_team,
        channel=settings.announce_channel,
        domain_channels={fold(domain): name for domain, name in settings.announce_channels},
        interval_s=settings.postes_interval_s,
        digest_cron=settings.digest_cron,
        lease_s=settings.claim_lease_s,
    )
