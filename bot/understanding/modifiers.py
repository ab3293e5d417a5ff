"""A one-word alias that only qualifies the person asked for, named by a noun we do not know.

« qui sont les mentors techniques ? », « qui sont les juristes techniques ? »: « technique » is
an alias of the community's CTO, but here it is an adjective of the person asked for
(« mentors », « juristes »), a noun no alias, cue or name of ours uses. Such an alias alone
does not carry the question: a longer alias the words spell closely (« mentor technique »)
still does, else the question is not understood. Only the noun asked for counts (« qui sont
les X… », « c'est qui les X… », « les X… ? »): « une question technique, à qui m'adresser ? »
or « qui s'occupe du secteur agricole ? » keep their alias, and so do « le référent
technique » (an alias of its own) and « le technique » (no noun before it).
"""

from bot.understanding.aliases import AliasIndex

_ARTICLES = frozenset({"le", "la", "l", "les", "un", "une", "des", "the"})
# What comes right before the article of the person asked for
_ASKING = frozenset(
    {("qui", "est"), ("qui", "sont"), ("c", "est"), ("est", "qui"), ("sont", "qui")}
    | {("quel", "est"), ("quels", "sont"), ("quelle", "est"), ("quelles", "sont")}
    | {("who", "is"), ("who", "are")}
)
_SHORTEST = 3  # letters: a shorter word is no noun to read (« l », « d »)


def qualifying(index: AliasIndex, words: list[str]) -> frozenset[int]:
    """Positions in folded `words` of the word right after the unknown noun of the person asked
    for (« qui sont les mentors techniques ? »: that of « techniques »)."""
    found: set[int] = set()
    for at in range(2, len(words)):
        if words[at - 2] not in _ARTICLES or words[at - 1] in _ARTICLES:
            continue
        if words[at] in index.cue_first:
            continue  # « le big boss » : a cue of ours is the noun itself
        if at > 2 and tuple(words[at - 4 : at - 2]) not in _ASKING:
            continue
        # « les mentors techniques, c'est qui ? », not « un projet DGCCRF, c'est quel RP ? »
        if at == 2 and any(w not in index.fillers for w in words[at + 1 :]):
            continue
        if not _known(index, words[at - 1]):
            found.add(at)
    return frozenset(found)


def only_qualifies(index: AliasIndex, words: list[str], key: str) -> bool:
    """Whether the one-word alias `key`, spelt in `words`, only qualifies an unknown noun."""
    return " " not in key and any(words[at] == key for at in qualifying(index, words))


def _known(index: AliasIndex, word: str) -> bool:
    """Whether `word` is one the knowledge uses: an alias, a cue's word even in the plural
    (« les référents techniques » ask for a référent), a name's, a filler. A noun only some
    longer alias starts with is not (« mentors » of « mentor technique »: that alias, spelt
    closely, is then what the words name)."""
    if len(word) < _SHORTEST or word in index.fillers or word in index.aliases:
        return True
    if word in index.name_words or word in index.umbrella_words or word in index.cue_first:
        return True
    return word.endswith(("s", "x")) and word[:-1] in index.cue_first
