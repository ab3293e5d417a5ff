"""The words a passage search reads, and their French stems (Snowball, via PyStemmer).

PyStemmer is imported only at the first word stemmed, so `betabot ask "qui logement"` stays fast.
"""

from functools import cache
from typing import Any

from bot.knowledge.text import fold

# Words that say what kind of answer is wanted, not what it is about.
QUESTION_WORDS = frozenset(
    [
        "combien",
        "quand",
        "comment",
        "pourquoi",
        "quoi",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "ou",
        "est",
        "ce",
        "c",
        "qui",
        "peut",
        "peux",
        "pouvez",
        "faut",
        "possible",
        "bonjour",
        "hello",
        "salut",
        "merci",
        "svp",
        "stp",
        "un",
        "une",
    ]
)
# Everyday words that say how or how much, never what about: « aller » and « devoir » as
# auxiliaries (« on va devoir »; « dois-je m'adresser » keeps « dois », which alone keeps
# « m'adresser » from reading as the address), adverbs of degree and frequency
# (« beaucoup », « vraiment », « toujours »), « en tant que ». Searched for, they match
# passages by chance (« tant » in « En tant qu'incubateur ») and dilute the words that
# decide. « pouvoir » stays: « peuvent-ils participer ? » asks what « les équipes peuvent
# bénéficier » answers.
EVERYDAY_WORDS = frozenset(
    {
        *("va", "vais", "vas", "vont", "allons", "allez", "aller", "devoir", "faudra"),
        *("faudrait", "fallait", "beaucoup", "tres", "trop", "vraiment", "souvent"),
        *("toujours", "jamais", "encore", "deja", "aussi", "plutot", "assez", "tant"),
        *("forcement", "parfois", "systematiquement", "reellement", "exactement", "dessus"),
        *("dessous",),  # « là-dessus », « ci-dessous »: what was just said
        # « que deviennent… », « ils deviennent quoi ? »: what becomes of, asked
        *("devient", "deviennent", "deviendra", "deviendront", "devenu", "devenue", "devenus"),
    }
)


@cache
def _stemmer() -> Any:
    import Stemmer  # imported only when passages are needed

    return Stemmer.Stemmer("french")


def stem_words(words: list[str]) -> list[str]:
    """The French stem of each folded word of `words`, in order (Snowball, as passages)."""
    if not words:
        return []
    return [_canonical(w, s) for w, s in zip(words, _stemmer().stemWords(words), strict=True)]


def _canonical(word: str, stem: str) -> str:
    """`stem` (Snowball's, of folded `word`) made to agree across inflections.

    Snowball reads accented suffixes, which folding removed: « imposées » stems to « impose »
    but « imposer » to « impos », « baptisée » to « baptise ». So a stem left with a final
    « e » loses it. (Verbs in « -ent » that Snowball keeps whole, « trouvent », stay apart from
    « trouve »: joining them made « travaillent » read the job posting's « travailler ».)
    """
    return stem[:-1] if len(stem) > 3 and stem.endswith("e") else stem


def stems_of(text: str, stop: frozenset[str]) -> list[str]:
    """The stems of the folded words of `text`, but those of `stop` and numbers other than years."""
    words = [w for w in fold(text).split() if w not in stop and (not w.isdigit() or len(w) == 4)]
    return [s for s in stem_words(words) if s]
