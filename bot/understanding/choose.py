"""Which passage answers a question, and which subject its clause that asks names.

Used by `query.understand` once the alias reading is done: the passage that best answers the
question (the asking sentence weighing twice), the passage stating a claim the topic named does
not, and the subject of the clause that asks when the whole message names others.
"""

import re

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import AliasIndex
from bot.understanding.asker import asked_clause, asked_sentence
from bot.understanding.facts import asks_yes_no
from bot.understanding.passages import Found, passage_index
from bot.understanding.query_model import Query
from bot.understanding.reading import read_aliases
from bot.understanding.subject import WHO_WORDS
from bot.understanding.thresholds import PASSAGE_THRESHOLD, SAME_TOPIC_MARGIN

STATED_MIN_STEMS = 3  # informative words a question naming an outsider shares with a passage


def best_passage(
    knowledge: Knowledge, index: AliasIndex, text: str, base: Query, min_stems: int
) -> Found | None:
    """The passage that best answers `text`: the question's own sentence weighs twice.

    In a long message (« Bonjour, je suis… . Quel étage ? »), the words of the last sentence
    that asks something weigh twice those of the context. A passage of the topic already
    found wins ties: the answer stays on that topic, its fact first.
    """
    passages = passage_index(knowledge, index.fillers)
    probe, asked = text, asked_sentence(text)
    # « La DINUM peut-elle venir à notre comité ? »: the umbrella named does not count in the
    # coverage, but a yes/no question asks what it can do: between passages covering as much,
    # the one naming it is the answer.
    prefer = ""
    if asks_yes_no(asked, fold(asked).split()):
        prefer = " ".join(w for w in fold(asked).split() if w in index.umbrella_words)
    if base.subject in index.broad:  # « l'ISN » names what every passage is about
        umbrella = {w for k in index.keys_of.get(base.subject, []) for w in k.split()}
        probe, asked = (
            " ".join(w for w in fold(p).split() if w not in umbrella) for p in (probe, asked)
        )
    best: Found | None = None
    if not probe:
        return None
    for ref in (base.subject, "") if base.intent == "topic" else ("",):
        for boost in ("", asked) if asked != probe else ("",):
            found = passages.search(probe, min_stems=min_stems, ref=ref, boost=boost, prefer=prefer)
            # The topic already named keeps the answer unless a passage elsewhere covers
            # clearly more of the question.
            if found is None:
                continue
            held = best is not None and best.passage.ref == base.subject != found.passage.ref
            margin = SAME_TOPIC_MARGIN if held else 0
            # Between the passages of the topic named, the search kept to that topic decides
            # (by what each passage says itself, not by the names they share).
            mine = (
                base.intent == "topic"
                and best is not None
                and best.passage.ref == found.passage.ref == base.subject
                and best.passage.kind == found.passage.kind
            )
            if best is None or (found.score > best.score + margin and not mine):
                best = found
    return best


def claimed_elsewhere(
    knowledge: Knowledge, index: AliasIndex, text: str, base: Query
) -> Found | None:
    """The passage stating a claim that the page of the topic named does not state.

    « L'ISN est-il à la tête de la communauté ? » checks a claim about the ISN, whose page
    does not say it; the engagements' « au service… et non à sa tête » does. `best_passage`
    keeps the topic's own passage unless one elsewhere states clearly more of the question
    (SAME_TOPIC_MARGIN); that one, from PASSAGE_THRESHOLD, is the answer. Beside an umbrella
    (« l'ISN est-il à la tête de beta.gouv ? »), one word may be the whole claim.
    """
    found = best_passage(knowledge, index, text, base, 1)
    if found is None or found.passage.ref == base.subject or found.score < PASSAGE_THRESHOLD:
        return None
    return found


def stated_whole(
    knowledge: Knowledge, index: AliasIndex, text: str, words: list[str]
) -> Found | None:
    """The passage holding every informative word of a question that names an outsider.

    « L'incubateur de la DINUM est-il rattaché au Premier ministre ? » names a minister, yet
    asks a fact of ours that the ISN's page states word for word (« placée sous l'autorité du
    Premier ministre »), as « c'est dans le bâtiment du Premier ministre ? » asks the address.
    A question asking for nobody (no « qui ») whose informative words, at least
    STATED_MIN_STEMS of them, are all in one passage, is answered by it; otherwise the
    outsider is out of scope (« qui est le Premier ministre ? », « le ministre est-il
    d'accord ? »).
    """
    if WHO_WORDS.intersection(words):
        return None
    found = passage_index(knowledge, index.fillers).search(text, min_stems=STATED_MIN_STEMS)
    return found if found is not None and found.score >= 100 else None


_SECOND_QUESTION = re.compile(r"\?\s*(?:et|ainsi que)\b", re.IGNORECASE)  # « X ? Et Y ? »


def asked_topic(index: AliasIndex, text: str, base: Query, knowledge: Knowledge) -> Query:
    """The subject of the clause that asks, when the whole message names others.

    « …dans vos locaux, pouvez-vous me rappeler l'adresse ? » asks for the address, not for
    the topic of the context; « …des Sports et de la Jeunesse, pour la partie sport qui est
    notre RP ? » for one of the two ministries.
    """
    clause = asked_clause(text)
    if clause == text.strip():
        return base
    clause_words = fold(clause).split()
    second = clause_words[:1] == ["et"] or clause_words[:2] == ["ainsi", "que"]
    if second or _SECOND_QUESTION.search(clause):
        # « Qui dirige le pôle X, et qui est le mentor ? », « …qui dirige le pôle X ? Et le
        # pôle Y ? »: the clause asks for several, it narrows nothing
        return base
    asked = read_aliases(index, clause_words, text, knowledge)
    if asked.score < 100:
        return base  # a word merely like an alias (« y travaillent ») does not override
    if base.intent == "topic" and asked.intent == "topic" and asked.subject not in index.broad:
        return asked
    one_of = asked.subject in (base.subject, *base.also)
    if base.also and asked.intent == base.intent and not asked.also and one_of:
        return asked
    return base
