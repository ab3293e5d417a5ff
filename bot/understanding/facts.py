"""The kind of fact a question asks for (a date, a number), and the passages that state one.

« l'ISN existe depuis quand ? » asks for a date, « vous êtes combien ? » for a number: when the
subject's text holds that fact inside a longer text (a point among others, a sentence of a
paragraph), the answer gives that passage first. The question words are grammar, not
knowledge: they live here; what holds a date or a number is read in the knowledge's own text.
« le rôle d'un RP » asks what a role is, not who holds it (`_defines`).
"""

import re

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import alias_index
from bot.understanding.asker import asked_sentence
from bot.understanding.passage_cuts import Passage
from bot.understanding.passages import passage_index

DATE = "date"
COUNT = "count"

# Folded words and word pairs that ask for a date or a number (English is read in French first)
# (« en quelle année », « depuis quand », « quelle date » hold one of these words)
_DATE_WORDS = frozenset({"quand", "annee", "date"})
_COUNT_WORDS = frozenset({"combien", "nombre"})
_ASKING_FACT = _DATE_WORDS | _COUNT_WORDS

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DAY = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_MONTHS = (
    "janvier|fevrier|février|mars|avril|mai|juin|juillet|aout|août|septembre|octobre|"
    "novembre|decembre|décembre"
)
_DAY_OF_MONTH = re.compile(rf"\b\d{{1,2}}(?:er)? (?:{_MONTHS})\b", re.IGNORECASE)
# A number of things: digits that are not a year nor an ordinal (« 5e étage »), or a number
# word, or an approximate number (« une trentaine »).
_NUMBER = re.compile(
    r"\b(?:\d{1,3}(?![\de])|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|"
    r"vingt|trente|quarante|cinquante|cent|"
    r"(?:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|centaine)s?)\b",
    re.IGNORECASE,
)


def asked_fact(words: list[str]) -> str:
    """DATE, COUNT or "": what the question's folded `words` ask for.

    « en quelle année », « depuis quand », « quand » ask for a date; « combien », « le nombre
    de » for a number (« tous les combien » asks how often: neither). A question that asks
    both (« combien… depuis quand ») asks the first.
    """
    if _ASKING_FACT.isdisjoint(words):
        # « l'équipe fait une dizaine de personnes ? »: a fact stated to be checked
        return _claimed(words)
    for i, word in enumerate(words):
        if word in _COUNT_WORDS:
            # « tous les combien ? », « combien de fois ? » ask how often, not how many
            often = words[i - 2 : i] == ["tous", "les"] or words[i + 1 : i + 3] == ["de", "fois"]
            return "" if often else COUNT
        if word in _DATE_WORDS:
            return DATE
    return ""


_COUNTED = frozenset({"personnes", "membres", "agents", "gens", "salaries", "collaborateurs"})
_APPROXIMATE = frozenset(
    {"dizaine", "douzaine", "quinzaine", "vingtaine", "trentaine", "quarantaine", "cinquantaine"}
    | {"centaine"}
)
# Question words that ask something of their own (« qui » and « où » are also relative pronouns:
# « un incubateur qui couvre… »)
_ASKING_OWN = frozenset(
    {"quoi", "quel", "quelle", "quels", "quelles", "comment", "pourquoi", "lequel", "laquelle"}
)
_YEARS = frozenset(str(year) for year in range(1900, 2100))  # a year stated, as a folded word
_COUNT_BEFORE = 3  # words: how far before the counted noun the number may be (« une dizaine de »)


def _claimed(words: list[str]) -> str:
    """DATE, COUNT or "": the fact a question states to have it checked.

    « l'équipe fait une dizaine de personnes ? », « vous êtes une quinzaine ? », « l'ISN
    compte 50 agents, c'est ça ? » state a number; « l'ISN a été créé en 2022, c'est exact ? »
    a year. A question with a question word of its own (« quel est le fonds de 2024 ? ») asks
    that, not the fact it mentions.
    """
    counted = not _COUNTED.isdisjoint(words) or not _APPROXIMATE.isdisjoint(words)
    dated = not _YEARS.isdisjoint(words)
    if not (counted or dated) or _ASKING_OWN.intersection(words):
        return ""  # most questions: three set operations and a scan
    if not _APPROXIMATE.isdisjoint(words):
        return COUNT
    for i, word in enumerate(words):
        if word in _COUNTED:
            before = " ".join(words[max(0, i - _COUNT_BEFORE) : i])
            if _NUMBER.search(_YEAR.sub("", before)):
                return COUNT
    return DATE if dated else ""


def states(text: str, fact: str) -> bool:
    """Whether `text` states a fact of kind `fact` (a year or a day; a number)."""
    if fact == DATE:
        return bool(_YEAR.search(text) or _DAY.search(text) or _DAY_OF_MONTH.search(text))
    if fact == COUNT:
        return bool(_NUMBER.search(_YEAR.sub("", text)))
    return False


@once_per_knowledge
def _stating(knowledge: Knowledge) -> dict[tuple[str, str], tuple[Passage, ...]]:
    """(topic id, fact kind) -> the topic's passages stating such a fact, in file order."""
    passages = passage_index(knowledge, alias_index(knowledge).fillers).passages
    found: dict[tuple[str, str], list[Passage]] = {}
    for passage in passages:
        if passage.kind != "topic":
            continue
        for fact in (DATE, COUNT):
            if states(passage.text, fact):
                found.setdefault((passage.ref, fact), []).append(passage)
    return {key: tuple(ps) for key, ps in found.items()}


def fact_passage(knowledge: Knowledge, topic: str, fact: str, words: list[str]) -> Passage | None:
    """The passage of `topic` stating the `fact` asked, or None when it states none.

    Several: the one holding most of the question's `words` (ties: the first in the file).
    """
    if not fact:
        return None
    candidates = _stating(knowledge).get((topic, fact), ())
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    index = passage_index(knowledge, alias_index(knowledge).fillers)
    return max(candidates, key=lambda p: sum(index.holds(p, [w]) for w in words))


# A yes/no question: a verb and its subject pronoun inverted (« peut-elle », « existe-t-il »),
# « est-ce que », or a question with a verb of possibility and no question word
# (« l'ISN peut m'aider ? »); in English, a question opening with an auxiliary.
_INVERTED = re.compile(r"\b\w+-(?:t-)?(?:il|elle|on|je|nous|vous|ils|elles)\b", re.IGNORECASE)
_POSSIBLE = frozenset(
    {"peut", "peux", "pouvez", "pouvons", "peuvent", "pourrait", "pourrais", "possible", "droit"}
)
_WH_WORDS = frozenset(
    {
        "qui", "quoi", "quel", "quelle", "quels", "quelles", "ou", "comment", "combien",
        "quand", "pourquoi", "lequel", "laquelle", "lesquels", "lesquelles",
    }
)  # fmt: skip
_WH_FIRST = frozenset({"que", "qu"})  # « que faut-il envoyer ? »; elsewhere « possible que »
_AUXILIARIES = frozenset({"can", "could", "is", "are", "does", "do", "may", "will", "would"})
_NEGATIONS = frozenset({"ne", "n", "pas", "jamais", "aucun", "aucune", "not", "no"})


def asks_yes_no(text: str, words: list[str]) -> bool:
    """Whether the question (`text`, its folded `words`) asks yes or no.

    « Mon équipe peut-elle venir ? », « est-ce que je peux contribuer ? », « l'ISN peut
    m'aider ? », « Can a product get a domain name? »; not « qui peut m'aider ? », nor a
    question holding a negation (« ne peut-on pas… ? »: a « oui » would be ambiguous).
    """
    if not text.rstrip().endswith("?"):
        return False
    if words[-2:] in (["ou", "pas"], ["ou", "non"]):  # « c'est réservé à la DINUM ou pas ? »
        return not _NEGATIONS.union(_WH_WORDS).intersection(words[:-2])
    if _NEGATIONS.intersection(words):
        return False
    if words and words[0] in _AUXILIARIES:
        return True
    wh_words = _WH_WORDS
    if "ou" in words and not asks_where(text, words):
        wh_words = _WH_WORDS - {"ou"}  # « réservé à la DINUM ou d'autres peuvent… ? »: « or »
    for i in range(len(words) - 2):
        if words[i : i + 2] == ["est", "ce"] and words[i + 2] in ("que", "qu"):
            if i and words[i - 1] in _WH_FIRST:
                return False  # « qu'est-ce que le réseau offre ? »
            return not wh_words.intersection(words[i + 3 :])  # « est-ce que tu sais qui… »
    if wh_words.intersection(words) or (words and words[0] in _WH_FIRST):
        return False
    return _INVERTED.search(text) is not None or bool(_POSSIBLE.intersection(words))


# Words of a yes/no question that ask for someone all the same (« quelqu'un peut m'aider ? »)
_SOMEONE = frozenset({"quelqu", "quelqu'un", "personne", "someone", "anyone", "somebody"})


def asks_whether(text: str) -> bool:
    """Whether the sentence of `text` that asks is a yes/no question asking for nobody:
    « est-ce que je peux contribuer ? », not « quelqu'un peut m'aider ? »."""
    asked = asked_sentence(text)
    words = fold(asked).split()
    return asks_yes_no(asked, words) and _SOMEONE.isdisjoint(words)


# Folded words around « ou » that make it « où » when its accent was not typed
_WHERE_BEFORE = frozenset({"c", "d", "par", "est", "sont"})  # « c'est ou », « d'ou », « par ou »
_WHERE_AFTER = frozenset({"est", "sont", "se", "trouve", "trouvent", "ca", "etes", "aller"})


def asks_where(text: str, words: list[str]) -> bool:
    """Whether the folded « ou » of `words` is « où » (« where »), not « or »: typed with its
    accent, first or last (« ils sont publiés ou ? »), or in « c'est ou », « ou se trouve »…"""
    if "où" in text.lower():
        return True
    for i, word in enumerate(words):
        if word == "ou" and (
            i in (0, len(words) - 1)
            or words[i - 1] in _WHERE_BEFORE
            or (i + 1 < len(words) and words[i + 1] in _WHERE_AFTER)
        ):
            return True
    return False


_GENERIC = frozenset({"un", "une"})
_DEFINED_AFTER = frozenset({"role", "roles", "missions", "mission", "fonction", "sert", "fait"})


def _defines(words: list[str]) -> bool:
    """Whether `words` ask what a role is (« le rôle d'un RP », « à quoi sert une coach »).

    A role word followed by an indefinite article (« d'un », « une ») names a kind of job, not
    someone who holds it.
    """
    for i, word in enumerate(words[:-1]):
        if word in _DEFINED_AFTER:
            after = words[i + 1 : i + 3]
            if (after[:1] == ["d"] and after[1:] and after[1] in _GENERIC) or after[0] in _GENERIC:
                return True
    return False
