"""Prometheus metrics on a dedicated registry, rendered for `GET /metrics`."""

import platform

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
)
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest

from bot import __version__

# `*_created` series carry the process start time: noise for our dashboards, and they make the
# exposition non-deterministic. The switch is process-wide; betabot is its only user.
disable_created_metrics()  # type: ignore[no-untyped-call]  # untyped upstream

# The classic text format: what generate_latest() writes, read by every Prometheus version.
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
LATENCY_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """Every counter and histogram the bot exposes, on its own registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        """Register the metrics on `registry` (a new one by default)."""
        self.registry = registry or CollectorRegistry(auto_describe=True)
        r = self.registry
        self.questions = Counter(
            "betabot_questions", "Questions answered, by intent.", ["intent"], registry=r
        )
        self.not_understood = Counter(
            "betabot_questions_not_understood", "Questions the bot did not understand.", registry=r
        )
        self.reply_latency = Histogram(
            "betabot_reply_latency_seconds",
            "From the message's arrival to the reply's delivery, by transport.",
            ["transport"],
            buckets=LATENCY_BUCKETS_S,
            registry=r,
        )
        self.websocket_reconnects = Counter(
            "betabot_websocket_reconnects", "Websocket reconnections.", registry=r
        )
        self.rest_retries = Counter(
            "betabot_rest_retries", "REST calls retried, by HTTP status.", ["status"], registry=r
        )
        self.announcements = Counter(
            "betabot_announcements_sent",
            "Job posting messages sent, by kind (announce, dm, digest, remind).",
            ["kind"],
            registry=r,
        )
        self.knowledge_reload_errors = Counter(
            "betabot_knowledge_reload_errors", "Knowledge reloads that failed.", registry=r
        )
        self.config_problems = Counter(
            "betabot_config_problems",
            "Configured channels found unusable at start-up, by variable.",
            ["variable"],
            registry=r,
        )
        self.failures = Counter(
            "betabot_failures",
            "Errors caught at a loop boundary (then retried or restarted), by loop.",
            ["loop"],
            registry=r,
        )
        self.feedback = Counter(
            "betabot_feedback",
            "Reactions on the bot's answers, by vote (up, down) and change (added, removed).",
            ["vote", "change"],
            registry=r,
        )
        self.build_info = Gauge(
            "betabot_build_info",
            "Always 1; the running betabot's version and Python version as labels.",
            ["version", "python"],
            registry=r,
        )
        self.build_info.labels(version=__version__, python=platform.python_version()).set(1)

    def count_question(self, intent: str, understood: bool = True) -> None:
        """Count one question by intent, and as not understood when it was not."""
        self.questions.labels(intent=intent).inc()
        if not understood:
            self.not_understood.inc()

    def observe_reply(self, latency_s: float, transport: str) -> None:
        """Record one reply's latency in seconds."""
        self.reply_latency.labels(transport=transport).observe(latency_s)

    def count_reconnect(self) -> None:
        """Count one websocket reconnection."""
        self.websocket_reconnects.inc()

    def count_rest_retry(self, status: int) -> None:
        """Count one REST retry caused by `status` (429, 503…)."""
        self.rest_retries.labels(status=str(status)).inc()

    def count_announcement(self, kind: str) -> None:
        """Count one job posting message sent (announce, dm, digest, remind)."""
        self.announcements.labels(kind=kind).inc()

    def count_failure(self, loop: str) -> None:
        """Count one error caught by `loop` (websocket, seen, reload, purge, jobs, replies)."""
        self.failures.labels(loop=loop).inc()

    def count_reload_error(self) -> None:
        """Count one failed knowledge reload."""
        self.knowledge_reload_errors.inc()

    def count_config_problem(self, variable: str) -> None:
        """Count one configured item (e.g. BETABOT_ANNOUNCE_CHANNEL) found unusable."""
        self.config_problems.labels(variable=variable).inc()

    def count_feedback(self, vote: int, added: bool) -> None:
        """Count one 👍 (vote > 0) or 👎 reaction added to, or removed from, an answer."""
        change = "added" if added else "removed"
        self.feedback.labels(vote="up" if vote > 0 else "down", change=change).inc()

    def render(self) -> bytes:
        """The registry in the Prometheus text exposition format."""
        return generate_latest(self.registry)


METRICS = Metrics()  # the process-wide instance the app records into


def render() -> bytes:
    """The process-wide metrics in the Prometheus text exposition format."""
    return METRICS.render()
