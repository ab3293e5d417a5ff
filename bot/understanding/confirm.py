"""Confirmation questions: « pour les Sports, c'est bien Clémence ? ».

The asker names a subject and the person they believe holds it, in either order (« c'est
bien Magali pour le Logement ? » asks about the Logement, `confirmed_subject`). The answer is
the true holder of the subject; when the person named is not them, the Query says so
(`Query.not_holders`) so that the answer makes the mistake visible instead of letting it pass.
"""

from dataclasses import replace

from bot.knowledge.lookup import lookup
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import AliasIndex
from bot.understanding.ministry import named_ministries
from bot.understanding.reading import Query

# « c'est bien X », « est-ce X », « c'est toujours X »: a name right after these is checked
_CHECKING = frozenset({"bien", "est", "toujours", "encore", "cest", "etait"})
_REACH = 2  # words: how far after « bien » / « c'est » the name may come
# « On m'a orienté vers Thibault… C'est bien lui ? »: the one person the message names
_PRONOUNS = frozenset({"lui", "elle"})


def confirmed_subject(query: Query, index: AliasIndex, knowledge: Knowledge) -> Query:
    """« c'est bien Magali pour le Logement ? »: the ministry is asked, the name is checked.

    A question that names a person after « c'est (bien) », « est-ce » and a ministry asks who
    follows the ministry; `checked_holder` then says whether the name given is right.
    """
    if query.intent != "person" or query.also or not query.subject:
        return query
    words = fold(query.text).split()
    if query.subject not in _guessed(index, words):
        return query
    ministries = named_ministries(index, words)
    if not ministries:
        return query
    return Query("portfolio", ministries[0], query.score, text=query.text, also=ministries[1:])


def _guessed(index: AliasIndex, words: list[str]) -> set[str]:
    """The people named (or pointed at by « lui », « elle ») right after a checking word."""
    guessed: set[str] = set()
    for at, word in enumerate(words):
        if not _checked(words, at):
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


def checked_holder(query: Query, index: AliasIndex, knowledge: Knowledge) -> Query:
    """`query` (a ministry's contact) with the people the asker guessed wrongly, if any."""
    if query.intent != "portfolio" or not query.subject:
        return query
    guessed = _guessed(index, fold(query.text).split())
    if not guessed:
        return query
    ministries = lookup(knowledge).ministries
    holders = {ministries[m][0].owner_id for m in (query.subject, *query.also) if m in ministries}
    if guessed & holders:
        return query  # the right person among those the name may mean
    return replace(query, not_holders=tuple(sorted(guessed)))
