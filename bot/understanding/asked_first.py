"""What the clause that asks wants first: the fact, the passage, the reason, the « Oui ».

`understand` reads a question by aliases, cues and passages (`query._read`); this module then
makes the answer start with what was asked:

- a date or a number asked (« depuis quand », « combien »): the topic's sentence stating it;
- a long message whose last clause, alone, is a passage's own words: that passage;
- a yes/no question read as the reasons to call the ISN: the reason it names;
- a yes/no question that the passage answers « oui »: `Query.confirms` (« Oui, d'après … »).
"""

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.lookup import lookup
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import alias_index
from bot.understanding.asker import asked_clause, asked_sentence, asks_someone
from bot.understanding.cues import find_cues
from bot.understanding.facts import asked_fact, asks_yes_no, fact_passage, states
from bot.understanding.passage_cuts import Passage, part_shown
from bot.understanding.passages import passage_index
from bot.understanding.query_model import Query
from bot.understanding.reading import read_aliases
from bot.understanding.subject import WHO_WORDS

CLAUSE_THRESHOLD = 75  # coverage 0-100: the clause that asks, alone, is a passage's from here
REASON_THRESHOLD = 30  # coverage 0-100: a yes/no question names one reason to call the ISN
ITEM_THRESHOLD = 60  # coverage 0-100 of the words beside a list's name: one item states them
YES_COVERAGE = 30  # coverage 0-100: a passage answering a yes/no question confirms it from here
# Words of a passage's part that restrict what it grants: no « Oui » on it
_EXCEPTIONS = frozenset(
    {"sauf", "hors", "excepte", "exception", "ne", "n", "pas", "jamais", "aucun", "aucune",
     "uniquement", "seulement", "reserve"}
)  # fmt: skip


def fact_first(query: Query, text: str, words: list[str], knowledge: Knowledge) -> Query:
    """The passage stating the date or number asked, when the subject's text holds one.

    « l'ISN existe depuis quand ? » is answered by the ISN's sentence holding the year, not by
    its whole page; « Je viens d'arriver comme coach. Vous êtes combien à l'incubateur ? » by
    the incubator's head count: the sentence that asks decides, not the context's « coach ».
    """
    if not asked_fact(words):
        return query  # no date nor number asked anywhere in the message (most questions)
    asked = asked_sentence(text)
    asked_words = words if asked == text.strip() else fold(asked).split()
    fact = asked_fact(asked_words)
    if not fact:
        return query
    topics = [query.subject] if query.intent == "topic" else []
    if query.intent == "passage":
        passages = passage_index(knowledge, alias_index(knowledge).fillers)
        held = passages.by_id[query.subject]
        if held.kind == "posting" or states(held.text, fact):
            return query  # a posting's status and title state its own facts
        if held.kind == "topic":
            topics.append(held.ref)
    if query.intent != "outside" and asked_words != words:
        # The asking sentence alone names a topic that states the fact (the context's words
        # or a passage of another topic led elsewhere)
        own = read_aliases(alias_index(knowledge), asked_words, text, knowledge)
        if own.intent == "topic" and own.score >= 100:
            topics.append(own.subject)
    found = next((f for t in topics if (f := fact_passage(knowledge, t, fact, asked_words))), None)
    if found is None:
        return query
    return Query("passage", found.id, query.score, text=text, coverage=query.coverage)


def clause_passage(query: Query, text: str, words: list[str], knowledge: Knowledge) -> Query:
    """A long message whose clause that asks is, alone, a passage's own words.

    « Bonjour, je suis à la direction de la jeunesse. Nous voudrions tester une idée : est-il
    possible que la DINUM finance une phase d'investigation ? »: the ministry of the context,
    or an umbrella (« la DINUM »), named the answer; the clause that asks, searched alone,
    is covered from CLAUSE_THRESHOLD by one passage, which answers. Only for a message of
    several sentences whose clause that asks neither asks for someone nor names the subject
    found.
    """
    if query.intent not in ("portfolio", "role", "topic", "unknown"):
        return query
    index = alias_index(knowledge)
    if query.intent == "topic" and query.subject not in index.broad:
        return query
    if asked_sentence(text) == text.strip():
        return query  # one sentence (« pour les finances, c'est quel RP ? »): read as a whole
    clause = asked_clause(text)
    clause_words = fold(clause).split()
    # someone asked for, or the subject found (not an umbrella) is the clause's own
    bare = [w for w in clause_words if w not in index.fillers]
    named = query.subject not in index.broad and _names(index.keys_of.get(query.subject, []), bare)
    if WHO_WORDS.intersection(clause_words) or named or asks_someone(clause, WHO_WORDS):
        return query
    passages = passage_index(knowledge, index.fillers)
    umbrella = _umbrella_stems(knowledge)
    probe = " ".join(w for w in clause_words if not umbrella.intersection(passages.stems(w)))
    found = passages.search(probe, min_stems=2)
    if found is None or found.score < CLAUSE_THRESHOLD or found.passage.kind == "posting":
        return query
    return Query("passage", found.passage.id, query.score, text=text, coverage=found.score)


def _names(keys: list[str], words: list[str]) -> bool:
    """Whether `words` hold one of the folded alias `keys` (fillers left out of both)."""
    text = f" {' '.join(words)} "
    return any(f" {key} " in text for key in keys)


def reason_asked(query: Query, text: str, knowledge: Knowledge) -> Query:
    """« j'ai un devis bloqué, l'ISN peut m'aider ? »: a yes/no question read as the reasons to
    call the ISN is answered by the reason it names (from REASON_THRESHOLD), not the list."""
    if query.intent != "reasons":
        return query
    asked = asked_sentence(text)
    if not asks_yes_no(asked, fold(asked).split()):
        return query
    passages = passage_index(knowledge, alias_index(knowledge).fillers)
    found = passages.search(text, kind="reason", min_stems=2, boost=asked)
    if found is None or found.score < REASON_THRESHOLD:
        return query
    return Query("passage", found.passage.id, query.score, text=text, coverage=found.score)


# Folded words asking how, what to do, to whom, where: a procedure, not the list itself
_HOW = frozenset({"comment", "faire", "fais", "fait", "qui", "ou"})
# The list answers (no subject) whose one item may be what is asked, and that item's kind
_LISTS = {"engagements": "engagement", "reasons": "reason"}


def item_asked(query: Query, text: str, words: list[str], knowledge: Knowledge) -> Query:
    """« Comment signaler un manquement aux engagements ? »: the item of a list that states
    what the question asks besides the list's name, first.

    Only a question asking how, what to do, to whom or where (« comment », « que faire »,
    « à qui », « où ») asks for an item. The engagements (the reasons) are answered as a
    whole list. The words that named it (its cues, « engagements ») and the umbrella's names
    (« l'incubateur », « beta.gouv.fr ») left out, the question's other words (« signaler »,
    « manquement ») name one item when it holds at least two of them and covers
    ITEM_THRESHOLD of them: the answer is that item (the conclusion of the engagements says
    how to report a breach; the list shows it last).
    """
    kind = _LISTS.get(query.intent)
    if kind is None or query.subject or _HOW.isdisjoint(words):
        return query  # « quels sont vos engagements ? » asks for the list itself
    index = alias_index(knowledge)
    cue_pos = find_cues(index, words)[1]
    umbrella = _umbrella_words(knowledge)
    probe = " ".join(w for i, w in enumerate(words) if i not in cue_pos and w not in umbrella)
    passages = passage_index(knowledge, index.fillers)
    found = passages.search(probe, kind=kind, min_stems=2)
    if found is None or found.score < ITEM_THRESHOLD:
        return query
    return Query("passage", found.passage.id, query.score, text=text, coverage=found.score)


def confirms(query: Query, text: str, knowledge: Knowledge) -> bool:
    """Whether the passage answering a yes/no question says « Oui »: « Oui » comes first then.

    All of: the question asks yes or no (`facts.asks_yes_no`); the passage is something the
    ISN offers or helps with (`_offered`: a reason to call it, a point of a list); it covers
    YES_COVERAGE of the question; the part shown first holds every word of the question that
    the passage matched (« URL » matched the topic's names, not « invitation aux clubs… »);
    and that part states no exception (« sauf pour le ministère des affaires sociales »).
    An answer that may be off-topic never says « Oui ».
    """
    asked = asked_sentence(text)
    if query.coverage < YES_COVERAGE or not asks_yes_no(asked, fold(asked).split()):
        return False
    index = alias_index(knowledge)
    passages = passage_index(knowledge, index.fillers)
    passage = passages.by_id[query.subject]
    if not _offered(passage, knowledge):
        return False
    shown = part_shown(passage.text, query.part)
    if _EXCEPTIONS.intersection(fold(shown).split()):
        return False
    question = " ".join(w for w in fold(asked).split() if w not in index.umbrella_words)
    return passages.shows_all(passage, shown, question)


def _offered(passage: Passage, knowledge: Knowledge) -> bool:
    """Whether `passage` is a reason to call the ISN, or a point of a topic's list (a topic
    whose text ends with « : », introducing what it offers or what it is)."""
    if passage.kind == "reason":
        return True
    if passage.kind != "topic":
        return False
    topic = lookup(knowledge).topics[passage.ref]
    return topic.text.rstrip().endswith(":") and passage.text in topic.items


@once_per_knowledge
def _umbrella_stems(knowledge: Knowledge) -> frozenset[str]:
    """The stems of the umbrella topics' one-word aliases: « incuber » is « l'incubateur »."""
    index = alias_index(knowledge)
    return frozenset(passage_index(knowledge, index.fillers).stems(" ".join(index.umbrella_words)))


@once_per_knowledge
def _umbrella_words(knowledge: Knowledge) -> frozenset[str]:
    """Every word of the umbrella topics' aliases (« beta.gouv.fr », « l'incubateur »)."""
    index = alias_index(knowledge)
    return frozenset(
        w for s in index.broad for key in index.keys_of.get(s, []) for w in key.split()
    )
