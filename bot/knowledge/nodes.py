"""Typed reading of composed YAML nodes: every value keeps its line, every problem is recorded.

Documents are composed, not constructed, so that a French message can point at the line of the
value it is about. The C composer is used when libyaml is present (cold-start path).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.knowledge.bounds import (
    KNOWLEDGE_FILE_MAX_BYTES,
    FileRefused,
    read_bounded,
    scan_yaml,
    shown,
)
from bot.knowledge.problems import Problem
from bot.knowledge.text import fold

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NULL_TAG = "tag:yaml.org,2002:null"
_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")

Fields = dict[str, yaml.Node]
# For each record kind: its French keys, True when the key is required.
Spec = Mapping[str, bool]


@dataclass
class Reader:
    """Reads the nodes of one file, recording problems instead of raising."""

    file: str
    problems: list[Problem]

    def fail(self, node: yaml.Node | int, message: str) -> None:
        """Record a problem at the node's line (or at the given line, 0 when unknown)."""
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
                again = f"la clé « {shown(key)} » apparaît deux fois — gardez-en une seule"
                self.fail(key_node, again)
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
        value = "" if node.tag == NULL_TAG else str(node.value).strip()
        if not value and required:
            self.fail(node, f"« {key} » est vide — écrivez une valeur ou supprimez la ligne")
        return value

    def items(self, fields: Fields, key: str) -> list[yaml.Node]:
        """The item nodes of a list field; empty when absent or wrong."""
        node = fields.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG):
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
                    f"chaque élément de « {key} » doit être un texte, pas {_kind(item)} — "
                    "écrivez un texte",
                )
            elif item.tag == NULL_TAG or not str(item.value).strip():
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
                f"identifiant « {shown(value)} » invalide — utilisez des minuscules "
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


def closest(word: str, choices: Iterable[str]) -> str:
    """The closest choice to `word`, or "" when none is close enough."""
    import difflib  # only on the error path: keeps the cold start short

    options = list(choices)
    by_fold = {fold(c): c for c in options}
    if fold(word) in by_fold:
        return by_fold[fold(word)]
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return found[0] if found else ""


def _unknown_key(key: str, spec: Spec) -> str:
    near = closest(key, spec)
    if near:
        return f"clé inconnue « {shown(key)} » — corrigez-la en « {near} »"
    return f"clé inconnue « {shown(key)} » — supprimez-la ou utilisez une des {_keys(spec)}"


def located(file: str, at: tuple[str, int]) -> str:
    """Where `at` (file, line) is, as seen from `file`: "ligne 12" or "knowledge/x.yaml:12"."""
    return f"ligne {at[1]}" if at[0] == file else f"{at[0]}:{at[1]}"


def records(
    r: Reader, doc: Fields, key: str, spec: Spec, what: str, required: bool = True
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


# pyyaml's syntax errors (C and pure-Python wordings), in French: (fragment, what, how to fix).
_INDENT = ("indentation incohérente", "alignez cette ligne sur les clés voisines")
_SYNTAX = (
    ("mapping values are not allowed", "deux-points inattendu", "mettez ce texte entre guillemets"),
    ("tab character", "tabulation dans l'indentation", "indentez avec des espaces"),
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
    ("expected node content", "valeur attendue absente", "complétez-la ou fermez le crochet"),
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


def compose(path: Path, r: Reader) -> yaml.Node | None:
    """The document's root node; None (and a problem) when missing, unreadable or invalid."""
    try:
        text = read_bounded(path, KNOWLEDGE_FILE_MAX_BYTES)
    except FileRefused as err:
        r.fail(err.line, str(err))
        return None
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
        scan_yaml(text)
        node: yaml.Node | None = yaml.compose(text, Loader=_YamlLoader)
    except FileRefused as err:
        r.fail(err.line, str(err))
        return None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if err.context_mark is not None and "expected ','" in (err.problem or ""):
            mark = err.context_mark  # an unclosed bracket: the line that opened it
        r.fail(mark.line + 1 if mark else 0, _syntax_message(err))
        return None
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, max(err.position, 0)) + 1
        r.fail(line, f"caractère de contrôle interdit (#x{err.character:04x}) — supprimez-le")
        return None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG):
        r.fail(0, "le fichier est vide — remettez son contenu (voir knowledge/LISEZMOI.md)")
        return None
    return node
