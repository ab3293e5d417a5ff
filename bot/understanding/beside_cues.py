"""What the words beside a question's cues ask, when no alias spells them exactly.

A list asked for, then « and what does each one do? » (`asks_each`); a role named in another
form than its alias, beside a reasons word of the context (`inflected_role`). `reading`
decides when to ask.
"""

from bot.understanding.alias_hits import Hit, fuzzy_hits
from bot.understanding.aliases import MATCH_THRESHOLD, AliasIndex
from bot.understanding.asker import not_verbs
from bot.understanding.cues import find_cues
from bot.understanding.people import _trusted
from bot.understanding.scope import meaningful

LIST_INTENTS = ("portfolio", "pole")  # answered with the whole list when no subject is given
_FREE = frozenset({"jobs", "engagements", "reasons"})  # intents that need no subject
_WHO_NAMED = frozenset({"role", "person"})  # what a « qui… » names
_BARE_WHO = frozenset({"qui"})
_GENERIC = frozenset({"un", "une"})  # « le rôle d'un RP »: a kind of job, not its holders
# Words of a tail asking what each one of a list does (« les RP, chacun couvre quoi ? », « les
# pôles et ils bossent sur quoi ? »): the list answers it, each with what it covers.
_EACH_DOES = frozenset(
    {"chacun", "chacune", "respectivement", "respectif", "respective", "respectifs", "eux"}
    | {"respectives", "differents", "differentes", "fait", "font", "bosse", "bossent"}
    | {"travaille", "travaillent", "couvre", "couvrent", "gere", "gerent", "suit", "suivent"}
    | {"occupe", "occupent", "role", "roles", "mission", "missions", "perimetre", "perimetres"}
    | {"domaine", "domaines", "sujets", "attributions", "fonction", "fonctions", "charge"}
)


def asks_each(index: AliasIndex, words: list[str], leftover: list[str]) -> bool:
    """Whether a list asked for is followed only by « what does each one do » (`_EACH_DOES`).

    `leftover`: the words that are neither cues nor fillers. The list must be named by more
    than a bare « qui » (« qui bosse sur quoi ? » names no list), no first name asks about one
    person (« qui est Adrien et il fait quoi ? »), and no « un » asks what the role is
    (« quelles sont les missions d'un RP ? », `query._defines`).
    """
    if _EACH_DOES.isdisjoint(words):
        return False  # « les pôles de l'incubateur »: the list alone
    if meaningful(leftover, index.fillers | index.umbrella_words | _EACH_DOES):
        return False
    if any(w in index.name_words for w in leftover) or not _GENERIC.isdisjoint(words):
        return False
    named, _ = find_cues(index, [w for w in words if w not in _BARE_WHO])
    return any(i in named for i in LIST_INTENTS)


def inflected_role(index: AliasIndex, words: list[str], content: list[str]) -> Hit | None:
    """A role or person `content` names closely enough to trust, if any (« les référents
    techniques », « directeurs de programme », whose « directeurs » is also a lead cue).

    Umbrella names (« la DINUM », « l'incubateur ») are what everything is about, and the
    free intents' words (« devis », « convention ») the context: neither is a subject.
    """
    rest = [
        w
        for w in content
        if w not in index.umbrella_words and _FREE.isdisjoint(index.cues.get((w,), ()))
    ]
    if not rest:
        return None
    hits = fuzzy_hits(index, not_verbs(words, rest), MATCH_THRESHOLD)
    named = [h for h in hits if _trusted(h) and all(t.intent in _WHO_NAMED for t in h.targets)]
    # « mentors techniques »: « mentor technique » explains both words, « technique » one
    return max(named, key=lambda h: (h.words, h.score), default=None)
