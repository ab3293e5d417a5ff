"""A pôle narrowed to the members a question names by their title (« les experts du pôle »)."""

from bot.understanding.alias_hits import Hit, ngrams_from
from bot.understanding.aliases import AliasIndex, title_stem

_POLE_WORDS = frozenset({"pole", "poles"})


def asks_members(index: AliasIndex, words: list[str]) -> bool:
    """Whether a cue of several words asks for a pôle's members (« qui sont les membres du »)."""
    return any(
        "pole" in index.cues.get(tuple(words[start:end]), ())
        for start, end in ngrams_from(words, index.max_cue, index.cue_first)
        if end - start > 1
    )


def in_pole(hit: Hit, pole_id: str) -> bool:
    """Whether every role of `hit` is held in the pôle `pole_id` (a person always is)."""
    return all(t.intent != "role" or t.subject.startswith(f"{pole_id}/") for t in hit.targets)


def titled(index: AliasIndex, pole: Hit, rest: list[str]) -> Hit | None:
    """« combien d'experts au pôle Accélération »: the members whose title holds a word asked.

    A word of some members' titles only (« experts », « référents », « chargés ») narrows the
    pôle to them; a word of every title (« portefeuille » in Partenariats) does not.
    """
    titles = index.title_words.get(pole.targets[0].subject)
    if not titles:
        return None
    for word in rest:
        targets = titles.get(title_stem(word)) if word not in _POLE_WORDS else None
        if targets:
            return Hit(word, 100.0, 1, list(targets))
    return None
