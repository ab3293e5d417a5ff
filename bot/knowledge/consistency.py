"""Checks across knowledge files: people named exist, aliases are unambiguous, examples hold."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import yaml

from bot.knowledge.bounds import shown
from bot.knowledge.model import INTENTS, Example, Person
from bot.knowledge.nodes import Reader, closest, located
from bot.knowledge.problems import Problem
from bot.knowledge.text import fold, fold_all

_SUBJECTS_OF = {
    "portfolio": "un ministère de portefeuilles.yaml",
    "person": "une personne de personnes.yaml",
    "role": "« pôle/personne » d'un membre de poles.yaml",
    "pole": "un pôle de poles.yaml",
    "topic": "un sujet de sujets.yaml",
    "passage": "un passage, par exemple « engagement:reporting » ou « topic:adresse:0 »",
}


class Alias(NamedTuple):
    """An alias as written, where, and the subject it names (66,800 at 100x: a tuple)."""

    text: str
    file: str
    line: int
    subject: str  # "le ministère « sante »"
    group: str  # "who" (people, pôles, ministries, roles) or "topic": checked separately


@dataclass(frozen=True)
class Reference:
    """A value naming something defined elsewhere (a person id, an example's intent)."""

    reader: Reader
    node: yaml.Node
    value: str


def check_people(refs: list[Reference], people: Mapping[str, Person]) -> bool:
    """Every person named in a pôle or a portfolio exists in personnes.yaml; False if not."""
    by_name = {fold(p.name): p.id for p in people.values()}
    unknown = [ref for ref in refs if ref.value not in people]
    for ref in unknown:
        near = by_name.get(fold(ref.value)) or closest(ref.value, people)
        fix = f"corrigez en « {near} »" if near else "corrigez l'identifiant"
        ref.reader.fail(
            ref.node,
            f"la personne « {shown(ref.value)} » n'existe pas dans personnes.yaml — {fix} "
            "ou ajoutez-la à personnes.yaml",
        )
    return not unknown


def _shared_on_purpose(taken: Alias, alias: Alias, key: str, ambiguous: frozenset[str]) -> bool:
    """An alias declared ambiguous, or a role held by several people ("coach")."""
    roles = taken.subject.startswith("le rôle") and alias.subject.startswith("le rôle")
    return roles or key in ambiguous


def check_aliases(
    aliases: list[Alias],
    fillers: tuple[str, ...],
    keys: dict[str, str] | None = None,
    ambiguous: tuple[str, ...] = (),
) -> list[Problem]:
    """A folded alias names one subject only within its group; later ones are reported.

    Filler words are dropped first, as the understanding code does ("ministère de la Santé"
    and "santé" are the same alias); an alias left with filler words or digits only is
    refused. Aliases listed in `ambiguous` (« alias_ambigus ») and aliases shared by several
    roles may name several subjects: the answer gives every one of them.
    `keys`, when given, receives each alias text's folded key, so that the alias index
    does not fold them again.
    """
    ignored = frozenset(w for f in fillers for w in fold(f).split())
    declared = frozenset(
        " ".join(w for w in fold(a).split() if w not in ignored) for a in ambiguous
    )
    files = {a.file: n for n, a in reversed(list(enumerate(aliases)))}
    first: dict[tuple[str, str], Alias] = {}
    problems = []
    keys = {} if keys is None else keys
    ordered = sorted(aliases, key=lambda a: (files[a.file], a.line))
    for alias, folded in zip(ordered, fold_all([a.text for a in ordered]), strict=True):
        text, file, line, subject, group = alias
        words = folded.split()
        if ignored.isdisjoint(words):
            key = folded
        else:
            key = " ".join(w for w in words if w not in ignored)
        keys[text] = key
        if not key.replace(" ", "").isalpha() and not any(c.isalpha() for c in key):
            kept = f"ne garde que « {key} »" if key else "ne contient que des mots vides"
            message = (
                f"l'alias « {shown(text)} » {kept} une fois les mots vides retirés "
                "(intentions.yaml, mots_vides) — ajoutez un mot qui désigne le sujet"
            )
            problems.append(Problem(file, line, message))
            continue
        taken = first.setdefault((group, key), alias)
        if taken.subject != subject and not _shared_on_purpose(taken, alias, key, declared):
            message = (
                f"l'alias « {shown(text)} » désigne déjà {taken.subject} "
                f"({located(file, (taken.file, taken.line))}) — "
                "gardez-le pour un seul sujet ou rendez-le plus précis"
            )
            problems.append(Problem(file, line, message))
    return problems


def check_examples(
    examples: list[tuple[Reference, Example]], subjects: Mapping[str, set[str] | None]
) -> None:
    """Each example names a known intent and, when the intent takes one, a known subject.

    `subjects` gives, for each intent that takes a subject, the subjects it may name, or None
    when they are unknown (their file could not be read): those subjects are not checked.
    """
    for ref, example in examples:
        intent, subject, r, node = example.intent, example.subject, ref.reader, ref.node
        if intent not in INTENTS:
            near = closest(intent, INTENTS)
            fix = f"corrigez en « {near} »" if near else "choisissez parmi : " + ", ".join(INTENTS)
            r.fail(node, f"intention inconnue « {shown(intent)} » — {fix}")
        elif intent not in subjects and subject:
            r.fail(node, f"l'intention « {intent} » ne prend pas de sujet — supprimez « sujet »")
        elif intent in subjects and not subject:
            r.fail(
                node,
                f"l'intention « {intent} » demande un « sujet » "
                f"({_SUBJECTS_OF[intent]}) — ajoutez-le",
            )
        elif (known := subjects.get(intent)) is not None and subject not in known:
            near = closest(subject, known)
            fix = f"corrigez en « {near} »" if near else f"écrivez {_SUBJECTS_OF[intent]}"
            unknown = f"sujet « {shown(subject)} » inconnu pour l'intention « {intent} »"
            r.fail(node, f"{unknown} — {fix}")
