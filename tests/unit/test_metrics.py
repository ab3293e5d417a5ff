import platform

from bot import __version__
from bot.telemetry.metrics import CONTENT_TYPE, Metrics

EMPTY = """\
# HELP betabot_questions_total Questions answered, by intent.
# TYPE betabot_questions_total counter
# HELP betabot_questions_not_understood_total Questions the bot did not understand.
# TYPE betabot_questions_not_understood_total counter
betabot_questions_not_understood_total 0.0
# HELP betabot_reply_latency_seconds From the message's arrival to the reply's delivery, by transport.
# TYPE betabot_reply_latency_seconds histogram
# HELP betabot_websocket_reconnects_total Websocket reconnections.
# TYPE betabot_websocket_reconnects_total counter
betabot_websocket_reconnects_total 0.0
# HELP betabot_rest_retries_total REST calls retried, by HTTP status.
# TYPE betabot_rest_retries_total counter
# HELP betabot_announcements_sent_total Job posting messages sent, by kind (announce, dm, digest, remind).
# TYPE betabot_announcements_sent_total counter
# HELP betabot_knowledge_reload_errors_total Knowledge reloads that failed.
# TYPE betabot_knowledge_reload_errors_total counter
betabot_knowledge_reload_errors_total 0.0
# HELP betabot_config_problems_total Configured channels found unusable at start-up, by variable.
# TYPE betabot_config_problems_total counter
# HELP betabot_failures_total Errors caught at a loop boundary (then retried or restarted), by loop.
# TYPE betabot_failures_total counter
# HELP betabot_feedback_total Reactions on the bot's answers, by vote (up, down) and change (added, removed).
# TYPE betabot_feedback_total counter
# HELP betabot_build_info Always 1; the running betabot's version and Python version as labels.
# TYPE betabot_build_info gauge
betabot_build_info{python="PYTHON",version="VERSION"} 1.0
""".replace("PYTHON", platform.python_version()).replace("VERSION", __version__)  # noqa: E501 - exposition lines are as long as the help texts


def test_fresh_metrics_expose_every_family_at_zero() -> None:
    assert Metrics().render().decode() == EMPTY


def test_recorded_events_appear_in_the_exposition() -> None:
    metrics = Metrics()
    metrics.count_question("who")
    metrics.count_question("who")
    metrics.count_question("unknown", understood=False)
    metrics.observe_reply(0.003, "websocket")
    metrics.observe_reply(0.2, "websocket")
    metrics.count_reconnect()
    metrics.count_rest_retry(429)
    metrics.count_rest_retry(503)
    metrics.count_rest_retry(429)
    metrics.count_announcement("announce")
    metrics.count_reload_error()
    metrics.count_config_problem("BETABOT_ANNOUNCE_CHANNEL")
    metrics.count_failure("seen")
    lines = set(metrics.render().decode().splitlines())
    expected = {
        'betabot_questions_total{intent="who"} 2.0',
        'betabot_questions_total{intent="unknown"} 1.0',
        "betabot_questions_not_understood_total 1.0",
        'betabot_reply_latency_seconds_bucket{le="0.005",transport="websocket"} 1.0',
        'betabot_reply_latency_seconds_bucket{le="0.1",transport="websocket"} 1.0',
        'betabot_reply_latency_seconds_bucket{le="0.25",transport="websocket"} 2.0',
        'betabot_reply_latency_seconds_bucket{le="+Inf",transport="websocket"} 2.0',
        'betabot_reply_latency_seconds_count{transport="websocket"} 2.0',
        'betabot_reply_latency_seconds_sum{transport="websocket"} 0.203',
        "betabot_websocket_reconnects_total 1.0",
        'betabot_rest_retries_total{status="429"} 2.0',
        'betabot_rest_retries_total{status="503"} 1.0',
        'betabot_announcements_sent_total{kind="announce"} 1.0',
        "betabot_knowledge_reload_errors_total 1.0",
        'betabot_config_problems_total{variable="BETABOT_ANNOUNCE_CHANNEL"} 1.0',
        'betabot_failures_total{loop="seen"} 1.0',
    }
    assert expected - lines == set()
    assert not any("_created" in line for line in lines)


def test_two_metrics_instances_do_not_share_counts() -> None:
    first, second = Metrics(), Metrics()
    first.count_reconnect()
    assert "betabot_websocket_reconnects_total 0.0" in second.render().decode().splitlines()


def test_content_type_is_the_prometheus_text_format() -> None:
    assert CONTENT_TYPE == "text/plain; version=0.0.4; charset=utf-8"


def test_feedback_is_counted_by_vote_and_change() -> None:
    metrics = Metrics()
    metrics.count_feedback(1, added=True)
    metrics.count_feedback(1, added=False)
    metrics.count_feedback(-1, added=True)
    metrics.count_feedback(-1, added=True)
    lines = [line for line in metrics.render().decode().splitlines() if "feedback_total{" in line]
    assert lines == [
        'betabot_feedback_total{change="added",vote="up"} 1.0',
        'betabot_feedback_total{change="removed",vote="up"} 1.0',
        'betabot_feedback_total{change="added",vote="down"} 2.0',
    ]
