"""A jobs question answered by what a posting says (« le poste de RP est-il ouvert ? »)."""

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.understanding.aliases import AliasIndex, alias_index, once_per_index
from bot.understanding.context import WHERE_TOPIC
from bot.understanding.facts import asks_where
from bot.understanding.passages import passage_index
from bot.understanding.query_model import Query
from bot.understanding.scope import meaningful
from bot.understanding.thresholds import PASSAGE_THRESHOLD, POSTING_THRESHOLD

APPLY_AT = frozenset({"rejoindre-isn"})  # topics that mean "apply here": postings may answer


def posting_asked(
    index: AliasIndex,
    words: list[str],
    cues: dict[str, float],
    cue_pos: set[int],
    base: Query,
    knowledge: Knowledge,
) -> Query | None:
    """A jobs question about something a posting says (« le poste de RP est-il ouvert ? »).

    The words left once the jobs cues are set aside, with the title of the topic named
    (« RP » → « responsable de portefeuille »), are searched in the postings only.
    """
    # « c'est un CDD ? »: contract words are read in the postings; « que fallait-il joindre ? »
    # the words of applying
    applying = "apply" in cues
    about = "posting" in cues or applying
    if not knowledge.postings or not (about or "jobs" in cues or base.subject in APPLY_AT):
        return None
    umbrella = _umbrella(knowledge)
    rest = meaningful((w for i, w in enumerate(words) if i not in cue_pos), index.fillers)
    named = base.subject and base.subject not in index.broad
    if not named and not about and not set(rest) - umbrella:
        return None  # « quels postes sont ouverts à l'ISN ? »: the list of open postings
    names = index.keys_of.get(base.subject, []) if base.intent == "topic" else []
    # « candidater… envoyer quoi et à quelle adresse ? »: in a jobs question the address asked
    # is where to send the application, which the posting says.
    mailing = base.subject == WHERE_TOPIC and "jobs" in cues
    where = "where" in cues or ("ou" in words and asks_where(base.text, words))
    if where and not applying and not mailing:
        return None  # « où sont publiés les postes ? »: the jobs answer says where, no posting
    if mailing:
        names = []
    whole = about or not base.subject or base.subject in APPLY_AT or mailing
    asked = meaningful(words, index.fillers) if whole else rest
    # « c'est en freelance ? »: a contract word the posting does not use still asks for the
    # passage that states the contract (the one holding the contract words of the cues).
    asks_posting = "jobs" in cues or names or not base.subject
    terms = _cue_words(index, "posting") if about and asks_posting else []
    if applying:  # « que fallait-il joindre ? »: the words of applying that postings use
        terms = _applying_words(knowledge)
    probe = " ".join([*asked, *names, *terms])
    found = passage_index(knowledge, index.fillers).search(probe, kind="posting")
    threshold = POSTING_THRESHOLD if base.subject else PASSAGE_THRESHOLD
    if found is None or found.score < threshold:
        return None
    return Query("passage", found.passage.id, found.score, text=base.text, coverage=found.score)


@once_per_knowledge
def _umbrella(knowledge: Knowledge) -> frozenset[str]:
    """Every word of the umbrella topics' aliases (« isn », « incubateur », « dinum »…)."""
    index = alias_index(knowledge)
    return frozenset(w for s in index.broad for k in index.keys_of.get(s, []) for w in k.split())


@once_per_knowledge
def _applying_words(knowledge: Knowledge) -> list[str]:
    """The words of the « apply » cues that some posting uses (« candidater », « cv »)."""
    index = alias_index(knowledge)
    passages = passage_index(knowledge, index.fillers)
    postings = [p for p in passages.passages if p.kind == "posting"]
    return [w for w in _cue_words(index, "apply") if any(passages.holds(p, [w]) for p in postings)]


def _cue_words(index: AliasIndex, intent: str) -> list[str]:
    """The words of the cues of `intent`: a posting's contract (« cdd », « temps plein »…) for
    « posting », applying (« cv », « joindre »…) for « apply »."""
    return _cue_words_by_intent(index).get(intent, [])


@once_per_index
def _cue_words_by_intent(index: AliasIndex) -> dict[str, list[str]]:
    """The words of the cues of each intent, once per index."""
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for phrase, intents in index.cues.items():
        for intent in intents:
            phrases.setdefault(intent, []).append(phrase)
    return {
        intent: list(dict.fromkeys(meaningful((w for p in said for w in p), index.fillers)))
        for intent, said in phrases.items()
    }
