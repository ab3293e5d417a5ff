"""Words of a message that describe the asker or its context rather than the question.

Pure functions over folded words: which sentence or clause asks, who the asker quotes (« X m'a
dit… »), whose people are meant (« notre coach »), which words are verbs (« m'adresser »),
whether a person's own contact details are asked for.
"""

import re
from itertools import pairwise

from bot.knowledge.text import fold

# « . ! ? » right before a small letter or a digit is inside a word (« beta.gouv », « 2.5 »);
# the dot of a title (« M. Desjardins », « Mme. », « Dr. ») ends no sentence either.
_TITLE_DOT = r"(?:(?<=\bM)|(?<=\bMM)|(?<=\bMme)|(?<=\bMlle)|(?<=\bDr)|(?<=\bPr))\."
_SENTENCE = re.compile(r"(?:[^.!?]|" + _TITLE_DOT + r"|[.!?](?=[a-z0-9à-ÿ]))+[.!?]*")

_CLAUSE = re.compile(r"(?<=[.!,;:])\s+")
_CLAUSE_MARKS = frozenset(".!,;:")  # what may end a clause before a space (_CLAUSE)
_ELIDED = frozenset({"m", "t", "s", "n"})  # folded « m' », « t' », « s' », « n' »: a verb follows
_REFLEXIVE = frozenset({"me", "te", "se"})  # « vers qui me tourner » : a verb follows too
_TOLD = (("m", "a"), ("nous", "a"), ("m", "avait"), ("nous", "avait"))  # « X m'a dit… »
_POSSESSIVES = frozenset({"mon", "ma", "mes", "notre", "nos", "leur", "leurs"})
# A person's own contact details: betabot gives none (the person's card says how to reach us).
_PERSONAL = frozenset(
    {"mail", "email", "courriel", "mails", "emails", "telephone", "tel", "adresse", "portable"}
    | {"linkedin", "instagram", "insta", "facebook", "twitter", "numero", "06", "address"}
)
_ASKED_FOR = frozenset(
    {"le", "son", "sa", "l", "quel", "adresse", "ton", "votre", "his", "her", "personal"}
    | {"private", "personnel", "personnelle"}
)


def asked_clause(text: str) -> str:
    """The last clause of `text` that asks something (ends with « ? »), else `text`."""
    if not text.rstrip().endswith("?") or not _CLAUSE_MARKS.intersection(text):
        return text.strip()  # nothing asked, or one clause (most questions): no split needed
    clauses = [c.strip() for c in _CLAUSE.split(text) if c.strip()]
    return clauses[-1] if clauses else text.strip()


def asked_sentence(text: str) -> str:
    """The last sentence of `text` that asks something (ends with « ? »), else the last one."""
    stripped = text.strip()
    body = stripped.rstrip(".!?")
    if body and "." not in body and "!" not in body and "?" not in body:
        return stripped  # one sentence (most questions): no regular expression needed
    sentences: list[str] = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    asked = [s for s in sentences if s.endswith("?")]
    return (asked or sentences or [text])[-1]


def not_verbs(words: list[str], leftover: list[str]) -> list[str]:
    """`leftover` without the verbs after an elided pronoun (« m'adresser », « s'inscrire »).

    Such a word is a verb, never a misspelt subject: « m'adresser à quelqu'un d'autre » is not
    « adresse », « vers qui me tourner » is not « Tourneur ».
    """
    verbs = {w for before, w in pairwise(words) if before in _ELIDED or before in _REFLEXIVE}
    return [w for w in leftover if w not in verbs] if verbs else leftover


def sent_by(name: list[str], words: list[str]) -> bool:
    """Whether `name` is followed by « m'a », « nous a »… and a verb (not « m'a été »)."""
    n = len(name)
    for i in range(len(words) - n - 2):
        after = words[i + n : i + n + 3]
        if words[i : i + n] == name and tuple(after[:2]) in _TOLD and after[2] != "ete":
            return True
    return False


def possessed(words: list[str], start: int) -> bool:
    """Whether a possessive (« notre », « mon »…) comes one or two words before `start`."""
    return bool(_POSSESSIVES.intersection(words[max(0, start - 2) : start]))


def asks_personal(words: list[str]) -> bool:
    """« le mail de X », « son téléphone » ask for it; « j'ai reçu un mail de X » does not."""
    return any(w in _PERSONAL and i and words[i - 1] in _ASKED_FOR for i, w in enumerate(words))


# Words after which « qui » asks (« à qui », « c'est qui », « quelqu'un qui », « la personne
# qui »): elsewhere, right after a noun (« les postes qui s'ouvrent », « un pôle qui
# accompagne »), it is a relative that asks for nobody.
_QUI_ASKS_AFTER = frozenset(
    {
        "a", "vers", "avec", "de", "pour", "par", "sur", "chez", "aupres", "est", "c", "sont",
        "sait", "savoir", "dire", "demande", "demander", "moi", "nous", "vous", "pas", "ou",
        "et", "mais", "alors", "donc", "bonjour", "hello", "contacter", "voir", "sais",
        "un", "une", "celui", "celle", "ceux", "celles", "personne", "personnes", "quelqu",
        # « pourriez-vous me préciser qui, au sein de l'incubateur, suit notre ministère ? »
        "preciser", "indiquer", "communiquer", "confirmer", "expliquer", "savez",
    }
)  # fmt: skip


# « quel est notre responsable… », « vers quelle interlocutrice… »: « quel » and a person noun
# « le nom de la personne responsable de notre portefeuille » too
_WHICH = frozenset({"quel", "quelle", "quels", "quelles", "lequel", "laquelle", "nom", "noms"})
_PERSON_NOUNS = frozenset(
    {
        *("responsable", "responsables", "interlocuteur", "interlocutrice", "interlocuteurs"),
        *("correspondant", "correspondante", "referent", "referente", "rp", "personne"),
    }
)
_WHICH_SPAN = 4  # words: « quel est donc notre responsable »


def asks_someone(text: str, who_words: frozenset[str]) -> bool:
    """Whether `text` asks for someone: a word of `who_words`, « qui » not a relative.

    « qui » opening a clause asks (« …pour le Logement, qui est le RP ? »); so does « quel » or
    « lequel » followed closely by a person noun (« Quel est notre responsable de portefeuille ? »).
    """
    for clause in _CLAUSE.split(text):
        words = fold(clause).split()
        for i, word in enumerate(words):
            if word in _WHICH and not _PERSON_NOUNS.isdisjoint(words[i + 1 : i + 1 + _WHICH_SPAN]):
                return True  # « quel est notre responsable de portefeuille ? »
            if word not in who_words:
                continue
            if word != "qui" or i == 0 or words[i - 1] in _QUI_ASKS_AFTER:
                return True
    return False
