"""The head asked for: of the pôle or role read (« qui dirige le pôle X »), of the umbrella.

`reading.read_aliases` asks these after its first reading; the heads themselves (who leads a
pôle, the lead words) are `heads.py`'s.
"""

from dataclasses import replace

from bot.knowledge.model import Knowledge
from bot.understanding.alias_hits import Hit
from bot.understanding.aliases import AliasIndex
from bot.understanding.asker import possessed
from bot.understanding.heads import (
    holders_head,
    lead_spans,
    lead_words,
    pole_head,
    pole_heads,
    refers_back,
    umbrella_names,
)
from bot.understanding.query_model import Query
from bot.understanding.scope import self_described
from bot.understanding.subject import broad
from bot.understanding.titles import asks_members

# « qui est leur responsable, au pôle Coaching ? »: the group's head, not the asker's own
_THEIR = frozenset({"leur", "leurs"})


# Who is in charge of what follows: of a pôle, its head (not a lead cue: « qui s'occupe du
# logement ? » asks for a portfolio manager, « qui s'occupe des coachs ? » for the coaches)
_IN_CHARGE = frozenset({("s", "occupe"), ("s", "occupent"), ("en", "charge"), ("qui", "gere")})


def _in_charge(words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of « s'occupe », « en charge », « qui gère » asked with « qui » in folded
    `words` (not « depuis quand le pôle X s'occupe-t-il du… ? »: the pôle is no object)."""
    return [
        (i, i + 2)
        for i in range(1, len(words) - 1)
        if (words[i], words[i + 1]) in _IN_CHARGE
        and (words[i - 1] == "qui" or words[i] == "qui" or words[i - 2 : i] == ["qui", "est"])
    ]


def _lead(
    index: AliasIndex, knowledge: Knowledge, query: Query, cues: dict[str, float], words: list[str]
) -> Query:
    """« Qui dirige le pôle X », « resp pôle X »: the head of the pôle, when it has one.

    « En tant que nouvelle responsable d'un incubateur… » describes the asker, « pour ma
    directrice » someone of theirs: not lead cues. « Qui compose le pôle » asks for its members.
    """
    # « qui s'occupe du FAST ? », « who is in charge of the coaching team? »: of a pôle, its head
    in_charge = _in_charge(words) if query.intent == "pole" else []
    if "lead" not in cues and not in_charge:
        return query
    if not query.subject or query.intent not in ("pole", "role"):
        return query
    if query.intent == "role" and not query.also:
        return query
    if asks_members(index, words):
        return query
    asked = [
        (start, end)
        for start, end in [*lead_spans(index, words), *in_charge]
        if not self_described(words, start)
        and not (possessed(words, start) and _THEIR.isdisjoint(words[max(0, start - 2) : start]))
        and not refers_back(words, end)
    ]
    if not asked:
        return query
    if query.intent == "role":  # « le responsable des coachs »: the head of the coaches' pôle
        holders = (query.subject, *query.also)
        for _, end in asked:
            head = holders_head(index, knowledge, holders, words, end)
            if head is not None:
                return Query("role", head, query.score, text=query.text)
        return query
    head = pole_head(knowledge, query.subject)
    if head is None:  # « le chef du pôle Animation ? »: its card, saying it names no head
        return replace(query, headless=True)
    # « qui dirige les pôles Accélération et Coaching ? »: each pôle's head
    others = pole_heads(index, knowledge, head, words)
    return Query("role", head, query.score, text=query.text, also=others)


def _umbrella_head(
    index: AliasIndex, hit: Hit, cues: dict[str, float], words: list[str], text: str
) -> Query | None:
    """« le responsable de l'incubateur de services numériques de la DINUM »: its head.

    A lead word followed only by umbrella names (« l'incubateur », « la DINUM », « l'ISN »)
    asks for the head of the department: the one role a maintainer named « <a lead word>
    <an umbrella name used> » (« responsable de l'ISN », « chef de l'incubateur »); « qui
    dirige la DINUM ? » names no such role: the DINUM's director is not ours.
    """
    if "lead" not in cues or not broad(index, hit):
        return None
    for start, word in enumerate(words):
        if "lead" not in index.cues.get((word,), ()) or self_described(words, start):
            continue
        after = [w for w in words[start + 1 :] if w not in index.fillers]
        # only umbrella names follow: « …de l'incubateur de la région Occitanie » is another
        if not after or after[0] not in index.umbrella_words:
            continue
        if not umbrella_names(index).issuperset(after):
            continue
        named = dict.fromkeys(w for w in after if w in index.umbrella_words)
        roles = {
            t.subject
            for lead in (word, *lead_words(index))
            for umbrella in named
            for t in index.aliases.get(f"{lead} {umbrella}", [])
            if t.intent == "role"
        }
        if len(roles) == 1:
            return Query("role", roles.pop(), 100.0, text=text)
    return None
