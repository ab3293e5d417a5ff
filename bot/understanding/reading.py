"""Read a French question by aliases and cues alone: intent, subject, closest subjects.

Every alias, cue and filler comes from the knowledge; the only code here is the decision.
Which subject is named is `subject.py`'s rules; the people named and what is close enough to
be offered, `people.py`'s; which of several namesakes is meant, `namesakes.py`'s; the head
asked for, `lead.py`'s. The `Query` it returns is `query_model.py`'s.
`query.understand` builds on this reading (out of scope, passages, postings).
"""

from dataclasses import replace

from rapidfuzz import fuzz

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.alias_hits import Hit, alias_ngrams, exact_hit, fuzzy_hits
from bot.understanding.aliases import AliasIndex, Target, strip_fillers
from bot.understanding.asker import not_verbs
from bot.understanding.beside_cues import asks_each, inflected_role
from bot.understanding.cues import find_cues
from bot.understanding.heads import other_poles
from bot.understanding.lead import _lead, _umbrella_head
from bot.understanding.modifiers import qualifying
from bot.understanding.namesakes import (
    _BARE_WHO,
    _bearers,
    _in_pole,
    _one_person,
    _only_poles,
    first_named,
)
from bot.understanding.our_rp import asks_our_rp
from bot.understanding.people import SUGGEST_THRESHOLD, _suggestions, _trusted
from bot.understanding.query_model import Query
from bot.understanding.scope import meaningful
from bot.understanding.subject import WHO_WORDS, _only_topic, _subject_hit, broad

NOISE_WORDS = 3  # words: this many unknown words beside a contact or help cue are not understood
LIST_INTENTS = ("portfolio", "pole")  # answered with the whole list when no subject is given
FREE_INTENTS = ("jobs", "engagements", "reasons")  # need no subject, win over one
SHARED_ORDER = ("role", "person", "portfolio", "pole", "topic")  # alias shared across kinds
_JOBS_AT = frozenset({"isn", "rejoindre-isn", "incubateur"})  # topics that mean "work here"
_LISTING = frozenset({"liste", "lister", "listes", "tous", "toutes", "ensemble"})  # all asked
_POLE_WORDS = frozenset({"pole", "poles"})
WHO_CUES = ("portfolio", "person", "role")  # "qui…": a subject beats a free intent's cue


def read_aliases(
    index: AliasIndex,
    words: list[str],
    text: str,
    knowledge: Knowledge,
    known: tuple[dict[str, float], set[int], dict[str, int]] | None = None,
) -> Query:
    """The reading of the question by aliases and cues alone (`known`: its cues, if found)."""
    if known is None:
        lengths: dict[str, int] = {}
        cues, cue_pos = find_cues(index, words, lengths)
    else:
        cues, cue_pos, lengths = known
    content = strip_fillers(words, index.fillers)
    leftover = [w for i, w in enumerate(words) if i not in cue_pos and w not in index.fillers]
    free = [i for i in FREE_INTENTS if i in cues]
    if free and any(c in cues for c in WHO_CUES):
        # "Nous avons une convention à signer. Qui est le RP Logement ?": the subject asked
        # about wins over the context's words.
        subject = _subject_hit(index, content, cues, {words[i] for i in cue_pos}, words)
        if subject is not None and not _only_topic(subject):
            free = []
        elif free == ["reasons"] and (subject is None or broad(index, subject)):
            # « on a un devis bloqué côté DINUM, qui sont les référents techniques ? »: a role
            # named in another form (plural, feminine) is still the subject asked about (a
            # jobs word names the job recruited: « vous recrutez des designers ? qui contacter ? »)
            role = inflected_role(index, words, content)
            if role is not None:
                return _from_hit(index, role, cues, text)
    if free == ["reasons"] and lengths.get("reasons", 0) == 1:
        # « …on ne peut pas utiliser le marché interministériel. Pourquoi ? »: a bare « pourquoi »
        # asks why about the topic named, not why to call the incubator.
        subject = _subject_hit(index, content, cues, {words[i] for i in cue_pos}, words)
        if subject is not None and _only_topic(subject) and not broad(index, subject):
            free = []
    if free == ["jobs"]:
        # « Amel Alili, c'est quoi son poste ? »: a person named asks for their role, not
        # for the open positions; « le poste d'Adrien ? » too, for each Adrien.
        subject = _subject_hit(index, content, cues, {words[i] for i in cue_pos}, words)
        person = subject is not None and subject.score >= 100 and _only_people(subject)
        first_name = subject is None and any(w in index.name_words for w in leftover)
        if person or first_name:
            free = []
    if free:
        best = max(free, key=lambda i: cues[i])
        applying = _applying_to(index, content, best, text)
        return applying or Query(best, "", cues[best], text=text)
    hit = _subject_hit(index, content, cues, {words[i] for i in cue_pos}, words)
    asks_poles = "pole" in cues and "topic" not in cues and bool(_POLE_WORDS.intersection(words))
    if hit is not None and (broad(index, hit) or _only_poles(hit)):
        # « que fait Marine à la DINUM ? »: the umbrella says where, the first name who; « au
        # pôle Coaching »: those of the pôle (both Marines are in the pôle Animation)
        named = [Hit(w, 100.0, 1, index.name_words[w]) for w in leftover if w in index.name_words]
        bearers = _in_pole(knowledge, hit, _bearers(named, words))
        if bearers:
            return Query("person", bearers[0], 100.0, text=text, also=bearers[1:])
    head = _umbrella_head(index, hit, cues, words, text) if hit is not None else None
    if head is not None:
        return head  # « who is the head of the DINUM's digital services incubator? »
    if hit is not None and broad(index, hit) and asks_poles:
        each = asks_each(index, words, leftover)  # « …de l'incubateur, ils font quoi ? »
        return Query("pole", "", cues["pole"], text=text, each=each)  # « les pôles de l'ISN »
    # « combien de responsables de portefeuille y a-t-il à l'incubateur ? »: the list asked
    # for; « l'incubateur » says what everything is about, it is no subject of its own.
    listed = hit is None and leftover and any(i in cues for i in LIST_INTENTS)
    if listed and not _LISTING.isdisjoint(words):
        # « …pourriez-vous m'indiquer la liste complète des responsables de portefeuille ? »:
        # the whole list asked for in so many words, whatever else the message says.
        return _without_subject({i: cues[i] for i in LIST_INTENTS if i in cues}, [], text, lengths)
    if listed and not meaningful(leftover, index.fillers | index.umbrella_words):
        return _without_subject(cues, [], text, lengths)
    if listed and asks_each(index, words, leftover):
        return replace(_without_subject(cues, [], text, lengths), each=True)
    if hit is None and leftover:
        fuzzy = fuzzy_hits(index, not_verbs(words, leftover), SUGGEST_THRESHOLD)
        # « qui sont les mentors techniques ? »: not « technique » alone, an adjective there
        hit = next((h for h in fuzzy if _trusted(h) and not _qualifies(index, words, h)), None)
        unnamed = hit is None or broad(index, hit)
        unknown = meaningful(leftover, index.fillers | index.umbrella_words)
        if unnamed and "portfolio" in cues and asks_our_rp(index, words, text, WHO_WORDS, unknown):
            # « Je travaille à la MSA. Qui serait notre RP à l'incubateur ? »: a body no alias
            # names; every RP with their ministries, never the job posting or the ISN's card.
            return Query("portfolio", "", cues["portfolio"], text=text)
        # A contact or help cue among words we do not know is still that question ("comment
        # vous joindre svp"), unless those words are most of it ("**gras** `code` ~canal").
        noise = len(leftover) >= NOISE_WORDS
        if hit is None and not noise and ("contact" in cues or "help" in cues):
            asked: dict[str, float] = {i: cues[i] for i in ("contact", "help") if i in cues}
            return _without_subject(asked, [], text, lengths)
        if hit is None:
            named = [
                Hit(w, 100.0, 1, index.name_words[w]) for w in leftover if w in index.name_words
            ]
            bearers = _bearers(named, words)
            if bearers:  # « Adrien fait quoi dans l'équipe ? »: each Adrien and what they do
                return Query("person", bearers[0], 100.0, text=text, also=bearers[1:])
            # A shared first name ("Marine", "Adrien") offers exactly the people who bear it.
            suggestions = _suggestions(named or fuzzy, "person" in cues)
            score = fuzzy[0].score if fuzzy else 0.0
            return Query("unknown", "", score, suggestions, text)
    if hit is not None:
        read = _one_person(index, hit, content, text) or _from_hit(index, hit, cues, text)
        read = first_named(index, read, leftover)
        read = _lead(index, knowledge, read, cues, words)
        if read.intent == "pole" and read.subject and not read.also:
            # « les membres des pôles Accélération et Coaching »: each pôle named
            poles = other_poles(index, words, "")
            if read.subject in poles and len(poles) > 1:
                read = replace(read, subject=poles[0], also=poles[1:])
        return _with_other_ministries(index, content, read)
    return _without_subject(cues, leftover, text, lengths)


def _qualifies(index: AliasIndex, words: list[str], hit: Hit) -> bool:
    """Whether the one-word fuzzy `hit` was read from a word that only qualifies an unknown
    noun asked for (`modifiers.qualifying`: « les mentors techniques »)."""
    if hit.words != 1:
        return False
    return any(fuzz.ratio(words[at], hit.key) >= hit.score for at in qualifying(index, words))


def _with_other_ministries(index: AliasIndex, words: list[str], query: Query) -> Query:
    """A portfolio query lists every ministry the question names, in the question's order."""
    if query.intent != "portfolio" or not query.subject:
        return query
    found: list[tuple[int, str]] = []
    used: set[int] = set()
    for start, end in alias_ngrams(index, words):
        targets = index.aliases.get(" ".join(words[start:end]), [])
        ministries = [t.subject for t in targets if t.intent == "portfolio"]
        if len(ministries) == 1 and not used.intersection(range(start, end)):
            used.update(range(start, end))
            found.append((start, ministries[0]))
    named = list(dict.fromkeys(subject for _, subject in sorted(found)))
    meant = (query.subject, *query.also)
    settled = [s for s in named if s in meant] if query.also else []
    if settled:
        # an ambiguous alias that another alias settles: « rp éco et finances » is Bercy's
        named = settled + [s for s in named if s not in meant]
        return replace(query, subject=named[0], also=tuple(named[1:]))
    if query.subject not in named or len(named) < 2:
        return query
    named.remove(query.subject)
    return replace(query, also=tuple(named))


def _only_people(hit: Hit) -> bool:
    """Whether every target of `hit` is a person (a name, not a role or a topic)."""
    return all(t.intent == "person" for t in hit.targets)


def _applying_to(index: AliasIndex, content: list[str], intent: str, text: str) -> Query | None:
    """A jobs question about a programme ("candidater aux EIG") is about that topic.

    The ISN itself stays a jobs question ("postes ouverts à l'ISN"), unless another topic is
    named beside it (« le réseau beta.gouv peut-il relayer nos campagnes de recrutement ? »).
    """
    if intent != "jobs":
        return None
    for _ in range(3):
        hit = exact_hit(index, content, frozenset({"topic"}))
        if hit is None:
            return None
        if hit.targets[0].subject not in _JOBS_AT:
            return Query("topic", hit.targets[0].subject, hit.score, text=text)
        taken = set(hit.key.split())
        content = [w for w in content if w not in taken]
    return None


def _pick(targets: list[Target], cues: dict[str, float]) -> Target | None:
    """One target for an alias shared by subjects of different kinds, None if truly ambiguous.

    A cue for one kind decides ("c'est quoi l'EIG" → topic), else the first by SHARED_ORDER.
    """
    if len(targets) == 1:
        return targets[0]
    if len({t.intent for t in targets}) < len(targets):
        return None  # two subjects of the same kind: two people named Adrien
    cued = [t for t in targets if t.intent in cues]
    if len(cued) == 1:
        return cued[0]
    return min(targets, key=lambda t: SHARED_ORDER.index(t.intent))


def _from_hit(index: AliasIndex, hit: Hit, cues: dict[str, float], text: str) -> Query:
    kinds = {t.intent for t in hit.targets}
    if len(hit.targets) > 1 and len(kinds) == 1 and kinds <= {"portfolio", "role"}:
        # An alias declared ambiguous (« CNAM »), or a role several people hold (« coach »):
        # every one of them is the answer.
        first, *others = (t.subject for t in hit.targets)
        return Query(hit.targets[0].intent, first, hit.score, text=text, also=tuple(others))
    target = _pick(hit.targets, cues)
    if target is None:
        return Query("unknown", "", hit.score, _suggestions([hit]), text)
    if "contact" in cues and target.intent == "topic":
        return Query("contact", "", cues["contact"], text=text)
    return Query(target.intent, target.subject, hit.score, text=text)


def _without_subject(
    cues: dict[str, float], leftover: list[str], text: str, lengths: dict[str, int]
) -> Query:
    if not leftover:
        # The longest cue decides ("qui est dans l'équipe" is about pôles, not "qui" alone).
        order = ("contact", *LIST_INTENTS, "help")
        cued = [i for i in order if i in cues]
        if cued:
            intent = max(cued, key=lambda i: lengths.get(i, 0))
            if set(fold(text).split()) <= _BARE_WHO:
                return Query("unknown", "", 0.0, text=text)  # « qui ? » alone asks nothing
            return Query(intent, "", cues[intent], text=text)
        if not cues:
            return Query("help", "", 100.0, text=text)
    elif "contact" in cues and all(i in ("contact", "help") for i in cues):
        return Query("contact", "", cues["contact"], text=text)
    return Query("unknown", "", 0.0, text=text)
