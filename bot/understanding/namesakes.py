"""Namesakes: which of the people a question names it means, when names are shared.

Several people named (« Julien Maniaci »), one first name several people bear (« Adrien fait
quoi ? »), a role several people hold narrowed by a first name (« laquelle, Marine ? »).
"""

from dataclasses import replace

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.alias_hits import Hit
from bot.understanding.aliases import AliasIndex
from bot.understanding.asker import sent_by
from bot.understanding.people import MAX_SUGGESTIONS, _named_people, _names_person, _person_id
from bot.understanding.query_model import Query

_BARE_WHO = frozenset({"qui"})


def _one_person(index: AliasIndex, hit: Hit, words: list[str], text: str) -> Query | None:
    """When the question names several people ("Julien Maniaci"), who it means, if anyone.

    Each person scores the words of their name found in the question; only a clear winner is
    answered, otherwise the tied people are offered. None: the hit stands as it is.
    """
    if len(hit.targets) > 1 and all(t.intent == "role" for t in hit.targets):
        return None  # a role several people hold: all of them are the answer
    if not _names_person(hit):
        return None
    people = _named_people(index, words)
    if len(people) < 2:
        return None
    full = fold(text).split()
    people = {p for p in people if not sent_by(fold(index.names[p][0]).split(), full)}
    if len(people) < 2:
        return None
    present = set(words)
    scores = {p: len(index.names[p][1] & present) for p in people if p in index.names}
    best = max(scores.values(), default=0)
    if best == 0:
        return None  # roles, not names (« le CTO des produits incubés », « technique »)
    top = sorted((p for p, s in scores.items() if s == best), key=lambda p: index.names[p][0])
    hit_people = {_person_id(t) for t in hit.targets if t.intent in ("person", "role")}
    if len(top) == 1:
        return None if top[0] in hit_people else Query("person", top[0], hit.score, text=text)
    if all(index.names[p][1] <= present for p in top):
        # « Julien Bouquillon et Denis Baudot… la différence entre leurs rôles ? »: both
        # named in full, both are the answer.
        order = sorted(top, key=lambda p: min(words.index(w) for w in index.names[p][1]))
        return Query("person", order[0], hit.score, text=text, also=tuple(order[1:]))
    roles = all(t.intent == "role" for t in hit.targets)
    if roles and len(hit_people.intersection(top)) == 1:
        return None  # « Marine, celle de la formation »: the Marine whose role is named
    return Query("unknown", "", 0.0, tuple(index.names[p][0] for p in top)[:MAX_SUGGESTIONS], text)


# Words that ask what someone does (« Adrien fait quoi ? », « le rôle de Marine »)
_WHAT_THEY_DO = frozenset({"fait", "font", "role", "roles", "poste", "fonction", "fonctions"})
_WHAT_THEY_DO |= {"occupe", "occupent", "missions", "mission", "job", "boulot", "taf"}
_WHAT_THEY_DO |= {"bosse", "bossent"}


def _bearers(named: list[Hit], words: list[str]) -> tuple[str, ...]:
    """The people who share the one first name a question asks about, when it asks who they are
    or what they do.

    « Adrien fait quoi dans l'équipe ? », « c'est qui Marine ? » name no one in full but ask
    about someone: every Adrien is the answer, each with what they do (a guess would name the
    wrong one half the time; « je n'ai pas compris » would be false).
    """
    people = {t.subject for h in named for t in h.targets}
    if len(named) != 1 or len(people) < 2:
        return ()
    if _WHAT_THEY_DO.isdisjoint(words) and _BARE_WHO.isdisjoint(words):
        return ()
    return tuple(t.subject for t in named[0].targets)


def first_named(index: AliasIndex, query: Query, leftover: list[str]) -> Query:
    """A role several people hold, narrowed to those whose first name the question gives.

    « Il y a deux Marine, laquelle s'occupe de la communication ? »: of the two holders of the
    communication role, the one called Marine.
    """
    if query.intent != "role" or not query.also:
        return query
    called = {t.subject for w in leftover for t in index.name_words.get(w, ())}
    if not called:
        return query
    holders = [s for s in (query.subject, *query.also) if s.split("/", 1)[-1] in called]
    if not holders or len(holders) == 1 + len(query.also):
        return query
    return replace(query, subject=holders[0], also=tuple(holders[1:]))


def _only_poles(hit: Hit) -> bool:
    return all(t.intent == "pole" for t in hit.targets)


def _in_pole(knowledge: Knowledge, hit: Hit, people: tuple[str, ...]) -> tuple[str, ...]:
    """`people`, or those of them in the pôle `hit` names, if it names one."""
    if not people or not _only_poles(hit):
        return people
    poles = {t.subject for t in hit.targets}
    members = {r.person_id for p in knowledge.poles if p.id in poles for r in p.members}
    return tuple(p for p in people if p in members)
