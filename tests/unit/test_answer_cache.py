"""Answers and their Markdown are kept once built: never across knowledge, dates or people."""

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from bot.answers import answer as answer_module
from bot.answers import render as render_module
from bot.answers.answer import answer
from bot.answers.directory import Handle, directory
from bot.answers.render import render_answer
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge
from bot.understanding.query import Query, understand

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 3, 14)


def ask(question: str, knowledge: Knowledge, today: date = TODAY) -> str:
    return render_answer(answer(understand(question, knowledge), knowledge, today))


def test_the_same_answer_is_handed_out_for_the_same_subject() -> None:
    knowledge = load_knowledge(ROOT / "knowledge")
    first = answer(understand("qui logement", knowledge), knowledge, TODAY)
    again = answer(understand("qui s'occupe du logement ?", knowledge), knowledge, TODAY)
    assert again is first
    assert render_answer(again) is render_answer(first)


def test_a_reloaded_knowledge_never_gets_the_old_answer(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    before = load_knowledge(folder)
    old = ask("qui logement", before)
    people = folder / "personnes.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("Maël Inizan", "Maëlle Inizan-Roux"),
        encoding="utf-8",
    )
    after = load_knowledge(folder)
    new = ask("qui logement", after)
    assert "**Maël Inizan**" in old
    assert new == old.replace("**Maël Inizan**", "**Maëlle Inizan-Roux**")
    assert ask("qui logement", before) == old  # the old knowledge keeps its own answers


def test_an_answer_that_depends_on_the_date_is_built_again_for_another_date() -> None:
    shipped = load_knowledge(ROOT / "knowledge")
    posting = replace(shipped.postings[0], open=True, depublication_date=date(2025, 4, 1))
    knowledge = replace(shipped, postings=(posting,))
    open_ = ask("quels postes sont ouverts ?", knowledge, date(2025, 3, 31))
    closed = ask("quels postes sont ouverts ?", knowledge, date(2025, 4, 1))
    assert posting.title in open_
    assert closed.startswith("Aucun poste n'est ouvert")
    assert ask("quels postes sont ouverts ?", knowledge, date(2025, 3, 31)) == open_


def test_a_role_is_named_as_each_asker_named_it() -> None:
    knowledge = load_knowledge(ROOT / "knowledge")
    assert ask("qui est le CTO", knowledge).startswith("Le rôle de CTO est tenu par")
    assert ask("qui est le référent technique", knowledge).startswith(
        "Le rôle de référent technique est tenu par"
    )


def test_an_unknown_question_is_quoted_each_time() -> None:
    knowledge = load_knowledge(ROOT / "knowledge")
    assert "`xyzzy plugh`" in ask("xyzzy plugh", knowledge)
    assert "`plugh xyzzy`" in ask("plugh xyzzy", knowledge)


def test_a_subject_gone_from_the_knowledge_gives_the_unknown_answer_quoting_the_question() -> None:
    knowledge = load_knowledge(ROOT / "knowledge")
    gone = Query("role", "no-such-pole/nobody", 100.0, text="qui est le chef des licornes")
    said = render_answer(answer(gone, knowledge, TODAY))
    assert "`qui est le chef des licornes`" in said


def test_kept_answers_are_bounded() -> None:
    knowledge = load_knowledge(ROOT / "knowledge")
    query = understand("qui logement", knowledge)
    for day in range(answer_module.MAX_KEPT_ANSWERS + 20):
        answer(query, knowledge, date.fromordinal(TODAY.toordinal() + day))
    assert 0 < len(answer_module._kept(knowledge)) <= answer_module.MAX_KEPT_ANSWERS


def test_rendered_answers_follow_the_people_directory_and_are_bounded() -> None:
    knowledge = load_knowledge(ROOT / "knowledge")
    said = answer(understand("qui logement", knowledge), knowledge, TODAY)
    mael = next(p.id for p in knowledge.people.values() if p.name == "Maël Inizan")
    linked = directory([Handle(mael, "mael.inizan", "u1", "yaml", "ok")], "mention")
    assert "**Maël Inizan** (@mael.inizan)" in render_answer(said, people=linked)
    assert "**Maël Inizan**\n" in render_answer(said)
    moved = directory([Handle(mael, "mael.i", "u1", "yaml", "ok")], "mention")
    assert "**Maël Inizan** (@mael.i)" in render_answer(said, people=moved)
    for limit in range(render_module.MAX_KEPT_RENDERED + 20):
        render_answer(said, 1000 + limit)
    assert 0 < len(render_module._rendered) <= render_module.MAX_KEPT_RENDERED
