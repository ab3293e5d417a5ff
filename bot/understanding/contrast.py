"""Subjects a question sets aside: negated, corrected or contrasted away, hence not asked.

« pas l'Intérieur hein, je cherche le RP de la Santé », « je ne cherche pas Clémence, je
cherche la personne qui a l'Agriculture », « pour le Logement… en fait non, pour l'Enseignement
supérieur », « la Santé et l'Intérieur ont leur RP, mais moi c'est l'Intérieur » each name a
subject that is *not* the question. `set_aside` removes the words of such subjects from the
text, so that the reading that follows sees only what is asked:

- a subject right after a negation (« pas », « sauf », « hormis », « excepté »), with
  only articles or prepositions in between, is set aside;
- a subject named before a turn (« mais », « en fait », « plutôt », « finalement », « par
  contre ») is set aside when the words after the last turn name another subject of ours, of
  the same kind (a ministry for a ministry, a person for a person).

Either applies only when another subject of ours is left to answer: a question that names one
subject and negates it (« ce n'est pas la Santé ? ») keeps it. The text is returned as it was
when no marker word is present (a set test on the folded words: most questions).
"""

import re
from dataclasses import dataclass, replace

from bot.knowledge.text import fold
from bot.understanding.aliases import MAX_NGRAM, AliasIndex
from bot.understanding.query_model import Query

_EXCEPT = frozenset({"sauf", "hormis", "excepte", "hors"})  # « les coachs sauf Maël »
_NEGATIONS = frozenset({"pas", "not"}) | _EXCEPT  # « pas l'Intérieur », « not Health »
_TURNS: tuple[tuple[str, ...], ...] = (
    ("mais",),
    ("en", "fait"),
    ("plutot",),
    ("finalement",),
    ("par", "contre"),
    ("but",),  # English, read before its translation
    ("actually",),
    ("rather",),
    ("non",),  # « Logement ? Non, Agriculture plutôt. »
    ("voulais", "dire"),  # « …enfin non, je voulais dire la Justice »
    ("veux", "dire"),
    # Time turns: what came before is the asker's history (« après cinq ans à la DGFiP… je
    # suis désormais dans une DRAC », « on a bossé avec France Travail… cette fois c'est une ARS »)
    ("desormais",),
    ("dorenavant",),
    ("cette", "fois"),
    ("aujourd", "hui"),
    ("now",),
)
_TURN_WORDS = frozenset(w for turn in _TURNS for w in turn)
# « mais aussi la Santé » adds a subject, it does not turn away from the first one
_ADDING = frozenset({"aussi", "egalement", "encore", "also"})
# Words allowed between a negation and the subject it negates (« pas pour le ministère de l' »)
_BETWEEN = frozenset(
    {"le", "la", "l", "les", "un", "une", "du", "de", "des", "d", "pour", "avec", "sur", "au"}
    | {"aux", "a", "ministere", "ministeres", "pole", "hein", "forcement", "vraiment"}
    # « pas celui de l'Éducation nationale », « not the Health one »
    | {"celui", "celle", "ceux", "celles", "the", "for", "of"}
)
_NEGATION_REACH = 4  # words: how far after a negation its subject may start
_NAMED = frozenset({"portfolio", "person", "role", "pole"})
# Kinds that replace each other after a turn: a ministry for a ministry, a person for a
# person, a team or role for a team or role (« pas le FAST, plutôt la formation »).
_GROUP = {"portfolio": "portfolio", "person": "person", "role": "team", "pole": "team"}
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class _Named:
    """A subject of ours named in the question: where (folded word positions) and which."""

    start: int
    end: int
    subjects: frozenset[str]
    kinds: frozenset[str]  # their intents: « portfolio », « person »…


def set_aside(
    text: str, index: AliasIndex, folded: list[str] | None = None
) -> tuple[str, frozenset[str]]:
    """`text` without the words of the subjects it negates or turns away from (see module),
    and those subjects' ids (« les coachs sauf Maël »: Maël is no answer either)."""
    folded = fold(text).split() if folded is None else folded
    if _NEGATIONS.isdisjoint(folded) and _TURN_WORDS.isdisjoint(folded):
        return text, frozenset()
    if not _sets_aside(index, folded):
        return text, frozenset()  # most questions with « pas » or « mais »: nothing to drop
    tokens = list(_TOKEN.finditer(text))
    words: list[str] = []
    owner: list[int] = []  # folded word position -> raw token position
    for at, token in enumerate(tokens):
        for word in fold(token.group(0)).split():
            words.append(word)
            owner.append(at)
    named = _named(index, words)
    if len(named) < 2:
        return text, frozenset()
    negated = _negated(words, named)
    dropped = set(negated) | _turned_away(words, named)
    kept = [n for n in named if n not in dropped]
    if not dropped or not kept:
        return text, frozenset()
    # the subject's words, and for a negation the words from it on (« sauf », « pas le »)
    spans = [range(negated.get(n, n.start), n.end) for n in dropped]
    gone = {owner[i] for span in spans for i in span}
    pieces: list[str] = []
    last = 0
    for at in sorted(gone):
        pieces.append(text[last : tokens[at].start()])
        last = tokens[at].end()
    pieces.append(text[last:])
    return "".join(pieces), frozenset(s for n in dropped for s in n.subjects)


def _sets_aside(index: AliasIndex, words: list[str]) -> bool:
    """Whether folded `words` drop a subject, before the raw text is cut into tokens."""
    named = _named(index, words)
    if len(named) < 2:
        return False
    dropped = set(_negated(words, named)) | _turned_away(words, named)
    return bool(dropped) and len(dropped) < len(named)


def without(query: Query, dropped: frozenset[str]) -> Query:
    """`query` without the people set aside among several holders (« les coachs sauf Maël »)."""
    if not query.also or not dropped:
        return query
    kept = [s for s in (query.subject, *query.also) if s.split("/", 1)[-1] not in dropped]
    if not kept or len(kept) == 1 + len(query.also):
        return query
    return replace(query, subject=kept[0], also=tuple(kept[1:]))


def _named(index: AliasIndex, words: list[str]) -> list[_Named]:
    """The subjects of ours that `words` name by an alias or a word of a person's name.

    Aliases are matched on the words without fillers, longest first, as `exact_hit` does.
    """
    content = [i for i, w in enumerate(words) if w not in index.fillers]
    bare = [words[i] for i in content]
    used: set[int] = set()
    found: list[_Named] = []
    for n in range(min(MAX_NGRAM, len(bare)), 0, -1):
        for start in range(len(bare) - n + 1):
            if bare[start] not in index.alias_first or used.intersection(range(start, start + n)):
                continue
            targets = index.aliases.get(" ".join(bare[start : start + n]), [])
            ours = [t for t in targets if t.intent in _NAMED]
            if ours:
                used.update(range(start, start + n))
                subjects = frozenset(t.subject for t in ours)
                kinds = frozenset(t.intent for t in ours)
                found.append(_Named(content[start], content[start + n - 1] + 1, subjects, kinds))
    for at, word in enumerate(bare):
        people = index.name_words.get(word)
        if at not in used and people:
            subjects = frozenset(t.subject for t in people)
            found.append(_Named(content[at], content[at] + 1, subjects, frozenset({"person"})))
    return sorted(found, key=lambda n: n.start)


def _negated(words: list[str], named: list[_Named]) -> dict[_Named, int]:
    """The subjects right after a negation word (« pas l'Intérieur », « sauf la Santé »), each
    with the position of its negation word.

    Only when another subject is asked instead: one of the same kind, or one named after it
    (« Estelle ne suit pas la Culture » is about Estelle, the Culture stays); after « sauf »,
    « hormis », any other (« les coachs sauf Maël »).
    """
    dropped: dict[_Named, int] = {}
    for n in named:
        start = max(0, n.start - _NEGATION_REACH - 1)
        for at in range(n.start - 1, start - 1, -1):
            if words[at] in _NEGATIONS:
                others = [o for o in named if o is not n and not o.subjects & n.subjects]
                excepted = words[at] in _EXCEPT and bool(others)  # « les coachs sauf Maël »
                if excepted or any(o.start > n.start or _groups(o) & _groups(n) for o in others):
                    dropped[n] = at
                break
            if words[at] not in _BETWEEN:
                break
    return dropped


def _groups(named: _Named) -> set[str]:
    return {_GROUP[k] for k in named.kinds}


def _turned_away(words: list[str], named: list[_Named]) -> set[_Named]:
    """The subjects named before the last turn (« mais », « en fait »…) that names another.

    Only a subject of the same kind replaces one (`_GROUP`): « on m'a donné le nom de Denis
    Baudot mais je ne sais pas s'il est coach » still asks about the person.
    """
    turn = -1
    for at in range(len(words)):
        for phrase in _TURNS:
            size = len(phrase)
            if tuple(words[at : at + size]) == phrase and not _ADDING.intersection(
                words[at + size : at + size + 1]
            ):
                after = {s for n in named if n.start >= at + size for s in n.subjects}
                if after:
                    turn = at
    if turn < 0:
        return set()
    later = [n for n in named if n.start > turn]
    after = {s for n in later for s in n.subjects}
    groups = {g for n in later for g in _groups(n)}
    return {n for n in named if n.end <= turn and not n.subjects & after and _groups(n) <= groups}
