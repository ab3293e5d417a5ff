"""Settings of issue 5: log format, rate limit, admin channel, reload interval."""

import pytest

from bot.service.config import load_settings
from bot.service.env_values import ConfigError

BASE = {
    "MATTERMOST_URL": "https://mattermost.example.org",
    "MATTERMOST_TOKEN": "bot-token",
    "MATTERMOST_TEAM": "communaute",
}


def test_reliability_defaults(tmp_path):
    settings = load_settings(BASE, env_file=tmp_path / ".env")
    assert (
        settings.log_format,
        settings.rate_limit_per_minute,
        settings.admin_channel,
        settings.reload_interval_s,
    ) == ("text", 10, "", 3.0)


def test_reliability_variables_are_read(tmp_path):
    env = {
        **BASE,
        "BETABOT_LOG_FORMAT": "JSON",
        "BETABOT_RATE_LIMIT_PER_MINUTE": "0",
        "BETABOT_ADMIN_CHANNEL": "~betabot-admin",
        "BETABOT_RELOAD_INTERVAL_S": "10",
    }
    settings = load_settings(env, env_file=tmp_path / ".env")
    assert (
        settings.log_format,
        settings.rate_limit_per_minute,
        settings.admin_channel,
        settings.reload_interval_s,
    ) == ("json", 0, "betabot-admin", 10.0)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("BETABOT_LOG_FORMAT", "xml", "BETABOT_LOG_FORMAT invalide : attendu text ou json."),
        (
            "BETABOT_RATE_LIMIT_PER_MINUTE",
            "-1",
            "BETABOT_RATE_LIMIT_PER_MINUTE invalide : attendu un nombre entier positif ou nul.",
        ),
        (
            "BETABOT_RELOAD_INTERVAL_S",
            "vite",
            "BETABOT_RELOAD_INTERVAL_S invalide : attendu un nombre entier positif ou nul.",
        ),
    ],
)
def test_malformed_reliability_variable_is_one_french_line(tmp_path, name, value, message):
    with pytest.raises(ConfigError) as caught:
        load_settings({**BASE, name: value}, env_file=tmp_path / ".env")
    assert str(caught.value) == message
