"""The maintainers' loop in the store: questions not (well) understood, answers, votes.

Nothing here identifies the asker: a question is kept as its folded, masked text with a
count per day; a vote is kept under a per-answer pseudonym (a hash of the answer's post id
and the voter's id), only to count one vote per person per answer. Everything goes after
`RETENTION_DAYS`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from bot.store.store import Store

RETENTION_DAYS = 90  # questions, answers and votes are purged after this (README)

_RECORD = """
INSERT INTO questions (day, folded, intent, subject, closest, score, count)
VALUES (:day, :folded, :intent, :subject, :closest, :score, 1)
ON CONFLICT (day, folded) DO UPDATE
SET count = questions.count + 1, intent = excluded.intent, subject = excluded.subject,
    closest = excluded.closest, score = excluded.score
"""
_COUNT = """
INSERT INTO question_counts (day, intent, count) VALUES (:day, :intent, 1)
ON CONFLICT (day, intent) DO UPDATE SET count = question_counts.count + 1
"""
_ANSWER = """
INSERT INTO answers (post_id, intent, subject, at) VALUES (:post_id, :intent, :subject, :at)
ON CONFLICT (post_id) DO NOTHING
"""
_ANSWER_OF = "SELECT intent, subject FROM answers WHERE post_id = :post_id"
_VOTE = """
INSERT INTO votes (post_id, voter, vote, at) VALUES (:post_id, :voter, :vote, :at)
ON CONFLICT (post_id, voter) DO UPDATE SET vote = excluded.vote, at = excluded.at
WHERE votes.vote <> excluded.vote
RETURNING 1
"""
_UNVOTE = """
DELETE FROM votes WHERE post_id = :post_id AND voter = :voter AND vote = :vote RETURNING 1
"""
_QUESTIONS = """
SELECT day, folded, intent, subject, closest, score, count FROM questions
WHERE day >= :since AND day < :until ORDER BY day, folded
"""
_TOTALS = """
SELECT intent, SUM(count) FROM question_counts WHERE day >= :since AND day < :until
GROUP BY intent ORDER BY intent
"""
_FEEDBACK = """
SELECT a.intent, a.subject,
       SUM(CASE WHEN v.vote > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN v.vote < 0 THEN 1 ELSE 0 END)
FROM votes v JOIN answers a ON a.post_id = v.post_id
WHERE v.at >= :since AND v.at < :until
GROUP BY a.intent, a.subject ORDER BY a.intent, a.subject
"""
_PURGES = (
    "DELETE FROM questions WHERE day < :day RETURNING 1",
    "DELETE FROM question_counts WHERE day < :day RETURNING 1",
    "DELETE FROM votes WHERE at < :at RETURNING 1",
    "DELETE FROM answers WHERE at < :at RETURNING 1",
)
_CLOSEST_SEPARATOR = " | "


@dataclass(frozen=True)
class AskedQuestion:
    """A question as kept: folded and masked, what the bot made of it, how often it came."""

    folded: str
    intent: str
    subject: str
    closest: tuple[str, ...]  # the subjects suggested, closest first
    score: float
    count: int


@dataclass(frozen=True)
class Verdict:
    """The votes an answered subject received."""

    intent: str
    subject: str
    up: int
    down: int


class QuestionLog:
    """The questions, answers and votes tables, over an open store (synchronous calls)."""

    def __init__(self, store: Store) -> None:
        """Use `store`'s connection; migration 2 created the tables."""
        self._store = store

    def record_question(self, day: date, question: AskedQuestion) -> None:
        """Count one asking of `question` on `day`; equal folded texts of a day merge."""
        closest = _CLOSEST_SEPARATOR.join(question.closest)
        params: dict[str, object] = {"day": day.isoformat(), "folded": question.folded}
        params["intent"] = question.intent
        params |= {"subject": question.subject, "closest": closest, "score": question.score}
        self._store.execute(_RECORD, params)

    def count_question(self, day: date, intent: str) -> None:
        """Count one question of `intent` on `day` (for the totals)."""
        self._store.execute(_COUNT, {"day": day.isoformat(), "intent": intent})

    def remember_answer(self, post_id: str, intent: str, subject: str, at_s: float) -> None:
        """Remember which intent and subject the bot's post `post_id` answered."""
        params = {"post_id": post_id, "intent": intent, "subject": subject, "at": at_s}
        self._store.execute(_ANSWER, params)

    def vote(self, post_id: str, user_id: str, vote: int, at_s: float) -> tuple[str, str] | None:
        """Record `user_id`'s vote (+1/-1) on the answer `post_id`: its (intent, subject).

        None when `post_id` is no remembered answer or the user already voted so; a user
        who votes the other way changes their vote (one vote per person per answer).
        """
        answered = self._store.execute(_ANSWER_OF, {"post_id": post_id})
        if not answered:
            return None
        params = {"post_id": post_id, "voter": voter(post_id, user_id), "vote": vote, "at": at_s}
        if not self._store.execute(_VOTE, params):
            return None
        return str(answered[0][0]), str(answered[0][1])

    def unvote(self, post_id: str, user_id: str, vote: int) -> tuple[str, str] | None:
        """Withdraw `user_id`'s vote `vote` on `post_id`: its (intent, subject); None if none."""
        params = {"post_id": post_id, "voter": voter(post_id, user_id), "vote": vote}
        if not self._store.execute(_UNVOTE, params):
            return None
        answered = self._store.execute(_ANSWER_OF, {"post_id": post_id})
        return (str(answered[0][0]), str(answered[0][1])) if answered else ("", "")

    def questions(self, since: date, until: date) -> list[AskedQuestion]:
        """Questions kept from `since` to before `until`, merged by folded text.

        Counts add up over the days; intent, subject, closest and score are the latest.
        """
        merged: dict[str, AskedQuestion] = {}
        params = {"since": since.isoformat(), "until": until.isoformat()}
        for _day, folded, intent, subject, closest, score, count in self._store.execute(
            _QUESTIONS, params
        ):
            before = merged.get(folded)
            total = int(count) + (before.count if before else 0)
            split = tuple(str(closest).split(_CLOSEST_SEPARATOR)) if closest else ()
            merged[folded] = AskedQuestion(
                str(folded), str(intent), str(subject), split, float(score), total
            )
        return list(merged.values())

    def totals(self, since: date, until: date) -> dict[str, int]:
        """Questions per intent from `since` to before `until`."""
        params = {"since": since.isoformat(), "until": until.isoformat()}
        return {str(row[0]): int(row[1]) for row in self._store.execute(_TOTALS, params)}

    def feedback(self, since_s: float, until_s: float) -> list[Verdict]:
        """Votes cast between the two Unix times, per answered intent and subject."""
        rows = self._store.execute(_FEEDBACK, {"since": since_s, "until": until_s})
        return [Verdict(str(i), str(s), int(up), int(down)) for i, s, up, down in rows]

    def purge(self, today: date, now_s: float) -> int:
        """Delete everything older than `RETENTION_DAYS`; the number of rows deleted."""
        params = {
            "day": (today - timedelta(days=RETENTION_DAYS)).isoformat(),
            "at": now_s - RETENTION_DAYS * 24 * 3600.0,
        }
        return sum(len(self._store.execute(sql, params)) for sql in _PURGES)


def voter(post_id: str, user_id: str) -> str:
    """The per-answer pseudonym of a voter: the user id itself is never stored."""
    return hashlib.sha256(f"{post_id}:{user_id}".encode()).hexdigest()[:32]
