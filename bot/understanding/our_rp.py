"""« Je travaille à la MSA, qui est notre RP ? »: the asker's own RP, for a body no alias names.

A question asking who is *our* (or *my*) portfolio manager, whose other words only say where the
asker works (« à la MSA », « chez Urssaf », « je bosse à la Caisse des dépôts »), names the
asker's administration, public body or product. When no alias of the knowledge names it,
betabot cannot tell which ministry it belongs to: the honest answer is every RP with their
ministries, so the asker finds theirs — never a passage that shares the words « responsable de
portefeuille » (the closed job posting) or the incubator's card. Any other word (« la femme de
notre RP », « notre RP l'an prochain ») keeps the question out of this reading.
"""

from bot.understanding.aliases import AliasIndex
from bot.understanding.asker import asks_someone, possessed

_CUE_SPAN = 4  # words: the longest portfolio cue looked for after a possessive
_AT = frozenset({"au", "aux", "chez"})  # a place follows
_ARTICLES = frozenset({"la", "l", "le", "les"})  # « à la », « à l' »: a place follows « à »
_BODY_SPAN = 6  # words: how far after « à la », « chez » a body's name reaches
# How the asker says where they work, around the body's name
_WORKING = frozenset(
    {
        *("travaille", "travaillons", "bosse", "bossons", "suis", "sommes", "est", "serait"),
        *("seraient", "agent", "agente", "equipe", "service", "direction", "moi", "nous"),
        *("produit", "projet"),
    }
)


def asks_our_rp(
    index: AliasIndex, words: list[str], text: str, who: frozenset[str], unknown: list[str]
) -> bool:
    """Whether folded `words` ask who is the asker's own RP (« notre RP », « mon
    responsable de portefeuille »), `who` asking for someone, and whether the `unknown` words
    (those no alias explains) only say where the asker works (« je bosse à la MSA »)."""
    if not asks_someone(text, who) or not _possessed_cue(index, words):
        return False
    places = _at_a_place(words)
    left = set(unknown) - _WORKING
    return bool(left) and all(any(words[i] == w for i in places) for w in left)


def _possessed_cue(index: AliasIndex, words: list[str]) -> bool:
    for start in range(len(words)):
        if not possessed(words, start):
            continue
        for end in range(start + 1, min(len(words), start + _CUE_SPAN) + 1):
            if "portfolio" in index.cues.get(tuple(words[start:end]), ()):
                return True
    return False


def _at_a_place(words: list[str]) -> set[int]:
    """Positions of the words that follow « à la », « à l' », « au », « chez » closely."""
    places: set[int] = set()
    for i, word in enumerate(words):
        after_a = word == "a" and i + 1 < len(words) and words[i + 1] in _ARTICLES
        if word in _AT or after_a:
            start = i + (2 if after_a else 1)
            places.update(range(start, min(len(words), start + _BODY_SPAN)))
    return places
