import asyncio
import contextlib
import hashlib
import logging
import shutil
from pathlib import Path

import pytest

from bot.knowledge.building import unbuilt
from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.knowledge.model import Knowledge
from bot.mattermost.client import MattermostError
from bot.service.reload import KnowledgeReloader, admin_message, apply_outcome, fingerprint
from bot.telemetry.metrics import Metrics
from tests.leases import leases

REPO_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
BROKEN_YAML = "personnes:\n  - id: [\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(REPO_KNOWLEDGE, copy)
    for path in copy.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)  # the repository's postings are read-only
    return copy


def _rename_mael(folder: Path, new_name: str) -> None:
    people = folder / "personnes.yaml"
    text = people.read_text(encoding="utf-8")
    assert "nom: Maël Inizan" in text
    people.write_text(text.replace("nom: Maël Inizan", f"nom: {new_name}"), encoding="utf-8")


def test_first_check_loads_the_knowledge(folder: Path) -> None:
    reloader = KnowledgeReloader(folder, folder / "postes")
    outcome = reloader.check()
    assert outcome.status == "reloaded"
    assert outcome.knowledge is reloader.knowledge
    assert outcome.knowledge is not None
    assert outcome.knowledge.people["mael-inizan"].name == "Maël Inizan"


def test_a_loaded_knowledge_comes_with_every_index_built(folder: Path) -> None:
    # the first question after a start or a reload waits for no index (a slash command has
    # 3 seconds); a plain load builds them at their first use
    assert unbuilt(load_knowledge(folder, folder / "postes"))
    reloader = KnowledgeReloader(folder, folder / "postes")
    first = reloader.check().knowledge
    assert first is not None
    assert unbuilt(first) == []
    _rename_mael(folder, "Maël Inizan-Durand")
    second = reloader.check().knowledge
    assert second is not None
    assert second is not first
    assert unbuilt(second) == []


def test_check_without_change_does_not_reload(folder: Path) -> None:
    reloader = KnowledgeReloader(folder, folder / "postes")
    first = reloader.check()
    second = reloader.check()
    assert second.status == "unchanged"
    assert second.knowledge is first.knowledge


def test_valid_edit_is_picked_up(folder: Path) -> None:
    reloader = KnowledgeReloader(folder, folder / "postes")
    reloader.check()
    _rename_mael(folder, "Maël Inizan-Durand")
    outcome = reloader.check()
    assert outcome.status == "reloaded"
    assert outcome.knowledge is not None
    assert outcome.knowledge.people["mael-inizan"].name == "Maël Inizan-Durand"


def test_broken_edit_keeps_the_previous_knowledge(folder: Path) -> None:
    reloader = KnowledgeReloader(folder, folder / "postes")
    previous = reloader.check().knowledge
    (folder / "personnes.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    outcome = reloader.check()
    assert outcome.status == "failed"
    assert outcome.knowledge is previous
    assert reloader.knowledge is previous
    assert outcome.error.startswith(f"{folder / 'personnes.yaml'}:")
    assert outcome.notify == admin_message(outcome.error)


def test_same_error_is_reported_once_then_again_after_a_fix(folder: Path) -> None:
    reloader = KnowledgeReloader(folder, folder / "postes")
    reloader.check()
    people = folder / "personnes.yaml"
    good = people.read_text(encoding="utf-8")
    people.write_text(BROKEN_YAML, encoding="utf-8")
    first = reloader.check()
    with (folder / "poles.yaml").open("a", encoding="utf-8") as poles:
        poles.write("# un commentaire\n")  # new content, same error
    second = reloader.check()
    people.write_text(good, encoding="utf-8")
    fixed = reloader.check()
    people.write_text(BROKEN_YAML, encoding="utf-8")
    again = reloader.check()
    assert [first.status, second.status, fixed.status, again.status] == [
        "failed",
        "failed",
        "reloaded",
        "failed",
    ]
    assert second.error == first.error
    assert [bool(first.notify), bool(second.notify), bool(again.notify)] == [True, False, True]


def test_broken_content_is_not_reloaded_at_every_poll(folder: Path) -> None:
    reloader = KnowledgeReloader(folder, folder / "postes")
    reloader.check()
    (folder / "personnes.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    assert reloader.check().status == "failed"
    assert reloader.check().status == "unchanged"


def test_first_load_failure_leaves_no_knowledge(folder: Path) -> None:
    (folder / "personnes.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    outcome = KnowledgeReloader(folder, folder / "postes").check()
    assert (outcome.status, outcome.knowledge) == ("failed", None)


def test_fingerprint_ignores_hidden_files_and_editor_leftovers(folder: Path) -> None:
    before = fingerprint((folder,))
    (folder / ".personnes.yaml.swp").write_bytes(b"\0vim")
    (folder / "personnes.yaml~").write_text("old", encoding="utf-8")
    assert fingerprint((folder,)) == before


def test_fingerprint_sees_a_same_size_edit(folder: Path) -> None:
    people = folder / "personnes.yaml"
    before = fingerprint((folder,))
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("Ishan", "Ishon", 1), encoding="utf-8")
    assert fingerprint((folder,)) != before


def test_fingerprint_sees_a_new_posting_in_a_separate_folder(tmp_path: Path, folder: Path) -> None:
    postes = tmp_path / "postes"
    postes.mkdir()
    before = fingerprint((folder, postes))
    (postes / "2025-01-01-dev.md").write_text("---\ntitle: Dev\n---\n", encoding="utf-8")
    assert fingerprint((folder, postes)) != before


def test_admin_message_is_french_and_cannot_break_out_of_its_block() -> None:
    message = admin_message("personnes.yaml:3 : valeur ```@channel``` invalide")
    assert message == (
        "**La base de connaissances n'a pas été rechargée** : betabot continue de répondre "
        "avec la version précédente. Corrigez le ou les problèmes suivants :\n"
        "```\n    personnes.yaml:3 : valeur '''@channel''' invalide\n```"
    )


async def test_failed_outcome_is_logged_and_counted_once(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reloader = KnowledgeReloader(folder, folder / "postes")
    reloader.check()
    (folder / "personnes.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    metrics = Metrics()
    swapped: list[Knowledge] = []
    failed = reloader.check()
    with caplog.at_level(logging.ERROR, logger="bot.service.reload"):
        await apply_outcome(failed, swapped.append, metrics)
        await apply_outcome(reloader.check(), swapped.append, metrics)
    assert swapped == []
    assert "betabot_knowledge_reload_errors_total 1.0" in metrics.render().decode().splitlines()
    assert [r.getMessage() for r in caplog.records] == [
        "knowledge reload rejected, keeping the previous version:\n" + failed.error
    ]


async def test_reloaded_outcome_is_handed_to_the_app(folder: Path) -> None:
    reloader = KnowledgeReloader(folder, folder / "postes")
    swapped: list[Knowledge] = []
    outcome = reloader.check()
    await apply_outcome(outcome, swapped.append, Metrics())
    assert swapped == [outcome.knowledge]


def test_a_bad_posting_does_not_block_a_reload_and_is_kept_aside(folder: Path) -> None:
    reloader = KnowledgeReloader(folder, folder / "postes")
    reloader.check()
    (folder / "postes" / "2030-01-01-sans-statut.md").write_text(
        "---\ntitle: Sans statut\n---\n", encoding="utf-8"
    )
    _rename_mael(folder, "Maël Inizan-Test")
    outcome = reloader.check()
    assert outcome.status == "reloaded"
    assert outcome.knowledge is not None
    assert outcome.knowledge.people["mael-inizan"].name == "Maël Inizan-Test"
    assert [p.file.rsplit("/", 1)[-1] for p in outcome.knowledge.posting_problems] == [
        "2030-01-01-sans-statut.md"
    ]


def test_admin_message_of_many_problems_fits_in_one_post() -> None:
    error = "\n".join(f"knowledge/postes/{i:04}.md:1 : fichier trop gros" for i in range(2000))
    message = admin_message(error)
    assert len(message) <= 16383
    assert message.endswith("\n    …\n```")
    assert message.count("```") == 2


def test_fingerprint_sees_a_huge_file_grow_without_reading_it_whole(tmp_path: Path) -> None:
    huge = tmp_path / "2025-01-01-huge.md"
    with huge.open("wb") as file:
        file.truncate(100 * 1024 * 1024)  # sparse
    before = fingerprint((tmp_path,))
    with huge.open("r+b") as file:
        file.truncate(101 * 1024 * 1024)
    assert fingerprint((tmp_path,)) != before


def test_notice_key_names_the_broken_files_and_their_error_wherever_they_are(
    tmp_path: Path, folder: Path
) -> None:
    (folder / "personnes.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    elsewhere = tmp_path / "replica2" / "knowledge"
    shutil.copytree(folder, elsewhere)
    here = KnowledgeReloader(folder, folder / "postes").check()
    there = KnowledgeReloader(elsewhere, elsewhere / "postes").check()
    assert here.error != there.error  # each quotes its own paths
    digest = fingerprint((folder,))
    problems = hashlib.sha256(here.error.replace(str(folder), "<0>").encode()).hexdigest()
    assert (
        here.notice_key == there.notice_key == (f"knowledge-rejected:{digest[:16]}:{problems[:16]}")
    )
    (folder / "personnes.yaml").write_text(BROKEN_YAML + "  - autre\n", encoding="utf-8")
    assert KnowledgeReloader(folder, folder / "postes").check().notice_key != here.notice_key


async def test_a_refused_notice_is_tried_again_and_kept_through_an_edit_with_the_same_error(
    folder: Path,
) -> None:
    reloader = KnowledgeReloader(folder, folder / "postes", metrics=Metrics())
    reloader.check()
    (folder / "personnes.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    broken_key = KnowledgeReloader(folder, folder / "postes").check().notice_key
    attempts: list[str] = []
    told: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

    async def notify(key: str, text: str) -> None:
        attempts.append(key)
        if len(attempts) == 1:  # refused; meanwhile another file is edited, same error
            with (folder / "poles.yaml").open("a", encoding="utf-8") as poles:
                poles.write("# un commentaire\n")
            raise MattermostError(503, "service indisponible")
        await told.put((key, text))

    task = asyncio.create_task(reloader.run(notify, 0.01))
    try:
        key, text = await asyncio.wait_for(told.get(), 10)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert attempts == [broken_key, broken_key]
    assert (key, text) == (broken_key, admin_message(_load_error_text(folder)))


def _load_error_text(folder: Path) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder, folder / "postes")
    return str(caught.value)


async def test_a_check_whose_caller_stopped_waiting_is_applied_when_its_load_ends(
    folder: Path,
) -> None:
    applied: list[Knowledge] = []
    reloader = KnowledgeReloader(folder, folder / "postes", applied.append, Metrics())
    await reloader.request()
    _rename_mael(folder, "Maël Inizan-Durand")
    with leases() as held:
        held.take(folder / "personnes.yaml")
        waiting = reloader.request(force=True)
        await held.wait_opened("the check never read the folder")
        waiting.cancel()  # the caller gives up, as a slash command at its deadline
        held.release(folder / "personnes.yaml")
    then = await reloader.request()  # waits for the check in flight, finds nothing new
    assert then.status == "reloaded"
    assert [k.people["mael-inizan"].name for k in applied] == [
        "Maël Inizan",
        "Maël Inizan-Durand",
    ]
    assert then.knowledge is applied[-1] is reloader.knowledge
    assert (await reloader.request()).status == "unchanged"


async def test_checks_asked_during_a_load_wait_for_it_and_it_is_applied_once(folder: Path) -> None:
    applied: list[Knowledge] = []
    reloader = KnowledgeReloader(folder, folder / "postes", applied.append, Metrics())
    with leases() as held:
        held.take(folder / "personnes.yaml")
        first = reloader.request(force=True)
        await held.wait_opened("the first check never read the folder")
        again = reloader.request(force=True)  # a second `admin recharger`
        periodic = reloader.request()
        held.release(folder / "personnes.yaml")
        outcomes = [await first, await again, await periodic]
    assert outcomes[0].status == "reloaded"
    assert outcomes[1] is outcomes[0]
    assert outcomes[2] is outcomes[0]
    assert applied == [outcomes[0].knowledge]


async def test_an_edit_made_during_a_load_is_applied_after_it(folder: Path) -> None:
    applied: list[Knowledge] = []
    reloader = KnowledgeReloader(folder, folder / "postes", applied.append, Metrics())
    (folder / "zz-notes.txt").write_text("lu en dernier par l'empreinte\n", encoding="utf-8")
    posting = folder / "postes" / "2024-01-01-responsables-de-portefeuille.md"
    with leases() as held:
        held.take(folder / "zz-notes.txt")
        first = reloader.request(force=True)
        await held.wait_opened("the first check never fingerprinted the folder")
        held.take(posting)  # read again by the load, after personnes.yaml
        held.release(folder / "zz-notes.txt")
        await held.wait_opened("the first check never loaded the posting")
        _rename_mael(folder, "Maël Inizan-Durand")
        held.swap_out(posting)
        second = reloader.request()
        held.release(posting)
        outcomes = [await first, await second]
    names = [k.people["mael-inizan"].name for k in applied]
    assert names == ["Maël Inizan", "Maël Inizan-Durand"]
    assert [o.knowledge for o in outcomes] == applied
    assert reloader.knowledge is applied[-1]


async def test_a_rejection_found_by_an_admin_reload_is_told_to_the_admin_channel_too(
    folder: Path,
) -> None:
    reloader = KnowledgeReloader(folder, folder / "postes", metrics=Metrics())
    await reloader.request()
    (folder / "personnes.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    failed = await reloader.request(force=True)  # `admin recharger`: its reply may be lost
    told: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

    async def notify(key: str, text: str) -> None:
        await told.put((key, text))

    task = asyncio.create_task(reloader.run(notify, 0.01))
    try:
        said = await asyncio.wait_for(told.get(), 10)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert failed.status == "failed"
    assert said == (failed.notice_key, admin_message(failed.error))
    assert told.empty()
