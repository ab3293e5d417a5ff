from datetime import date
from pathlib import Path

import pytest

from bot.answers.render import render_posting_announcement
from bot.cli import main
from bot.knowledge.loader import Problem
from bot.knowledge.model import JobPosting
from bot.knowledge.posting_rules import (
    Announcement,
    Track,
    new_postings,
    open_postings,
    reminder_due,
)
from bot.knowledge.postings import load_postings, parse_posting, parse_posting_text
from tests.paths import ARCHIVE

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "knowledge" / "postes" / "2024-01-01-responsables-de-portefeuille.md"
TODAY = date(2025, 3, 10)


def posting(slug: str = "2025-03-01-dev", *, is_open: bool = True, **fields: object) -> JobPosting:
    values: dict[str, object] = {"title": "Dev", "roles": ("Dev",), "date": date(2025, 3, 1)}
    values.update(fields)
    return JobPosting(slug=slug, path=f"{slug}.md", open=is_open, **values)  # type: ignore[arg-type]


def parse(text: str, slug: str = "2023-05-02-dev") -> JobPosting:
    found, problems = parse_posting_text(text, f"{slug}.md", slug)
    assert problems == []
    assert found is not None
    return found


def test_seed_posting_is_closed_with_title_excerpt_and_how_to_apply() -> None:
    found, problems = parse_posting(SEED)
    assert problems == []
    assert found == JobPosting(
        slug="2024-01-01-responsables-de-portefeuille",
        path=str(SEED),
        title="L'incubateur de la DINUM recherche : deux responsables de portefeuilles",
        roles=("deux responsables de portefeuilles",),
        open=False,
        date=date(2024, 1, 1),
        excerpt=(
            "L'incubateur de la DINUM recrute des responsables de portefeuilles pour participer "
            "à la mise en place d'une équipe dédiée, autonome et pluridisciplinaire qui se donne "
            "pour mission de participer à la réussite du programme beta.gouv.fr"
        ),
        apply=(
            "Expliquez-nous pourquoi vous avez envie d'intégrer cette équipe et envoyez-nous "
            "votre LinkedIn, CV ou GitHub, le tout à dinum@beta.gouv.fr"
        ),
    )
    assert not found.is_open(TODAY)


def test_key_variants_are_read_and_title_is_built_from_roles_and_startup() -> None:
    text = (
        "---\n"
        "role: Dev JavaScript\n"
        "open: true\n"
        "startup: aides.jeunes\n"
        "domaine: Développement\n"
        "externalUrl: https://example.org/poste\n"
        "contact: '@jean.dupont'\n"
        "---\n"
        "Premier paragraphe\nsur deux lignes.\n\nSecond paragraphe.\n"
    )
    assert parse(text) == JobPosting(
        slug="2023-05-02-dev",
        path="2023-05-02-dev.md",
        title="aides.jeunes recrute : Dev JavaScript",
        roles=("Dev JavaScript",),
        open=True,
        date=date(2023, 5, 2),
        excerpt="Premier paragraphe sur deux lignes.",
        domains=("Développement",),
        contacts=("jean.dupont",),
        url="https://example.org/poste",
        startup="aides.jeunes",
    )


def test_titles_externalurl_domaines_and_contacts_list_variants() -> None:
    text = (
        "---\ntitles: Un titre\nroles: [Designer, UX]\nopen: false\nfriend: la-fabrique\n"
        "externalURL: https://example.org/x\ndomaines:\n  - Design\n  - Produit\n"
        "contacts: [alice, bob]\n---\n# Titre\n\nTexte.\n"
    )
    found = parse(text)
    assert (found.title, found.roles, found.startup) == (
        "Un titre",
        ("Designer", "UX"),
        "la-fabrique",
    )
    assert (found.url, found.domains, found.contacts) == (
        "https://example.org/x",
        ("Design", "Produit"),
        ("alice", "bob"),
    )
    assert found.excerpt == "Texte."


def test_title_from_friend_when_no_startup() -> None:
    found = parse("---\nroles: Dev\nopen: true\nfriend: Ville de Paris\n---\nx\n")
    assert found.title == "Ville de Paris recrute : Dev"


def test_title_is_the_roles_when_neither_startup_nor_friend() -> None:
    assert parse("---\nroles: un·e tech lead\nopen: true\n---\nx\n").title == "un·e tech lead"


def test_open_is_the_only_authority_status_open_does_not_open() -> None:
    found = parse("---\nroles: Dev\nstatus: open\nopen: false\n---\nx\n")
    assert not found.is_open(TODAY)


def test_front_matter_date_wins_over_file_name_and_is_read_in_paris_time() -> None:
    found = parse("---\nroles: Dev\nopen: true\ndate: 2022-03-20T23:30:00.000Z\n---\nx\n")
    assert found.date == date(2022, 3, 21)


def test_date_comes_from_file_name_prefix_when_front_matter_has_none() -> None:
    assert parse("---\nroles: Dev\nopen: true\n---\nx\n", "2019-12-04-a b").date == date(
        2019, 12, 4
    )


def test_no_date_anywhere_gives_none() -> None:
    assert parse("---\nroles: Dev\nopen: true\n---\nx\n", "potdb_mia").date is None


@pytest.mark.parametrize(
    ("depublication", "expected_open"),
    [("2025-03-10T08:00:00Z", False), ("2025-03-09", False), ("2025-03-11", True)],
)
def test_depublication_date_on_or_before_today_closes(
    depublication: str, expected_open: bool
) -> None:
    text = f"---\nroles: Dev\nopen: true\ndepublication_date: {depublication}\n---\nx\n"
    assert parse(text).is_open(TODAY) is expected_open


def test_excerpt_is_text_before_more_marker() -> None:
    text = "---\nroles: Dev\nopen: true\n---\n\nAccroche\nici.\n\nSuite.\n<!--more-->\n## Détail\n"
    assert parse(text).excerpt == "Accroche ici. Suite."


def test_long_excerpt_is_shortened_at_a_word() -> None:
    text = "---\nroles: Dev\nopen: true\n---\n" + "mot " * 200 + "\n"
    excerpt = parse(text).excerpt
    assert len(excerpt) <= 500
    assert excerpt == "mot " * 123 + "mot…"


def test_how_to_apply_is_the_first_paragraph_under_a_candidater_heading() -> None:
    text = (
        "---\nroles: Dev\nopen: true\n---\nx\n\n## Les atouts du candidat\n\nNon.\n\n"
        "## 🚀 Comment postuler ?\n\nÉcrivez à recrutement@example.org.\n\nMerci.\n"
    )
    assert parse(text).apply == "Écrivez à recrutement@example.org."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "roles: Dev\nopen: true\n",
            Problem(
                "f.md",
                1,
                "la fiche doit commencer par une ligne « --- » suivie de l'en-tête (roles, open…) "
                "et d'une autre ligne « --- »",
            ),
        ),
        (
            "---\nroles: Dev\nopen: true\n",
            Problem(
                "f.md",
                1,
                "l'en-tête n'est pas refermé : ajoutez une ligne « --- » après le dernier champ",
            ),
        ),
        (
            "---\nroles: Dev\n  open: true\n---\n",
            Problem(
                "f.md",
                3,
                "en-tête YAML illisible (mapping values are not allowed in this context) — "
                "corrigez la syntaxe de cette ligne",
            ),
        ),
        (
            "---\n- Dev\n---\n",
            Problem("f.md", 2, "l'en-tête doit être une liste de champs « clé: valeur »"),
        ),
        (
            "---\nroles: Dev\n---\n",
            Problem(
                "f.md",
                1,
                "champ « open » absent : ajoutez « open: true » (poste ouvert) ou « open: false »",
            ),
        ),
        (
            "---\nroles: Dev\nopen: oui\n---\n",
            Problem("f.md", 3, "« open » doit valoir true ou false, pas « oui »"),
        ),
        (
            "---\nopen: true\n---\n",
            Problem(
                "f.md",
                1,
                "ni « title » ni « roles » : ajoutez au moins « roles » (l'intitulé du poste)",
            ),
        ),
        (
            "---\nroles: Dev\nopen: true\n\ndepublication_date: bientôt\n---\n",
            Problem(
                "f.md", 5, "« depublication_date » n'est pas une date (AAAA-MM-JJ) : « bientôt »"
            ),
        ),
    ],
)
def test_malformed_posting_gives_exact_french_problem(text: str, expected: Problem) -> None:
    assert parse_posting_text(text, "f.md", "f") == (None, [expected])


def test_problem_formats_as_file_line_message() -> None:
    _, problems = parse_posting_text("---\nroles: Dev\nopen: oui\n---\n", "postes/x.md", "x")
    assert [str(p) for p in problems] == [
        "postes/x.md:3 : « open » doit valoir true ou false, pas « oui »"
    ]


def test_load_postings_reports_bad_files_and_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "2025-01-02-b é.md").write_text("---\nroles: Dév\nopen: true\n---\nx\n")
    (tmp_path / "2025-01-01-a.md").write_text("---\nroles: Dev\n---\n")
    (tmp_path / "2025-01-03-c.md").write_bytes(b"---\nroles: \xe9\nopen: true\n---\n")
    (tmp_path / "README.md").write_text("Comment écrire une fiche.\n")
    (tmp_path / ".cache").write_text("x")
    postings, problems = load_postings(tmp_path)
    assert [p.slug for p in postings] == ["2025-01-02-b é"]
    assert [str(p) for p in problems] == [
        f"{tmp_path}/2025-01-01-a.md:1 : champ « open » absent : ajoutez « open: true » "
        "(poste ouvert) ou « open: false »",
        f"{tmp_path}/2025-01-03-c.md:1 : le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8",
    ]


def test_missing_folder_gives_nothing(tmp_path: Path) -> None:
    assert load_postings(tmp_path / "absent") == ([], [])


def test_open_posting_never_announced_is_announced_as_new() -> None:
    dev = posting()
    assert new_postings([dev], TODAY, {}) == ([Announcement(dev, 1)], {})
    assert not Announcement(dev, 1).reopened
    assert Announcement(dev, 1).key == "announce:2025-03-01-dev:1"


def test_announced_open_posting_is_not_announced_again() -> None:
    assert new_postings([posting()], TODAY, {"2025-03-01-dev": Track(1, True)}) == ([], {})


def test_closed_posting_is_never_announced() -> None:
    closed = [posting(is_open=False), posting("b", depublication_date=TODAY)]
    assert new_postings(closed, TODAY, {}) == ([], {})


def test_announced_posting_that_closes_moves_to_next_generation() -> None:
    tracks = {"2025-03-01-dev": Track(1, True)}
    assert new_postings([posting(is_open=False)], TODAY, tracks) == ([], {"2025-03-01-dev": 2})


def test_reopened_posting_is_announced_again_as_reopened() -> None:
    dev = posting()
    plan = new_postings([dev], TODAY, {"2025-03-01-dev": Track(2, False)})
    assert plan == ([Announcement(dev, 2)], {})
    assert plan[0][0].reopened
    assert plan[0][0].key == "announce:2025-03-01-dev:2"


def test_open_postings_are_sorted_most_recent_first() -> None:
    old, new, undated = posting("a", date=date(2025, 1, 1)), posting("b"), posting("c", date=None)
    closed = posting("d", is_open=False)
    assert open_postings([undated, old, closed, new], TODAY) == [new, old, undated]


@pytest.mark.parametrize(("days", "due"), [(44, False), (45, True), (90, True)])
def test_reminder_is_due_45_days_after_the_date(days: int, due: bool) -> None:
    today = date.fromordinal(date(2025, 1, 1).toordinal() + days)
    assert reminder_due(posting(date=date(2025, 1, 1)), today) is due


def test_no_reminder_for_closed_or_undated_posting() -> None:
    today = date(2026, 1, 1)
    assert not reminder_due(posting(is_open=False), today)
    assert not reminder_due(posting(date=None), today)


@pytest.mark.skipif(not ARCHIVE.is_dir(), reason=f"posting archive absent: {ARCHIVE}")
def test_archive_parses_without_stopping_and_nothing_is_open() -> None:
    postings, problems = load_postings(ARCHIVE)
    assert len(postings) + len(problems) == 543
    assert [str(p) for p in problems] == [
        f"{ARCHIVE}/{name}:1 : champ « open » absent : ajoutez « open: true » (poste ouvert) "
        "ou « open: false »"
        for name in (
            "2021-01-07-charge-portefeuille.md",
            "2022-01-07-PM-incubateur.md",
            "2022-01-07-dev-fullstack-incubateur.md",
        )
    ]
    assert sum(p.open for p in postings) == 2  # both depublished in 2022
    assert open_postings(postings, date(2022, 8, 25)) == []
    assert new_postings(postings, TODAY, {}) == ([], {})
    assert all(p.title and p.date for p in postings)


def test_announcement_is_rendered_whole_and_inert() -> None:
    hostile = posting(
        title="Dev @channel **urgent**",
        roles=("Dev", "Ops"),
        domains=("Développement",),
        excerpt="Voir ![img](https://x.org/a.png) ou www.exemple.fr",
        apply="Écrire à jean@exemple.fr",
        url="https://beta.gouv.fr/recrutement/dev",
    )
    assert render_posting_announcement(hostile) == (
        "#### Nouveau poste ouvert : Dev `@channel` \\*\\*urgent\\*\\*\n"
        "**Rôle :** Dev, Ops\n"
        "**Domaine :** Développement\n"
        "\n"
        "Voir `![img](https://x.org/a.png)` ou `www.exemple.fr`\n"
        "\n"
        "**Pour candidater :** Écrire à `jean@exemple.fr`\n"
        "**Lien :** https://beta.gouv.fr/recrutement/dev\n"
        "\n"
        "Pour recevoir les prochains postes en message direct : **postes abonnement**."
    )


def test_reopened_announcement_says_so_and_drops_non_https_links() -> None:
    text = render_posting_announcement(posting(url="http://insecure.example.org"), reopened=True)
    assert text == (
        "#### Poste à nouveau ouvert : Dev\n"
        "**Rôle :** Dev\n"
        "\n"
        "Pour recevoir les prochains postes en message direct : **postes abonnement**."
    )


def test_cli_postes_lists_exactly_the_open_postings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "2025-03-01-dev.md").write_text("---\nroles: Dev\nopen: true\n---\nx\n")
    (tmp_path / "2025-03-02-ops.md").write_text("---\nroles: Ops\nopen: false\n---\nx\n")
    (tmp_path / "2025-03-03-bad.md").write_text("---\nroles: Bad\n---\nx\n")
    monkeypatch.setenv("BETABOT_POSTES_DIR", str(tmp_path))
    assert main(["postes"]) == 0
    out, err = capsys.readouterr()
    assert out == (
        "Postes ouverts à l'Incubateur de services numériques :\n- **Dev** (publié le 01/03/2025)\n"
    )
    assert err == (
        "Fiches de poste illisibles, ignorées :\n"
        f"{tmp_path}/2025-03-03-bad.md:1 : champ « open » absent : ajoutez « open: true » "
        "(poste ouvert) ou « open: false »\n"
    )


def test_cli_postes_says_none_is_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BETABOT_POSTES_DIR", str(tmp_path))
    assert main(["postes"]) == 0
    assert capsys.readouterr().out == (
        "Aucun poste n'est ouvert en ce moment à l'Incubateur de services numériques.\n"
        "Les postes sont d'abord annoncés sur Mattermost, puis publiés sur "
        "beta.gouv.fr/recrutement.\n"
    )


def test_cli_preview_prints_the_announcement_and_warns_when_closed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["postes", "--preview", str(SEED)]) == 0
    out, err = capsys.readouterr()
    found, _ = parse_posting(SEED)
    assert found is not None
    assert out == render_posting_announcement(found) + "\n"
    assert err == "Cette fiche est fermée (open: false ou dépubliée) : elle ne sera pas annoncée.\n"


def test_cli_preview_of_a_broken_file_prints_its_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "x.md"
    broken.write_text("---\nroles: Dev\nopen: peut-être\n---\n")
    assert main(["postes", "--preview", str(broken)]) == 1
    assert capsys.readouterr() == (
        "",
        f"{broken}:3 : « open » doit valoir true ou false, pas « peut-être »\n",
    )
