"""The people a question names, and which subjects are close enough to be offered.

Thresholds of trust and suggestion (a person is answered or offered only when clearly typed);
`reading.read_aliases` decides with them.
"""

from collections.abc import Iterable

from bot.understanding.alias_hits import Hit, alias_ngrams
from bot.understanding.aliases import MATCH_THRESHOLD, AliasIndex, Target

SUGGEST_THRESHOLD = 72  # 0-100: closest subjects offered when nothing is trusted
ONE_WORD_SUGGEST_THRESHOLD = 80  # 0-100: one misspelt word is offered only above this
PERSON_SUGGEST_THRESHOLD = 75  # 0-100: a person is suggested only for a close multi-word name
PERSON_ONE_WORD_SUGGEST_THRESHOLD = 83  # 0-100: or for one close word after "qui est"
PERSON_ONE_WORD_THRESHOLD = 92  # 0-100: one fuzzy word names a person only above this
MAX_SUGGESTIONS = 3


def _person_id(target: Target) -> str:
    return target.subject if target.intent == "person" else target.subject.split("/", 1)[-1]


def _named_people(index: AliasIndex, words: list[str]) -> set[str]:
    """Every person designated by an alias or a name word of `words`, longest aliases first.

    A word inside a longer alias found first ("tech" in "tech lead") designates nobody else.
    """
    people: set[str] = set()
    used: set[int] = set()
    for start, end in alias_ngrams(index, words):
        span = range(start, end)
        targets = index.aliases.get(" ".join(words[start:end]))
        if not targets or used.intersection(span):
            continue
        used.update(span)
        people.update(_person_id(t) for t in targets if t.intent in ("person", "role"))
    for pos, word in enumerate(words):
        if pos not in used:
            people.update(t.subject for t in index.name_words.get(word, []))
    return people


def _trusted(hit: Hit) -> bool:
    """A fuzzy hit good enough to answer; one misspelt word names a person only if very close."""
    if hit.words == 1 and _names_person(hit):
        return hit.score >= PERSON_ONE_WORD_THRESHOLD
    return hit.score >= MATCH_THRESHOLD


def _names_person(hit: Hit) -> bool:
    return any(t.intent in ("person", "role") for t in hit.targets)


def _vague(hit: Hit, asks_person: bool) -> bool:
    """Too far from what was typed to be offered.

    One misspelt word is offered from ONE_WORD_SUGGEST_THRESHOLD; a person only when clearly
    what was typed: a close full name, or one close word after "qui est" ("qui est Ishane").
    """
    if hit.score >= 100:
        return False
    if hit.words == 1 and hit.score < ONE_WORD_SUGGEST_THRESHOLD:
        return True
    if not _names_person(hit):
        return False
    if hit.words == 1:
        return not asks_person or hit.score < PERSON_ONE_WORD_SUGGEST_THRESHOLD
    return hit.score < PERSON_SUGGEST_THRESHOLD


def _suggestions(hits: Iterable[Hit], asks_person: bool = False) -> tuple[str, ...]:
    """Labels of the closest subjects, each subject once (a pôle and its topic share an id)."""
    labels: list[str] = []
    seen: set[str] = set()
    for hit in hits:
        if _vague(hit, asks_person):
            continue
        for target in hit.targets:
            if target.subject not in seen and target.label not in labels:
                seen.add(target.subject)
                labels.append(target.label)
    return tuple(labels[:MAX_SUGGESTIONS])
