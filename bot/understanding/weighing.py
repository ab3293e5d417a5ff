"""Weigh the alias reading against scope, postings and passages: the Query a question gets.

`reading.read_aliases` gives a first reading from aliases and cues; `_read` then decides
whether the question is out of scope, whether a passage or a job posting answers it better,
and how much of the question the answer explains (`Query.coverage`). `query.understand`
calls it once per reading (French, English, completed words).
"""

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import AliasIndex, alias_index, strip_fillers
from bot.understanding.asker import asked_clause, asked_sentence, asks_personal, not_verbs
from bot.understanding.chatter import chatter, judging
from bot.understanding.choose import asked_topic, best_passage, claimed_elsewhere, stated_whole
from bot.understanding.confidence import doubt, elsewhere
from bot.understanding.confirm import confirmed_subject
from bot.understanding.context import (
    WHERE_TOPIC,
    _asked_instead,
    asked_subject,
    but_the_head,
    context_ministries,
    context_ministry,
    only_the_askers,
    person_referred,
    scope_words,
    written_where,
)
from bot.understanding.cues import find_cues
from bot.understanding.errands import citizen_errand, own_errand
from bot.understanding.facts import COUNT, _defines, asked_fact, asks_whether
from bot.understanding.jobs_question import APPLY_AT, posting_asked
from bot.understanding.passages import Found, passage_index
from bot.understanding.posted import named_posting, posted_passage
from bot.understanding.query_model import Query, _covering
from bot.understanding.reading import WHO_CUES, read_aliases
from bot.understanding.referred import referred_subject, unreferred_lead
from bot.understanding.scope import another_incubator, coverage, meaningful, outside_phrase
from bot.understanding.several import joined_subjects
from bot.understanding.subject import WHO_WORDS
from bot.understanding.subject_keys import _head_keys, _labels, _role_keys
from bot.understanding.thresholds import (
    BARE_MIN_WORDS,
    BROAD_PASSAGE_THRESHOLD,
    PASSAGE_INTENTS,
    PASSAGE_THRESHOLD,
    TRUSTED_COVERAGE,
    WHO_PASSAGE_THRESHOLD,
)
from bot.understanding.whose import someone_elses

_WHY = frozenset({"pourquoi", "pk", "pq"})  # the reasons cues that ask why


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
    referred = False
    if several:
        base = asked_subject(index, text, asked, words, base, knowledge)
        # « …je cherche les coachs. Qui en est le responsable ? »: the subject referred back to
        before = base
        base = referred_subject(index, knowledge, words, asked, base)
        referred = base is not before
        base = context_ministries(index, asked, base)
        # « Dans mon ancien poste… Quelle est la position de l'incubateur sur le reporting ? »:
        # a jobs word of the context only is no jobs question.
        jobs_of_context = base.intent == "jobs" and only_the_askers(index, words, "jobs")
        if context_ministry(asked, base, WHO_WORDS) or jobs_of_context:
            answered = _asked_instead(knowledge, index, text, asked, base)
            if answered is not None:
                return answered
        # « X… Il fait quoi ? » (« X… Qui est son responsable ? » was referred back above)
        person = None if referred else person_referred(index, asked, words, base)
        if person is not None:
            if outside_phrase(index, fold(asked).split()):
                return Query("outside", "", 100.0, text=text)
            return person
    asked_text = asked_clause(text)
    if not several and asked_text != asked:
        # « je cherche les coachs, qui en est le responsable ? »
        before = base
        base = referred_subject(index, knowledge, words, asked_text, base)
        referred = base is not before
    if not referred and base.intent != "outside" and unreferred_lead(index, asked):
        # « Qui est son chef ? », nothing named it refers to: no list of people
        return Query("unknown", "", 0.0, _labels(index, base), text)
    # « Qui sont le CTO de la communauté et le tech lead de l'incubateur ? »: each part's
    base = joined_subjects(index, knowledge, text, words, base)
    # A one-word reasons cue that is a why (« pourquoi », « pk »), not a reason's own word
    # (« quels types de conventions peut-on signer ? » asks about conventions, not why).
    bare_why = lengths.get("reasons", 0) == 1 and "contact" not in cues
    bare_why = bare_why and not _WHY.isdisjoint(words)
    if base.intent == "reasons" and not base.subject and bare_why:
        # « Pourquoi l'incubateur limite-t-il le reporting ? »: a bare « pourquoi » asks why
        # about what a passage says, not why to call the incubator (the reasons' own list).
        found = best_passage(knowledge, index, text, base, 2)
        if (
            found is not None
            and found.score >= PASSAGE_THRESHOLD
            and found.passage.kind != "reason"
        ):
            return Query("passage", found.passage.id, found.score, text=text, coverage=found.score)
    if base.intent == "role" and base.also:
        base = but_the_head(index, words, base, knowledge)
    clause = fold(asked_text).split()
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
        base = asked_topic(index, text, base, knowledge)
    headed = base.intent in ("role", "person", "portfolio") and "incubateur" in words
    if headed and another_incubator(
        index, strip_fillers(words, index.fillers), _head_keys(index, base)
    ):
        # « qui dirige l'incubateur de Bercy ? », « le responsable de l'incubateur de Bercy ? »
        return Query("outside", "", 100.0, text=text)
    if base.intent in ("role", "portfolio", "pole") and someone_elses(
        knowledge, text, words, base.intent, _role_keys(index, base)
    ):
        # « le coach de Ma Cantine ? », « le CTO de la DGFiP ? », « le responsable de la CAF »
        return Query("outside", "", 100.0, _labels(index, base), text, others=True)
    if base.intent == "person" and asks_personal(words):
        return Query("outside", "", 100.0, text=text)  # « le mail de Maël Inizan ? »
    if base.intent != "help" and outside_phrase(
        index, scope_words(index, text, asked, words, base) if several else words
    ):
        stated = stated_whole(knowledge, index, text, words)  # « …rattaché au Premier ministre ? »
        if stated is not None:
            return Query("passage", stated.passage.id, 100.0, text=text, coverage=stated.score)
        offered = base.suggestions or _labels(index, base)
        return Query("outside", "", 100.0, offered, text)
    asks_who = bool(WHO_WORDS.intersection(words))
    posting = posting_asked(index, words, cues, cue_pos, base, knowledge)
    listed = base.intent in ("portfolio", "pole") and not base.subject  # « durée contrat RP »
    if posting is not None and (
        base.intent in (*PASSAGE_INTENTS, "jobs") or not asks_who or listed
    ):
        return posting
    jobs_words = bool({"jobs", "apply", "posting"}.intersection(cues)) or base.subject in APPLY_AT
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
        if chatter(knowledge, text, base.intent, (base.subject, *base.also)) or judging(
            knowledge, text, base.intent, words
        ):
            offered = base.suggestions or _labels(index, base)  # « X était à la soirée ? »
            return Query("outside", "", 100.0, offered, text, offtopic=True)
        if elsewhere(index, text, base.intent, keys):  # « Combien mesure la tour Eiffel ? … »
            return Query("unknown", "", 0.0, base.suggestions or _labels(index, base), text)
        # « Combien de personnes dans le pôle X ? »: a pôle's card counts its members, however
        # few words of the question its aliases explain (« membres » is a pôle cue, data).
        members = base.intent == "pole" and asked_fact(words) == COUNT
        if not asks_who and covered < TRUSTED_COVERAGE and base.subject and not members:
            # Nobody is asked for (« l'animation est-elle réservée à l'incubateur ? »): a
            # passage that covers the question better answers it, naming nobody.
            found = best_passage(knowledge, index, text, base, 2)
            mine = found is not None and (found.passage.kind, found.passage.ref) == (
                base.intent,
                base.subject,
            )
            # « est-ce que je peux contribuer à l'animation ? » asks whether, not who: the
            # passage saying so needs the coverage any passage needs, not a « qui »'s
            floor = PASSAGE_THRESHOLD if asks_whether(text) else WHO_PASSAGE_THRESHOLD
            better = found is not None and found.score >= max(floor, covered)
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
    if base.intent == "topic" and covered >= TRUSTED_COVERAGE and asks_whether(text):
        claim = claimed_elsewhere(knowledge, index, text, base)  # « l'ISN est-il à la tête… ? »
        if claim is not None:
            return Query("passage", claim.passage.id, base.score, text=text, coverage=claim.score)
    # People offered for a name asked about (« qui est Marine ? ») stay the answer.
    if covered < TRUSTED_COVERAGE and not (base.suggestions and asks_who):
        found = best_passage(knowledge, index, text, base, 1 if cues else 2)
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
            if base.intent == "contact" and not _beyond_contact(knowledge, index, words, found):
                return _covering(base, covered)  # « je ne sais pas à qui m'adresser »
            return Query("passage", found.passage.id, found.score, text=text, coverage=found.score)
    return _covering(base, covered)


def _beyond_contact(
    knowledge: Knowledge, index: AliasIndex, words: list[str], found: Found
) -> bool:
    """Whether the passage `found` for a contact question holds a word besides the contact's:
    « qui contacter pour le programme gamma » (a passage on it), not « je ne sais pas à qui
    m'adresser » (whose « s'adresser », a verb, is no passage's « adresse »: `not_verbs`)."""
    cue_pos = find_cues(index, words)[1]
    rest = [w for at, w in enumerate(words) if at not in cue_pos]
    rest = meaningful(not_verbs(words, rest), index.fillers)
    return passage_index(knowledge, index.fillers).holds(found.passage, rest)
