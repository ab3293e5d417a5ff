"""Per-user flood control: a sliding window of questions, one warning, then silence.

Pure: the caller passes `now` (seconds, any monotonic origin). Refused questions do not
count towards the window, so a user who keeps asking is served again as soon as their
oldest accepted question is older than the window.
"""

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from bot.answers.phrases import SLOW_DOWN_MESSAGE

__all__ = ["DEFAULT_LIMIT_PER_MINUTE", "SLOW_DOWN_MESSAGE", "WINDOW_S", "FloodGate", "Verdict"]

DEFAULT_LIMIT_PER_MINUTE = 10
WINDOW_S = 60.0
# Forget idle users after this many checks, so that memory stays bounded by active users.
_SWEEP_EVERY_CHECKS = 1000

Verdict = Literal["answer", "warn", "silence"]


@dataclass
class _Window:
    accepted: deque[float] = field(default_factory=deque)
    warned_until: float = float("-inf")


@dataclass
class FloodGate:
    """Decide, per user, whether to answer, warn once, or stay silent.

    `limit_per_minute` questions are answered in any sliding window of `window_s` seconds;
    the next one gets the warning (`"warn"`), and later ones get `"silence"` until the window
    frees a slot. A limit of 0 or less turns flood control off.
    """

    limit_per_minute: int = DEFAULT_LIMIT_PER_MINUTE
    window_s: float = WINDOW_S
    _users: dict[str, _Window] = field(default_factory=dict, repr=False)
    _checks: int = field(default=0, repr=False)

    def check(self, user_id: str, now: float) -> Verdict:
        """Record a question from `user_id` at `now` and say how to treat it."""
        if self.limit_per_minute <= 0:
            return "answer"
        self._checks += 1
        if self._checks % _SWEEP_EVERY_CHECKS == 0:
            self.sweep(now)
        window = self._users.setdefault(user_id, _Window())
        _expire(window.accepted, now - self.window_s)
        if len(window.accepted) < self.limit_per_minute:
            window.accepted.append(now)
            return "answer"
        if now < window.warned_until:
            return "silence"
        # One warning per saturated window: silent until the oldest question expires.
        window.warned_until = window.accepted[0] + self.window_s
        return "warn"

    def tracked_users(self) -> int:
        """How many users currently have state (for tests and metrics)."""
        return len(self._users)

    def sweep(self, now: float) -> None:
        """Forget users with no question in the window and no running warning."""
        horizon = now - self.window_s
        idle = [
            user_id
            for user_id, window in self._users.items()
            if (not window.accepted or window.accepted[-1] <= horizon)
            and window.warned_until <= now
        ]
        for user_id in idle:
            del self._users[user_id]


def _expire(accepted: deque[float], horizon: float) -> None:
    while accepted and accepted[0] <= horizon:
        accepted.popleft()
