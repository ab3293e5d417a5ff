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
  l'accessibilité chez Doctolib ? », « qui fait la com à la préfecture ? »).

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

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import MAX_NGRAM, AliasIndex, alias_index
from bot.understanding.scope import self_described

_WHOSE = frozenset({"de", "du", "des", "d", "of"})
_WHERE = frozenset({"chez", "a", "au", "aux", "dans", "at", "in"})
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
_TEAM = frozenset({"equipe", "equipes", "team"})  # « l'équipe » alone is ours; « l'équipe X » not
_MINISTRY_WORDS = frozenset({"ministere", "ministeres", "ministry", "portefeuille"})
_REACH = 4  # words of the complement looked at


def someone_elses(
    knowledge: Knowledge, text: str, words: list[str], keys: list[str], bodies: bool = True
) -> bool:
    """Whether the role of alias `keys` in folded `words` is asked of another team or body.

    Each person noun of `words` (« coach », « responsable », « dev »…) and each occurrence of
    `keys` is looked at, except where the asker describes themselves (« je suis coach de la
    startup X, qui… »). `text` is the question as typed (for capitalised names). Without
    `bodies`, a ministry or body of ours after the noun is no other body (« le responsable de
    la Santé » asks for its RP, when the reading is a ministry's).
    """
    index = alias_index(knowledge)
    nouns, ours, others = _vocabulary(knowledge)
    spans: list[tuple[int, int, bool]] = []
    if keys:
        positions = [i for i, w in enumerate(words) if w not in index.fillers]
        bare = [words[i] for i in positions]
        for key in keys:
            parts = key.split()
            n = len(parts)
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
    for first, end, staffed in spans:
        if end >= len(words) or _the_askers(words, first):
            continue
        link = words[end]
        if link in _WHOSE and not staffed:
            continue  # « l'accessibilité de notre site »: our help on their work
        if link not in _WHOSE and link not in _WHERE:
            continue  # « le coach à contacter… », « le CTO, c'est qui ? »
        if _other(index, text, words[end + 1 :], (ours, others), bodies):
            return True
    return False


_I_AM = (("i", "m"), ("i", "am"), ("we", "are"))  # English left as it is by `english.in_french`


def _the_askers(words: list[str], start: int) -> bool:
    """Whether the role at `start` describes the asker (« je suis coach de la startup X »)."""
    if self_described(words, start, titles=True):
        return True
    before = words[max(0, start - 4) : start]
    return any(tuple(before[i : i + 2]) in _I_AM for i in range(len(before) - 1))


def _other(
    index: AliasIndex,
    text: str,
    after: list[str],
    vocabulary: tuple[frozenset[str], frozenset[str]],
    bodies: bool,
) -> bool:
    """Whether the complement `after` (folded words) names a team or body other than ours."""
    ours, others = vocabulary
    at = 0
    while at < len(after) and after[at] in _ARTICLES:
        at += 1
    complement = after[at : at + _REACH]
    if not complement:
        return False
    head = complement[0]
    if head in _POSSESSIVES and bodies and complement[1:2] != ["communaute"]:
        return True  # « de notre produit », « de mon incubateur » (the asker's, not ours)
    if not ours.isdisjoint(complement):
        return False  # « …de l'incubateur », « …du pôle Coaching », « …de la communauté »
    if head in _POSSESSIVES:
        complement = complement[1:]  # « le responsable de mon ministère » asks for our RP
        if not complement:
            return False
        head = complement[0]
    if not bodies and head in _MINISTRY_WORDS:
        return False
    if head in _TEAM:  # « de l'équipe RDV-Solidarités »; « de l'équipe (d'animation) » is ours
        return len(complement) > 1 and not _named(index, complement[1:], "pole")
    if head in others or (bodies and _named(index, complement, "portfolio")):
        return True  # « de la startup… », « de la DGFiP », « chez France Travail »
    return _named_elsewhere(index, text, head)


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


@once_per_knowledge
def _vocabulary(knowledge: Knowledge) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Person nouns, words of ours, words of « others » (intentions.yaml), once per knowledge.

    Person nouns: the first word of our people's titles (« coach », « chargée », « référent »),
    the one-word head cues (« patron », « responsable », « dirige ») and `_PERSON_NOUNS`.
    """
    index = alias_index(knowledge)
    nouns = set(_PERSON_NOUNS)
    for pole in knowledge.poles:
        for role in pole.members:
            nouns.update([w for w in fold(role.title).split() if w not in index.fillers][:1])
    nouns.update(p[0] for p, intents in index.cues.items() if "lead" in intents and len(p) == 1)
    nouns.update(("dirige", "pilote", "tete", "head"))
    ours = set(_OURS) | index.umbrella_words
    ours.update(w for _, words in index.names.values() for w in words)
    others = {w for phrase in knowledge.cues.get("others", ()) for w in fold(phrase).split()}
    return frozenset(nouns), frozenset(ours), frozenset(others)
