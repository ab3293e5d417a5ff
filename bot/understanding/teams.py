"""What follows a role in a question: the incubator, or another team or body (`whose`).

The words `whose.someone_elses` reads, once per knowledge (`team_words`): person nouns (our
people's titles' first words, head words), words naming the incubator, the « others » words of
intentions.yaml, the ministries' own names; and the reading of a complement (`other_team`,
`body_named`): a possessive, a word of « others », a ministry or body of ours, a capitalised
name the knowledge never uses name another team; the incubator, the community, a pôle, our
people name ours. A possessive's referent (`their_own`, `named_before`): « notre designer »
is the asker's team's, « leur designer » that of the team the context names.
"""

import re
from typing import NamedTuple

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.alias_hits import alias_ngrams
from bot.understanding.aliases import MAX_NGRAM, AliasIndex, alias_index

_ARTICLES = frozenset({"le", "la", "l", "les", "the", "un", "une", "de", "d", "du", "des"})
# « votre équipe », « vos coachs »: the incubator's, in the asker's words
POSSESSIVES = frozenset(
    {"mon", "ma", "mes", "notre", "nos", "leur", "leurs", "son", "sa", "ses", "my", "our"}
    | {"their", "his", "her", "its", "ton", "ta", "tes"}
)
# Words naming the incubator or its people wherever they come (umbrella names are added)
# (not « pôle »: « Pôle emploi »; the pôles of ours are read by their names)
_OURS = frozenset({"communaute", "reseau", "vous", "incubes", "incube", "ici"})
# Person nouns that are no title of ours but ask for a person (« la PO », « le dev »)
_PERSON_NOUNS = frozenset(
    {"dev", "developpeur", "developpeuse", "po", "designer", "manager", "cto", "lead", "rh"}
    | {"coachs", "intrapreneur", "intrapreneuse", "charge", "adjoint", "cheffe", "boss"}
)
# Who directs a body (not « responsable »: « le responsable de la Santé » is its RP)
HEADS = frozenset(
    {"dirige", "dirigent", "pilote", "tete", "patron", "patronne", "boss", "directeur"}
    | {"directrice", "president", "presidente", "chef", "cheffe", "head", "dg", "pdg"}
)
_TEAM = frozenset({"equipe", "equipes", "team"})  # « l'équipe » alone is ours; « l'équipe X » not
_MINISTRY_WORDS = frozenset({"ministere", "ministeres", "ministry", "portefeuille"})
_REACH = 4  # words of the complement looked at
# A part of a title after a comma or in brackets: « CTO » in « référent technique (CTO) de la
# communauté », « coach » in « responsable du pôle, coach »
_TITLE_PARTS = re.compile(r"[,(]\s*([^,()]+)")


def other_team(
    index: AliasIndex,
    text: str,
    after: list[str],
    vocabulary: "Words",
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
    if head in POSSESSIVES and _product_name(text, head):
        return True  # « l'intrapreneur de Ma Cantine », « …de Mon Suivi Justice »: a product
    if head in POSSESSIVES and not theirs:
        return False
    if head in POSSESSIVES and bodies and complement[1:2] != ["communaute"]:
        return True  # « de notre produit », « de mon incubateur » (the asker's, not ours)
    later = set(complement[1:]) - {"vous"}  # « …du Travail, vous la connaissez ? »: a new clause
    if head in vocabulary.ours or not vocabulary.ours.isdisjoint(later):
        return False  # « …de l'incubateur », « …du pôle Coaching », « chez vous »
    if any(_named(index, complement[i:], "pole") for i in range(len(complement))):
        return False  # « who runs product coaching? »: a pôle of ours
    if head in POSSESSIVES:
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
    return named_elsewhere(index, text, head)


# Words after which the context names a place of work (« je travaille sur Ma Cantine »)
_CONTEXT_LINKS = frozenset(
    {"de", "du", "des", "d", "chez", "a", "au", "aux", "dans", "sur", "avec", "pour", "pres"}
    | {"of", "at", "in", "on", "with", "for"}
)


# A product's name starting with a capitalised possessive (« Ma Cantine », « Mon Suivi Justice »)
_PRODUCT = re.compile(r"\b(?:Ma|Mon|Mes|Notre|Nos)\s+[A-ZÀ-Ý]")


def named_before(index: AliasIndex, vocabulary: "Words", text: str, context: list[str]) -> bool:
    """Whether the `context` (folded words before a « leur », « son »…) names a team or body
    other than ours, which the possessive then refers back to: a word of « others » (« la
    startup »), a ministry or body of ours (« la DGFiP »), or after a link a product, the
    asker's own team or a capitalised name the knowledge never uses (« je travaille sur Ma
    Cantine », « avec mon équipe », « chez Doctolib »). A context naming one of our people
    (« Octave Bory… Qui est son chef ? ») refers back to them: ours."""
    if any(w in index.name_words for w in context):
        return False
    if _PRODUCT.search(text):
        return True  # « Ma Cantine cherche un designer. Qui est leur… ? »
    ours = _ours_named(index, context)  # « au pôle Coaching produit »: no « produit » of others
    if any(w in vocabulary.others for at, w in enumerate(context) if at not in ours):
        return True  # « la startup… », « l'équipe produit… »
    for at, word in enumerate(context):
        if word in index.alias_first and _named(index, context[at:], "portfolio"):
            return True  # « Je bosse avec la DGFiP. C'est qui leur CTO ? »
        if word in _CONTEXT_LINKS and other_team(index, text, context[at + 1 :], vocabulary, True):
            return True
    return False


def _ours_named(index: AliasIndex, words: list[str]) -> set[int]:
    """Positions of `words` inside an alias of a pôle, role or person of ours."""
    inside: set[int] = set()
    for start, end in alias_ngrams(index, words):
        targets = index.aliases.get(" ".join(words[start:end]), [])
        if any(t.intent in ("pole", "role", "person") for t in targets):
            inside.update(range(start, end))
    return inside


def _product_name(text: str, word: str) -> bool:
    """Whether the possessive `word` is written capitalised after « de », « chez »… in `text`:
    the first word of a product's name (« de Ma Cantine »), no one's own."""
    pattern = r"\b(?:de|du|des|d'|d\u2019|chez|à|au|a)\s*" + re.escape(word.capitalize()) + r"\b"
    return re.search(pattern, text) is not None


def _complement(after: list[str]) -> list[str]:
    """The first words after a role's link, its articles skipped."""
    at = 0
    while at < len(after) and after[at] in _ARTICLES:
        at += 1
    return after[at : at + _REACH]


def body_named(index: AliasIndex, vocabulary: "Words", after: list[str]) -> bool:
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


def named_elsewhere(index: AliasIndex, text: str, word: str) -> bool:
    """Whether `word` is a capitalised name in `text` that no alias or name of ours uses."""
    if word in index.alias_first or word in index.name_words or word in index.fillers:
        return False
    for token in re.findall(r"[^\W\d_][\w-]*", text):
        if token[0].isupper() and fold(token).split()[:1] == [word]:
            return True  # « chez Doctolib », « de DossierFacile »
    return False


class Words(NamedTuple):
    """The words `someone_elses` looks for, once per knowledge (`team_words`)."""

    nouns: frozenset[str]  # person nouns: titles' first words, head words, `_PERSON_NOUNS`
    heads: frozenset[str]  # head words: who directs a body (« dirige », « directeur »…)
    ours: frozenset[str]  # the incubator, the community, our people's names
    others: frozenset[str]  # « others » of intentions.yaml (« startup », « préfecture »…)
    ministries: frozenset[str]  # alias keys that name a ministry itself (« sante »)
    cues: frozenset[str]  # words of the cue phrases
    known: tuple[str, ...]  # person nouns and cue words, for typos (`_unknown_role`)
    topics: frozenset[str]  # first words of role aliases (« sécurité », « rgpd », « com »)


@once_per_knowledge
def team_words(knowledge: Knowledge) -> Words:
    """Person nouns, head words, words of ours and of « others », ministries' own names.

    Person nouns: the first word of each part of our people's titles (« coach », « chargée »,
    « référent », « CTO » of « mentor technique, CTO des produits incubés »),
    the one-word head cues (« patron », « responsable », « dirige ») and `_PERSON_NOUNS`.
    A ministry's own name is its name in portefeuilles.yaml or an alias starting with
    « ministère »; its other aliases name bodies (« CAF », « France Travail »).
    """
    index = alias_index(knowledge)
    nouns = set(_PERSON_NOUNS)
    for pole in knowledge.poles:
        for role in pole.members:
            # each part of a title names the person by its first word (« mentor technique, CTO
            # des produits… », « référent qualité tech (Tech Lead) »)
            nouns.update([w for w in fold(role.title).split() if w not in index.fillers][:1])
            for part in _TITLE_PARTS.findall(role.title):
                first = fold(part).split()[:1]
                nouns.update(w for w in first if len(w) > 1 and w not in index.fillers)
    nouns.update(p[0] for p, intents in index.cues.items() if "lead" in intents and len(p) == 1)
    nouns.update(HEADS)
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
    cues = frozenset(w for phrase in index.cues for w in phrase)
    known = tuple(sorted(nouns | cues))
    return Words(
        frozenset(nouns),
        HEADS,
        frozenset(ours),
        frozenset(others),
        frozenset(ministries),
        cues,
        known,
        frozenset(
            key.split()[0]
            for key, targets in index.aliases.items()
            if any(t.intent == "role" for t in targets)
        ),
    )


_MINE = frozenset({"notre", "mon", "ma", "nos", "mes", "our", "my"})
IS_WHO = frozenset({("qui", "est"), ("est", "qui"), ("quel", "est"), ("qui", "sont"), ("c", "qui")})
_C_EST_QUI = frozenset({("c", "est", "qui"), ("est", "qui"), ("qui", "c", "est")})
# Whom the incubator names for a team: « notre RP », « notre référente » are ours to answer
_OURS_FOR_THEM = frozenset(
    {"responsable", "referent", "referente", "interlocuteur", "interlocutrice", "contact"}
    | {"correspondant", "correspondante", "rp"}
)


def their_own(
    index: AliasIndex, vocabulary: Words, text: str, words: list[str], first: int
) -> bool:
    """Whether a person noun right after a possessive (« notre designer », « leur dev ») names
    the asker's or another team's own staff, not someone the incubator names for them. A
    « leur », « son »… refers back to the team the context names (`named_before`: « Je
    travaille sur Ma Cantine. Qui est leur designer ? »), else to something of ours."""
    if not first or words[first - 1] not in POSSESSIVES - {"votre", "vos"}:
        return False
    if words[first - 1] not in _MINE and not named_before(
        index, vocabulary, text, words[: first - 1]
    ):
        return False  # « Octave Bory… Qui est son chef ? »: someone of ours referred back
    if words[first] not in vocabulary.nouns or words[first] in _OURS_FOR_THEM:
        return False
    # asked for (« qui est notre designer ? », « notre PO c'est qui ? »), not context (« notre
    # coach est parti, à qui parler ? », « pour mon DG, qui est le RP… »)
    before = tuple(words[max(0, first - 3) : first - 1])
    return before[-2:] in IS_WHO or tuple(words[first + 1 : first + 4]) in _C_EST_QUI
