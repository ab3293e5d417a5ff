"""The head a lead question asks for: of a pôle, of the pôle a role's holders form, of several.

Also the lead words of a question (`lead_spans`, `lead_words`), the umbrella's names
(`umbrella_names`) and « le responsable de ce sujet » (`refers_back`), used by `reading._lead`.

`reading._lead` reads « qui dirige le pôle X » as the head of X; this module extends it to
« le responsable des coachs » (the head of the pôle the coaches belong to, not the three
coaches) and to « qui dirige les pôles A et B » (both heads, each with their pôle).
"""

from bot.knowledge.lookup import lookup
from bot.knowledge.model import Knowledge
from bot.understanding.alias_hits import alias_ngrams, ngrams_from
from bot.understanding.aliases import AliasIndex, once_per_index
from bot.understanding.scope import self_described

# Words between a lead word and what it leads (« responsable des coachs », « qui dirige les
# coachs », « chef de l'équipe des coachs »)
_BETWEEN = frozenset({"de", "des", "du", "d", "les", "la", "le", "l", "leur", "leurs", "ces"})
_BETWEEN_REACH = 3  # words: at most this many of them


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
    while (
        at < len(words)
        and at - end < _BETWEEN_REACH
        and (
            words[at] in _BETWEEN or words[at] in index.fillers  # « the head of the coaches »
        )
    ):
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


def lead_spans(index: AliasIndex, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every lead cue of `words`, also in the plural (« les responsables »)."""
    spans = [
        (start, end)
        for start, end in ngrams_from(words, index.max_cue, index.cue_first)
        if "lead" in index.cues.get(tuple(words[start:end]), [])
    ]
    for start, word in enumerate(words):
        if word[-1:] in ("s", "x") and "lead" in index.cues.get((word[:-1],), []):
            spans.append((start, start + 1))
    return spans


@once_per_index
def lead_words(index: AliasIndex) -> tuple[str, ...]:
    """The one-word lead cues (« responsable », « chef », « dirige »…), once per index."""
    return tuple(c[0] for c, intents in index.cues.items() if len(c) == 1 and "lead" in intents)


@once_per_index
def umbrella_names(index: AliasIndex) -> frozenset[str]:
    """Every word of the umbrella topics' aliases (« incubateur de services numériques »)."""
    return frozenset(w for s in index.broad for k in index.keys_of.get(s, []) for w in k.split())


_OF = frozenset({"de", "du", "d"})
_THIS = frozenset({"ce", "cet", "cette", "ces"})
_MATTER = frozenset(
    {"sujet", "sujets", "question", "questions", "dossier", "dossiers", "point", "theme"}
    | {"domaine", "genre", "type", "probleme", "besoin", "demande"}
)


def refers_back(words: list[str], end: int) -> bool:
    """Whether a lead word is followed by a matter the message already told (« responsable de
    ce sujet », « du dossier », « de ça »): who handles it, not the head of a team (« le
    responsable de ce pôle » still asks for the head)."""
    after = words[end : end + 3]
    if len(after) < 2 or after[0] not in _OF:
        return False
    if after[1] in ("ca", "cela") or after[1] in _MATTER:
        return True
    return after[1] in _THIS and len(after) == 3 and after[2] in _MATTER
