"""Understand a French question: in French or English, its words completed, then refined.

`understand` reads the question (an English one in French, abbreviated words completed,
subjects set aside) with `weighing._read`, which weighs the alias reading against scope,
passages and postings; then a ministry named, a first name and a holder the asker names
refine the reading.
"""

from dataclasses import replace

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding import asked_first
from bot.understanding.abbreviations import complete
from bot.understanding.aliases import alias_index
from bot.understanding.asked_thing import thing_first
from bot.understanding.confidence import gibberish
from bot.understanding.confirm import checked_holder, confirmed_subject
from bot.understanding.contrast import set_aside, without
from bot.understanding.english import has_english_words, in_french, reads_english
from bot.understanding.ministry import ministry_contact
from bot.understanding.namesakes import first_named
from bot.understanding.passages import passage_index
from bot.understanding.query_model import Query
from bot.understanding.referred import checked_claim
from bot.understanding.subject_keys import _labels
from bot.understanding.thresholds import (
    BARE_MIN_WORDS,
    BROAD_PASSAGE_THRESHOLD,
    PASSAGE_INTENTS,
    PASSAGE_THRESHOLD,
    POSTING_THRESHOLD,
    SAME_TOPIC_MARGIN,
    TRUSTED_COVERAGE,
    WHO_PASSAGE_THRESHOLD,
)
from bot.understanding.weighing import _read

__all__ = [
    "BARE_MIN_WORDS",
    "BROAD_PASSAGE_THRESHOLD",
    "PASSAGE_INTENTS",
    "PASSAGE_THRESHOLD",
    "POSTING_THRESHOLD",
    "SAME_TOPIC_MARGIN",
    "TRUSTED_COVERAGE",
    "WHO_PASSAGE_THRESHOLD",
    "Query",
    "understand",
]


def understand(text: str, knowledge: Knowledge) -> Query:
    """Turn a question into a Query; an English one is read in French (`english.in_french`).

    Subjects the question negates or turns away from (« pas l'Intérieur, la Santé ») are set
    aside first (`contrast.set_aside`); the Query keeps the question as it was asked. Then a
    ministry named beside the RPs' pôle (`ministry.ministry_contact`) and a holder the asker
    names (`confirm`) refine the reading. Before all, words typed as the beginning of an
    alias's (« pôle accé ») are read completed (`abbreviations.complete`).
    """
    # « …faisait une dizaine de personnes. Est-ce toujours le cas ? »: the claim is asked
    asked = checked_claim(text, alias_index(knowledge).fillers) or text
    completed = complete(asked, knowledge)
    if completed is not text:
        return replace(_question(completed, knowledge), text=text)
    return _question(text, knowledge)


def _question(text: str, knowledge: Knowledge) -> Query:
    """`understand`, once the words are completed."""
    index = alias_index(knowledge)
    words = fold(text).split()
    asked, dropped = set_aside(text, index, words)
    # The asker chose among our subjects: no citizen's errand (« pour le Logement… en fait
    # non, pour l'Enseignement supérieur »).
    chosen = asked != text
    read = _either_language(asked, knowledge, chosen, None if chosen else words)
    read = ministry_contact(read, knowledge)
    if chosen:
        return replace(without(read, dropped), text=text)
    # « Il y a deux Adrien ? C'est lequel le coach ? »: the first name of the context narrows
    read = first_named(index, read, words)
    read = confirmed_subject(read, index, knowledge, words)
    return checked_holder(read, index, knowledge, words)


def _either_language(
    text: str, knowledge: Knowledge, chosen: bool = False, words: list[str] | None = None
) -> Query:
    """`understand` without the refinements: the French reading, or the English one."""
    words = fold(text).split() if words is None else words
    if not words and text.strip():
        return Query("unknown", "", 0.0, text=text)  # « ????? »: the help is for « aide »
    if reads_english(words, knowledge):
        query = _understand(in_french(text, knowledge), knowledge, chosen=chosen)
        return replace(query, language="en")
    query = _understand(text, knowledge, words, chosen)
    if query.intent not in ("unknown", "outside", "help") and gibberish(knowledge, text, words):
        # « blorp fnarg incub trsqx »: one known fragment among words no text of ours uses
        offered = query.suggestions or _labels(alias_index(knowledge), query)
        query = Query("unknown", "", 0.0, offered, text)
    if query.intent != "unknown" or not has_english_words(words, knowledge):
        return query
    # « health contact? »: too few frequent English words to tell, but English words the
    # vocabulary knows; only a question not understood in French pays for this second reading.
    french = in_french(text, knowledge)
    if fold(french) == " ".join(words):
        return query
    second = _understand(french, knowledge)
    # « vers qui me tourner ? »: French with a word English also has (« me »), whose second
    # reading (« vers qui tourner ») only looks like a name (« Tourneur »): not a reading.
    guessed = second.intent in ("person", "role") and second.score < 100
    if second.intent == "unknown" or guessed:
        return query
    return replace(second, language="en")


def _understand(
    text: str, knowledge: Knowledge, words: list[str] | None = None, chosen: bool = False
) -> Query:
    """Turn a question into a Query (`_read`), then make its answer start with what the clause
    that asks wants (`asked_first`: the fact, the passage, the reason, the part, « Oui »).
    `chosen`: the asker chose among our subjects (`contrast.set_aside`), no citizen's errand."""
    words = fold(text).split() if words is None else words
    query = asked_first.fact_first(_read(text, knowledge, words, chosen), text, words, knowledge)
    thing = thing_first(query, text, words, knowledge)  # « quelle formation… ? »: its part too
    if thing is not query:
        confirmed = thing.intent == "passage" and asked_first.confirms(thing, text, knowledge)
        return replace(thing, confirms=True) if confirmed else thing
    query = asked_first.clause_passage(query, text, words, knowledge)
    query = asked_first.reason_asked(query, text, knowledge)
    query = asked_first.item_asked(query, text, words, knowledge)
    if query.intent != "passage":
        return query
    passages = passage_index(knowledge, alias_index(knowledge).fillers)
    part = passages.part_asked(passages.by_id[query.subject], text)
    if part:
        query = replace(query, part=part)
    return replace(query, confirms=True) if asked_first.confirms(query, text, knowledge) else query
