"""Questions that name one of our people but ask about them, not about their work.

- ``CHATTER_MIN_WORDS`` (2): a question that names one of our people in its asking sentence
  and, beside the name, mostly (more than half, and at least two) words our knowledge never
  uses about anyone's work — in no alias, cue, name, title, note or passage, offtopic phrases
  left out — asks about the person, not about their work (« Marine Purson était à la soirée
  d'hier ? », « Amel Alili pourrait me prêter son chargeur ? », « book a meeting with Clémence
  Lopez »): out of scope, the person offered, nobody presented (`chatter`). A question about
  their work stays answered: its other words are ours (« Estelle Saget elle couvre quels
  ministères ? », « Divine Tende est en alternance ou en poste fixe ? », 1 of 3).
- One word of an out-of-scope phrase that no work of ours uses (« sympa » of « plus sympa »,
  « marié », « drôle », « célibataire »; at least ``_JUDGED_MIN_CHARS`` letters) is enough
  beside the name: it judges or pries (« Julien Bouquillon est-il sympa ? »); in the asking
  sentence about someone referred to (« il », « elle »), whatever the context named, too
  (« Magali nous suit. Franchement, elle est compétente ou pas ? », `judging`). A remit is no
  judgement (« lequel est compétent pour les Sports ? »).
"""

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import alias_index
from bot.understanding.asker import asked_sentence
from bot.understanding.confidence import DOUBTED, OURS, about_asker, vocabulary
from bot.understanding.passages import passage_index
from bot.understanding.stems import QUESTION_WORDS, stem_words

CHATTER_MIN_WORDS = 2  # words: beside a person's name, this many words not of ours (`chatter`)
_JUDGED_MIN_CHARS = 4  # « sympa », « marié »: shorter words of out-of-scope phrases are grammar
# Words of those phrases that say nothing alone (« plus » of « plus sympa », « groupe sanguin »)
_GENERIC = frozenset({"plus", "moins", "etait", "from", "home", "groupe", "bureau", "signe"})
_GENERIC |= {"total", "annuel", "compagnie", "major", "prochain", "prochaine", "owner", "product"}
_GENERIC |= {"avis", "cabinet"}  # « un avis design », « un cabinet ministériel »
_SOMEONE = frozenset({"il", "elle", "lui"})  # someone referred to


def chatter(knowledge: Knowledge, text: str, intent: str, people: tuple[str, ...]) -> bool:
    """Whether `text`, read as about `people` (ids), asks about them rather than their work.

    True when the asking sentence names one of them (or refers back to them: « il », « elle »)
    and, beside the name, holds at least
    CHATTER_MIN_WORDS meaningful words, more than half of its others, that no alias, cue, name,
    title, note or passage of ours uses (offtopic phrases do not count as ours).
    """
    if intent != "person":
        return False
    index = alias_index(knowledge)
    asked = fold(asked_sentence(text)).split()
    names: set[str] = set()
    for ident in people:
        if ident in knowledge.people:
            names.update(index.names[ident][1] if ident in index.names else ())
            names.update(w for a in knowledge.people[ident].aliases for w in fold(a).split())
    # « …échanger avec Renaud Durand. Est-il plutôt du matin ou du soir ? »: the person of the
    # context, referred back to in the sentence that asks
    referred = _SOMEONE.isdisjoint(asked) is False and len(asked) < len(fold(text).split())
    if names.isdisjoint(asked) and not referred:
        return False
    others = [
        w
        for w in asked
        if w not in names and w not in QUESTION_WORDS and w not in index.fillers and not w.isdigit()
    ]
    words, stems, judged = _work_vocabulary(knowledge)
    strange = [w for w in others if w not in words]
    if len(strange) < CHATTER_MIN_WORDS and judged.isdisjoint(strange):
        return False
    if any(_judged(asked, at, judged) for at, w in enumerate(asked) if w in strange):
        return True  # « Julien Bouquillon est-il sympa ? », « Octave Bory est marié ? »
    strange = [w for w, stem in zip(strange, stem_words(strange), strict=True) if stem not in stems]
    strange = passage_index(knowledge, index.fillers).unseen(strange)
    return len(strange) >= CHATTER_MIN_WORDS and 2 * len(strange) > len(others)


def judging(knowledge: Knowledge, text: str, intent: str, words: list[str]) -> bool:
    """Whether the asking sentence of `text` judges or pries, for a reading presenting people.

    A word of an out-of-scope phrase that no work of ours uses (`_work_vocabulary`: « sympa »,
    « compétente », « marié ») in the sentence that asks, about someone referred to (« il »,
    « elle »…), not the asker's own (« je suis… », « notre… ») nor a remit (« compétente pour
    les Sports »), is out of scope whatever the context named (« Magali nous suit. Franchement,
    elle est compétente ou pas ? »).
    """
    if intent not in DOUBTED:
        return False
    judged = _judged_words(knowledge)
    if judged.isdisjoint(words):
        return False  # most questions (`words`: `text` folded)
    asked = fold(asked_sentence(text)).split()
    if _SOMEONE.isdisjoint(asked):
        return False  # « lequel est compétent… », « pour un avis design… »: nobody judged
    return any(_judged(asked, at, judged) for at in range(len(asked)))


def _judged(words: list[str], at: int, judged: frozenset[str]) -> bool:
    """Whether the word at `at` judges or pries: a judged word, not the asker's own, nor a remit
    (« compétente pour les Sports », « efficace sur l'accessibilité »)."""
    if words[at] not in judged or about_asker(words, at) or (at and words[at - 1] in OURS):
        return False
    return words[at + 1 : at + 2] not in (["pour"], ["sur"], ["en"])


@once_per_knowledge
def _work_vocabulary(
    knowledge: Knowledge,
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """`confidence.vocabulary` without the words of offtopic phrases and of out-of-scope
    phrases that no alias, cue, name or title uses (« sympa » of « plus sympa », « marie » of
    « mariée »), with the people's notes; its stems; and the judged words (`_judged_words`).

    Stems, so that « alternance » is the note « alternante ».
    """
    index = alias_index(knowledge)
    phrases = {w for phrase in (*index.offtopic, *index.outside) for w in phrase}
    offtopic = {w for phrase in index.offtopic for w in phrase}
    used, notes = _used_words(knowledge)
    words = (vocabulary(knowledge) - offtopic - (phrases - used)) | notes
    return frozenset(words), frozenset(stem_words(sorted(words))), _judged_words(knowledge)


@once_per_knowledge
def _judged_words(knowledge: Knowledge) -> frozenset[str]:
    """Words of out-of-scope phrases (not the offtopic ones, weighed by `doubt`) that no alias,
    cue, name, title or note uses, of at least _JUDGED_MIN_CHARS letters, the generic ones left
    out: they judge or pry (« sympa », « marié », « drôle »; `chatter`, `judging`)."""
    index = alias_index(knowledge)
    used, notes = _used_words(knowledge)
    judged = {w for phrase in index.outside for w in phrase if len(w) >= _JUDGED_MIN_CHARS}
    return frozenset(judged - used - notes - _GENERIC)


def _used_words(knowledge: Knowledge) -> tuple[set[str], set[str]]:
    """The words of our aliases, cues, fillers, names and titles; the words of people's notes."""
    index = alias_index(knowledge)
    used = set(index.fillers) | {w for key in index.aliases for w in key.split()}
    used.update(w for phrase in index.cues for w in phrase)
    used.update(w for _, name_words in index.names.values() for w in name_words)
    for pole in knowledge.poles:
        for role in pole.members:
            used.update(fold(role.title).split())
    notes = {w for p in knowledge.people.values() for w in fold(p.note).split()}
    return used, notes
