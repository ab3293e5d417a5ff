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
            "BETABOT_RELOAD_INTERVAL_S invalide : attendu une durée non nulle, comme 3 (secondes), "
            "3s, 1m ou 1h.",
        ),
    ],
)
def test_malformed_reliability_variable_is_one_french_line(tmp_path, name, value, message):
    with pytest.raises(ConfigError) as caught:
        load_settings({**BASE, name: value}, env_file=tmp_path / ".env")
    assert str(caught.value) == message


DURATIONS = {
    "BETABOT_RELOAD_INTERVAL_S": "reload_interval_s",
    "BETABOT_POSTES_INTERVAL": "postes_interval_s",
    "BETABOT_CLAIM_LEASE_S": "claim_lease_s",
}


@pytest.mark.parametrize("name", DURATIONS)
@pytest.mark.parametrize(
    ("value", "seconds"),
    [("3", 3.0), ("3s", 3.0), ("1m", 60.0), (" 2 min ", 120.0), ("1h", 3600.0)],
)
def test_every_duration_variable_takes_seconds_minutes_or_hours(tmp_path, name, value, seconds):
    settings = load_settings({**BASE, name: value}, env_file=tmp_path / ".env")
    assert getattr(settings, DURATIONS[name]) == seconds


@pytest.mark.parametrize("name", DURATIONS)
@pytest.mark.parametrize("value", ["0", "0s", "-3", "3.5", "3 jours"])
def test_a_zero_or_malformed_duration_stops_start_up_with_one_french_line(tmp_path, name, value):
    with pytest.raises(ConfigError) as caught:
        load_settings({**BASE, name: value}, env_file=tmp_path / ".env")
    assert str(caught.value) == (
        f"{name} invalide : attendu une durée non nulle, comme 3 (secondes), 3s, 1m ou 1h."
    )
