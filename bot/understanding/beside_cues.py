"""What the words beside a question's cues ask, when no alias spells them exactly.

A list asked for, then « and what does each one do? » (`asks_each`). `reading` decides when
to ask.
"""

from bot.understanding.aliases import AliasIndex, find_cues
from bot.understanding.scope import meaningful

LIST_INTENTS = ("portfolio", "pole")  # answered with the whole list when no subject is given
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
    if meaningful(leftover, index.fillers | index.umbrella_words | _EACH_DOES):
        return False
    if any(w in index.name_words for w in leftover) or not _GENERIC.isdisjoint(words):
        return False
    named, _ = find_cues(index, [w for w in words if w not in _BARE_WHO])
    return any(i in named for i in LIST_INTENTS)
