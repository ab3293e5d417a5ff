"""Questions users asked and did not get, and their 👍/👎, against the fake server."""

import asyncio
import os
import sys
from asyncio.subprocess import PIPE
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.knowledge.model import Knowledge
from bot.knowledge.timezone import PARIS
from bot.service.app import App
from bot.service.report import build_report, render_report
from bot.store.backends import open_store
from bot.store.questions import AskedQuestion, QuestionLog, Verdict
from bot.understanding.query import understand
from tests.app_settings import app_settings
from tests.fake_mattermost import FakeMattermost

REPO = str(Path(__file__).resolve().parents[2])
CHANNEL = "incubateur-animation"
NONSENSE = "@betabot le blorgatron fonctionne-t-il"


@pytest.fixture
async def app(mm: FakeMattermost, tmp_path: Path) -> AsyncIterator[App]:
    mm.add_user("carol")
    mm.add_member(CHANNEL, "carol")
    started = App(app_settings(mm, tmp_path))
    await started.start()
    await mm.wait_for_connection("betabot")
    try:
        yield started
    finally:
        await started.stop()


def _rows(app: App, table: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in app.store.execute(f"SELECT * FROM {table}", {})]  # noqa: S608


async def test_three_users_asking_the_same_nonsense_are_one_masked_line_with_count_3(
    mm: FakeMattermost, app: App, knowledge: Knowledge
) -> None:
    for user in ("alice", "bob", "carol"):
        post = await mm.post_as(user, CHANNEL, NONSENSE)
        await mm.wait_for_reply(post)
    mail = await mm.post_as(
        "alice", CHANNEL, "@betabot le blorgatron de Marie.Curie@exemple.fr marche ?"
    )
    await mm.wait_for_reply(mail)
    understood = await mm.post_as("bob", CHANNEL, "@betabot qui logement")
    await mm.wait_for_reply(understood)
    await app.feedback.wait_handled(answers=5, reactions=0, timeout_s=5)

    today = datetime.now(PARIS).date()
    report = build_report(QuestionLog(app.store), today, 7)
    # Closest subjects and scores are understanding's business: what it says, kept as is.
    masked = understand("le blorgatron de Marie.Curie@exemple.fr marche ?", knowledge)
    assert report.not_understood == [
        AskedQuestion("le blorgatron fonctionne t il", "unknown", "", (), 0.0, 3),
        AskedQuestion(
            "le blorgatron de <email> marche",
            "unknown",
            "",
            masked.suggestions,
            round(masked.score, 1),
            1,
        ),
    ]
    assert (report.questions, report.understood) == (5, 1)
    assert report.by_intent == {"unknown": 4, "portfolio": 1}
    # `betabot rapport` reads the same rows: the nonsense once, with its count.
    env = {**os.environ, "BETABOT_DATABASE_URL": app.settings.database_url, "PYTHONPATH": REPO}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "rapport", env=env, stdout=PIPE, stderr=PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()
    lines = out.decode().splitlines()
    assert "- `le blorgatron fonctionne t il` — 3 fois ; aucun sujet proche" in lines
    assert sum("blorgatron fonctionne" in line for line in lines) == 1
    # Nothing in the store names a user, a channel or a post of the askers.
    ids = [mm.user(u)["id"] for u in ("alice", "bob", "carol")] + [mm.channel(CHANNEL)["id"]]
    ids += [mail["id"], understood["id"], "alice", "Curie", "curie"]
    for table in ("questions", "question_counts"):
        dump = repr(_rows(app, table))
        assert [i for i in ids if i in dump] == []


async def test_a_removed_thumbs_up_leaves_0_and_two_thumbs_down_count_2(
    mm: FakeMattermost, app: App
) -> None:
    question = await mm.post_as("alice", CHANNEL, "@betabot qui logement")
    answer = await mm.wait_for_reply(question)
    assert answer["message"].endswith(
        "Cette réponse vous a aidé ? Dites-le d'une réaction 👍 ou 👎 : elle aide à améliorer "
        "betabot."
    )
    await app.feedback.wait_handled(answers=1, reactions=0, timeout_s=5)
    await mm.react_as("alice", answer, "+1")
    await mm.unreact_as("alice", answer, "+1")
    await mm.react_as("bob", answer, "-1")
    await mm.react_as("carol", answer, "-1")
    await mm.react_as("carol", answer, "-1")  # the same reaction again: one vote
    await mm.react_as("bob", question, "-1")  # not the bot's answer: ignored
    await app.feedback.wait_handled(answers=1, reactions=6, timeout_s=5)

    report = build_report(QuestionLog(app.store), datetime.now(PARIS).date(), 7)
    assert report.feedback == [Verdict("portfolio", "logement", 0, 2)]
    assert "- portefeuille `logement` : 👎 2, 👍 0" in render_report(report).splitlines()
    voters = repr(_rows(app, "votes"))
    assert [u for u in ("alice", "bob", "carol") if mm.user(u)["id"] in voters] == []


async def test_questions_report_off_keeps_no_question_text(
    mm: FakeMattermost, tmp_path: Path
) -> None:
    app = App(app_settings(mm, tmp_path, questions_report=False))
    await app.start()
    try:
        await mm.wait_for_connection("betabot")
        await mm.wait_for_reply(await mm.post_as("alice", CHANNEL, NONSENSE))
        await app.feedback.wait_handled(answers=1, reactions=0, timeout_s=5)
    finally:
        await app.stop()
    store = open_store(f"sqlite:///{tmp_path / 'betabot.sqlite3'}")
    try:
        assert store.execute("SELECT count(*) FROM questions", {}) == [(0,)]
        assert [tuple(r)[1:] for r in store.execute("SELECT * FROM question_counts", {})] == [
            ("unknown", 1)
        ]
    finally:
        store.close()
