"""Back-references: the asking sentence asks about a subject the context named.

« Bonjour, je suis au pôle Accélération et je cherche les coachs. Qui en est le responsable ? »
asks for the head of the coaches, not of the asker's own pôle: « en », « le », « leur », « pour
ça » or a bare « le responsable » refer back to the nearest subject the message named before
the question that the knowledge holds (a pôle, a role, a ministry), passing over the places
the asker describes as their own (« je suis au pôle X », « on est une équipe du pôle X »),
unless there is nothing else. A lead word (« responsable », « dirige ») asks for the head of
that subject: a pôle's head, the head of the pôle a role's holders form; a ministry's head at
the incubator is its portfolio manager.

« Un ancien membre m'a dit que l'équipe faisait une dizaine de personnes. Est-ce toujours le
cas ? » asks whether the sentence before is true: that sentence is the question
(`checked_claim`).
"""

from itertools import pairwise

from bot.knowledge.lookup import lookup
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.alias_hits import alias_ngrams
from bot.understanding.aliases import AliasIndex, Target
from bot.understanding.asker import asked_sentence, possessed
from bot.understanding.cues import find_cues
from bot.understanding.heads import pole_head
from bot.understanding.query_model import Query
from bot.understanding.reading import read_aliases
from bot.understanding.scope import meaningful, self_described
from bot.understanding.titles import asks_members

_WHO = frozenset({"person", "portfolio", "role", "lead", "contact"})  # cues that ask for someone
_WHO_ASKED = frozenset({"qui", "ki"})  # « c ki leur chef ? »
_BACK_PAIRS = frozenset(
    {("qui", "en"), ("s", "en"), ("en", "est"), ("en", "sont"), ("en", "charge")}
    | {("qui", "le"), ("qui", "la"), ("qui", "les"), ("qui", "l"), ("qui", "y")}
    | {("pour", "ca"), ("pour", "cela"), ("de", "ca"), ("de", "cela"), ("ce", "sujet")}
    | {("cette", "question"), ("ce", "besoin"), ("cette", "demande")}
)
_THAT = frozenset({"ca", "cela"})  # « qui pilote ça chez vous ? »
_THEIR = frozenset({"leur", "leurs", "son", "sa", "ses"})  # « leur responsable »
_TRAILING = frozenset({"du", "coup", "alors", "donc", "svp", "stp", "merci", "actuellement"})
# The asker's own place: « on est une équipe au pôle X », « je travaille au pôle X »
_OWN = (
    ("on", "est"),
    ("je", "travaille"),
    ("nous", "travaillons"),
    ("on", "travaille"),
    ("je", "bosse"),
    ("on", "bosse"),
    ("fais", "partie"),
    ("faisons", "partie"),
)
# « Qui en fait partie ? », « qui est dedans ? »: the members of a group
_MEMBERSHIP = frozenset({"partie", "membres", "compose", "composent", "dedans", "composition"})
_OWN_REACH = 7  # words: how far after such a marker the place is still the asker's


def referred_subject(
    index: AliasIndex, knowledge: Knowledge, words: list[str], asked: str, base: Query
) -> Query:
    """The subject an asking sentence refers back to (« Qui en est le responsable ? »), as a
    Query; `base` when the asking sentence names its own subject or refers to nothing."""
    asked_words = fold(asked).split()
    start = _position(words, asked_words)
    if start <= 0:
        return base
    cues = find_cues(index, asked_words)[0]
    if _WHO_ASKED.isdisjoint(asked_words) or _WHO.isdisjoint(cues):
        return base
    if not _refers_back(index, asked_words):
        return base
    own = _without_place(index, asked_words)
    bare = all("lead" in index.cues.get((w,), ()) for w in meaningful(own, index.fillers))
    if not bare and read_aliases(index, own, asked, knowledge).subject:
        return base  # « …C'est qui le responsable du pôle Coaching ? » names its subject
    found = _nearest(index, words[:start])
    if found is None:
        return base
    intent, subjects = found
    text = base.text
    if intent == "person":
        # « J'ai rencontré Benoît Champy. Qui est son responsable ? »: the head of their pôle
        heads = _heads_of(knowledge, subjects[0]) if "lead" in cues else []
        return Query("role", heads[0], 100.0, text=text) if len(heads) == 1 else base
    poles = {s.split("/", 1)[0] for s in subjects} if intent == "role" else set()
    members = asks_members(index, asked_words) or not _MEMBERSHIP.isdisjoint(asked_words)
    if len(poles) == 1 and (base.subject in poles or members):
        # « Il y a un pôle qui… anime la communauté des coachs. Qui en fait partie ? »: the
        # pôle the message describes, or members asked for: the group, not the role in it
        intent, subjects = "pole", (poles.pop(),)
    # A lead word asks for the head of a pôle, or of the pôle a role's holders form; a role
    # one person holds (« le mentor technique… Qui en est le responsable ? ») is that person.
    grouped = intent == "pole" or (intent == "role" and len(subjects) > 1)
    if "lead" in cues and grouped:
        poles = {s.split("/", 1)[0] for s in subjects}
        head = pole_head(knowledge, poles.pop()) if len(poles) == 1 else None
        if head is not None:
            return Query("role", head, 100.0, text=text)
        if intent == "pole":  # its card, saying it names no head
            return Query("pole", subjects[0], 100.0, text=text, headless=True)
    return Query(intent, subjects[0], 100.0, text=text, also=subjects[1:])


# What a « son / leur » before a lead word may also be: the group headed (« qui dirige leur
# équipe ? »)
_GROUPS = frozenset({"equipe", "equipes", "pole", "service", "structure", "departement", "team"})


def _asks_of(index: AliasIndex, word: str) -> bool:
    """Whether `word`, right before « son », « leur »…, asks for what follows (« qui est… »,
    « c'est qui… », « qui dirige… »)."""
    return word in ("est", "sont", "qui", "ki") or "lead" in index.cues.get((word,), ())


def unreferred_lead(index: AliasIndex, asked: str) -> bool:
    """Whether the clause that `asked` asks for the head of a « son », « leur »… and names
    nothing else (« Qui est son chef ? », « c'est qui leur responsable ? », « qui dirige leur
    équipe ? »): once no subject of the context was referred back to (`referred_subject`), it
    refers to nothing betabot can tell, and is not understood rather than read as our RPs."""
    words = fold(asked).split()
    if not any("lead" in index.cues.get((w,), ()) for w in words):
        return False
    for i, word in enumerate(words[:-1]):
        following = words[i + 1]
        if word not in _THEIR or (i and not _asks_of(index, words[i - 1])):
            continue  # « les coachs, à part son responsable ? »: not what is asked
        if "lead" in index.cues.get((following,), ()) or following in _GROUPS:
            after = [w for w in words[i + 2 :] if w not in index.fillers and w not in _TRAILING]
            return not after or set(after) <= {"chez", "vous"}
    return False


def _position(words: list[str], asked_words: list[str]) -> int:
    """Where the asking sentence starts in the message's words (-1: not found)."""
    n = len(asked_words)
    for start in range(len(words) - n, -1, -1):
        if words[start : start + n] == asked_words:
            return start
    return -1


_PLACE = frozenset({"a", "au", "chez", "aupres", "sein"})  # « à l'ISN », « au sein de la DINUM »
_ARTICLES = frozenset({"l", "la", "le", "les", "de", "du", "d"})


def _without_place(index: AliasIndex, words: list[str]) -> list[str]:
    """`words` without « à l'ISN », « chez vous à l'incubateur »: where, not whose head.

    « Qui en est le responsable à l'ISN ? » asks who is in charge of it at the ISN, not who
    heads the ISN (« le responsable de l'ISN »)."""
    kept: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in _PLACE:
            j = i + 1
            while j < len(words) and words[j] in _ARTICLES:
                j += 1
            end = j
            while end < len(words) and words[end] in index.umbrella_words:
                end += 1
            if end > j:
                i = end
                continue
        kept.append(words[i])
        i += 1
    return kept


_OBJECTS = frozenset({"le", "la", "les", "l"})  # pronouns, or articles before a noun


def _verb_after(index: AliasIndex, words: list[str], at: int) -> bool:
    """Whether the word at `at`, after « qui le », is a verb (« dirige »), not a noun
    (« qui le RP ? »): a lead word, or a word that starts no alias nor cue."""
    if at >= len(words):
        return False
    word = words[at]
    intents = index.cues.get((word,), ())
    if "lead" in intents:
        return True
    return not intents and word not in index.alias_first and word not in index.cue_first


def _refers_back(index: AliasIndex, words: list[str]) -> bool:
    """Whether the asking sentence points back (« en », « le », « pour ça », « leur
    responsable », a lead word with nothing after it: « c'est qui le responsable ? »)."""
    if not _THAT.isdisjoint(words):
        return True  # « qui pilote ça ? »
    for i, pair in enumerate(pairwise(words)):
        if pair in _BACK_PAIRS and (pair[1] not in _OBJECTS or _verb_after(index, words, i + 2)):
            return True  # « qui en est… », « qui le dirige ? » (not « qui le RP ? »)
    for i, word in enumerate(words):
        if "lead" not in index.cues.get((word,), ()):
            continue
        if i and words[i - 1] in _THEIR:
            return True
        after = [w for w in words[i + 1 :] if w not in index.fillers and w not in _TRAILING]
        if not after or set(after) <= {"chez", "vous"}:  # « …à l'ISN ? » may ask the ISN's
            return True
    return False


def _nearest(index: AliasIndex, context: list[str]) -> tuple[str, tuple[str, ...]] | None:
    """The last subject the context names (kind, its subjects), the asker's own places last.

    Every alias counts as a mention, even a topic's or an ambiguous one; the last mention
    decides: a role (its holders), the one pôle or the one ministry it names, else nothing (a
    topic: « …le Fonds X. Qui en est le responsable ? » is left to the other readings).
    """
    hits: list[tuple[int, list[Target]]] = []
    used: set[int] = set()
    for start, end in alias_ngrams(index, context):  # longest first
        if used.intersection(range(start, end)):
            continue
        targets = index.aliases.get(" ".join(context[start:end]), [])
        if targets and not all(t.subject in index.broad for t in targets):
            # « des coachs de l'incubateur »: the umbrella is what everything is about
            used.update(range(start, end))
            hits.append((start, targets))
    if not hits:
        return None
    hits.sort(key=lambda h: h[0])
    others = [h for h in hits if not _own(context, h[0])]
    targets = (others or hits)[-1][1]
    kinds = {t.intent for t in targets}
    if kinds == {"role"}:
        return "role", tuple(t.subject for t in targets)
    if kinds == {"person"} and len(targets) == 1:
        return "person", (targets[0].subject,)
    for kind in ("pole", "portfolio"):
        named = [t.subject for t in targets if t.intent == kind]
        if len(named) == 1 and (kind == "pole" or len(targets) == 1):
            return kind, (named[0],)
    return None


def _heads_of(knowledge: Knowledge, person_id: str) -> list[str]:
    """The heads (role ids) of the pôles `person_id` is a member of, but not the head of."""
    heads: list[str] = []
    for pole, _ in lookup(knowledge).roles.get(person_id, ()):
        head = pole_head(knowledge, pole.id)
        if head is not None and pole.lead_id != person_id and head not in heads:
            heads.append(head)
    return heads


def _own(words: list[str], start: int) -> bool:
    """Whether the subject at `start` is the asker's own place (« je suis au pôle X »)."""
    if self_described(words, start) or possessed(words, start):
        return True  # « je suis au pôle X », « mon coach m'a dit… »
    before = words[max(0, start - _OWN_REACH) : start]
    return any(pair in _OWN for pair in pairwise(before))


# What « Est-ce toujours le cas ? », « C'est vrai ? », « Vous confirmez ? » say besides pointing
# back to the sentence before: a check of that claim, no question of their own.
_CHECKING = frozenset(
    {"est", "ce", "c", "toujours", "encore", "le", "cas", "vrai", "exact", "exacte", "juste"}
    | {"correct", "actualite", "d", "bien", "vraiment", "confirmez", "confirmer", "confirme"}
    | {"vous", "me", "le", "pouvez", "ca", "cela", "il", "en", "va", "ainsi", "aujourd", "hui"}
    | {"reste", "toujours", "valable", "on", "m", "a", "dit"}
)


# Words that ask something of their own: « Qui sont-elles ? » is no check of a claim
_ASKING = frozenset(
    {"qui", "quoi", "quel", "quelle", "quels", "quelles", "ou", "comment", "combien", "quand"}
    | {"pourquoi", "lequel", "laquelle", "lesquels", "lesquelles"}
)


def checked_claim(text: str, fillers: frozenset[str]) -> str | None:
    """The message asked as its claim, when its asking sentence only checks the one before.

    « …l'équipe d'animation faisait une dizaine de personnes. Est-ce toujours le cas ? » is
    read as « …l'équipe d'animation faisait une dizaine de personnes ? »; None when the asking
    sentence asks something of its own (most messages).
    """
    stripped = text.strip()
    body = stripped.rstrip(".!?")
    if "." not in body and "!" not in body and "?" not in body:
        return None  # one sentence (most questions): nothing before it to check
    asked = asked_sentence(text)
    if asked == stripped or not asked.endswith("?"):
        return None
    words = fold(asked).split()
    if not words or meaningful(words, fillers | _CHECKING) or not _ASKING.isdisjoint(words):
        return None  # « Qui sont-elles ? » asks who, it checks nothing
    at = stripped.rfind(asked)
    before = stripped[:at].rstrip().rstrip(".!,;:")
    if not before or not meaningful(fold(before).split(), fillers):
        return None
    return f"{before} ?"
