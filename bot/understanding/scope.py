"""What part of a question is the question, and whether it is one betabot may answer.

- **Out of scope**: phrases of intentions.yaml (« cues: outside ») such as « ministre »,
  « DSI », « salaire », « numéro de téléphone », « le meilleur » mark questions about people
  betabot does not know or must not talk about. They count only when they are asked about,
  not when the asker describes themselves (« je suis cheffe de bureau à la DGCS »).
- **Coverage** (0-100): the share of the question's meaningful words (neither filler words
  nor question words) that the chosen subject's aliases and the intent's cue words explain.
"""

from collections.abc import Iterable

from bot.understanding.alias_hits import ngrams_from
from bot.understanding.aliases import MAX_NGRAM, AliasIndex, once_per_index
from bot.understanding.stems import QUESTION_WORDS

# The asker describing themselves: an out-of-scope phrase right after these is context.
# « je viens d'arriver comme coach », « recrutée comme designer »: the asker's own role too
_AS = ("arriver", "arrive", "arrivee", "travaille", "recrute", "recrutee", "embauche", "venu")
_SELF: tuple[tuple[str, ...], ...] = (
    ("je", "suis"),
    ("nous", "sommes"),
    ("en", "tant", "que"),
    ("suis",),
    *((verb, "comme") for verb in _AS),
)
_SELF_FIRST = frozenset(marker[0] for marker in _SELF)
_SELF_BY_FIRST: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
for _rank, _marker in enumerate(_SELF):
    _SELF_BY_FIRST.setdefault(_marker[0], []).append((_rank, _marker))
_SELF_REACH = 3  # words: how far after "je suis" a phrase still describes the asker
_PLACE_REACH = 9  # words: the same for a place (« à la DRH », « au SGAMI », « chez »)
_AT = frozenset({"au", "aux", "chez"})  # a place follows (and « à la », two words)
_ASKING = frozenset({"qui", "quel", "quelle", "ou", "comment", "combien"})  # a question begins
# « Bonjour, secrétaire générale de la préfecture du Rhône, je porte… »: the message opens
# with who writes (after a greeting only), then goes on in the first person.
_GREETINGS = frozenset({"bonjour", "bonsoir", "salut", "hello", "madame", "monsieur", "coucou"})
_FIRST_PERSON = frozenset({"je", "j", "nous"})
_INTRO_REACH = 12  # words: how far after the title the first person must come
_TITLE_WORDS = 3  # words of the title before the one looked at (« secrétaire générale adjointe »)


def self_described(words: list[str], start: int, titles: bool = False) -> bool:
    """Whether the word at `start` comes right after « je suis », « en tant que »…

    With `titles` (roles and out-of-scope phrases, never topics or cues), also a title the
    message opens with, after a greeting, when it goes on in the first person (`_introduced`).

    A place after them (« je suis officier au ministère des Armées, à la DRH ») reaches
    further: the asker says where they work, they do not ask about it.
    """
    if titles and _introduced(words, start):
        return True  # « Bonjour, secrétaire générale adjointe de la préfecture, je porte… »
    place = start >= 2 and (words[start - 1] in _AT or words[start - 2 : start] == ["a", "la"])
    reach = _PLACE_REACH if place else _SELF_REACH
    before = words[max(0, start - reach - 3) : start]
    if _SELF_FIRST.isdisjoint(before):
        return False  # no marker can start here (most words)
    # The first marker of _SELF found (in _SELF's order, then leftmost) decides, as it did
    # when each marker was looked for in turn.
    found: tuple[int, int, int] | None = None
    for i, word in enumerate(before):
        for rank, marker in _SELF_BY_FIRST.get(word, ()):
            n = len(marker)
            first = found is None or (rank, i) < found[:2]
            if first and tuple(before[i : i + n]) == marker and len(before) - (i + n) <= reach:
                found = (rank, i, n)
    if found is None:
        return False
    _, i, n = found
    # « je suis nouveau, qui dirige… »: a question starts in between
    return not _ASKING.intersection(before[i + n :]) and words[start] not in _ASKING


def _introduced(words: list[str], start: int) -> bool:
    """Whether the word at `start` is in the title the message opens with (see _GREETINGS)."""
    if not start or words[0] not in _GREETINGS:
        return False  # « I'm a community manager… »: no greeting, no title opening a letter
    title = [w for w in words[:start] if w not in _GREETINGS]
    if len(title) > _TITLE_WORDS or not _ASKING.isdisjoint(title):
        return False
    if not _FIRST_PERSON.isdisjoint(title) or words[start] in _ASKING:
        return False
    return not _FIRST_PERSON.isdisjoint(words[start + 1 : start + 1 + _INTRO_REACH])


# id(phrases) -> the phrases and, under its longest word, each one's words (`could_hold`)
_HELD: dict[int, tuple[set[tuple[str, ...]], dict[str, list[frozenset[str]]]]] = {}


def could_hold(phrases: set[tuple[str, ...]], words: list[str]) -> bool:
    """Whether every word of one of `phrases` (folded) is among `words`, in any order.

    A quick gate before looking for the phrases in order: most questions hold none.
    """
    entry = _HELD.get(id(phrases))
    if entry is None or entry[0] is not phrases:
        by_word: dict[str, list[frozenset[str]]] = {}
        for phrase in phrases:  # under its longest word, the one least often written
            by_word.setdefault(max(phrase, key=len), []).append(frozenset(phrase))
        if len(_HELD) > 16:
            _HELD.clear()
        entry = _HELD[id(phrases)] = (phrases, by_word)
    by_word = entry[1]
    if by_word.keys().isdisjoint(words):
        return False
    present = set(words)
    return any(all_of <= present for w in present if w in by_word for all_of in by_word[w])


def outside_phrase(index: AliasIndex, words: list[str]) -> str:
    """The first out-of-scope phrase asked about in `words` (folded), or ""."""
    if not could_hold(index.outside, words):
        return ""  # no out-of-scope phrase has all its words there
    for start, end in ngrams_from(words, index.max_outside, index.outside_first):
        phrase = tuple(words[start:end])
        asked = not self_described(words, start, titles=True) and not _set_aside(words, start)
        if phrase in index.outside and asked and not _askers_news(words, start, end):
            return " ".join(phrase)
    return ""


_IS = frozenset({"est", "sont", "etait", "sera"})
_MY = frozenset({"notre", "mon", "ma", "nos", "mes"})
_THEN_ASKS = frozenset({"qui", "quel", "quelle", "quels", "quelles", "comment"})


def _askers_news(words: list[str], start: int, end: int) -> bool:
    """« Notre coach est en congé : qui contacter… ? », « Mon DSI est malade, à qui parler… ? »:
    a phrase said of the asker's own people (a possessive, then « est »), before a question
    about something else, is context, not what is asked (« notre RP est en congé ? » is)."""
    before = words[max(0, start - 5) : start]
    if _IS.isdisjoint(before[-2:]) or _MY.isdisjoint(before[:-1]):
        return False
    return not _THEN_ASKS.isdisjoint(words[end:])


_NOT = frozenset({"pas", "not", "sauf", "hormis"})
_ARTICLES = frozenset({"le", "la", "les", "l", "un", "une", "du", "de", "des", "d", "the", "a"})


def _set_aside(words: list[str], start: int) -> bool:
    """« Pas le ministre, le RP de la Culture »: a phrase right after a negation is not asked
    (the ministry's RP is), when something else follows to be asked."""
    at = start - 1
    while at >= 0 and words[at] in _ARTICLES:
        at -= 1
    return at >= 0 and words[at] in _NOT and start + 3 < len(words)


_ANOTHER = frozenset({"ministere", "ministeres", "ministeriel", "regional", "territorial"})
# « l'incubateur de la région Occitanie », « d'une collectivité », « de l'agence… »
_ANOTHER |= {"region", "regions", "regionale", "territoriale", "collectivite", "agence", "ville"}


def another_incubator(index: AliasIndex, content: list[str], keys: Iterable[str]) -> bool:
    """« Qui dirige l'incubateur des ministères sociaux ? »: the head of another incubator.

    A head's alias of ours ending in « incubateur » (« dirige l'incubateur ») followed by a
    ministry (« du ministère de l'Intérieur », « de Bercy ») or « ministériel » names another
    administration's incubator, whose people betabot does not know. `content` is the folded
    question without its filler words, as alias keys are.
    """
    if "incubateur" not in content:
        return False
    for key in keys:
        parts = key.split()
        if parts[-1] != "incubateur" or "lead" not in index.cues.get((parts[0],), []):
            continue  # only a head's alias (« dirige l'incubateur », « chef de l'incubateur »)
        for start in range(len(content) - len(parts)):
            if content[start : start + len(parts)] != parts:
                continue
            rest = content[start + len(parts) :]
            if rest[0] in _ANOTHER or _names_ministry(index, rest):
                return True
    return False


def _names_ministry(index: AliasIndex, words: list[str]) -> bool:
    """Whether `words` start with the alias of a ministry."""
    if words[0] not in index.alias_first:
        return False
    return any(
        t.intent == "portfolio"
        for end in range(1, min(len(words), MAX_NGRAM) + 1)
        for t in index.aliases.get(" ".join(words[:end]), [])
    )


def meaningful(words: Iterable[str], fillers: frozenset[str]) -> list[str]:
    """The words that carry meaning: neither filler words nor question words."""
    return [w for w in words if w not in fillers and w not in QUESTION_WORDS]


def coverage(index: AliasIndex, words: list[str], keys: Iterable[str], cue_pos: set[int]) -> float:
    """Share (0-100) of the meaningful words of `words` explained by `keys` or cue positions.

    `keys` are folded alias keys of the subject found; each occurrence of one in the question
    explains its words. Words naming an umbrella topic (« l'incubateur », « la DINUM ») say
    what everything is about: they are not counted.
    """
    uncounted = _uncounted(index)
    wanted = {i for i, w in enumerate(words) if w not in uncounted}
    if not wanted:
        return 100.0
    explained = wanted.intersection(cue_pos)
    if len(explained) == len(wanted):
        return 100.0  # the cues explain every word
    fillers = index.fillers
    positions = [i for i, w in enumerate(words) if w not in fillers]
    bare = [words[i] for i in positions]
    starts: dict[str, list[int]] = {}
    for at, word in enumerate(bare):
        starts.setdefault(word, []).append(at)
    split = alias_parts(index)
    for key in keys:
        first, parts = split.get(key) or _split(key)
        if first in starts:  # most keys start with no word of the question
            n = len(parts)
            for start in starts[first]:
                if bare[start : start + n] == parts:
                    explained.update(positions[start : start + n])
    return round(100.0 * len(explained.intersection(wanted)) / len(wanted), 1)


@once_per_index
def alias_parts(index: AliasIndex) -> dict[str, tuple[str, list[str]]]:
    """Alias key -> its first word and its words, split once per index."""
    return {key: _split(key) for key in index.aliases}


def _split(key: str) -> tuple[str, list[str]]:
    parts = key.split()
    return parts[0], parts


@once_per_index
def _uncounted(index: AliasIndex) -> frozenset[str]:
    """Words coverage never counts: fillers, question words, umbrella names (once per index)."""
    return index.fillers | QUESTION_WORDS | index.umbrella_words
