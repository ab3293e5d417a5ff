"""Whose people a role question asks about: the incubator's, or another team's or body's.

« le coach de Ma Cantine c'est qui ? », « qui est le CTO de la DGFiP ? », « la PO de mon
équipe », « le boss de la DGFiP », « qui fait la com à la préfecture ? »: a role of ours (an
alias of a role) followed by a complement that names another team or body asks for someone
betabot does not know. Naming our coaches or our CTO there would be a confident wrong answer:
the question is out of scope (`someone_elses`), and the answer says whose people it does not
know, offering our pôle as a subject, never a person.

The complement is what follows the role's words, after a linking word:

- « de », « du », « des », « d' », « of » (whose): it counts only after a person noun (« le
  coach de… », « la référente accessibilité du ministère… »). A role named by its topic
  (« l'accessibilité de notre site », « la sécurité de notre produit ») asks for our help on
  the asker's work, which is ours to give;
- « chez », « à », « au », « aux », « dans », « at », « in » (where): always (« qui s'occupe de
  l'accessibilité chez Doctolib ? », « qui fait la com à la préfecture ? »), except the
  asker's own work after a topic (« une faille de sécurité dans notre API »);
- one word may come in between (« le coach actuel de… », « la référente accessibilité
  interne du ministère… »), unless it is a word of ours (« le chef du département Incubateur
  de services numériques »); a relative clause of work says where the person works (« l'EIG
  qui travaille sur notre projet », « le dev qui bosse chez X »); a head verb takes its object
  directly (« qui dirige France Travail ? »).

The asker's own role is no question (« je suis coach de la startup X, qui… », « je pilote un
produit à la DRAAF… »). For a ministry's reading (« le responsable de la Santé » asks for its
RP), only a head (« qui dirige », « le directeur de », « à la tête de ») of one of its bodies
that is not the ministry itself counts (« France Travail », « l'ANTS », « la CNAF »).

It names another team or body when, after articles, it starts with a possessive other than
« votre » (« de notre produit », « de mon incubateur »: the asker's own), with a word of
« others » in intentions.yaml (« la startup », « la préfecture », « l'équipe X »…), with the
alias of a ministry or body of portefeuilles.yaml (« de la DGFiP », « de l'ANCT »), or with a
capitalised name the knowledge never uses (« chez Doctolib », « de DossierFacile »). It is
ours when it names the incubator, the DINUM, beta.gouv, the community, a pôle or one of our
people (« le patron de beta.gouv », « le CTO des produits incubés à l'ISN »), or when nothing
follows the role (« qui est le coach à contacter à l'incubateur ? »).
"""

import re
from typing import NamedTuple

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import MAX_NGRAM, AliasIndex, alias_index
from bot.understanding.asker import asked_sentence
from bot.understanding.scope import self_described

_WHOSE = frozenset({"de", "du", "des", "d", "of"})
_WHERE = frozenset({"chez", "a", "au", "aux", "dans", "at", "in"})
# « l'EIG qui travaille sur notre projet »: a relative clause of work, then where (`_between`)
_WORKS = frozenset(
    {"travaille", "travaillent", "bosse", "bossent", "intervient", "code", "codent", "est"}
    | {"developpe", "developpent", "bossait", "travaillait"}
)
_ON = frozenset({"sur", "chez", "a", "au", "aux", "dans", "pour"})
_LINKS = _WHOSE | _WHERE | _ON
# Words that end a role's phrase: an adjective never is one of them (`_between`)
_STOPS = frozenset({"pour", "sur", "qui", "que", "c", "est", "et", "ou", "avec", "ce", "il"})
_QUESTION = frozenset({"svp", "merci", "stp", "please", "exactement", "actuellement"})
_ARTICLES = frozenset({"le", "la", "l", "les", "the", "un", "une", "de", "d", "du", "des"})
# « votre équipe », « vos coachs »: the incubator's, in the asker's words
_POSSESSIVES = frozenset(
    {"mon", "ma", "mes", "notre", "nos", "leur", "leurs", "son", "sa", "ses", "my", "our"}
    | {"their", "his", "her", "its", "ton", "ta", "tes"}
)
# Words naming the incubator or its people wherever they come (umbrella names are added)
_OURS = frozenset({"communaute", "reseau", "vous", "pole", "poles", "incubes", "incube", "ici"})
# Person nouns that are no title of ours but ask for a person (« la PO », « le dev »)
_PERSON_NOUNS = frozenset(
    {"dev", "developpeur", "developpeuse", "po", "designer", "manager", "cto", "lead", "rh"}
    | {"coachs", "intrapreneur", "intrapreneuse", "charge", "adjoint", "cheffe", "boss"}
)
# Who directs a body (not « responsable »: « le responsable de la Santé » is its RP)
_HEADS = frozenset(
    {"dirige", "dirigent", "pilote", "tete", "patron", "patronne", "boss", "directeur"}
    | {"directrice", "president", "presidente", "chef", "cheffe", "head", "dg", "pdg"}
)
_HEAD_VERBS = frozenset({"dirige", "dirigent", "pilote", "pilotent", "preside", "chapeaute"})
_TEAM = frozenset({"equipe", "equipes", "team"})  # « l'équipe » alone is ours; « l'équipe X » not
_MINISTRY_WORDS = frozenset({"ministere", "ministeres", "ministry", "portefeuille"})
_REACH = 4  # words of the complement looked at


def someone_elses(
    knowledge: Knowledge, text: str, words: list[str], intent: str, keys: list[str]
) -> bool:
    """Whether a reading of `intent` (role, pôle or ministry) asks for another team's people.

    Each person noun of `words` (« coach », « responsable », « dev »…) and each occurrence of
    the reading's alias `keys` is looked at, except where the asker describes themselves
    (« je suis coach de la startup X, qui… »). `text` is the question as typed (for
    capitalised names). For a ministry's reading (`intent` « portfolio »), the ministry named
    after a noun is its RP's (« le responsable de la Santé »): only a head (« qui dirige
    France Travail ? ») of a body that is not the ministry itself counts (`_Words.bodies`).
    """
    if (
        _LINKS.isdisjoint(words)
        and _HEAD_VERBS.isdisjoint(words)
        and _POSSESSIVES.isdisjoint(words)
    ):
        return False  # nothing follows a role, nor is one anyone's (most questions)
    index = alias_index(knowledge)
    vocabulary = _vocabulary(knowledge)
    spans = _spans(index, vocabulary, words, keys)
    asked = _asked_from(text, words)
    for first, end, staffed in spans:
        if first < asked or _the_askers(words, first):
            continue  # the context (« Notre coach est en congé. Qui… ? »), the asker's own role
        if intent != "pole" and staffed and _their_own(words, first, vocabulary):
            return True  # « Nous sommes une équipe de l'ANCT. Qui est notre designer ? »
        if end >= len(words):
            continue
        step = 0
        if words[end] not in _WHOSE and words[end] not in _WHERE and end + 1 < len(words):
            step = _between(index, vocabulary, words, end)  # « …accessibilité interne du… »
        end += step
        link = words[end] if end < len(words) else ""
        if not step and words[first] in _HEAD_VERBS and link not in _LINKS:
            link, end = "de", end - 1  # « qui dirige France Travail ? »: its object follows
        if step and link in _ON and words[end - 1] in _WORKS:  # « l'EIG qui travaille sur…
            link, staffed = "chez", True  # and where they work
        if link in _WHOSE and not staffed:
            continue  # « l'accessibilité de notre site »: our help on their work
        if link not in _WHOSE and link not in _WHERE:
            continue  # « le coach à contacter… », « le CTO, c'est qui ? »
        after = words[end + 1 :]
        if intent == "portfolio":
            if words[first] in vocabulary.heads and _body(index, vocabulary, after):
                return True  # « qui dirige France Travail ? », « le directeur de l'ANTS »
            if _other(index, text, after, vocabulary, bodies=False):
                return True
        elif _other(index, text, after, vocabulary, bodies=True, theirs=staffed):
            return True
    return False


def _spans(
    index: AliasIndex, vocabulary: "_Words", words: list[str], keys: list[str]
) -> list[tuple[int, int, bool]]:
    """(first, end, staffed) of every role word in `words`: the longest occurrences of `keys`,
    and every person noun outside them. `staffed`: a person noun is among or right before
    the words (« le coach », « la référente accessibilité »), not only a topic."""
    nouns = vocabulary.nouns
    spans: list[tuple[int, int, bool]] = []
    if keys:
        positions = [i for i, w in enumerate(words) if w not in index.fillers]
        bare = [words[i] for i in positions]
        firsts = set(bare)
        for key in keys:
            parts = key.split()
            n = len(parts)
            if parts[0] not in firsts:
                continue
            for start in range(len(bare) - n + 1):
                if bare[start : start + n] == parts:
                    first, end = positions[start], positions[start + n - 1] + 1
                    if not _POSSESSIVES.isdisjoint(words[first:end]):
                        continue  # « coach de notre produit » is no « coach produit »
                    before = words[max(0, first - 2) : first]
                    staffed = not nouns.isdisjoint(parts) or not nouns.isdisjoint(before)
                    spans.append((first, end, staffed))
    # a key inside a longer one (« dirige l'incubateur » in « …l'incubateur de services
    # numériques ») is no role of its own
    spans = [
        (a, b, staffed)
        for a, b, staffed in spans
        if not any(c <= a and b <= d and (c, d) != (a, b) for c, d, _ in spans)
    ]
    inside = {i for first, end, _ in spans for i in range(first, end)}
    spans += [(i, i + 1, True) for i, w in enumerate(words) if w in nouns and i not in inside]
    # « qui code sur le produit X ? », « qui bosse chez X ? »: whoever works there
    spans += [
        (i, i + 1, True)
        for i, w in enumerate(words[:-2])
        if w == "qui" and words[i + 1] in _WORKS and words[i + 2] in _ON
    ]
    return spans


def _asked_from(text: str, words: list[str]) -> int:
    """Where, in folded `words` (`text`), the sentence that asks begins (0: the whole text)."""
    asked = fold(asked_sentence(text)).split()
    start = len(words) - len(asked)
    return start if start > 0 and words[start:] == asked else 0


def _between(index: AliasIndex, vocabulary: "_Words", words: list[str], end: int) -> int:
    """How many words to step over after a role before its link: an adjective (« le coach
    actuel de… »: 1), a relative clause saying where the person works (« l'EIG qui travaille
    sur notre projet », « le dev qui bosse chez X »: 2, its link « sur » read as « chez »), or 0.
    """
    word = words[end]
    if word == "qui" and end + 2 < len(words) and words[end + 1] in _WORKS:
        return 2 if words[end + 2] in _ON else 0
    if word in _WORKS and words[end - 1] == "qui" and words[end + 1] in _ON:
        return 1  # « qui code sur le produit X »: the span is « qui », its verb then where
    if word in _STOPS or word in _QUESTION or end + 1 >= len(words):
        return 0
    if word in index.alias_first or word in vocabulary.ours or word in index.fillers:
        return 0  # « le chef du département Incubateur de… »: a word of ours goes on
    return 1 if words[end + 1] in _WHOSE or words[end + 1] in _WHERE else 0


_I = frozenset({"je", "j", "nous", "on", "i", "we"})
_IS_WHO = frozenset(
    {("qui", "est"), ("est", "qui"), ("quel", "est"), ("qui", "sont"), ("c", "qui")}
)
_C_EST_QUI = frozenset({("c", "est", "qui"), ("est", "qui"), ("qui", "c", "est")})
# Whom the incubator names for a team: « notre RP », « notre référente » are ours to answer
_OURS_FOR_THEM = frozenset(
    {"responsable", "referent", "referente", "interlocuteur", "interlocutrice", "contact"}
    | {"correspondant", "correspondante", "rp"}
)


def _their_own(words: list[str], first: int, vocabulary: "_Words") -> bool:
    """Whether a person noun right after a possessive (« notre designer », « leur dev ») names
    the asker's or another team's own staff, not someone the incubator names for them."""
    if not first or words[first - 1] not in _POSSESSIVES - {"votre", "vos"}:
        return False
    if words[first] not in vocabulary.nouns or words[first] in _OURS_FOR_THEM:
        return False
    # asked for (« qui est notre designer ? », « notre PO c'est qui ? »), not context (« notre
    # coach est parti, à qui parler ? », « pour mon DG, qui est le RP… »)
    before = tuple(words[max(0, first - 3) : first - 1])
    return before[-2:] in _IS_WHO or tuple(words[first + 1 : first + 4]) in _C_EST_QUI


_I_AM = (("i", "m"), ("i", "am"), ("we", "are"))  # English left as it is by `english.in_french`


def _the_askers(words: list[str], start: int) -> bool:
    """Whether the role at `start` describes the asker (« je suis coach de la startup X »)."""
    if self_described(words, start, titles=True) or (start and words[start - 1] in _I):
        return True  # « je suis développeur dans… », « je pilote un produit à la DRAAF »
    before = words[max(0, start - 4) : start]
    return any(tuple(before[i : i + 2]) in _I_AM for i in range(len(before) - 1))


def _other(
    index: AliasIndex,
    text: str,
    after: list[str],
    vocabulary: "_Words",
    bodies: bool,
    theirs: bool = True,
) -> bool:
    """Whether the complement `after` (folded words) names a team or body other than ours.

    Without `bodies` (a ministry's reading), a ministry or body of ours does not count.
    Without `theirs` (a role named by its topic), the asker's own work does not either (« une
    faille de sécurité dans notre API »: our help on their work).
    """
    complement = _complement(after)
    if not complement:
        return False
    head = complement[0]
    if head in _POSSESSIVES and not theirs:
        return False
    if head in _POSSESSIVES and bodies and complement[1:2] != ["communaute"]:
        return True  # « de notre produit », « de mon incubateur » (the asker's, not ours)
    later = set(complement[1:]) - {"vous"}  # « …du Travail, vous la connaissez ? »: a new clause
    if head in vocabulary.ours or not vocabulary.ours.isdisjoint(later):
        return False  # « …de l'incubateur », « …du pôle Coaching », « chez vous »
    if any(_named(index, complement[i:], "pole") for i in range(len(complement))):
        return False  # « who runs product coaching? »: a pôle of ours
    if head in _POSSESSIVES:
        complement = complement[1:]  # « le responsable de mon ministère » asks for our RP
        if not complement:
            return False
        head = complement[0]
    if not bodies and head in _MINISTRY_WORDS:
        return False
    if head in _TEAM:  # « de l'équipe RDV-Solidarités »; « de l'équipe (d'animation) » is ours
        return len(complement) > 1 and not _named(index, complement[1:], "pole")
    if head in vocabulary.others or (bodies and _named(index, complement, "portfolio")):
        return True  # « de la startup… », « de la DGFiP », « chez France Travail »
    return _named_elsewhere(index, text, head)


def _complement(after: list[str]) -> list[str]:
    """The first words after a role's link, its articles skipped."""
    at = 0
    while at < len(after) and after[at] in _ARTICLES:
        at += 1
    return after[at : at + _REACH]


def _body(index: AliasIndex, vocabulary: "_Words", after: list[str]) -> bool:
    """Whether `after` names a body of a ministry of ours that is not the ministry itself
    (« France Travail », « l'ANTS », not « la Santé » nor « le ministère de la Santé »)."""
    complement = [w for w in _complement(after) if w not in index.fillers]
    for end in range(min(len(complement), MAX_NGRAM), 0, -1):
        key = " ".join(complement[:end])
        if any(t.intent == "portfolio" for t in index.aliases.get(key, [])):
            return key not in vocabulary.ministries
    return False


def _named(index: AliasIndex, words: list[str], intent: str) -> bool:
    """Whether `words` start with the alias of a subject of `intent` (« portfolio »: a ministry
    or body of portefeuilles.yaml; « pole »: a pôle)."""
    bare = [w for w in words if w not in index.fillers]
    if not bare or bare[0] not in index.alias_first:
        return False
    return any(
        t.intent == intent
        for end in range(1, min(len(bare), MAX_NGRAM) + 1)
        for t in index.aliases.get(" ".join(bare[:end]), [])
    )


def _named_elsewhere(index: AliasIndex, text: str, word: str) -> bool:
    """Whether `word` is a capitalised name in `text` that no alias or name of ours uses."""
    if word in index.alias_first or word in index.name_words or word in index.fillers:
        return False
    for token in re.findall(r"[^\W\d_][\w-]*", text):
        if token[0].isupper() and fold(token).split()[:1] == [word]:
            return True  # « chez Doctolib », « de DossierFacile »
    return False


class _Words(NamedTuple):
    """The words `someone_elses` looks for, once per knowledge (`_vocabulary`)."""

    nouns: frozenset[str]  # person nouns: titles' first words, head words, `_PERSON_NOUNS`
    heads: frozenset[str]  # head words: who directs a body (« dirige », « directeur »…)
    ours: frozenset[str]  # the incubator, the community, our people's names
    others: frozenset[str]  # « others » of intentions.yaml (« startup », « préfecture »…)
    ministries: frozenset[str]  # alias keys that name a ministry itself (« sante »)


@once_per_knowledge
def _vocabulary(knowledge: Knowledge) -> _Words:
    """Person nouns, head words, words of ours and of « others », ministries' own names.

    Person nouns: the first word of our people's titles (« coach », « chargée », « référent »),
    the one-word head cues (« patron », « responsable », « dirige ») and `_PERSON_NOUNS`.
    A ministry's own name is its name in portefeuilles.yaml or an alias starting with
    « ministère »; its other aliases name bodies (« CAF », « France Travail »).
    """
    index = alias_index(knowledge)
    nouns = set(_PERSON_NOUNS)
    for pole in knowledge.poles:
        for role in pole.members:
            nouns.update([w for w in fold(role.title).split() if w not in index.fillers][:1])
    nouns.update(p[0] for p, intents in index.cues.items() if "lead" in intents and len(p) == 1)
    nouns.update(_HEADS)
    ours = set(_OURS) | index.umbrella_words
    ours.update(w for _, words in index.names.values() for w in words)
    others = {w for phrase in knowledge.cues.get("others", ()) for w in fold(phrase).split()}
    ministries = set()
    for portfolio in knowledge.portfolios:
        for ministry in portfolio.ministries:
            for name in (ministry.name, *ministry.aliases):
                key = " ".join(w for w in fold(name).split() if w not in index.fillers)
                if name == ministry.name or key.startswith("ministere"):
                    ministries.add(key)
    return _Words(
        frozenset(nouns), _HEADS, frozenset(ours), frozenset(others), frozenset(ministries)
    )
