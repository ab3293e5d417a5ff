"""Understand a French question: the alias reading, then scope, passages and postings.

`reading.read_aliases` gives a first reading from aliases and cues; `understand` then decides
whether the question is out of scope, whether a passage or a job posting answers it better,
and how much of the question the answer explains (`Query.coverage`).
"""

from dataclasses import replace

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding import asked_first
from bot.understanding.abbreviations import complete
from bot.understanding.aliases import AliasIndex, alias_index, find_cues, strip_fillers
from bot.understanding.asker import asked_clause, asked_sentence, asks_personal
from bot.understanding.confidence import chatter, doubt, elsewhere, gibberish
from bot.understanding.confirm import checked_holder, confirmed_subject
from bot.understanding.context import (
    WHERE_TOPIC,
    asked_subject,
    but_the_head,
    context_ministries,
    context_ministry,
    only_the_askers,
    person_referred,
    scope_words,
    written_where,
)
from bot.understanding.contrast import set_aside, without
from bot.understanding.english import has_english_words, in_french, reads_english
from bot.understanding.facts import COUNT, asked_fact, asks_yes_no
from bot.understanding.ministry import ministry_contact
from bot.understanding.passages import Found, passage_index
from bot.understanding.posted import named_posting, posted_passage
from bot.understanding.reading import WHO_CUES, Query, first_named, lead_words, read_aliases
from bot.understanding.scope import (
    another_incubator,
    citizen_errand,
    coverage,
    meaningful,
    outside_phrase,
    own_errand,
)
from bot.understanding.subject import WHO_WORDS

__all__ = ["Query", "understand"]

_APPLY_AT = frozenset({"rejoindre-isn"})  # topics that mean "apply here": postings may answer
# Answers a passage may replace: those that do not name a person.
# Reasons and engagements are short lists: the whole list holds any passage of theirs.
PASSAGE_INTENTS = ("unknown", "topic", "contact", "help")
PASSAGE_THRESHOLD = 30  # coverage 0-100: a passage answers only from this share of the question
# The same beside an umbrella topic (« l'incubateur », « l'ISN »), which explains little itself
BROAD_PASSAGE_THRESHOLD = 25
BARE_MIN_WORDS = 3  # words: a question with no cue needs this many meaningful words for passages
SAME_TOPIC_MARGIN = 15  # coverage points a passage of another topic must add to win
WHO_PASSAGE_THRESHOLD = 60  # coverage 0-100: the same for "qui…" questions no alias answered
POSTING_THRESHOLD = 30  # coverage 0-100: a jobs question names something a posting says
TRUSTED_COVERAGE = 75  # coverage 0-100: an alias answer explaining this much is kept as it is
_MEMBER_WORDS = frozenset({"membre", "membres", "composition", "compose", "effectif", "effectifs"})


def understand(text: str, knowledge: Knowledge) -> Query:
    """Turn a question into a Query; an English one is read in French (`english.in_french`).

    Subjects the question negates or turns away from (« pas l'Intérieur, la Santé ») are set
    aside first (`contrast.set_aside`); the Query keeps the question as it was asked. Then a
    ministry named beside the RPs' pôle (`ministry.ministry_contact`) and a holder the asker
    names (`confirm`) refine the reading. Before all, words typed as the beginning of an
    alias's (« pôle accé ») are read completed (`abbreviations.complete`).
    """
    completed = complete(text, knowledge)
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
    query = asked_first.clause_passage(query, text, words, knowledge)
    query = asked_first.reason_asked(query, text, knowledge)
    if query.intent != "passage":
        return query
    passages = passage_index(knowledge, alias_index(knowledge).fillers)
    part = passages.part_asked(passages.by_id[query.subject], text)
    if part:
        query = replace(query, part=part)
    return replace(query, confirms=True) if asked_first.confirms(query, text, knowledge) else query


def _read(text: str, knowledge: Knowledge, words: list[str], chosen: bool = False) -> Query:
    """Turn a question into a Query; below MATCH_THRESHOLD the intent is ``unknown``.

    In order: aliases and cues give a first reading; an out-of-scope phrase asked about
    (« qui est le ministre… ») gives ``outside``; an answer that names nobody and explains
    less than TRUSTED_COVERAGE of the question gives way to a passage covering more of it,
    from PASSAGE_THRESHOLD.
    """
    index = alias_index(knowledge)
    lengths: dict[str, int] = {}
    cues, cue_pos = find_cues(index, words, lengths)
    base = read_aliases(index, words, text, knowledge, (cues, cue_pos, lengths))
    asked = asked_sentence(text)  # the sentence that asks (the whole text for most questions)
    several = asked != text.strip()  # a message of several sentences: context, then question
    if several:
        base = asked_subject(index, text, asked, words, base, knowledge)
        base = context_ministries(index, asked, base)
        # « Dans mon ancien poste… Quelle est la position de l'incubateur sur le reporting ? »:
        # a jobs word of the context only is no jobs question.
        jobs_of_context = base.intent == "jobs" and only_the_askers(index, words, "jobs")
        if context_ministry(asked, base, WHO_WORDS) or jobs_of_context:
            answered = _asked_instead(knowledge, index, text, asked, base)
            if answered is not None:
                return answered
        person = person_referred(index, asked, words, base)  # « X… Il fait quoi ? »
        if person is not None:
            if outside_phrase(index, fold(asked).split()):
                return Query("outside", "", 100.0, text=text)
            return person
    bare_why = lengths.get("reasons", 0) == 1 and "contact" not in cues
    if base.intent == "reasons" and not base.subject and bare_why:
        # « Pourquoi l'incubateur limite-t-il le reporting ? »: a bare « pourquoi » asks why
        # about what a passage says, not why to call the incubator (the reasons' own list).
        found = _best_passage(knowledge, index, text, base, 2)
        if (
            found is not None
            and found.score >= PASSAGE_THRESHOLD
            and found.passage.kind != "reason"
        ):
            return Query("passage", found.passage.id, found.score, text=text, coverage=found.score)
    if base.intent == "role" and base.also:
        base = but_the_head(index, words, base, knowledge)
    clause = fold(asked_clause(text)).split()
    clause_cues = cues if clause == words else find_cues(index, clause)[0]
    if "where" not in clause_cues and "where" in cues and several:
        # « C'est où exactement, les bureaux de l'incubateur ? »: the asking sentence, whole
        sentence = fold(asked).split()
        if "where" in find_cues(index, sentence)[0]:
            clause, clause_cues = sentence, {"where": 100.0}
    if (
        "where" in clause_cues
        and (
            base.intent in ("unknown", "topic")
            or base.subject in index.broad
            or read_aliases(index, clause, text, knowledge).intent in ("unknown", "topic")
        )
        and not written_where(index, clause, base, knowledge)
    ):
        return Query("topic", WHERE_TOPIC, 100.0, text=text)  # « c'est où l'incubateur ? »
    if base.intent == "topic" or base.also:
        base = _asked_topic(index, text, base, knowledge)
    headed = base.intent in ("role", "person", "portfolio") and "incubateur" in words
    if headed and another_incubator(
        index, strip_fillers(words, index.fillers), _head_keys(index, base)
    ):
        # « qui dirige l'incubateur de Bercy ? », « le responsable de l'incubateur de Bercy ? »
        return Query("outside", "", 100.0, text=text)
    if base.intent == "person" and asks_personal(words):
        return Query("outside", "", 100.0, text=text)  # « le mail de Maël Inizan ? »
    if base.intent != "help" and outside_phrase(
        index, scope_words(index, text, asked, words, base) if several else words
    ):
        offered = base.suggestions or _labels(index, base)
        return Query("outside", "", 100.0, offered, text)
    asks_who = bool(WHO_WORDS.intersection(words))
    posting = _posting(index, words, cues, cue_pos, base, knowledge)
    listed = base.intent in ("portfolio", "pole") and not base.subject  # « durée contrat RP »
    if posting is not None and (
        base.intent in (*PASSAGE_INTENTS, "jobs") or not asks_who or listed
    ):
        return posting
    jobs_words = bool({"jobs", "apply", "posting"}.intersection(cues)) or base.subject in _APPLY_AT
    posted = named_posting(knowledge, words) if jobs_words else None
    # « l'offre RP, il fallait envoyer quoi ? »: « RP » names the posting's role (not a
    # « qui ? »), the words asked name none of its passages: the posting still answers
    if (
        posted is not None
        and base.intent in ("topic", "unknown", "jobs")
        and not WHO_WORDS.intersection(words) - posted[1]
    ):
        in_posting = posted_passage(knowledge, index, text, words, cue_pos, posted[0].slug)
        if in_posting is not None:
            return in_posting
    if base.intent == "person":
        # « je crois que c'est Estelle qui a les Armées, je me trompe ? » checks who holds a
        # ministry: no chatter about Estelle, no passage instead (`confirm.confirmed_subject`).
        confirmed = confirmed_subject(base, index, knowledge)
        if confirmed is not base:
            return confirmed
    if base.intent not in PASSAGE_INTENTS:
        keys = [k for s in (base.subject, *base.also) for k in index.keys_of.get(s, [])]
        if base.intent == "role":  # « les coachs du pôle Coaching »: the pôle named explains too
            poles = {s.split("/", 1)[0] for s in (base.subject, *base.also)}
            keys += [k for p in poles for k in index.keys_of.get(p, [])]
        covered = coverage(index, words, keys, cue_pos)
        errand = base.intent == "portfolio" and not asks_who and not base.also
        errand = errand and base.language != "en"  # English has its own words (issue 11, i11e)
        errand = errand and not chosen
        # « pour les Sports, c'est bien Clémence ? »: one of our people named is no errand
        errand = errand and not any(w in index.name_words for w in words)
        if errand and citizen_errand(words, covered):
            return Query("unknown", "", 0.0, text=text)  # « comment déclarer mes impôts ? »
        if base.intent == "portfolio" and own_errand(words):  # « qui suit mon dossier d'APL ? »
            offered = base.suggestions or _labels(index, base)
            return Query("outside", "", 100.0, offered, text, offtopic=True)
        if doubt(index, text, words, base.intent, keys):  # « …va être supprimé l'an prochain ? »
            offered = base.suggestions or _labels(index, base)
            return Query("outside", "", 100.0, offered, text, offtopic=True)
        if chatter(knowledge, text, base.intent, (base.subject, *base.also)):
            offered = base.suggestions or _labels(index, base)  # « X était à la soirée ? »
            return Query("outside", "", 100.0, offered, text, offtopic=True)
        if elsewhere(index, text, base.intent, keys):  # « Combien mesure la tour Eiffel ? … »
            return Query("unknown", "", 0.0, base.suggestions or _labels(index, base), text)
        # « Combien de personnes dans le pôle X ? », « membres du pôle accé »: a pôle's card
        # counts and lists its members, however few words of the question its aliases explain.
        members = base.intent == "pole" and (
            asked_fact(words) == COUNT or not _MEMBER_WORDS.isdisjoint(words)
        )
        if not asks_who and covered < TRUSTED_COVERAGE and base.subject and not members:
            # Nobody is asked for (« l'animation est-elle réservée à l'incubateur ? »): a
            # passage that covers the question better answers it, naming nobody.
            found = _best_passage(knowledge, index, text, base, 2)
            mine = found is not None and (found.passage.kind, found.passage.ref) == (
                base.intent,
                base.subject,
            )
            better = found is not None and found.score >= max(WHO_PASSAGE_THRESHOLD, covered)
            # « rh communauté beta »: a passage without the word that named the subject (« rh »)
            # answers the context words, not the question.
            named = {w for k in keys for w in k.split()}.intersection(words)
            passages = passage_index(knowledge, index.fillers)
            held = found is not None and passages.holds(found.passage, named)
            if held and found is not None and base.intent == "person":
                # « Thomas Parisot, il a quel rôle ? »: a passage holding the person's name and
                # no other word of the question adds nothing to their card.
                rest = [w for w in meaningful(words, index.fillers) if w not in named]
                held = passages.holds(found.passage, rest)
            if found is not None and better and not mine and held:
                return Query(
                    "passage", found.passage.id, found.score, text=text, coverage=found.score
                )
        return _covering(base, covered)
    keys = index.keys_of.get(base.subject, []) if base.subject else []
    covered = coverage(index, words, keys, cue_pos)
    if base.intent == "unknown":
        covered = 0.0
    bare = base.intent == "unknown" and not set(cues) - {"lead"}
    if bare and len(meaningful(words, index.fillers)) < BARE_MIN_WORDS:
        return _covering(base, covered)  # « je cherche un chef de produit »
    # People offered for a name asked about (« qui est Marine ? ») stay the answer.
    if covered < TRUSTED_COVERAGE and not (base.suggestions and asks_who):
        found = _best_passage(knowledge, index, text, base, 1 if cues else 2)
        asks_who = base.intent == "unknown" and any(c in cues for c in WHO_CUES)
        asks_who = asks_who and not _defines(words)  # « le rôle d'un RP » asks what, not who
        # A subject offered for one misspelt-looking word (« porté » → « Sports ») gives way
        # only to a passage that holds most of the question (« Ma Cantine … porté par »).
        suggested = bool(base.suggestions)
        threshold = WHO_PASSAGE_THRESHOLD if asks_who or suggested else PASSAGE_THRESHOLD
        if base.subject in index.broad and not (asks_who or suggested):
            threshold = BROAD_PASSAGE_THRESHOLD  # « …les équipes de notre incubateur peuvent… »
        if found is not None and found.passage.ref == base.subject:
            # The topic's answer holds the passage; one of its later sentences or points that
            # explains more than the name of the topic (« …get a domain name? ») comes first.
            later = base.intent == "topic" == found.passage.kind
            later = later and not found.passage.id.endswith(":0")
            passages = passage_index(knowledge, index.fillers)
            if later and found.score >= PASSAGE_THRESHOLD and passages.adds(found.passage, text):
                return Query(
                    "passage", found.passage.id, base.score, text=text, coverage=found.score
                )
            return _covering(base, found.score)
        if found is not None and found.score >= threshold and found.score > covered:
            return Query("passage", found.passage.id, found.score, text=text, coverage=found.score)
    return _covering(base, covered)


_GENERIC = frozenset({"un", "une"})
_DEFINED_AFTER = frozenset({"role", "roles", "missions", "mission", "fonction", "sert", "fait"})


def _defines(words: list[str]) -> bool:
    """Whether `words` ask what a role is (« le rôle d'un RP », « à quoi sert une coach »).

    A role word followed by an indefinite article (« d'un », « une ») names a kind of job, not
    someone who holds it.
    """
    for i, word in enumerate(words[:-1]):
        if word in _DEFINED_AFTER:
            after = words[i + 1 : i + 3]
            if (after[:1] == ["d"] and after[1:] and after[1] in _GENERIC) or after[0] in _GENERIC:
                return True
    return False


def _asked_instead(
    knowledge: Knowledge, index: AliasIndex, text: str, asked: str, base: Query
) -> Query | None:
    """What a long message asks when its ministry is only context: a passage, else the asking
    sentence's own reading (« où sont annoncés les postes ? »), else None (the ministry stays).
    """
    asked_words = fold(asked).split()
    if not meaningful(asked_words, index.fillers):
        return None  # « …our portfolio manager at DINUM. Could you tell me? »: the context asks
    found = _best_passage(knowledge, index, text, base, 2)
    if found is not None and found.score >= PASSAGE_THRESHOLD:
        return Query("passage", found.passage.id, found.score, text=text, coverage=found.score)
    read = read_aliases(index, asked_words, text, knowledge)
    if read.intent in ("unknown", "portfolio") or read.score < 100:
        return None
    return read


def _head_keys(index: AliasIndex, base: Query) -> list[str]:
    """The head's words to look for before « incubateur »: the subject's own aliases, and for a
    ministry read from « le responsable de l'incubateur de Bercy » every lead word's."""
    keys = list(index.keys_of.get(base.subject, []))
    if base.intent == "portfolio":
        keys += [f"{word} incubateur" for word in lead_words(index)]
    return keys


def _covering(query: Query, covered: float) -> Query:
    """`query` with its coverage: `dataclasses.replace` without its per-call field walk.

    Every field is copied as it is (a field added to Query later comes along), then the
    coverage is set on the new, still frozen, object.
    """
    copied = object.__new__(Query)
    copied.__dict__.update(query.__dict__)
    object.__setattr__(copied, "coverage", covered)
    return copied


def _best_passage(
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


def _asked_topic(index: AliasIndex, text: str, base: Query, knowledge: Knowledge) -> Query:
    """The subject of the clause that asks, when the whole message names others.

    « …dans vos locaux, pouvez-vous me rappeler l'adresse ? » asks for the address, not for
    the topic of the context; « …des Sports et de la Jeunesse, pour la partie sport qui est
    notre RP ? » for one of the two ministries.
    """
    clause = asked_clause(text)
    if clause == text.strip():
        return base
    asked = read_aliases(index, fold(clause).split(), text, knowledge)
    if asked.score < 100:
        return base  # a word merely like an alias (« y travaillent ») does not override
    if base.intent == "topic" and asked.intent == "topic" and asked.subject not in index.broad:
        return asked
    one_of = asked.subject in (base.subject, *base.also)
    if base.also and asked.intent == base.intent and not asked.also and one_of:
        return asked
    return base


def _posting(
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
    if not knowledge.postings or not (about or "jobs" in cues or base.subject in _APPLY_AT):
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
    if mailing:
        names = []
    whole = about or not base.subject or base.subject in _APPLY_AT or mailing
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


_CUE_WORDS: dict[tuple[int, str], tuple[AliasIndex, list[str]]] = {}


def _cue_words(index: AliasIndex, intent: str) -> list[str]:
    """The words of the cues of `intent`: a posting's contract (« cdd », « temps plein »…) for
    « posting », applying (« cv », « joindre »…) for « apply »."""
    entry = _CUE_WORDS.get((id(index), intent))
    if entry is not None and entry[0] is index:
        return entry[1]
    phrases = [phrase for phrase, intents in index.cues.items() if intent in intents]
    words = list(dict.fromkeys(meaningful((w for p in phrases for w in p), index.fillers)))
    if len(_CUE_WORDS) > 8:
        _CUE_WORDS.clear()
    _CUE_WORDS[(id(index), intent)] = (index, words)
    return words


def _labels(index: AliasIndex, query: Query) -> tuple[str, ...]:
    """What an out-of-scope question was near: its subject's label, never a person's name."""
    for targets in index.aliases.values():
        for target in targets:
            if target.subject == query.subject and target.intent in ("portfolio", "pole", "topic"):
                return (target.label,)
    return ()
