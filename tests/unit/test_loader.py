"""The loader: broken knowledge folders give their exact French messages, all at once."""

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge.loader import KnowledgeError, Problem, check, load_knowledge
from bot.knowledge.model import Engagement, Example, Link, Ministry, Person, Role
from tests.paths import ARCHIVE

DATA = Path(__file__).resolve().parent.parent / "data"
BASE = DATA / "_base"
CASES = sorted(p.name for p in DATA.iterdir() if p.is_dir() and not p.name.startswith("_"))


def build(case: str, root: Path) -> Path:
    """`root/knowledge`: the valid base with the case's files laid over it."""
    target = root / "knowledge"
    shutil.copytree(BASE, target)
    folder = DATA / case
    for path in folder.iterdir():
        if path.name not in ("expected.txt", "remove.txt"):
            shutil.copy(path, target / path.name)
    removed = folder / "remove.txt"
    if removed.exists():
        for name in removed.read_text(encoding="utf-8").split():
            (target / name).unlink()
    return target


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_there_are_broken_fixtures_to_replay() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES)
def test_broken_folder_prints_its_exact_messages_and_exits_1(case: str, in_tmp: Path) -> None:
    build(case, in_tmp)
    expected = (DATA / case / "expected.txt").read_text(encoding="utf-8")
    assert check(Path("knowledge")) == (expected.rstrip("\n"), 1)


def test_valid_base_prints_the_summary_and_exits_0(in_tmp: Path) -> None:
    shutil.copytree(BASE, in_tmp / "knowledge")
    assert check(Path("knowledge")) == (
        "Connaissances valides : 3 personnes, 2 pôles, 2 portefeuilles (3 ministères), "
        "1 raison, 1 engagement, 2 contacts, 1 sujet, 3 exemples, 0 fiche de poste (knowledge/)",
        0,
    )


def test_every_problem_of_several_files_is_reported_at_once(in_tmp: Path) -> None:
    target = build("unknown-keys", in_tmp)
    for case in ("bad-examples", "duplicate-ids", "bad-ids-and-links"):
        for path in (DATA / case).glob("*.yaml"):
            shutil.copy(path, target / path.name)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(Path("knowledge"))
    files = sorted({p.file for p in caught.value.problems})
    assert files == [
        "knowledge/contacts.yaml",
        "knowledge/exemples.yaml",
        "knowledge/personnes.yaml",
        "knowledge/portefeuilles.yaml",
    ]
    assert len(caught.value.problems) == 3 + 7 + 1 + 1


def test_error_text_is_one_file_line_message_per_problem(in_tmp: Path) -> None:
    build("duplicate-ids", in_tmp)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(Path("knowledge"))
    assert str(caught.value) == (
        "knowledge/personnes.yaml:6 : identifiant « mael-inizan » déjà utilisé (ligne 2) — "
        "donnez un identifiant unique à chacun\n"
        "knowledge/portefeuilles.yaml:12 : identifiant « logement » déjà utilisé (ligne 5) — "
        "donnez un identifiant unique à chacun"
    )


def test_problem_without_line_shows_only_the_file() -> None:
    assert str(Problem("knowledge/raisons.yaml", 0, "fichier manquant")) == (
        "knowledge/raisons.yaml : fichier manquant"
    )


def test_folder_outside_the_cwd_is_shown_as_given(tmp_path: Path) -> None:
    folder = tmp_path / "ailleurs"
    assert check(folder) == (
        f"{folder.as_posix()} : dossier introuvable — indiquez le dossier des connaissances, "
        "par exemple : betabot check knowledge\n"
        "1 problème trouvé : corrigez-le puis relancez « betabot check ».",
        1,
    )


def test_base_values_are_mapped_from_french_keys(in_tmp: Path) -> None:
    shutil.copytree(BASE, in_tmp / "knowledge")
    k = load_knowledge(Path("knowledge"))
    assert k.people["divine-tende"] == Person("divine-tende", "Divine Tende", (), "alternante")
    animation = k.poles[1]
    assert (animation.id, animation.contact, animation.lead_id) == (
        "animation-expertises",
        "animation@beta.gouv.fr",
        "",
    )
    assert animation.members[0] == Role(
        "julien-bouquillon", "référent technique (CTO) de la communauté", ("CTO", "technique")
    )
    assert k.portfolios[1].ministries == (
        Ministry("sante", "Santé", ("ARS", "hôpital")),
        Ministry("justice", "Justice"),
    )
    assert k.topics[0].links == (Link("En savoir plus", "https://beta.gouv.fr"),)
    assert k.cues == {"portfolio": ("qui s'occupe de", "qui"), "topic": ("c'est quoi",)}
    assert k.fillers == ("le", "la", "de", "du")
    assert k.examples[2] == Example("aide", "help", "")
    assert k.engagements_intro == "L'incubateur est au service de la communauté."
    assert k.postings == ()


def test_postings_are_read_from_the_postes_folder(in_tmp: Path) -> None:
    target = in_tmp / "knowledge"
    shutil.copytree(BASE, target)
    (target / "postes").mkdir()
    (target / "postes" / "2024-05-01-dev.md").write_text(
        "---\ntitle: Un poste\nroles: développeur\nopen: true\n---\n\nTexte.\n", encoding="utf-8"
    )
    k = load_knowledge(Path("knowledge"))
    assert [(p.slug, p.title, p.open) for p in k.postings] == [("2024-05-01-dev", "Un poste", True)]


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "nom", "alias", "membres", "x"]), inner, max_size=3
        )
    ),
    max_leaves=12,
)
_FILE_NAMES = sorted(p.name for p in BASE.glob("*.yaml"))
_ROOT_KEYS = ["personnes", "poles", "portefeuilles", "exemples", "sujets", "cues", "mots_vides"]


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(_FILE_NAMES),
    content=st.one_of(
        st.text(max_size=60),
        st.builds(lambda v: yaml.safe_dump(v, allow_unicode=True), _VALUES),
        st.builds(lambda v: yaml.safe_dump(dict.fromkeys(_ROOT_KEYS, v)), _VALUES),
    ),
)
def test_any_file_content_loads_or_gives_problems_never_a_crash(name: str, content: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "knowledge"
        shutil.copytree(BASE, target)
        (target / name).write_text(content, encoding="utf-8")
        problems: tuple[Problem, ...] = ()
        try:
            load_knowledge(target)
        except KnowledgeError as err:
            problems = err.problems
        assert all(p.file.endswith(".yaml") and p.message for p in problems)


_GOOD_POSTING = "---\ntitle: Un poste\nroles: développeur\nopen: true\n---\n\nTexte.\n"
_BAD_POSTING = "---\ntitle: Sans statut\n---\n\nTexte.\n"
_NO_OPEN = "champ « open » absent : ajoutez « open: true » (poste ouvert) ou « open: false »"


def _with_postings(root: Path) -> Path:
    target = root / "knowledge"
    shutil.copytree(BASE, target)
    (target / "postes").mkdir()
    (target / "postes" / "2024-05-01-dev.md").write_text(_GOOD_POSTING, encoding="utf-8")
    (target / "postes" / "2024-05-02-bad.md").write_text(_BAD_POSTING, encoding="utf-8")
    return target


def test_a_bad_posting_is_skipped_and_the_good_ones_and_the_yaml_are_kept(in_tmp: Path) -> None:
    _with_postings(in_tmp)
    k = load_knowledge(Path("knowledge"))
    assert [p.slug for p in k.postings] == ["2024-05-01-dev"]
    assert len(k.people) == 3
    assert k.posting_problems == (Problem("knowledge/postes/2024-05-02-bad.md", 1, _NO_OPEN),)


def test_check_prints_a_bad_posting_with_file_and_line_and_exits_1(in_tmp: Path) -> None:
    _with_postings(in_tmp)
    assert check(Path("knowledge")) == (
        f"knowledge/postes/2024-05-02-bad.md:1 : {_NO_OPEN}\n"
        "1 problème trouvé : corrigez-le puis relancez « betabot check ».",
        1,
    )


def test_check_prints_yaml_and_posting_problems_together(in_tmp: Path) -> None:
    target = _with_postings(in_tmp)
    (target / "raisons.yaml").write_text("raisons: [\n", encoding="utf-8")
    text, code = check(Path("knowledge"))
    lines = text.splitlines()
    assert code == 1
    assert lines[0] == f"knowledge/postes/2024-05-02-bad.md:1 : {_NO_OPEN}"
    assert lines[1].startswith("knowledge/raisons.yaml:")
    assert lines[-1] == "2 problèmes trouvés : corrigez-les puis relancez « betabot check »."


def test_yaml_problems_stay_fatal_even_with_good_postings(in_tmp: Path) -> None:
    target = _with_postings(in_tmp)
    (target / "raisons.yaml").write_text("raisons: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(Path("knowledge"))
    assert [p.file for p in caught.value.problems] == ["knowledge/raisons.yaml"]


@pytest.mark.skipif(not ARCHIVE.is_dir(), reason="the real postings archive is not on this machine")
def test_the_real_archive_loads_with_its_unreadable_postings_skipped() -> None:
    k = load_knowledge(Path(__file__).resolve().parents[2] / "knowledge", ARCHIVE)
    assert (len(k.postings), len(k.posting_problems)) == (540, 3)
    assert len(k.people) > 0


def test_engagement_bold_phrases_are_read_from_gras(in_tmp: Path) -> None:
    target = in_tmp / "knowledge"
    shutil.copytree(BASE, target)
    (target / "engagements.yaml").write_text(
        "introduction: Intro.\n"
        "engagements:\n"
        "  - id: confiance\n"
        "    titre: confiance\n"
        "    texte: Nous faisons confiance, en toute transparence.\n"
        "    gras: [en toute transparence]\n",
        encoding="utf-8",
    )
    assert load_knowledge(Path("knowledge")).engagements == (
        Engagement(
            "confiance",
            "confiance",
            "Nous faisons confiance, en toute transparence.",
            ("en toute transparence",),
        ),
    )
