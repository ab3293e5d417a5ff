"""Confirmation questions: « pour les Sports, c'est bien Clémence ? ».

The asker names a subject and the person they believe holds it, in either order (« c'est
bien Magali pour le Logement ? » asks about the Logement, `confirmed_subject`). The answer is
the true holder of the subject; when the person named is not them, the Query says so
(`Query.not_holders`) so that the answer makes the mistake visible instead of letting it pass.
"""

from dataclasses import replace
from itertools import pairwise

from bot.knowledge.lookup import lookup
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import AliasIndex, strip_fillers
from bot.understanding.asker import asked_sentence
from bot.understanding.ministry import named_ministries
from bot.understanding.query_model import Query
from bot.understanding.scope import self_described
from bot.understanding.subject import _hit

# « c'est bien X », « est-ce X », « c'est toujours X »: a name right after these is checked
_CHECKING = frozenset({"bien", "est", "toujours", "encore", "cest", "etait"})
_REACH = 2  # words: how far after « bien » / « c'est » the name may come
# Words of a question that checks who holds what (« Magali s'occupe bien du Logement ? »,
# « Estelle gère la Culture, c'est ça ? », « Magali ou Thibault pour l'Agriculture ? »)
_CHECKS = frozenset(
    {"bien", "cest", "toujours", "ca", "suit", "suivent", "gere", "occupe", "couvre", "ou"}
    | {"etait", "vrai", "trompe", "exact", "correct", "confirmer", "confirmez", "confirme"}
)
_NEAR = 4  # words but fillers: how close a person and the ministry checked against them are
# « On m'a orienté vers Thibault… C'est bien lui ? »: the one person the message names
_PRONOUNS = frozenset({"lui", "elle"})
# The asker's own ministry referred back to: « qui suivait notre ministère », « nous suit »
_OURS = frozenset(
    {("notre", "ministere"), ("notre", "rp"), ("notre", "portefeuille"), ("notre", "perimetre")}
    | {("nous", "suit"), ("nous", "suivait"), ("nous", "suivra"), ("notre", "contact")}
    | {("notre", w) for w in ("interlocuteur", "interlocutrice", "referent", "referente")}
    | {("notre", "correspondant"), ("notre", "correspondante")}
)
_ROLE = frozenset({"role"})
_EITHER = frozenset({"ou"})  # « coach ou développeur ? » names roles, checks nobody's
_ARTICLES = frozenset({"le", "la", "l", "les", "un", "une", "notre", "votre"})
_IS = frozenset({"est", "sont", "serait"})  # « Amel est la CTO ? »
_ROLE_WORDS = frozenset({"role", "lead"})  # cue intents of the words that introduce a role


def confirmed_subject(
    query: Query, index: AliasIndex, knowledge: Knowledge, words: list[str] | None = None
) -> Query:
    """« c'est bien Magali pour le Logement ? », « Estelle gère la Culture, c'est ça ? »: the
    ministry is asked, the people named are checked.

    A question that names people and a ministry (not the asker's own: « je suis au ministère
    de la Culture et je cherche Maël ») and checks something (« bien », « c'est », « suit »,
    « gère », « ou »…) asks who follows the ministry; the people named who do not are kept in
    `Query.not_holders`, so that the answer says it.
    """
    if query.intent != "person" or not query.subject:
        return query
    words = fold(query.text).split() if words is None else words
    people = (query.subject, *query.also)
    if not _checks(words) and query.subject not in _guessed(index, words):
        return _checked_role(query, index, words, people)  # « Amel est la CTO ? »
    named = query.subject in _guessed(index, words)  # « c'est bien lui ? »: near or not
    # « Je suis au ministère du Logement. On m'a dit que c'était Estelle qui suivait notre
    # ministère » checks the asker's own ministry, referred back to
    ours = any(pair in _OURS for pair in pairwise(words))
    ministries = [
        m
        for m in named_ministries(index, words)
        if (ours or not _askers(index, words, m))
        and (named or ours or _near(index, words, m, people))
    ]
    if not ministries:
        return _checked_role(query, index, words, people)
    owners = _owners_of(knowledge, ministries)
    wrong = tuple(p for p in people if p not in owners)
    return Query(
        "portfolio",
        ministries[0],
        query.score,
        text=query.text,
        also=tuple(ministries[1:]),
        not_holders=wrong,
    )


def _checked_role(
    query: Query, index: AliasIndex, words: list[str], people: tuple[str, ...]
) -> Query:
    """« Amel Alili est bien la CTO de la communauté ? »: a role or theme of a pôle member
    checked against people who do not hold it is answered by its holders, the people named
    kept in `Query.not_holders`. People who hold it (« Julien est bien le CTO ? ») keep their
    card; a role the asker describes themselves with (« je suis coach… ») is no check, nor a
    role only the context names (« …s'il est coach ou développeur. Que fait-il à l'ISN ? »).
    """
    asked = fold(asked_sentence(query.text)).split()  # « …s'il est coach. Que fait-il ? »
    names = {w for p in people if p in index.names for w in index.names[p][1]}
    content = [w for w in strip_fillers(asked, index.fillers) if w not in names]
    hit = _hit(index, asked, content, _ROLE)
    if hit is None or not _holding(index, asked, hit.key.split()[0]):
        return query
    holders = [t.subject for t in hit.targets if t.intent == "role"]
    if not holders or not {h.split("/", 1)[-1] for h in holders}.isdisjoint(people):
        return query
    return Query(
        "role",
        holders[0],
        query.score,
        text=query.text,
        also=tuple(holders[1:]),
        not_holders=people,
    )


def _holding(index: AliasIndex, words: list[str], first: str) -> bool:
    """Whether `words` say someone holds the role whose alias starts with `first`: a checking
    word other than « ou » (« bien », « c'est », « gère », « confirmer »…), or « est » right
    before the role, role words aside (« Amel est la référente accessibilité ? »); « est-ce
    que Julien connaît le tech lead ? » checks nothing about the tech lead."""
    if not (_CHECKS - _EITHER).isdisjoint(words) or ("c", "est") in pairwise(words):
        return True
    for at, word in enumerate(words):
        if word == first:
            before = [w for w in words[:at] if w not in _ARTICLES and not _role_word(index, w)]
            return bool(before) and before[-1] in _IS
    return False


def _role_word(index: AliasIndex, word: str) -> bool:
    """« référente », « responsable », « cheffe »: a word that says a role is named next."""
    return not _ROLE_WORDS.isdisjoint(index.cues.get((word,), ()))


def _checks(words: list[str]) -> bool:
    """Whether folded `words` check something: a word of _CHECKS, « c'est », « est-ce »."""
    if not _CHECKS.isdisjoint(words):
        return True
    return any((a, b) in (("c", "est"), ("est", "ce")) for a, b in pairwise(words))


def _near(index: AliasIndex, words: list[str], ministry: str, people: tuple[str, ...]) -> bool:
    """Whether a word of a person's name comes within _NEAR words (fillers aside) of the
    ministry (« Estelle gère la Culture », « M. Desjardins est bien le responsable de
    portefeuille pour la Culture »; not « …avec Octave Bory au sujet de la candidature de notre
    startup de territoire »)."""
    firsts = {k.split()[0] for k in index.keys_of.get(ministry, [])}
    names = {w for p in people if p in index.names for w in index.names[p][1]}
    content = [w for w in words if w not in index.fillers]  # « est bien le… pour la » do not count
    at = [i for i, w in enumerate(content) if w in firsts]
    named = [i for i, w in enumerate(content) if w in names]
    return any(abs(i - j) <= _NEAR for i in at for j in named)


def _askers(index: AliasIndex, words: list[str], ministry: str) -> bool:
    """Whether every mention of `ministry` describes the asker (« je suis au ministère de… »)."""
    firsts = {k.split()[0] for k in index.keys_of.get(ministry, [])}
    at = [i for i, w in enumerate(words) if w in firsts]
    return bool(at) and all(self_described(words, i) or _where_i_work(words, i) for i in at)


# « je suis au ministère de la Culture », « nous travaillons pour les Armées »
_WORKING = frozenset(
    {("je", "suis"), ("nous", "sommes"), ("je", "travaille"), ("nous", "travaillons")}
    | {("on", "est"), ("je", "bosse"), ("on", "bosse")}
)
_WORK_REACH = 6  # words: how far after « je suis » the place of work may be named


def _where_i_work(words: list[str], at: int) -> bool:
    before = words[max(0, at - _WORK_REACH - 2) : at]
    return any(tuple(before[i : i + 2]) in _WORKING for i in range(len(before) - 1))


def _owners_of(knowledge: Knowledge, ministries: tuple[str, ...] | list[str]) -> set[str]:
    known = lookup(knowledge).ministries
    return {known[m][0].owner_id for m in ministries if m in known}


def _guessed(index: AliasIndex, words: list[str]) -> set[str]:
    """The people named (or pointed at by « lui », « elle ») right after a checking word."""
    guessed: set[str] = set()
    for at, word in enumerate(words):
        if (word not in index.name_words and word not in _PRONOUNS) or not _checked(words, at):
            continue
        if word in index.name_words:
            guessed.update(t.subject for t in index.name_words[word])
        elif word in _PRONOUNS:
            named = {t.subject for w in words for t in index.name_words.get(w, ())}
            if len(named) == 1:
                guessed.update(named)
    return guessed


def _checked(words: list[str], at: int) -> bool:
    """Whether the word at `at` comes right after « c'est (bien) », « est-ce »…"""
    return not _CHECKING.isdisjoint(words[max(0, at - _REACH) : at])


def checked_holder(
    query: Query, index: AliasIndex, knowledge: Knowledge, words: list[str] | None = None
) -> Query:
    """`query` (a ministry's contact) with the people the asker guessed wrongly, if any;
    `words`: the question folded, when the caller has it."""
    if query.intent != "portfolio" or not query.subject:
        return query
    if query.not_holders:
        return query  # already checked by `confirmed_subject`, full names and all
    words = fold(query.text).split() if words is None else words
    guessed = _guessed(index, words)
    if not guessed and _checks(words):
        # « …que M. Desjardins est bien le responsable de portefeuille pour la Culture ? »
        named = {t.subject for w in words for t in index.name_words.get(w, ())}
        ministries = (query.subject, *query.also)
        guessed = {p for p in named if any(_near(index, words, m, (p,)) for m in ministries)}
    if not guessed:
        return query
    holders = _owners_of(knowledge, [query.subject, *query.also])
    if guessed & holders:
        return query  # the right person among those the name may mean
    return replace(query, not_holders=tuple(sorted(guessed)))
