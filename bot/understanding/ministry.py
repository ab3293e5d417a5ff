"""A ministry named beside the RPs' pôle: that ministry's RP, not the whole pôle.

« Au ministère de l'Agriculture… Qui est notre contact au pôle Partenariats ? » asks for the
one member of the pôle who follows the Agriculture; « notre projet est porté par l'Éducation
nationale, en partenariat avec la Culture » for the RPs of those ministries, the carrier first.
A question for the pôle's members as such (« qui sont les membres du pôle Partenariats ? »,
« la liste », « combien ») keeps the pôle.
"""

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import MAX_NGRAM, AliasIndex, alias_index, strip_fillers
from bot.understanding.asker import asked_sentence
from bot.understanding.query_model import Query
from bot.understanding.titles import asks_members

# Words that ask for the pôle as a whole: its members, their number, the list
_WHOLE = frozenset({"membres", "liste", "combien", "tous", "toutes", "sont", "compose"})


def ministry_contact(query: Query, knowledge: Knowledge) -> Query:
    """`query` for the RP of each ministry named when it reads as the RPs' pôle (see module)."""
    if query.intent != "pole" or not query.subject:
        return query
    owners = _owners(knowledge).get(query.subject)
    if not owners:
        return query
    index = alias_index(knowledge)
    words = fold(query.text).split()
    asked = fold(asked_sentence(query.text)).split()  # « …une équipe autonome. Qui est… ? »
    if asks_members(index, asked) or not _WHOLE.isdisjoint(asked):
        return query
    named = [m for m in named_ministries(index, words) if _owner(knowledge, m) in owners]
    if not named:
        return query
    return Query("portfolio", named[0], query.score, text=query.text, also=tuple(named[1:]))


def named_ministries(index: AliasIndex, words: list[str]) -> tuple[str, ...]:
    """The ministries folded `words` name by an exact alias, in the question's order, once each."""
    content = strip_fillers(words, index.fillers)
    found: list[tuple[int, str]] = []
    used: set[int] = set()
    for n in range(min(MAX_NGRAM, len(content)), 0, -1):
        for start in range(len(content) - n + 1):
            span = range(start, start + n)
            if content[start] not in index.alias_first or used.intersection(span):
                continue
            targets = index.aliases.get(" ".join(content[start : start + n]), [])
            ministries = [t.subject for t in targets if t.intent == "portfolio"]
            if len(ministries) == 1:
                used.update(span)
                found.append((start, ministries[0]))
    return tuple(dict.fromkeys(m for _, m in sorted(found)))


def _owner(knowledge: Knowledge, ministry_id: str) -> str:
    return _owner_of(knowledge).get(ministry_id, "")


@once_per_knowledge
def _owner_of(knowledge: Knowledge) -> dict[str, str]:
    """Ministry id -> the person id of its RP."""
    return {m.id: p.owner_id for p in knowledge.portfolios for m in p.ministries}


@once_per_knowledge
def _owners(knowledge: Knowledge) -> dict[str, frozenset[str]]:
    """Pôle id -> the RPs among its members (none for most pôles)."""
    rps = {p.owner_id for p in knowledge.portfolios}
    return {
        pole.id: frozenset(r.person_id for r in pole.members if r.person_id in rps)
        for pole in knowledge.poles
    }
