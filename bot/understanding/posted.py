"""Which job posting a question names through the role it recruits (« l'offre RP »).

A posting recruits a role the knowledge also describes as a topic (« deux responsables de
portefeuilles » and the topic « Responsable de portefeuille ministériel », alias « RP »). A jobs
question naming that topic by any of its aliases is about the posting: its own facts answer
(open or closed and since when, how many, the contract, what to send), not the role's page.
"""

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import JobPosting, Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import AliasIndex, alias_index, title_stem
from bot.understanding.passages import passage_index
from bot.understanding.query_model import Query
from bot.understanding.scope import meaningful


@once_per_knowledge
def _recruited(knowledge: Knowledge) -> dict[tuple[str, ...], tuple[JobPosting, ...]]:
    """Folded alias words of a topic -> the postings recruiting that topic's role.

    A posting recruits a topic's role when the stems (no plural, no feminine) of one of the
    topic's aliases of two words or more all appear in the posting's title or roles.
    """
    index = alias_index(knowledge)
    titles = [
        (p, {title_stem(w) for w in fold(" ".join((p.title, *p.roles))).split()})
        for p in knowledge.postings
    ]
    found: dict[tuple[str, ...], tuple[JobPosting, ...]] = {}
    for topic in knowledge.topics:
        if topic.broad:
            continue
        keys = index.keys_of.get(topic.id, [])
        recruiting = tuple(
            p
            for p, stems in titles
            if any(_held(key, stems, index.fillers) for key in keys if " " in key)
        )
        if recruiting:
            for key in keys:
                found[tuple(key.split())] = recruiting
    return found


def _held(key: str, stems: set[str], fillers: frozenset[str]) -> bool:
    words = [w for w in key.split() if w not in fillers]
    return bool(words) and all(title_stem(w) in stems for w in words)


def named_posting(knowledge: Knowledge, words: list[str]) -> tuple[JobPosting, set[str]] | None:
    """The one posting whose role the folded `words` name by a topic's alias, and the words
    naming it (« rp »: not a « qui ? » then), or None."""
    recruited = _recruited(knowledge)
    if not recruited:
        return None
    named: dict[str, JobPosting] = {}
    naming: set[str] = set()
    for size in {len(k) for k in recruited}:
        for i in range(len(words) - size + 1):
            for posting in recruited.get(tuple(words[i : i + size]), ()):
                named[posting.slug] = posting
                naming.update(words[i : i + size])
    return (next(iter(named.values())), naming) if len(named) == 1 else None


def posted_passage(
    knowledge: Knowledge,
    index: AliasIndex,
    text: str,
    words: list[str],
    cue_pos: set[int],
    slug: str,
) -> Query | None:
    """The passage of the posting `slug` that the question's other words name, else its first.

    The answer starts with the posting's status (open or closed, since when), its title (how
    many it recruits), then this passage.
    """
    passages = passage_index(knowledge, index.fillers)
    own = passages.of_ref.get(slug, [])
    if not own:
        return None
    rest = meaningful((w for i, w in enumerate(words) if i not in cue_pos), index.fillers)
    found = passages.search(" ".join(rest), ref=slug) if rest else None
    passage = found.passage if found is not None else passages.passages[own[0]]
    score = found.score if found is not None else 100.0
    return Query("passage", passage.id, 100.0, text=text, coverage=score)
