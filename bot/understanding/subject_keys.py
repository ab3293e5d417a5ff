"""A Query's subjects as the alias index knows them: their alias keys, their label.

`weighing.py` looks for the head's or the role's keys in the question; an out-of-scope answer
offers the subject's label (`_labels`), never a person's name.
"""

from bot.understanding.aliases import AliasIndex
from bot.understanding.heads import lead_words
from bot.understanding.query_model import Query


def _head_keys(index: AliasIndex, base: Query) -> list[str]:
    """The head's words to look for before « incubateur »: the subject's own aliases, and for a
    ministry read from « le responsable de l'incubateur de Bercy » every lead word's."""
    keys = list(index.keys_of.get(base.subject, []))
    if base.intent == "portfolio":
        keys += [f"{word} incubateur" for word in lead_words(index)]
    return keys


def _role_keys(index: AliasIndex, base: Query) -> list[str]:
    """The alias keys of a role's holders or a pôle (none for a ministry's: its nouns count)."""
    if base.intent == "portfolio":
        return []
    return [k for s in (base.subject, *base.also) for k in index.keys_of.get(s, [])]


def _labels(index: AliasIndex, query: Query) -> tuple[str, ...]:
    """What an out-of-scope question was near: its subject's label, never a person's name.

    A role's is its pôle's (« Coaching produit »).
    """
    subject = query.subject.split("/", 1)[0] if query.intent == "role" else query.subject
    for targets in index.aliases.values():
        for target in targets:
            if target.subject == subject and target.intent in ("portfolio", "pole", "topic"):
                return (target.label,)
    return ()
