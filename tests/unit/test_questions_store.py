from collections.abc import Iterator
from datetime import date

import pytest

from bot.store.backends import open_store
from bot.store.questions import AskedQuestion, QuestionLog, Verdict, voter
from bot.store.store import SqlStore

DAY = date(2026, 3, 2)


@pytest.fixture
def opened(store_url: str) -> Iterator[SqlStore]:
    store = open_store(store_url)
    yield store
    store.close()


def _asked(folded: str, count: int = 1, score: float = 0.0) -> AskedQuestion:
    return AskedQuestion(folded, "unknown", "", ("Logement", "Justice"), score, count)


def test_equal_questions_of_a_day_merge_and_days_add_up(opened: SqlStore) -> None:
    log = QuestionLog(opened)
    for _ in range(3):
        log.record_question(DAY, _asked("qui blorg"))
    log.record_question(date(2026, 3, 3), _asked("qui blorg", score=40.0))
    log.record_question(DAY, _asked("autre chose"))
    assert log.questions(DAY, date(2026, 3, 4)) == [
        _asked("autre chose"),
        _asked("qui blorg", count=4, score=40.0),
    ]
    assert log.questions(date(2026, 3, 3), date(2026, 3, 4)) == [_asked("qui blorg", 1, 40.0)]
    rows = opened.execute("SELECT * FROM questions ORDER BY day, folded", {})
    assert [tuple(r) for r in rows] == [
        ("2026-03-02", "autre chose", "unknown", "", "Logement | Justice", 0.0, 1),
        ("2026-03-02", "qui blorg", "unknown", "", "Logement | Justice", 0.0, 3),
        ("2026-03-03", "qui blorg", "unknown", "", "Logement | Justice", 40.0, 1),
    ]


def test_one_vote_per_person_per_answer_and_a_removed_vote_is_gone(opened: SqlStore) -> None:
    log = QuestionLog(opened)
    log.remember_answer("p1", "portfolio", "logement", 1000.0)
    assert log.vote("unknown-post", "alice", 1, 1001.0) is None  # not one of the bot's answers
    assert log.vote("p1", "alice", 1, 1001.0) == ("portfolio", "logement")
    assert log.vote("p1", "alice", 1, 1002.0) is None  # counted once
    assert log.feedback(0, 2000) == [Verdict("portfolio", "logement", 1, 0)]
    assert log.unvote("p1", "alice", -1) is None  # she never voted 👎
    assert log.unvote("p1", "alice", 1) == ("portfolio", "logement")
    assert log.feedback(0, 2000) == []
    log.vote("p1", "alice", -1, 1003.0)
    log.vote("p1", "bob", -1, 1004.0)
    log.vote("p1", "bob", 1, 1005.0)  # bob changes his mind: one vote each
    assert log.feedback(0, 2000) == [Verdict("portfolio", "logement", 1, 1)]
    stored = {str(r[0]) for r in opened.execute("SELECT voter FROM votes", {})}
    assert stored == {voter("p1", "alice"), voter("p1", "bob")}
    assert "alice" not in "".join(stored)
    assert voter("p2", "alice") != voter("p1", "alice")


def test_totals_count_every_question_by_intent(opened: SqlStore) -> None:
    log = QuestionLog(opened)
    for intent in ("portfolio", "portfolio", "unknown"):
        log.count_question(DAY, intent)
    log.count_question(date(2026, 1, 1), "pole")
    assert log.totals(DAY, date(2026, 3, 9)) == {"portfolio": 2, "unknown": 1}


def test_rows_older_than_90_days_are_purged(opened: SqlStore) -> None:
    log = QuestionLog(opened)
    today = date(2026, 6, 1)
    now_s = 1_780_000_000.0
    log.record_question(date(2026, 3, 2), _asked("trop vieux"))  # 91 days before
    log.record_question(date(2026, 3, 3), _asked("encore la"))  # 90 days before
    log.count_question(date(2026, 3, 2), "unknown")
    log.remember_answer("old", "pole", "x", now_s - 91 * 86400)
    log.remember_answer("new", "pole", "x", now_s - 89 * 86400)
    log.vote("old", "alice", 1, now_s - 91 * 86400)
    log.vote("new", "alice", 1, now_s - 89 * 86400)
    assert log.purge(today, now_s) == 4
    assert [q.folded for q in log.questions(date(2026, 1, 1), today)] == ["encore la"]
    assert log.totals(date(2026, 1, 1), today) == {}
    assert log.feedback(0, now_s) == [Verdict("pole", "x", 1, 0)]
