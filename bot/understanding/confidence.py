"""The confidence check: does the reading explain the sentence that asks, or only a word of it?

The alias reading picks an intent and a subject from cues; on its own it would answer with full
confidence a question whose subject is a small part of what is asked (« c'est vrai que le pôle
Accélération va être supprimé l'an prochain ? » is no « who is in the pôle »). Before a reading
that presents people is answered, `doubt` checks it against the asking sentence.

**The score, `asked_coverage` (0-100).** The asking sentence is the last sentence that ends
with « ? » (`asker.asked_sentence`; the whole text for most questions): the question's own
words decide, the context before it does not. Among its meaningful words (neither filler words
nor question words nor umbrella names, as in `scope.coverage`), the share the reading explains:
the words of the subject's aliases found there, and the words of every cue phrase (« qui
s'occupe de », « RP », « pôle »…). The words of an « offtopic » phrase are never explained, and
count twice: they say what is asked.

**Thresholds**, each tested on both sides (tests/unit/test_understanding_traps.py):

- ``DOUBT_COVERAGE`` (75, as `query.TRUSTED_COVERAGE`): an asking sentence that holds an
  « offtopic » phrase of intentions.yaml (a rumour, the future, logistics, a request to act, a
  citizen's errand, general knowledge; or « peux-tu », « pourriez-vous » with a verb that is no
  telling: « peux-tu inviter… », « pourriez-vous transmettre… »), not the asker's own news
  (right after « je suis », « je », « notre startup… »),
  is out of scope unless the reading explains at least this share of it. « Qui sera le RP de
  la Culture l'année prochaine ? » explains 2 of 7 (« année prochaine » twice): 28.6, out of
  scope, « Culture » offered; « Qui sont les responsables de portefeuille Santé, Solidarités,
  Enseignement supérieur et Recherche, pour un déjeuner ? » explains 7 of 9: 77.8, answered.
  In practice a one-word phrase needs six words explained beside it: the phrases are chosen so
  that a real question seldom holds one, and when it does, the honest « hors champ » with the
  subject offered is the lesser harm.
- ``UNSEEN_SHARE`` (70) and ``UNSEEN_MIN_WORDS`` (2): a message whose meaningful words are
  mostly (more than 70 %, and at least two of them) words the knowledge never uses — in no
  alias, cue, name, role title, filler word or passage of ours, nor in the French dictionary
  of simplemma — is not understood, whatever known word or fragment it holds (« blorp fnarg
  incub trsqx », 3 of 4): the subject found is offered, not answered. Sloppy questions stay
  below it (« ptf partenariats ki », 2 of 3; « pole accel ki ya dedans », 3 of 5).
- ``ELSEWHERE_MIN_WORDS`` (2): a question asked in its own sentence (« Combien mesure la tour
  Eiffel ? demande du pôle Partenariats ») whose reading explains none of it (0), with at least
  two meaningful words, no « qui », no word referring back to someone (« il », « son »), no cue
  of a person or a contact and no word of our work (« projet », « startup »…) is not understood:
  the subject of the context is offered, not answered (`elsewhere`).
- ``CHATTER_MIN_WORDS`` (2), in `chatter.py`: a question naming one of our people that asks
  about them, not about their work (« Marine Purson était à la soirée d'hier ? »).
- A message with characters but no word (« ????? », « 🍕🍕🍕 ») is not understood
  (`query.understand`); the help answers an empty mention or an explicit « aide ».
"""

import re

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.alias_hits import ngrams_from
from bot.understanding.aliases import STEM_KEY, AliasIndex, alias_index
from bot.understanding.asker import asked_sentence
from bot.understanding.cues import find_cues
from bot.understanding.errands import TOWARDS_US
from bot.understanding.passages import passage_index
from bot.understanding.scope import could_hold, coverage, self_described
from bot.understanding.stems import QUESTION_WORDS

DOUBT_COVERAGE = 75  # 0-100: with an offtopic phrase, a reading must explain this much
UNSEEN_SHARE = 70  # 0-100: above this share of words the knowledge never uses, not understood
UNSEEN_MIN_WORDS = 2  # words: fewer unseen words than this never make a message gibberish
DOUBTED = ("portfolio", "person", "role", "pole")  # readings that present people
ELSEWHERE_MIN_WORDS = 2  # meaningful words: a shorter asking sentence (« et lui ? ») follows on
# « qui », a name asked for, a word referring back to someone named before (« il fait quoi ? »)
_REACHING = frozenset(
    {
        *("qui", "ki", "quelqu", "qqn", "qq1", "personne", "interlocuteur", "interlocutrice"),
        *("il", "elle", "lui", "ils", "elles", "eux", "son", "sa", "ses", "leur", "leurs"),
        *("celui", "celle", "ceux", "y", "en"),
    }
)
_ASKING_FOR = frozenset({"portfolio", "person", "role", "pole", "contact", "lead"})  # cues


def offtopic_phrase(index: AliasIndex, words: list[str]) -> tuple[str, set[int]]:
    """The first « offtopic » phrase asked about in `words` (folded), and the positions of all.

    A phrase right after « je suis… » or « je » describes the asker (« je suis en congés jusqu'à
    lundi, qui me remplace… », « je quitte mon poste, à qui passer le relais ? »): it does not
    count. A phrase written « supprimera* » matches any ending (« supprimeras », « supprimerait »).
    « peux-tu » and a verb other than one of telling (« peux-tu prévenir… ») ask betabot to act.
    """
    found: list[tuple[int, int]] = []
    if not index.offtopic_first.isdisjoint(words):
        for start, end in ngrams_from(words, index.max_offtopic, index.offtopic_first):
            if tuple(words[start:end]) in index.offtopic:
                found.append((start, end))
    if index.offtopic_stems:
        for at, word in enumerate(words):
            for before, stem in index.offtopic_stems.get(word[:STEM_KEY], ()):
                start = at - len(before)
                if word.startswith(stem) and start >= 0 and tuple(words[start:at]) == before:
                    found.append((start, at + 1))
    found += _asked_to_act(words)
    found = [(a, b) for a, b in sorted(found) if not about_asker(words, a)]
    positions = {i for a, b in found for i in range(a, b)}
    return (" ".join(words[found[0][0] : found[0][1]]) if found else ""), positions


_TOKEN = re.compile(r"[^\W_]+")  # a word as typed, accents kept
# « peux-tu / tu peux / pourrais-tu » + a verb: asked of betabot, which answers and does nothing
# else; only these verbs (and « me », « nous »: « peux-tu me dire… ») ask for an answer.
_YOU_CAN = (
    *(("peux", "tu"), ("tu", "peux"), ("pourrais", "tu"), ("tu", "pourrais")),
    # asked politely (« Pourriez-vous transmettre à Adrien notre invitation ? »)
    *(("pouvez", "vous"), ("vous", "pouvez"), ("pourriez", "vous"), ("vous", "pourriez")),
)
# Words between « pourriez-vous » and its verb (« pouvez-vous s'il vous plaît me dire… »)
_POLITE = frozenset(
    {"svp", "stp", "s", "il", "vous", "te", "plait", "bien", "aussi", "egalement", "juste"}
    | {"eventuellement", "simplement", "rapidement", "donc", "alors", "par", "hasard"}
)
_TELLING = frozenset(
    {
        *("me", "m", "moi", "nous", "dire", "indiquer", "donner", "lister", "citer", "expliquer"),
        *("preciser", "rappeler", "montrer", "trouver", "orienter", "aider", "repondre"),
        *("confirmer", "presenter", "communiquer", "recommander", "conseiller", "resumer"),
        *("mettre", "identifier", "partager", "renseigner", "eclairer", "fournir", "svp"),
    }
)


def _asked_to_act(words: list[str]) -> list[tuple[int, int]]:
    """Where `words` ask betabot to do something (« peux-tu prévenir la RP… »): the verb's span."""
    found = []
    for i in range(len(words) - 2):
        if (words[i], words[i + 1]) in _YOU_CAN:
            at = i + 2
            while at < len(words) - 1 and words[at] in _POLITE:
                at += 1
            if words[at] not in _TELLING:
                found.append((at, at + 1))
    return found


_UNEXPLAINED = "\0"  # stands for an offtopic word: no alias, filler or cue is ever this
_FIRST_PERSON = frozenset({"je", "j", "nous"})  # « je quitte mon poste… »: the asker's own news
OURS = frozenset({"mon", "ma", "notre"})  # « notre startup va fermer… »: the asker's own too


def about_asker(words: list[str], start: int) -> bool:
    """Whether the phrase at `start` tells the asker's own news, not what is asked.

    « je suis en congés… », « je quitte mon poste… », « notre startup va fermer, qui prévenir ? »
    """
    if self_described(words, start) or (start > 0 and words[start - 1] in _FIRST_PERSON):
        return True
    return start >= 2 and words[start - 2] in OURS and words[start - 1] not in OURS


def asked_coverage(index: AliasIndex, words: list[str], keys: list[str]) -> float:
    """Share (0-100) of the meaningful `words` explained by the subject's `keys` and the cues.

    Words of an offtopic phrase are left unexplained, even when a cue holds them, and count
    twice: they say what is asked (« une blague sur les coachs du pôle Coaching produit ? »).
    """
    _, positions = find_cues(index, words)
    _, off = offtopic_phrase(index, words)
    marked = [i for i in sorted(off) if words[i] not in index.fillers]
    kept = [w if i not in off or w in index.fillers else _UNEXPLAINED for i, w in enumerate(words)]
    return coverage(index, kept + [_UNEXPLAINED] * len(marked), keys, positions - off)


def doubt(index: AliasIndex, text: str, words: list[str], intent: str, keys: list[str]) -> bool:
    """Whether a reading of `intent` naming a subject of alias `keys` leaves `text` out of scope.

    True when the asking sentence holds an offtopic phrase and the reading explains less than
    DOUBT_COVERAGE of it. `words`: the whole text, folded (no offtopic word there: no doubt).
    """
    if intent not in DOUBTED:
        return False
    stems = index.offtopic_stems
    can = (
        "tu" in words
        or "vous" in words
        or any(w.startswith(stem) for w in words for _, stem in stems.get(w[:STEM_KEY], ()))
    )
    if not can and not could_hold(index.offtopic, words):
        return False  # no offtopic phrase has all its words there
    words = fold(asked_sentence(text)).split()
    phrase, _ = offtopic_phrase(index, words)
    return bool(phrase) and asked_coverage(index, words, keys) < DOUBT_COVERAGE


def elsewhere(index: AliasIndex, text: str, intent: str, keys: list[str]) -> bool:
    """Whether the question of `text` is about something else than a subject of its context.

    « Combien mesure la tour Eiffel ? demande du pôle Partenariats »: the sentence that asks
    (ending with « ? ») holds none of the reading (no word of the subject, no cue), asks for
    nobody (no « qui », « contact »…), refers back to nobody (« il », « son »…) and names no
    work of ours (« projet », « startup »…, `errands.TOWARDS_US`), in at least
    ELSEWHERE_MIN_WORDS meaningful words: the subject came from the context only.
    """
    if intent not in DOUBTED:
        return False
    asked = asked_sentence(text)
    if asked == text.strip() or not asked.endswith("?"):
        return False
    words = fold(asked).split()
    if not _REACHING.isdisjoint(words) or not TOWARDS_US.isdisjoint(words):
        return False
    if sum(w not in index.fillers for w in words) < ELSEWHERE_MIN_WORDS:
        return False
    cues, _ = find_cues(index, words)
    if not _ASKING_FOR.isdisjoint(cues):
        return False
    return asked_coverage(index, words, keys) == 0


def gibberish(knowledge: Knowledge, text: str, words: list[str]) -> bool:
    """Whether most meaningful `words` (folded `text`) are words nobody uses.

    Cheap first: words of no alias, cue, name, title or filler of ours; only when those are
    too many do the passages (stemmed), then a French dictionary (simplemma, on the words as
    typed: « conçoit », « pédagogiques »), have the last word.
    """
    known = vocabulary(knowledge)
    fillers = alias_index(knowledge).fillers
    meaningful = [w for w in words if w not in QUESTION_WORDS and w not in fillers]
    strange = [w for w in meaningful if w not in known and not w.isdigit()]
    if not _too_many(strange, meaningful):
        return False
    strange = passage_index(knowledge, fillers).unseen(strange)
    if not _too_many(strange, meaningful):
        return False
    return _too_many(_not_french(text, strange), meaningful)


def _too_many(unseen: list[str], meaningful: list[str]) -> bool:
    """Whether `unseen` words are at least UNSEEN_MIN_WORDS and above UNSEEN_SHARE of all."""
    return len(unseen) >= UNSEEN_MIN_WORDS and 100 * len(unseen) > UNSEEN_SHARE * len(meaningful)


def _not_french(text: str, folded: list[str]) -> list[str]:
    """The `folded` words that no word of `text`, as typed, spells in the French dictionary."""
    import simplemma  # its dictionary loads in about half a second: only for such messages

    typed: dict[str, list[str]] = {}
    for token in _TOKEN.findall(text.lower()):
        typed.setdefault(fold(token), []).append(token)
    return [
        w for w in folded if not any(simplemma.is_known(t, lang="fr") for t in typed.get(w, [w]))
    ]


@once_per_knowledge
def vocabulary(knowledge: Knowledge) -> frozenset[str]:
    """Every folded word of an alias, cue phrase, name, role title or filler word of `knowledge`."""
    index = alias_index(knowledge)
    words = set(index.fillers)
    for key in index.aliases:
        words.update(key.split())
    for phrases in (index.cues, index.outside, index.offtopic):
        for phrase in phrases:
            words.update(phrase)
    for entries in index.offtopic_stems.values():
        words.update(w for before, _ in entries for w in before)
    for _, name_words in index.names.values():
        words.update(name_words)
    for pole in knowledge.poles:  # « pédagogique » is only in a title (« Ingénierie pédagogique »)
        for role in pole.members:
            words.update(fold(role.title).split())
    return frozenset(words)
