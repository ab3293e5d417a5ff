"""Hostile knowledge and posting files: refused with file:line, never taking the bot down."""

from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge.bounds import checked_url, shown
from bot.knowledge.loader import check
from bot.knowledge.posting_rules import new_postings
from bot.knowledge.postings import load_postings, parse_posting_text
from tests.paths import knowledge_copy

REPO = Path(__file__).resolve().parents[2]
GOOD = "---\nroles: Dev\nopen: true\n---\nUn poste.\n"
BILLION_LAUGHS = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    "roles: Dev\n"
    "open: *i\n"
    "---\n"
)
ALIAS = "alias YAML (« *… ») refusé — recopiez la valeur au lieu de la référencer"
TOO_BIG = "fichier trop gros (plus de 256 Kio), refusé — raccourcissez-le sous 256 Kio"
LINK_OUT = (
    "lien symbolique vers un fichier hors du dossier, refusé — copiez le fichier dans le "
    "dossier au lieu de le lier"
)
DEEP = "imbrication trop profonde (plus de 32 niveaux), refusée — simplifiez la structure"


def hostile_folder(tmp_path: Path) -> Path:
    """Two good postings around a billion laughs, a sparse 100 MB file and a link out."""
    folder = tmp_path / "postes"
    folder.mkdir()
    (folder / "2025-01-01-a.md").write_text(GOOD)
    (folder / "2025-01-02-laughs.md").write_text(BILLION_LAUGHS)
    with (folder / "2025-01-03-huge.md").open("wb") as huge:
        huge.write(GOOD.encode())
        huge.truncate(100 * 1024 * 1024)  # sparse: 100 MB long, nothing written on disk
    secret = tmp_path / "secret.md"
    secret.write_text(GOOD)
    (folder / "2025-01-04-link.md").symlink_to(secret)
    (folder / "2025-01-05-deep.md").write_text("---\nopen: " + "[" * 100_000 + "\n---\n")
    (folder / "2025-01-06-z.md").write_text(GOOD)
    return folder


def test_hostile_postings_are_reported_and_skipped_and_the_others_announced(
    tmp_path: Path,
) -> None:
    folder = hostile_folder(tmp_path)
    postings, problems = load_postings(folder)
    assert [str(p) for p in problems] == [
        f"{folder}/2025-01-02-laughs.md:3 : {ALIAS}",
        f"{folder}/2025-01-03-huge.md:1 : {TOO_BIG}",
        f"{folder}/2025-01-04-link.md:1 : {LINK_OUT}",
        f"{folder}/2025-01-05-deep.md:2 : {DEEP}",
    ]
    announce, _ = new_postings(postings, date(2025, 3, 1), {})
    assert [a.posting.slug for a in announce] == ["2025-01-01-a", "2025-01-06-z"]


def test_a_symbolic_link_inside_the_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "2025-01-01-a.md").write_text(GOOD)
    (tmp_path / "2025-01-02-b.md").symlink_to(tmp_path / "2025-01-01-a.md")
    postings, problems = load_postings(tmp_path)
    assert (len(postings), problems) == (2, [])


def test_check_reports_the_hostile_postings_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = hostile_folder(tmp_path)
    out, code = check(REPO / "knowledge", folder)
    assert (code, out) == (
        1,
        f"{folder}/2025-01-02-laughs.md:3 : {ALIAS}\n"
        f"{folder}/2025-01-03-huge.md:1 : {TOO_BIG}\n"
        f"{folder}/2025-01-04-link.md:1 : {LINK_OUT}\n"
        f"{folder}/2025-01-05-deep.md:2 : {DEEP}\n"
        "4 problèmes trouvés : corrigez-les puis relancez « betabot check ».",
    )


def test_preview_of_a_billion_laughs_posting_prints_one_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laughs = tmp_path / "x.md"
    laughs.write_text(BILLION_LAUGHS)
    assert main(["postes", "--preview", str(laughs)]) == 1
    assert capsys.readouterr() == ("", f"{laughs}:3 : {ALIAS}\n")


def test_values_quoted_in_posting_problems_are_capped() -> None:
    text = f"---\nroles: Dev\nopen: {'x' * 10_000}\n---\n"
    _, problems = parse_posting_text(text, "x.md", "x")
    assert [str(p) for p in problems] == [
        f"x.md:3 : « open » doit valoir true ou false, pas « {'x' * 59}… »"
    ]


def test_shown_names_containers_and_keeps_one_short_line() -> None:
    assert shown([1] * 1000) == "une liste"
    assert shown({"a": 1}) == "un groupe de champs"
    assert shown("a\nb") == "a b"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("raisons: &r [a]\nx: *r\n", f"raisons.yaml:2 : {ALIAS}"),
        ("raisons: " + "[" * 100_000, f"raisons.yaml:1 : {DEEP}"),
        (
            "raisons: []\n" + "#" * (2 * 1024 * 1024),
            "raisons.yaml:1 : fichier trop gros (plus de 2048 Kio), refusé — "
            "raccourcissez-le sous 2048 Kio",
        ),
    ],
    ids=["alias", "deep", "big"],
)
def test_hostile_knowledge_file_is_refused_with_its_line(
    tmp_path: Path, content: str, expected: str
) -> None:
    folder = knowledge_copy(tmp_path)
    (folder / "raisons.yaml").write_text(content)
    out, code = check(folder)
    assert code == 1
    assert out.splitlines()[0] == f"{folder}/{expected}"


def test_knowledge_file_linked_out_of_its_folder_is_refused(tmp_path: Path) -> None:
    folder = knowledge_copy(tmp_path)
    outside = tmp_path / "raisons.yaml"
    (folder / "raisons.yaml").rename(outside)
    (folder / "raisons.yaml").symlink_to(outside)
    out, code = check(folder)
    assert (code, out.splitlines()[0]) == (1, f"{folder}/raisons.yaml:1 : {LINK_OUT}")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://beta.gouv.fr/approche/manifeste", "https://beta.gouv.fr/approche/manifeste"),
        ("https://a.org:8443/p?q=1&r=2#f", "https://a.org:8443/p?q=1&r=2#f"),
        ("https://a.org/x_(y)*z![a]", "https://a.org/x_%28y%29%2Az%21%5Ba%5D"),
        ("https://a.org/café `x`<b>", None),
        ("https://a.org/café", "https://a.org/caf%C3%A9"),
        ("https://jobs.example.org/@channel/@here", None),
        ("https://a.org/%40channel", "https://a.org/%40channel"),
        ("https://user@a.org/", None),
        ("http://a.org/", None),
        ("javascript:alert(1)", None),
        ("https://a.org/\u2028x", None),
        ("https:///x", None),
        ("https://exa mple.org", None),
    ],
)
def test_checked_url_keeps_clean_https_encodes_markdown_and_refuses_mentions(
    url: str, expected: str | None
) -> None:
    assert checked_url(url) == expected


def test_knowledge_values_quoted_in_problems_are_capped(tmp_path: Path) -> None:
    folder = knowledge_copy(tmp_path)
    poles = folder / "poles.yaml"
    long_id = "personne: " + "x" * 9999
    text = poles.read_text()
    line = text[: text.index("personne: ishan-bhojwani")].count("\n") + 1
    poles.write_text(text.replace("personne: ishan-bhojwani", long_id))
    out, code = check(folder)
    assert code == 1
    assert out.splitlines()[1] == (
        f"{folder}/poles.yaml:{line} : la personne « {'x' * 59}… » n'existe pas dans "
        "personnes.yaml — corrigez l'identifiant ou ajoutez-la à personnes.yaml"
    )
