"""Load a knowledge folder into a validated `Knowledge`, or report every problem at once."""

from pathlib import Path

from bot.knowledge.building import thaw, without_gc
from bot.knowledge.consistency import check_aliases, check_examples, check_people
from bot.knowledge.model import JobPosting, Knowledge
from bot.knowledge.nodes import Reader, compose
from bot.knowledge.postings import load_postings
from bot.knowledge.problems import KnowledgeError, Problem
from bot.knowledge.schema import FILES, Parts

# Problem and KnowledgeError live in bot.knowledge.problems; importers keep taking them from here.
__all__ = ["KnowledgeError", "Problem", "check", "display_path", "load_knowledge", "summary"]


def _subjects(parts: Parts, unread: set[str], people_ok: bool) -> dict[str, set[str] | None]:
    """For each intent that takes a subject, the subjects it may name (None: unknown)."""
    poles_ok = "poles.yaml" not in unread
    return {
        "portfolio": None
        if "portefeuilles.yaml" in unread
        else {m.id for p in parts.portfolios for m in p.ministries},
        "person": None if "personnes.yaml" in unread else set(parts.people),
        "role": {f"{p.id}/{m.person_id}" for p in parts.poles for m in p.members}
        if poles_ok and people_ok
        else None,
        "pole": {p.id for p in parts.poles} if poles_ok else None,
        "topic": None if "sujets.yaml" in unread else {t.id for t in parts.topics},
        # Passages are cut lazily, at the first question needing them: their ids are not
        # checked here, the examples' test replays them.
        "passage": None,
    }


def display_path(path: Path) -> str:
    """`path` relative to the current directory when it is inside it, else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def _read_all(folder: Path) -> tuple[Parts, list[Problem]]:
    problems: list[Problem] = []
    parts = Parts()
    shown = display_path(folder)
    if not folder.is_dir():
        problems.append(
            Problem(
                shown,
                0,
                "dossier introuvable — indiquez le dossier des "
                "connaissances, par exemple : betabot check knowledge",
            )
        )
        return parts, problems
    unread: set[str] = set()
    for name, (spec, read) in FILES.items():
        r = Reader(f"{shown}/{name}", problems)
        root = compose(folder / name, r)
        doc = r.fields(root, spec, "ce fichier") if root is not None else None
        if doc is not None:
            read(r, doc, parts)
        else:
            unread.add(name)
    # A file that could not be read would make every reference to it look wrong: skip those.
    people_ok = "personnes.yaml" in unread or check_people(parts.person_refs, parts.people)
    if "intentions.yaml" not in unread:  # its filler words and declared ambiguous aliases
        ambiguous = parts.ambiguous
        problems.extend(check_aliases(parts.aliases, parts.fillers, parts.alias_keys, ambiguous))
    check_examples(parts.examples, _subjects(parts, unread, people_ok))
    return parts, problems


def _postings(folder: Path) -> tuple[tuple[JobPosting, ...], tuple[Problem, ...]]:
    postings, found = load_postings(folder)
    problems = (Problem(display_path(Path(p.file)), p.line, p.message) for p in found)
    return tuple(postings), tuple(sorted(problems, key=lambda p: (p.file, p.line)))


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line))


def load_knowledge(folder: Path, postes: Path | None = None) -> Knowledge:
    """Read and validate every knowledge file of `folder`, and the job postings.

    `postes` defaults to ``folder/postes``. Raises `KnowledgeError` with every problem of the
    YAML files, sorted by file and line. A posting that cannot be read is skipped, never
    fatal: its problems are kept in `Knowledge.posting_problems`.
    """
    thaw()  # what earlier knowledge froze may be garbage now (bot.knowledge.building)
    with without_gc():  # see bot.knowledge.building: 7.3 s → 1.7 s at 100x
        parts, problems = _read_all(folder)
        if problems:
            raise KnowledgeError(_sorted(problems))
        postings, posting_problems = _postings(folder / "postes" if postes is None else postes)
    return Knowledge(
        people=parts.people,
        poles=tuple(parts.poles),
        portfolios=tuple(parts.portfolios),
        reasons=tuple(parts.reasons),
        engagements=tuple(parts.engagements),
        engagements_intro=parts.intro,
        engagements_outro=parts.outro,
        contacts=tuple(parts.contacts),
        topics=tuple(parts.topics),
        cues=parts.cues,
        fillers=parts.fillers,
        alias_keys=parts.alias_keys,
        ambiguous=parts.ambiguous,
        english=parts.english,
        english_words=parts.english_words,
        abbreviations=parts.abbreviations,
        examples=tuple(e for _, e in parts.examples),
        postings=postings,
        posting_problems=posting_problems,
    )


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n <= 1 else plural}"


def summary(knowledge: Knowledge, folder: Path) -> str:
    """The one line `betabot check` prints when the knowledge is valid."""
    k = knowledge
    ministries = sum(len(p.ministries) for p in k.portfolios)
    counts = ", ".join(
        (
            _count(len(k.people), "personne", "personnes"),
            _count(len(k.poles), "pôle", "pôles"),
            _count(len(k.portfolios), "portefeuille", "portefeuilles")
            + f" ({_count(ministries, 'ministère', 'ministères')})",
            _count(len(k.reasons), "raison", "raisons"),
            _count(len(k.engagements), "engagement", "engagements"),
            _count(len(k.contacts), "contact", "contacts"),
            _count(len(k.topics), "sujet", "sujets"),
            _count(len(k.examples), "exemple", "exemples"),
            _count(len(k.postings), "fiche de poste", "fiches de poste"),
        )
    )
    return f"Connaissances valides : {counts} ({display_path(folder).rstrip('/')}/)"


def check(folder: Path, postes: Path | None = None) -> tuple[str, int]:
    """What `betabot check` prints and its exit code: 0 and a summary, or 1 and every problem.

    Every problem counts here, those of the YAML files and those of the postings alike.
    """
    try:
        knowledge = load_knowledge(folder, postes)
    except KnowledgeError as err:
        _, posting_problems = _postings(folder / "postes" if postes is None else postes)
        return _report(_sorted([*err.problems, *posting_problems])), 1
    if knowledge.posting_problems:
        return _report(list(knowledge.posting_problems)), 1
    return summary(knowledge, folder), 0


def _report(problems: list[Problem]) -> str:
    n = len(problems)
    them = "le" if n == 1 else "les"
    found = _count(n, "problème trouvé", "problèmes trouvés")
    last = f"{found} : corrigez-{them} puis relancez « betabot check »."
    return "\n".join([*(str(p) for p in problems), last])
