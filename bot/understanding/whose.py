"""Whose people a role question asks about: the incubator's, or another team's or body's.

« le coach de Ma Cantine c'est qui ? », « qui est le CTO de la DGFiP ? », « la PO de mon
équipe », « le boss de la DGFiP », « qui fait la com à la préfecture ? »: a role of ours (an
alias of a role) followed by a complement that names another team or body asks for someone
betabot does not know. Naming our coaches or our CTO there would be a confident wrong answer:
the question is out of scope (`someone_elses`), and the answer says whose people it does not
know, offering our pôle as a subject, never a person.

The complement is what follows the role's words, after a linking word:

- « de », « du », « des », « d' », « of » (whose): it counts only after a person noun (« le
  coach de… », « la référente accessibilité du ministère… »). A role named by its topic
  (« l'accessibilité de notre site », « la sécurité de notre produit ») asks for our help on
  the asker's work, which is ours to give;
- « chez », « à », « au », « aux », « dans », « at », « in » (where): always (« qui s'occupe de
  l'accessibilité chez Doctolib ? », « qui fait la com à la préfecture ? »), except the
  asker's own work after a topic (« une faille de sécurité dans notre API »);
- one word may come in between (« le coach actuel de… », « la référente accessibilité
  interne du ministère… »), unless it is a word of ours (« le chef du département Incubateur
  de services numériques »); a relative clause of work says where the person works (« l'EIG
  qui travaille sur notre projet », « le dev qui bosse chez X »); a head verb takes its object
  directly (« qui dirige France Travail ? »).

A person noun right after a possessive and asked for (« Qui est notre designer ? », « qui est
leur développeur principal ? ») is that team's own, except the names the incubator gives a team
(RP, responsable, référent, interlocuteur, contact). For a ministry's reading, a role that no
word of ours names, asked of someone or somewhere (« qui est l'ambassadeur de France… ? », read
from its likeness to « ambassade »), is another body's too. Only the sentence that asks is read
(« Notre coach est en congé. Qui… ? »). The asker's own role is no question (« je suis coach de
la startup X, qui… », « je pilote un produit à la DRAAF… »). For a ministry's reading (« le
responsable de la Santé » asks for its RP), only a head (« qui dirige », « le directeur de »,
« à la tête de ») of one of its bodies that is not the ministry itself counts (« France
Travail », « l'ANTS », « la CNAF »).

It names another team or body when, after articles, it starts with a possessive other than
« votre » (« de notre produit », « de mon incubateur »: the asker's own), with a word of
« others » in intentions.yaml (« la startup », « la préfecture », « l'équipe X »…), with the
alias of a ministry or body of portefeuilles.yaml (« de la DGFiP », « de l'ANCT »), or with a
capitalised name the knowledge never uses (« chez Doctolib », « de DossierFacile »). It is
ours when it names the incubator, the DINUM, beta.gouv, the community, a pôle or one of our
people (« le patron de beta.gouv », « le CTO des produits incubés à l'ISN »), or when nothing
follows the role (« qui est le coach à contacter à l'incubateur ? »).
"""

from rapidfuzz import fuzz, process

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import AliasIndex, alias_index
from bot.understanding.asker import asked_sentence
from bot.understanding.scope import alias_parts, self_described
from bot.understanding.teams import (
    IS_WHO,
    POSSESSIVES,
    Words,
    body_named,
    named_elsewhere,
    other_team,
    team_words,
    their_own,
)

_WHOSE = frozenset({"de", "du", "des", "d", "of"})
_WHERE = frozenset({"chez", "a", "au", "aux", "dans", "at", "in"})
# « l'EIG qui travaille sur notre projet »: a relative clause of work, then where (`_between`)
_WORKS = frozenset(
    {"travaille", "travaillent", "bosse", "bossent", "intervient", "code", "codent"}
    | {"developpe", "developpent", "bossait", "travaillait"}
)
_ON = frozenset({"sur", "chez", "a", "au", "aux", "dans", "pour"})
_LINKS = _WHOSE | _WHERE | _ON
# Words that end a role's phrase: an adjective never is one of them (`_between`)
_STOPS = frozenset({"pour", "sur", "qui", "que", "c", "est", "et", "ou", "avec", "ce", "il"})
_QUESTION = frozenset({"svp", "merci", "stp", "please", "exactement", "actuellement"})
# What comes right before a role asked without « de » (« le coach Ma Cantine », « coach ma
# cantine ? »), not a noun it qualifies (« une question RH : mon contrat… »)
_BARE_BEFORE = frozenset({"le", "la", "l", "les", "qui", "est", "c"})
_HEAD_VERBS = frozenset({"dirige", "dirigent", "pilote", "pilotent", "preside", "chapeaute"})
_TYPO = 80  # 0-100: a role word this alike a person noun or cue of ours is a typo of it


def someone_elses(
    knowledge: Knowledge, text: str, words: list[str], intent: str, keys: list[str]
) -> bool:
    """Whether a reading of `intent` (role, pôle or ministry) asks for another team's people.

    Each person noun of `words` (« coach », « responsable », « dev »…) and each occurrence of
    the reading's alias `keys` is looked at, except where the asker describes themselves
    (« je suis coach de la startup X, qui… »). `text` is the question as typed (for
    capitalised names). For a ministry's reading (`intent` « portfolio »), the ministry named
    after a noun is its RP's (« le responsable de la Santé »): only a head (« qui dirige
    France Travail ? ») of a body that is not the ministry itself counts (`teams.body_named`).
    """
    if _LINKS.isdisjoint(words) and _HEAD_VERBS.isdisjoint(words) and POSSESSIVES.isdisjoint(words):
        return False  # nothing follows a role, nor is one anyone's (most questions)
    index = alias_index(knowledge)
    vocabulary = team_words(knowledge)
    spans = _spans(index, vocabulary, words, keys)
    if not spans and intent != "portfolio":
        return False
    asked = _asked_from(text, words)
    if intent == "portfolio" and _unknown_role(index, vocabulary, words, asked):
        return True  # « qui est l'ambassadeur de France en Allemagne ? »
    for first, end, staffed in spans:
        if first < asked:
            continue  # the context (« Notre coach est en congé. Qui… ? »)
        # the asker's own role is no question (« je suis coach de la startup X, qui… »)
        span = (first, end, staffed)
        if _asks_of_another(index, vocabulary, (text, words, intent), span) and not _the_askers(
            words, first
        ):
            return True
    return False


def _asks_of_another(
    index: AliasIndex,
    vocabulary: Words,
    question: tuple[str, list[str], str],
    span: tuple[int, int, bool],
) -> bool:
    """Whether the role at `span` (first, end, staffed: `_spans`) of `question` (text, folded
    words, the reading's intent) is asked of another team."""
    text, words, intent = question
    first, end, staffed = span
    if intent != "pole" and staffed and their_own(index, vocabulary, text, words, first):
        return True  # « Nous sommes une équipe de l'ANCT. Qui est notre designer ? »
    if end >= len(words):
        return False
    step = 0
    if words[end] not in _WHOSE and words[end] not in _WHERE and end + 1 < len(words):
        step = _between(index, vocabulary, words, end)  # « …accessibilité interne du… »
    end += step
    link = words[end] if end < len(words) else ""
    if not step and words[first] in _HEAD_VERBS and link not in _LINKS:
        link, end = "de", end - 1  # « qui dirige France Travail ? »: its object follows
    elif (
        not step
        and intent == "role"
        and staffed
        and (not first or words[first - 1] in _BARE_BEFORE)
        and _named_right_after(index, text, link)
    ):
        link, end = "de", end - 1  # « coach ma cantine ? », « le dev DossierFacile »
    if step and link in _ON and words[end - 1] in _WORKS:  # « l'EIG qui travaille sur…
        link, staffed = "chez", True  # and where they work
    if link in _WHOSE and not staffed:
        return False  # « l'accessibilité de notre site »: our help on their work
    if link not in _WHOSE and link not in _WHERE:
        return False  # « le coach à contacter… », « le CTO, c'est qui ? »
    after = words[end + 1 :]
    if intent == "portfolio":
        if words[first] in vocabulary.heads and body_named(index, vocabulary, after):
            return True  # « qui dirige France Travail ? », « le directeur de l'ANTS »
        # « le référent RGPD de l'Éducation nationale »: a title of that ministry, no RP
        titled = step == 1 and words[end - 1] in vocabulary.topics
        return other_team(index, text, after, vocabulary, bodies=titled)
    return other_team(index, text, after, vocabulary, bodies=True, theirs=staffed)


def _spans(
    index: AliasIndex, vocabulary: Words, words: list[str], keys: list[str]
) -> list[tuple[int, int, bool]]:
    """(first, end, staffed) of every role word in `words`: the longest occurrences of `keys`,
    and every person noun outside them. `staffed`: a person noun is among or right before
    the words (« le coach », « la référente accessibilité »), not only a topic."""
    nouns = vocabulary.nouns
    spans: list[tuple[int, int, bool]] = []
    if keys:
        positions = [i for i, w in enumerate(words) if w not in index.fillers]
        bare = [words[i] for i in positions]
        starts: dict[str, list[int]] = {}
        for at, word in enumerate(bare):
            starts.setdefault(word, []).append(at)
        split = alias_parts(index)
        for key in dict.fromkeys(keys):  # several holders share keys (« coach »)
            parts = split[key][1] if key in split else key.split()
            n = len(parts)
            for start in starts.get(parts[0], ()):
                if bare[start : start + n] == parts:
                    first, end = positions[start], positions[start + n - 1] + 1
                    if not POSSESSIVES.isdisjoint(words[first:end]):
                        continue  # « coach de notre produit » is no « coach produit »
                    before = words[max(0, first - 2) : first]
                    staffed = not nouns.isdisjoint(parts) or not nouns.isdisjoint(before)
                    spans.append((first, end, staffed))
    # a key inside a longer one (« dirige l'incubateur » in « …l'incubateur de services
    # numériques ») is no role of its own
    spans = [
        (a, b, staffed)
        for a, b, staffed in spans
        if not any(c <= a and b <= d and (c, d) != (a, b) for c, d, _ in spans)
    ]
    inside = {i for first, end, _ in spans for i in range(first, end)}
    spans += [(i, i + 1, True) for i, w in enumerate(words) if w in nouns and i not in inside]
    # « qui code sur le produit X ? », « qui bosse chez X ? »: whoever works there
    spans += [
        (i, i + 1, True)
        for i, w in enumerate(words[:-2])
        if w == "qui" and words[i + 1] in _WORKS and words[i + 2] in _ON
    ]
    return spans


def _named_right_after(index: AliasIndex, text: str, word: str) -> bool:
    """Whether `word`, right after a role without « de », names whose it is: a possessive
    (« coach ma cantine ? ») or a capitalised name of no alias of ours (« dev DossierFacile »)."""
    if word in POSSESSIVES - {"votre", "vos"}:
        return True
    return bool(word) and named_elsewhere(index, text, word)


def _unknown_role(index: AliasIndex, vocabulary: Words, words: list[str], asked: int) -> bool:
    """Whether the sentence that asks (from `asked`) asks for a role no word of ours names, of
    someone or somewhere (« qui est l'ambassadeur de France… ? », « qui est le consul à… ? »,
    read as a ministry from one word's likeness to « ambassade », « consulat »).

    The role is the word right after « qui est le / la / l' » or « c'est qui le… », followed by
    « de », « à », « chez »…: no alias, cue or filler word of ours, nor a typo of a person noun
    or cue of ours (« le responsble de la Santé »: `_TYPO` or more alike).
    """
    for at in range(max(asked, 3), len(words) - 1):
        if words[at - 1] not in ("le", "la", "l") or tuple(words[at - 3 : at - 1]) not in IS_WHO:
            continue
        word = words[at]
        if words[at + 1] not in _WHOSE and words[at + 1] not in _WHERE:
            continue
        if word in vocabulary.nouns or word in vocabulary.cues or word in index.alias_first:
            continue
        if word in index.fillers or word in index.name_words:
            continue
        near = process.extractOne(word, vocabulary.known, scorer=fuzz.ratio, score_cutoff=_TYPO)
        if near is None:
            return True
    return False


def _asked_from(text: str, words: list[str]) -> int:
    """Where, in folded `words` (`text`), the sentence that asks begins (0: the whole text)."""
    asked = fold(asked_sentence(text)).split()
    start = len(words) - len(asked)
    return start if start > 0 and words[start:] == asked else 0


def _between(index: AliasIndex, vocabulary: Words, words: list[str], end: int) -> int:
    """How many words to step over after a role before its link: an adjective (« le coach
    actuel de… »: 1), a relative clause saying where the person works (« l'EIG qui travaille
    sur notre projet », « le dev qui bosse chez X »: 2, its link « sur » read as « chez »), or 0.
    """
    word = words[end]
    if word == "qui" and end + 2 < len(words) and words[end + 1] in _WORKS:
        return 2 if words[end + 2] in _ON else 0
    if word in _WORKS and words[end - 1] == "qui" and words[end + 1] in _ON:
        return 1  # « qui code sur le produit X »: the span is « qui », its verb then where
    if word in _STOPS or word in _QUESTION or end + 1 >= len(words):
        return 0
    linked = words[end + 1] in _WHOSE or words[end + 1] in _WHERE
    if word in vocabulary.topics and words[end - 1] in vocabulary.nouns and linked:
        return 1  # « le responsable sécurité de France Travail »: a title of that body
    if word in index.alias_first or word in vocabulary.ours or word in index.fillers:
        return 0  # « le chef du département Incubateur de… »: a word of ours goes on
    return 1 if linked else 0


_I = frozenset({"je", "j", "nous", "on", "i", "we"})
_I_AM = (("i", "m"), ("i", "am"), ("we", "are"))  # English left as it is by `english.in_french`


def _the_askers(words: list[str], start: int) -> bool:
    """Whether the role at `start` describes the asker (« je suis coach de la startup X »)."""
    if self_described(words, start, titles=True) or (start and words[start - 1] in _I):
        return True  # « je suis développeur dans… », « je pilote un produit à la DRAAF »
    before = words[max(0, start - 4) : start]
    return any(tuple(before[i : i + 2]) in _I_AM for i in range(len(before) - 1))
