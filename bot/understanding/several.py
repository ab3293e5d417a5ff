"""Several subjects asked in one question, each in its own words, joined by « et ».

« Qui sont le CTO de la communauté et le tech lead de l'incubateur ? », « Qui s'occupe de
l'accessibilité et qui s'occupe de la cybersécurité ? », « Qui gère la Santé ? Et le
Logement ? »: the alias reading finds one subject; each part between the « et » names one of
its own, and the answer lists every one of them, each with its subject. Parts are read only
when they all name a subject of the same kind (roles, or ministries): a part that names
something else, or a context that describes the asker, leaves the reading as it was. Roles
that share a holder describe that one person (« elle s'occupe de X et de Y »): the holder.
"""

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.alias_hits import alias_ngrams
from bot.understanding.aliases import AliasIndex
from bot.understanding.asker import asked_sentence
from bot.understanding.heads import pole_head
from bot.understanding.query_model import Query
from bot.understanding.reading import read_aliases
from bot.understanding.scope import self_described

_JOINED = frozenset({"role", "portfolio", "pole"})  # kinds one answer lists together
_THAT_OF = frozenset({"celui", "celle", "ceux", "celles"})  # « …et celui du programme EIG »
_OF = frozenset({"du", "de", "des", "d"})
_AND = "et"
_AS_WELL = ("ainsi", "que")
# « Qui sont les coachs et qui dirige le pôle ? » asks for everyone: no single holder
_PLURAL = frozenset(
    {"sont", "leurs", "noms", "elles", "ils", "lesquels", "lesquelles", "personnes"}
)
_SHORT = 4  # words: an asking sentence this short asks about the sentence before


def joined_subjects(
    index: AliasIndex, knowledge: Knowledge, text: str, words: list[str], base: Query
) -> Query:
    """`base` with the subjects of every part of the asking sentence joined by « et »."""
    if base.intent not in _JOINED or not base.subject:
        return base
    if _AND not in words and _AS_WELL[0] not in words:
        return base  # most questions: one look-up
    scope = _scope(text)
    parts = _parts(index, scope)
    if len(parts) < 2:
        return base
    subjects: list[str] = []
    shared: set[str] | None = None
    kind = ""
    lead = ""  # the last lead word of the parts before: « le responsable de X et celui de Y »
    for part in parts:
        if not part:
            continue
        lead = next((w for w in part if "lead" in index.cues.get((w,), ())), lead)
        if lead and part[0] in _THAT_OF:
            part = [lead, *part[1:]]  # « le responsable du pôle X et celui du programme EIG »
        elif lead and part[0] in _OF:
            part = [lead, *part]  # « qui est responsable du pôle X ? Et du pôle Y ? »
        read = read_aliases(index, part, text, knowledge)
        if not read.subject:
            continue  # « …, ce sont qui ? »
        if read.intent not in _JOINED or read.intent != (kind or read.intent) or read.score < 100:
            return base  # a part about something else: no list of one kind
        kind = read.intent
        subjects += [s for s in (read.subject, *read.also) if s not in subjects]
        shared = (
            {read.subject, *read.also} if shared is None else shared & {read.subject, *read.also}
        )
    if shared and (kind == "portfolio" or (kind == "role" and _PLURAL.isdisjoint(words))):
        # « une alternante s'occupe de l'animation et de la communication. Qui est-ce ? »: one
        # person described by what she does, the holder of every part; « rp éco et finances »:
        # the one ministry both parts name
        subjects = [s for s in subjects if s in shared]
    known = {base.subject, *base.also}
    if kind == "role" and base.intent == "pole":
        # « qui est responsable du pôle X ? Et du pôle Y ? » read the pôle Y: its head
        known = {head for p in known if (head := pole_head(knowledge, p)) is not None}
    elif kind != base.intent:
        return base
    if len(subjects) < 2 or not known or not known.issubset(subjects):
        return base
    if len(subjects) == len(known) and kind == base.intent:
        return base
    return Query(kind, subjects[0], base.score, text=base.text, also=tuple(subjects[1:]))


def _scope(text: str) -> list[str]:
    """The asking sentence's words, with the sentence before when it opens with « et »
    (« Qui gère la Santé ? Et le Logement ? ») or is too short to name anything (« Qui
    sont-elles ? »)."""
    asked = asked_sentence(text)
    words = fold(_enumerated(asked)).split()
    short = len(words) <= _SHORT  # « …la formation et celle qui fait la com. Qui sont-elles ? »
    if not (words[:1] == [_AND] or short) or asked == text.strip():
        return words
    before = text.strip()[: text.strip().rfind(asked)]
    return [*fold(_enumerated(asked_sentence(before)) if before.strip() else "").split(), *words]


def _enumerated(sentence: str) -> str:
    """« A, B et C » as « A et B et C »: the commas of a list ending in « et » join too."""
    if "," not in sentence or (" et " not in sentence and " ainsi que " not in sentence):
        return sentence
    return sentence.replace(",", f" {_AND} ")


def _parts(index: AliasIndex, words: list[str]) -> list[list[str]]:
    """`words` cut at every « et » and « ainsi que » that is not inside an alias (« pôle
    Animation et Expertises », « Jeunesse et Vie associative ») nor after the asker's own
    description (« je suis au pôle X et… » is context)."""
    inside: set[int] = set()
    # aliases are kept without their filler words (« et » among them): look them up so
    at = [i for i, word in enumerate(words) if word not in index.fillers]
    kept = [words[i] for i in at]
    for start, end in alias_ngrams(index, kept):
        if end - start > 1 and index.aliases.get(" ".join(kept[start:end])):
            inside.update(range(at[start] + 1, at[end - 1]))
    parts: list[list[str]] = []
    part: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        joins = word == _AND or tuple(words[i : i + 2]) == _AS_WELL
        if joins and i not in inside:
            if any(self_described(words, j) for j in range(i - len(part), i)):
                return []  # the asker describes themselves: context, not a second question
            parts.append(part)
            part = []
            i += 1 if word == _AND else 2
            continue
        part.append(word)
        i += 1
    parts.append(part)
    return parts
