"""The head a lead question asks for: of a pôle, of the pôle a role's holders form, of several.

`reading._lead` reads « qui dirige le pôle X » as the head of X; this module extends it to
« le responsable des coachs » (the head of the pôle the coaches belong to, not the three
coaches) and to « qui dirige les pôles A et B » (both heads, each with their pôle).
"""

from bot.knowledge.lookup import lookup
from bot.knowledge.model import Knowledge
from bot.understanding.aliases import AliasIndex, alias_ngrams
from bot.understanding.scope import self_described

# Words between a lead word and what it leads (« responsable des coachs », « qui dirige les
# coachs », « chef de l'équipe des coachs »)
_BETWEEN = frozenset({"de", "des", "du", "d", "les", "la", "le", "l", "leur", "leurs", "ces"})
_BETWEEN_REACH = 2  # words: at most this many of them


def pole_head(knowledge: Knowledge, pole_id: str) -> str | None:
    """The role id (« pôle/personne ») of the pôle's head, None when it has none."""
    pole = lookup(knowledge).poles.get(pole_id)
    if pole is None or not pole.lead_id:
        return None
    return f"{pole.id}/{pole.lead_id}"


def holders_head(
    index: AliasIndex, knowledge: Knowledge, holders: tuple[str, ...], words: list[str], end: int
) -> str | None:
    """« le responsable des coachs »: the head of the one pôle every holder of the role is in.

    `end` is where the lead word ends in `words`; the role must be named right after it (a few
    articles apart), so that a lead word inside the role's own name (« responsable de
    portefeuille ») or about something else (« responsable de ce sujet ») asks nothing of it.
    """
    if len(holders) < 2:
        return None
    poles = {h.split("/", 1)[0] for h in holders}
    if len(poles) != 1:
        return None
    at = end
    while at < len(words) and at - end < _BETWEEN_REACH and words[at] in _BETWEEN:
        at += 1
    if at == end or at >= len(words):
        return None  # « responsable coach » is a title, « responsable des coachs » a head
    wanted = set(holders)
    for start, stop in alias_ngrams(index, words[at:]):
        if start:
            continue
        targets = index.aliases.get(" ".join(words[at + start : at + stop]), [])
        if targets and {t.subject for t in targets if t.intent == "role"} == wanted:
            head = pole_head(knowledge, poles.pop())
            return None if head in wanted and len(wanted) == 1 else head
    return None


def pole_heads(
    index: AliasIndex, knowledge: Knowledge, first: str, words: list[str]
) -> tuple[str, ...]:
    """« qui dirige les pôles Accélération et Coaching ? »: the heads of the other pôles named.

    The heads of `other_poles`, besides `first`; pôles without a head are left out.
    """
    heads = []
    for pole_id in other_poles(index, words, ""):
        head = pole_head(knowledge, pole_id)
        if head is not None and head != first and head not in heads:
            heads.append(head)
    return tuple(heads)


def other_poles(index: AliasIndex, words: list[str], first: str) -> tuple[str, ...]:
    """Every pôle an alias of the question names alone (one target), in the question's order,
    besides `first` and the asker's own (« je suis au pôle X »)."""
    found: list[tuple[int, str]] = []
    used: set[int] = set()
    for start, end in alias_ngrams(index, words):
        targets = index.aliases.get(" ".join(words[start:end]), [])
        if used.intersection(range(start, end)) or len(targets) != 1:
            continue
        if targets[0].intent == "pole" and not self_described(words, start):
            used.update(range(start, end))
            found.append((start, targets[0].subject))
    named = dict.fromkeys(p for _, p in sorted(found) if p != first)
    return tuple(named)
