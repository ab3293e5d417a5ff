"""Load `knowledge/*.yaml` into a validated `Knowledge`, or report every problem at once.

YAML keys are French (the maintainers' language); this module alone maps them to fields.
Documents are composed, not constructed, so that every value keeps its line number.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.model import (
    Contact,
    Engagement,
    Example,
    JobPosting,
    Knowledge,
    Link,
    Ministry,
    Person,
    Pole,
    Portfolio,
    Reason,
    Role,
    Topic,
)
from bot.text import fold

INTENTS = (
    "portfolio",
    "person",
    "role",
    "pole",
    "reasons",
    "engagements",
    "contact",
    "jobs",
    "topic",
    "help",
    "unknown",
)

# The C composer when libyaml is present: loading is on the `betabot ask` cold-start path.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL_TAG = "tag:yaml.org,2002:null"
_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


@dataclass(frozen=True)
class Problem:
    """One problem in a knowledge file: where it is and, in French, how to fix it."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        """Format as ``file:line : message`` (``file : message`` when the line is unknown)."""
        if self.line > 0:
            return f"{self.file}:{self.line} : {self.message}"
        return f"{self.file} : {self.message}"


class KnowledgeError(Exception):
    """The knowledge cannot be loaded; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        """Keep the problems; `str()` gives one ``file:line : message`` per line."""
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


Fields = dict[str, yaml.Node]
# For each record kind: its French keys, True when the key is required.
Spec = Mapping[str, bool]


@dataclass
class _Reader:
    """Reads the nodes of one file, recording problems instead of raising."""

    file: str
    problems: list[Problem]

    def fail(self, node: yaml.Node | int, message: str) -> None:
        line = node if isinstance(node, int) else node.start_mark.line + 1
        self.problems.append(Problem(self.file, line, message))

    def fields(self, node: yaml.Node, spec: Spec, what: str) -> Fields | None:
        """The value nodes of a mapping, by key; unknown, doubled and missing keys reported."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} doit être un groupe de champs « clé: valeur » — {_keys(spec)}")
            return None
        found: Fields = {}
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
            if key in found:
                self.fail(key_node, f"la clé « {key} » apparaît deux fois — gardez-en une seule")
            elif key not in spec:
                self.fail(key_node, _unknown_key(key, spec))
            else:
                found[key] = value
        for key, required in spec.items():
            if required and key not in found:
                self.fail(node, f"il manque « {key} » — ajoutez « {key}: … » à {what}")
        return found

    def text(self, fields: Fields, key: str, required: bool = True) -> str:
        """A scalar field as stripped text; empty when absent or wrong."""
        node = fields.get(key)
        if node is None:
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, f"« {key} » doit être un texte, pas {_kind(node)} — écrivez une valeur")
            return ""
        value = "" if node.tag == _NULL_TAG else str(node.value).strip()
        if not value and required:
            self.fail(node, f"« {key} » est vide — écrivez une valeur ou supprimez la ligne")
        return value

    def items(self, fields: Fields, key: str) -> list[yaml.Node]:
        """The item nodes of a list field; empty when absent or wrong."""
        node = fields.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.fail(
                node,
                f"« {key} » doit être une liste — écrivez « {key}: [a, b] » ou une "
                "ligne « - … » par élément",
            )
            return []
        return list(node.value)

    def texts(self, fields: Fields, key: str) -> tuple[str, ...]:
        """A list of texts; sub-lists and empty items reported."""
        values: list[str] = []
        for item in self.items(fields, key):
            if not isinstance(item, yaml.ScalarNode):
                self.fail(
                    item,
                    f"chaque élément de « {key} » doit être un texte — retirez ce {_kind(item)}",
                )
            elif item.tag == _NULL_TAG or not str(item.value).strip():
                self.fail(item, f"un élément de « {key} » est vide — supprimez-le")
            else:
                values.append(str(item.value).strip())
        return tuple(values)

    def ident(self, fields: Fields) -> str:
        """The `id` field, checked to be a slug."""
        value = self.text(fields, "id")
        if value and (not set(value) <= _SLUG_CHARS or value.strip("-") != value):
            slug = "-".join(fold(value).split())
            self.fail(
                fields["id"],
                f"identifiant « {value} » invalide — utilisez des minuscules "
                f"sans accents et des tirets, par exemple « {slug} »",
            )
        return value


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "une liste"
    if isinstance(node, yaml.MappingNode):
        return "un groupe de champs"
    return "un texte"


def _keys(spec: Spec) -> str:
    return "clés possibles : " + ", ".join(spec)


def _closest(word: str, choices: Iterable[str]) -> str:
    """The closest choice to `word`, or "" when none is close enough."""
    import difflib  # only on the error path: keeps the cold start short

    options = list(choices)
    by_fold = {fold(c): c for c in options}
    if fold(word) in by_fold:
        return by_fold[fold(word)]
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return found[0] if found else ""


def _unknown_key(key: str, spec: Spec) -> str:
    near = _closest(key, spec)
    if near:
        return f"clé inconnue « {key} » — corrigez-la en « {near} »"
    return f"clé inconnue « {key} » — supprimez-la ou utilisez une des {_keys(spec)}"


_PERSON: Spec = {"id": True, "nom": True, "alias": False, "note": False, "mattermost": False}
_POLE: Spec = {
    "id": True,
    "nom": True,
    "mission": True,
    "responsable": False,
    "contact": False,
    "alias": False,
    "note": False,
    "membres": False,
}
_MEMBER: Spec = {"personne": True, "titre": True, "alias": False}
_PORTFOLIO: Spec = {"id": True, "responsable": True, "ministeres": True}
_MINISTRY: Spec = {"id": True, "nom": True, "alias": False}
_REASON: Spec = {"id": True, "texte": True}
_ENGAGEMENT: Spec = {"id": True, "titre": True, "texte": True}
_CONTACT: Spec = {"id": True, "libelle": True, "valeur": True, "lien": False}
_TOPIC: Spec = {
    "id": True,
    "titre": True,
    "texte": True,
    "alias": False,
    "points": False,
    "liens": False,
}
_LINK: Spec = {"libelle": True, "url": True}
_EXAMPLE: Spec = {"question": True, "intention": True, "sujet": False}

_TAKEN = "identifiant « {id} » déjà utilisé ({where}) — donnez un identifiant unique à chacun"
_TWICE = "« {id} » est déjà membre de ce pôle ({where}) — gardez une seule entrée par personne"
_SUBJECTS_OF = {
    "portfolio": "un ministère de portefeuilles.yaml",
    "person": "une personne de personnes.yaml",
    "role": "« pôle/personne » d'un membre de poles.yaml",
    "pole": "un pôle de poles.yaml",
    "topic": "un sujet de sujets.yaml",
}


@dataclass(frozen=True)
class _Alias:
    """An alias as written, where, and the subject it names."""

    text: str
    file: str
    line: int
    subject: str  # "le ministère « sante »"
    group: str  # "who" (people, pôles, ministries, roles) or "topic": checked separately


@dataclass
class _Parts:
    """What the files gave so far, with the locations that later checks need."""

    people: dict[str, Person] = field(default_factory=dict)
    poles: list[Pole] = field(default_factory=list)
    portfolios: list[Portfolio] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    engagements: list[Engagement] = field(default_factory=list)
    intro: str = ""
    outro: str = ""
    contacts: list[Contact] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fillers: tuple[str, ...] = ()
    examples: list[tuple[_Reader, yaml.Node, Example]] = field(default_factory=list)
    seen: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    person_refs: list[tuple[_Reader, yaml.Node, str]] = field(default_factory=list)
    aliases: list[_Alias] = field(default_factory=list)

    def claim(self, r: _Reader, kind: str, ident: str, node: yaml.Node, taken: str = "") -> bool:
        """Record an id of `kind`; False (and a problem) when already taken."""
        if not ident:
            return False
        here = (r.file, node.start_mark.line + 1)
        where = self.seen.setdefault((kind, ident), here)
        if where == here:
            return True
        message = taken or _TAKEN
        r.fail(node, message.format(id=ident, where=_where(r.file, where)))
        return False

    def alias(
        self, r: _Reader, fields: Fields, subject: str, name: str = "nom", group: str = "who"
    ) -> None:
        """Record the display name and aliases of one subject for the conflict check."""
        nodes = [fields[name]] if name in fields else []
        alias = fields.get("alias")
        if isinstance(alias, yaml.SequenceNode):
            nodes.extend(alias.value)
        for node in nodes:
            if isinstance(node, yaml.ScalarNode) and node.tag != _NULL_TAG and node.value:
                line = node.start_mark.line + 1
                self.aliases.append(_Alias(str(node.value), r.file, line, subject, group))


def _where(file: str, where: tuple[str, int]) -> str:
    return f"ligne {where[1]}" if where[0] == file else f"{where[0]}:{where[1]}"


def _records(
    r: _Reader, doc: Fields, key: str, spec: Spec, what: str, required: bool = True
) -> list[Fields]:
    """The well-formed records of the list under `key` (malformed ones are reported)."""
    items = r.items(doc, key)
    if required and key in doc and not items and not isinstance(doc[key], yaml.MappingNode):
        r.fail(doc[key], f"« {key} » est vide — ajoutez au moins un élément")
    found = []
    for item in items:
        fields = r.fields(item, spec, what)
        if fields is not None:
            found.append(fields)
    return found


def _line(fields: Fields, key: str) -> int:
    node = fields.get(key)
    return node.start_mark.line + 1 if node is not None else 0


def _read_people(r: _Reader, doc: Fields, parts: _Parts) -> None:
    for f in _records(r, doc, "personnes", _PERSON, "cette personne"):
        ident = r.ident(f)
        person = Person(
            id=ident,
            name=r.text(f, "nom"),
            aliases=r.texts(f, "alias"),
            note=r.text(f, "note", required=False),
            mattermost=r.text(f, "mattermost", required=False).lstrip("@"),
        )
        if parts.claim(r, "personne", ident, f["id"]):
            parts.people[ident] = person
            parts.alias(r, f, f"la personne « {ident} »")


def _read_poles(r: _Reader, doc: Fields, parts: _Parts) -> None:
    for f in _records(r, doc, "poles", _POLE, "ce pôle"):
        ident = r.ident(f)
        members = []
        for m in _records(r, f, "membres", _MEMBER, "ce membre", False):
            person_id = r.text(m, "personne")
            role = Role(person_id, r.text(m, "titre"), r.texts(m, "alias"))
            if parts.claim(r, f"membre de {ident}", person_id, m["personne"], _TWICE):
                members.append(role)
                parts.alias(r, m, f"le rôle « {ident}/{person_id} »", name="")
            if person_id:
                parts.person_refs.append((r, m["personne"], person_id))
        lead = r.text(f, "responsable", required=False)
        if lead:
            parts.person_refs.append((r, f["responsable"], lead))
            if members and lead not in {m.person_id for m in members}:
                r.fail(
                    f["responsable"],
                    f"« {lead} » dirige le pôle mais n'est pas dans ses "
                    "« membres » — ajoutez-le aux membres avec son titre",
                )
        pole = Pole(
            id=ident,
            name=r.text(f, "nom"),
            mission=r.text(f, "mission"),
            members=tuple(members),
            aliases=r.texts(f, "alias"),
            lead_id=lead,
            contact=r.text(f, "contact", required=False),
            note=r.text(f, "note", required=False),
        )
        if parts.claim(r, "pôle", ident, f["id"]):
            parts.poles.append(pole)
            parts.alias(r, f, f"le pôle « {ident} »")


def _read_portfolios(r: _Reader, doc: Fields, parts: _Parts) -> None:
    for f in _records(r, doc, "portefeuilles", _PORTFOLIO, "ce portefeuille"):
        ident = r.ident(f)
        owner = r.text(f, "responsable")
        if owner:
            parts.person_refs.append((r, f["responsable"], owner))
        ministries = []
        for m in _records(r, f, "ministeres", _MINISTRY, "ce ministère"):
            ministry = Ministry(r.ident(m), r.text(m, "nom"), r.texts(m, "alias"))
            if parts.claim(r, "ministère", ministry.id, m["id"]):
                ministries.append(ministry)
                parts.alias(r, m, f"le ministère « {ministry.id} »")
        if parts.claim(r, "portefeuille", ident, f["id"]):
            parts.portfolios.append(Portfolio(ident, owner, tuple(ministries)))


def _read_reasons(r: _Reader, doc: Fields, parts: _Parts) -> None:
    for f in _records(r, doc, "raisons", _REASON, "cette raison"):
        reason = Reason(r.ident(f), r.text(f, "texte"))
        if parts.claim(r, "raison", reason.id, f["id"]):
            parts.reasons.append(reason)


def _read_engagements(r: _Reader, doc: Fields, parts: _Parts) -> None:
    parts.intro = r.text(doc, "introduction")
    parts.outro = r.text(doc, "conclusion", required=False)
    for f in _records(r, doc, "engagements", _ENGAGEMENT, "cet engagement"):
        engagement = Engagement(r.ident(f), r.text(f, "titre"), r.text(f, "texte"))
        if parts.claim(r, "engagement", engagement.id, f["id"]):
            parts.engagements.append(engagement)


def _read_contacts(r: _Reader, doc: Fields, parts: _Parts) -> None:
    for f in _records(r, doc, "contacts", _CONTACT, "ce contact"):
        contact = Contact(r.ident(f), r.text(f, "libelle"), r.text(f, "valeur"), _url(r, f, "lien"))
        if parts.claim(r, "contact", contact.id, f["id"]):
            parts.contacts.append(contact)


def _read_topics(r: _Reader, doc: Fields, parts: _Parts) -> None:
    for f in _records(r, doc, "sujets", _TOPIC, "ce sujet"):
        links = tuple(
            Link(r.text(x, "libelle"), _url(r, x, "url"))
            for x in _records(r, f, "liens", _LINK, "ce lien", False)
        )
        ident = r.ident(f)
        topic = Topic(
            ident,
            r.text(f, "titre"),
            r.text(f, "texte"),
            r.texts(f, "alias"),
            r.texts(f, "points"),
            links,
        )
        if parts.claim(r, "sujet", ident, f["id"]):
            parts.topics.append(topic)
            parts.alias(r, f, f"le sujet « {ident} »", name="", group="topic")


def _read_intents(r: _Reader, doc: Fields, parts: _Parts) -> None:
    parts.fillers = r.texts(doc, "mots_vides")
    node = doc.get("cues")
    if node is None:
        return
    cues = r.fields(node, dict.fromkeys(INTENTS, False), "« cues »")
    for intent, phrases in (cues or {}).items():
        parts.cues[intent] = r.texts({intent: phrases}, intent)


def _read_examples(r: _Reader, doc: Fields, parts: _Parts) -> None:
    for f in _records(r, doc, "exemples", _EXAMPLE, "cet exemple"):
        example = Example(
            r.text(f, "question"), r.text(f, "intention"), r.text(f, "sujet", required=False)
        )
        if example.question and example.intent:
            parts.examples.append((r, f["intention"], example))


def _url(r: _Reader, fields: Fields, key: str) -> str:
    value = r.text(fields, key, required=key == "url")
    if value and not value.startswith(("https://", "http://")):
        r.fail(
            fields[key],
            f"lien « {value} » invalide — écrivez une adresse complète commençant par https://",
        )
    return value


# pyyaml's syntax errors (C and pure-Python wordings), in French: (fragment, what, how to fix).
_INDENT = ("indentation incohérente", "alignez cette ligne sur les clés voisines")
_SYNTAX = (
    ("mapping values are not allowed", "deux-points inattendu", "mettez ce texte entre guillemets"),
    (
        "cannot start any token",
        "caractère interdit en début de valeur (tabulation, @, ` ou %)",
        "indentez avec des espaces ou mettez la valeur entre guillemets",
    ),
    ("expected ',' or ']'", "liste entre crochets non fermée", "ajoutez « ] » ou une virgule"),
    ("expected ',' or '}'", "groupe entre accolades non fermé", "ajoutez « } » ou une virgule"),
    ("expected key", *_INDENT),
    ("expected <block end>", *_INDENT),
    ("expected '-' indicator", "indentation incohérente dans la liste", "alignez les « - »"),
    ("could not find expected ':'", "il manque « : » après une clé", "ajoutez « : » après la clé"),
    ("end of stream", "fin de fichier inattendue", "fermez les guillemets ou crochets ouverts"),
    ("single document", "plusieurs documents (« --- »)", "gardez-en un seul par fichier"),
    ("undefined alias", "« * » en début de valeur", "mettez la valeur entre guillemets"),
)


def _syntax_message(err: yaml.MarkedYAMLError) -> str:
    problem = err.problem or ""
    for fragment, what, fix in _SYNTAX:
        if fragment in problem:
            return f"syntaxe YAML invalide : {what} — {fix}"
    return f"syntaxe YAML invalide ({problem}) — corrigez l'indentation, « : » ou les guillemets"


def _compose(path: Path, r: _Reader) -> yaml.Node | None:
    """The document's root node; None (and a problem) when missing, unreadable or invalid."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        r.fail(0, "fichier manquant — recréez-le (voir knowledge/LISEZMOI.md)")
        return None
    except UnicodeDecodeError:
        r.fail(0, "le fichier n'est pas en UTF-8 — réenregistrez-le en UTF-8")
        return None
    except OSError as err:
        r.fail(0, f"fichier illisible ({err.strerror}) — vérifiez ses droits de lecture")
        return None
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        r.fail(mark.line + 1 if mark else 0, _syntax_message(err))
        return None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG):
        r.fail(0, "le fichier est vide — remettez son contenu (voir knowledge/LISEZMOI.md)")
        return None
    return node


Read = Callable[[_Reader, Fields, _Parts], None]
_FILES: dict[str, tuple[Spec, Read]] = {
    "personnes.yaml": ({"personnes": True}, _read_people),
    "poles.yaml": ({"poles": True}, _read_poles),
    "portefeuilles.yaml": ({"portefeuilles": True}, _read_portfolios),
    "raisons.yaml": ({"raisons": True}, _read_reasons),
    "engagements.yaml": (
        {"introduction": True, "engagements": True, "conclusion": False},
        _read_engagements,
    ),
    "contacts.yaml": ({"contacts": True}, _read_contacts),
    "sujets.yaml": ({"sujets": True}, _read_topics),
    "intentions.yaml": ({"cues": True, "mots_vides": False}, _read_intents),
    "exemples.yaml": ({"exemples": True}, _read_examples),
}


def _check_people(parts: _Parts) -> None:
    """Every person named in a pôle or a portfolio exists in personnes.yaml."""
    by_name = {fold(p.name): p.id for p in parts.people.values()}
    for r, node, person_id in parts.person_refs:
        if person_id in parts.people:
            continue
        near = by_name.get(fold(person_id)) or _closest(person_id, parts.people)
        fix = f"corrigez en « {near} »" if near else "corrigez l'identifiant"
        r.fail(
            node,
            f"la personne « {person_id} » n'existe pas dans personnes.yaml — {fix} "
            "ou ajoutez-la à personnes.yaml",
        )


def _check_aliases(parts: _Parts, problems: list[Problem]) -> None:
    """A folded alias names one subject only (people, pôles, ministries and roles together)."""
    fillers = frozenset(w for f in parts.fillers for w in fold(f).split())
    first: dict[tuple[str, str], _Alias] = {}
    files = {a.file: n for n, a in reversed(list(enumerate(parts.aliases)))}
    for alias in sorted(parts.aliases, key=lambda a: (files[a.file], a.line)):
        words = fold(alias.text).split()
        key = " ".join(w for w in words if w not in fillers) or " ".join(words)
        if not key:
            continue
        taken = first.setdefault((alias.group, key), alias)
        if taken.subject != alias.subject:
            where = _where(alias.file, (taken.file, taken.line))
            message = (
                f"l'alias « {alias.text} » désigne déjà {taken.subject} ({where}) — "
                "gardez-le pour un seul sujet ou rendez-le plus précis"
            )
            problems.append(Problem(alias.file, alias.line, message))


def _subjects(parts: _Parts) -> dict[str, set[str]]:
    """For each intent that takes a subject, the subjects it may name."""
    return {
        "portfolio": {m.id for p in parts.portfolios for m in p.ministries},
        "person": set(parts.people),
        "role": {f"{p.id}/{m.person_id}" for p in parts.poles for m in p.members},
        "pole": {p.id for p in parts.poles},
        "topic": {t.id for t in parts.topics},
    }


def _check_examples(parts: _Parts) -> None:
    """Each example names a known intent and, when the intent takes one, a known subject."""
    subjects = _subjects(parts)
    for r, node, example in parts.examples:
        intent, subject = example.intent, example.subject
        if intent not in INTENTS:
            near = _closest(intent, INTENTS)
            fix = f"corrigez en « {near} »" if near else "choisissez-en une de intentions.yaml"
            r.fail(node, f"intention inconnue « {intent} » — {fix}")
        elif intent not in subjects and subject:
            r.fail(node, f"l'intention « {intent} » ne prend pas de sujet — supprimez « sujet »")
        elif intent in subjects and not subject:
            r.fail(
                node,
                f"l'intention « {intent} » demande un « sujet » "
                f"({_SUBJECTS_OF[intent]}) — ajoutez-le",
            )
        elif intent in subjects and subject not in subjects[intent]:
            near = _closest(subject, subjects[intent])
            fix = f"corrigez en « {near} »" if near else f"écrivez {_SUBJECTS_OF[intent]}"
            r.fail(node, f"sujet « {subject} » inconnu pour l'intention « {intent} » — {fix}")


def display_path(path: Path) -> str:
    """`path` relative to the current directory when it is inside it, else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def _read_all(folder: Path) -> tuple[_Parts, list[Problem]]:
    problems: list[Problem] = []
    parts = _Parts()
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
    for name, (spec, read) in _FILES.items():
        r = _Reader(f"{shown}/{name}", problems)
        root = _compose(folder / name, r)
        doc = r.fields(root, spec, "ce fichier") if root is not None else None
        if doc is not None:
            read(r, doc, parts)
    _check_people(parts)
    _check_aliases(parts, problems)
    _check_examples(parts)
    return parts, problems


def _postings(folder: Path, problems: list[Problem]) -> tuple[JobPosting, ...]:
    # Imported here: bot.jobs imports Problem from this module.
    from bot.jobs import load_postings

    postings, found = load_postings(folder)
    problems.extend(Problem(display_path(Path(p.file)), p.line, p.message) for p in found)
    return tuple(postings)


def load_knowledge(folder: Path, postes: Path | None = None) -> Knowledge:
    """Read and validate every knowledge file of `folder`, and the job postings.

    `postes` defaults to ``folder/postes``. Raises `KnowledgeError` with every problem found,
    sorted by file and line.
    """
    parts, problems = _read_all(folder)
    postings = _postings(folder / "postes" if postes is None else postes, problems)
    if problems:
        problems.sort(key=lambda p: (p.file, p.line))
        raise KnowledgeError(problems)
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
        examples=tuple(e for _, _, e in parts.examples),
        postings=postings,
    )


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


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
    """What `betabot check` prints and its exit code: 0 and a summary, or 1 and every problem."""
    try:
        knowledge = load_knowledge(folder, postes)
    except KnowledgeError as err:
        n = len(err.problems)
        them = "le" if n == 1 else "les"
        found = _count(n, "problème trouvé", "problèmes trouvés")
        last = f"{found} : corrigez-{them} puis relancez « betabot check »."
        return "\n".join([*(str(p) for p in err.problems), last]), 1
    return summary(knowledge, folder), 0
