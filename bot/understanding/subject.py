"""Which subject a question names: the exact alias hit that is asked about, not the context.

The selection rules: a ministry or a person winning over a topic, a role or topic the asker
describes themselves with skipped, a head word read as the head of what is named beside it.
`reading.read_aliases` builds its reading on `_subject_hit`.
"""

from bot.understanding.alias_hits import Hit, exact_hit
from bot.understanding.aliases import AliasIndex
from bot.understanding.asker import possessed, sent_by
from bot.understanding.modifiers import only_qualifies
from bot.understanding.scope import self_described
from bot.understanding.titles import asks_members, in_pole, titled

# Words that ask for a person: without one, a passage may answer instead of a person's card.
WHO_WORDS = frozenset(
    {
        "qui",
        "rp",
        "interlocuteur",
        "interlocutrice",
        "referent",
        "referente",
        "contacter",
        "contact",
        "orienter",
        "who",
        "ki",
    }
)
_ROLE = frozenset({"role"})
_POLE = frozenset({"pole"})
_POLE_OR_ROLE = frozenset({"pole", "role"})
_FOLLOW = frozenset({"suit", "suivent", "suivre"})  # « qui suit la Santé ? »: a ministry's RP
_RP_WORDS = frozenset({"rp", "portefeuille", "portefeuilles"})  # who follows a ministry

_NOT_TOPIC = frozenset({"portfolio", "person", "role", "pole"})
_NOT_POLE = frozenset({"portfolio", "person", "role"})
_TOPIC = frozenset({"topic"})


def _only_topic(hit: Hit) -> bool:
    return all(t.intent == "topic" for t in hit.targets)


def _self(hit: Hit, words: list[str]) -> bool:
    """Whether the hit's first word comes right after « je suis », « en tant que »…

    A role after « notre », « mon »… (« notre coach est parti ») is the asker's own, not one
    of the incubator's.
    """
    first = hit.key.split()[0]
    roles = all(t.intent == "role" for t in hit.targets)
    return any(
        w == first and (self_described(words, i, roles) or (roles and possessed(words, i)))
        for i, w in enumerate(words)
    )


def _own_word(word: str, words: list[str]) -> bool:
    """Whether `word` describes the asker (« je viens d'arriver comme coach »), not the asked."""
    return any(w == word and self_described(words, i) for i, w in enumerate(words))


def _told_by(hit: Hit, words: list[str]) -> bool:
    """Whether the person named is who sent the asker (« Adrien Zemour m'a conseillé de… »).

    Only when the question names something else to ask about.
    """
    if not all(t.intent == "person" for t in hit.targets):
        return False
    return sent_by(hit.key.split(), words)


def _hit(
    index: AliasIndex, words: list[str], content: list[str], kinds: frozenset[str] | None = None
) -> Hit | None:
    """`exact_hit`, skipping a role or topic the asker describes themselves with.

    « je suis coach… », « je suis dans un incubateur ministériel… » are context; a ministry
    stays the subject (« je suis à la DGFiP… »).
    """
    for _ in range(3):
        hit = exact_hit(index, content, kinds)
        if hit is None:
            return None
        # « Adrien Zemour m'a dit de voir… »: who sent the asker is context, as « je suis coach »
        person = hit.targets[0].intent == "person"
        context = (person and _told_by(hit, words)) or (
            all(t.intent in ("role", "topic") for t in hit.targets) and _self(hit, words)
        )
        # « qui sont les juristes technique ? »: an adjective of a noun we do not know
        if not context and not only_qualifies(index, words, hit.key):
            return hit
        taken = set(hit.key.split())
        content = [w for w in content if w not in taken]
    return None


def _pole_of_head_word(index: AliasIndex, words: list[str], content: list[str], hit: Hit) -> Hit:
    """« Le patron des EIG », « le boss des opés »: a head word is the head of what is named.

    A role alias made of head words only (« patron » for the head of the department) gives way
    to a pôle or another role named beside it; `_lead` then answers that pôle's head.
    """
    if not all(t.intent == "role" for t in hit.targets):
        return hit
    key = tuple(hit.key.split())
    if "lead" not in index.cues.get(key, []):
        return hit
    other = _hit(index, words, [w for w in content if w not in key], _POLE_OR_ROLE)
    return other if other is not None else hit


def _subject_hit(
    index: AliasIndex,
    content: list[str],
    cues: dict[str, float],
    cue_words: set[str],
    words: list[str] = [],  # noqa: B006  # read only
) -> Hit | None:
    """The exact subject of the question, a ministry or person winning over a topic.

    Without a topic cue ("c'est quoi"), a topic alias gives way to any other subject
    ("le RP justice" asks for Justice), and a topic alias made of cue words only
    ("les responsables de portefeuille") is a cue, not a subject.
    """
    hit = _hit(index, words, content)
    if hit is None:
        return None
    hit = _pole_of_head_word(index, words, content, hit)
    asks_rp = not _RP_WORDS.isdisjoint(words)
    asked_who = asks_rp or not WHO_WORDS.isdisjoint(words)
    if asks_rp and hit.targets[0].intent != "portfolio":
        # « un coach du pôle Coaching… le responsable de portefeuille pour le Travail » asks
        # for a ministry's RP: the ministry named wins over a role of the context.
        hit = _hit(index, words, content, frozenset({"portfolio"})) or hit
    elif hit.targets[0].intent in ("person", "role") and not _FOLLOW.isdisjoint(words):
        # « je ne sais pas si c'est Maël ou quelqu'un d'autre qui suit l'Inclusion »: who follows
        # the ministry named is asked, whoever else the message names.
        hit = _hit(index, words, content, frozenset({"portfolio"})) or hit
    elif asked_who and not asks_rp and all(t.intent == "portfolio" for t in hit.targets):
        hit = _needed(index, words, content, hit)
        if all(t.intent == "pole" for t in hit.targets):
            return hit
    if not asked_who and all(t.intent == "portfolio" for t in hit.targets):
        # « les affaires sociales peuvent-elles utiliser le marché interministériel ? »
        taken = set(hit.key.split())
        topic = _hit(index, words, [w for w in content if w not in taken], frozenset({"topic"}))
        if topic is not None and not broad(index, topic):
            return topic
    if hit is not None and all(t.intent == "pole" for t in hit.targets):
        # « l'alternante du pôle Animation »: the pôle is context, the role is asked.
        # A ministry named beside a pôle word (« une direction du ministère du Logement ») too.
        # Only the pôle's own words are taken: « Qui au pôle Animation et Expertises s'occupe
        # de l'animation de communauté ? » keeps its second « animation ».
        rest = _without_key(content, hit.key.split())
        if asks_members(index, words):
            return hit  # « je suis coach… Qui sont les membres du pôle Coaching ? »
        role = _hit(index, words, rest, frozenset({"role", "person"}))
        pole_id = hit.targets[0].subject
        if "lead" in cues and (role is None or not in_pole(role, pole_id)):
            return hit  # « le pôle Coaching anime la communauté… Qui en est le responsable ? »
        return (
            role
            or _hit(index, words, rest, frozenset({"portfolio"}))
            or titled(index, hit, [w for w in rest if not _own_word(w, words)])
            or hit
        )
    if hit is not None and broad(index, hit):
        # « l'étage de l'incubateur »: an umbrella topic gives way to any other subject,
        # « les pôles de l'incubateur » to the list of pôles.
        taken = set(hit.key.split())
        other = _hit(index, words, [w for w in content if w not in taken])
        hit = other if other is not None and not broad(index, other) else hit
    if hit is None or "topic" in cues or not _only_topic(hit):
        return hit
    taken = set(hit.key.split())  # "devenir EIG" is one topic, not the pôle EIG
    rest = [w for w in content if w not in taken]
    # A ministry or a person before a pôle word of the context (« une direction du ministère »).
    other = _hit(index, words, rest, _NOT_POLE) or _hit(index, words, rest, _NOT_TOPIC)
    if other is not None and all(t.intent == "pole" for t in other.targets):
        # « un incubateur du réseau… le marché de coaching »: a pôle's name inside a longer
        # topic alias of the rest is that topic's word, not the pôle.
        longer = _hit(index, words, rest, _TOPIC)
        if longer is not None and set(other.key.split()) < set(longer.key.split()):
            return longer
    # Nobody asked for (« comment accède-t-on au marché de coaching… des coachs ? »): a
    # longer topic alias is the subject, not a shorter name of the context.
    named = other is not None and all(t.intent in _NOT_POLE for t in other.targets)
    if other is not None and not (named and other.words < hit.words and not asked_who):
        if asked_who and not asks_rp and all(t.intent == "portfolio" for t in other.targets):
            # « je suis à la DGFiP, notre startup d'État… qui contacter pour le fonds
            # d'accélération ? »: the ministry that took over the topic is the asker's too.
            return _needed(index, words, content, other, roles=False)
        return other
    return None if taken <= cue_words else hit


def _without_key(content: list[str], key: list[str]) -> list[str]:
    """`content` without the first place it spells `key`, else without `key`'s words."""
    n = len(key)
    for start in range(len(content) - n + 1):
        if content[start : start + n] == key:
            return content[:start] + content[start + n :]
    taken = set(key)
    return [w for w in content if w not in taken]


def _needed(
    index: AliasIndex, words: list[str], content: list[str], ministry: Hit, roles: bool = True
) -> Hit:
    """The role (if `roles`) or pôle the asker needs rather than the ministry they work in.

    « je suis designer au ministère de la Culture, je voudrais parler accessibilité : qui
    contacter ? » (with no RP words, and someone asked for); « …qui contacter pour le FAST ? »
    """
    taken = set(ministry.key.split())
    rest = [w for w in content if w not in taken]
    if not rest or not _FOLLOW.isdisjoint(words) or index.alias_first.isdisjoint(rest):
        return ministry
    pole = _hit(index, words, rest, _POLE)
    role = _hit(index, words, rest, _ROLE) if roles else None
    if role is not None:
        return role
    return pole if pole is not None else ministry


def broad(index: AliasIndex, hit: Hit) -> bool:
    """Whether every target of `hit` is an umbrella topic (« l'incubateur », « la DINUM »)."""
    return all(t.subject in index.broad for t in hit.targets)
