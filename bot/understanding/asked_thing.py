"""The thing a question asks for (« quelle formation… », « existe-t-il un fonds… »).

« Quelle formation est accessible aux incubateurs du réseau ? » asks for a formation, not for
the page of the network's incubators that its other words name; « Existe-t-il une formation de
référence ? » is not asking who is in charge of training; « De quel fonds s'agit-il ? » asks
for a fund, not for the ministry of the context. The noun after « quel » (« which » read in
French), or after « existe-t-il un », « y a-t-il un », names what the answer must hold: when
the answer found does not hold it and a few passages of the knowledge do (their own text or
their title, at most MAX_HOLDERS; else their subject's aliases: « quels avantages… ? »), the
one of them covering most of the question answers, its part holding the thing first (the
whole topic when only its title or its aliases name the thing). A passage found by the whole
question gives way only to one covering as much (« quelle est la condition pour… » is answered
by a passage that never says « condition »).

A noun that asks for someone (« quel coach », « quel interlocuteur ») or about the subject
named (« quel est le rôle de… », « quelle adresse ») is no thing asked: the reading stands.
The question words are grammar: they live here; the people's nouns are read from the titles.
"""

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.aliases import alias_index
from bot.understanding.asker import asked_sentence
from bot.understanding.passage_cuts import Passage
from bot.understanding.passages import PassageIndex, passage_index
from bot.understanding.query_model import Query
from bot.understanding.subject import WHO_WORDS
from bot.understanding.teams import team_words

# At most this many passages hold the noun: a rarer word names one thing (« formation »,
# « fonds »); a common one (« startup », « programme ») names none in particular.
MAX_HOLDERS = 8

# The readings a thing asked may replace: a person's card, a pôle's, a topic's whole page, a
# passage found by the whole question (when a holder of the thing covers as much of it)
_READINGS = frozenset({"role", "portfolio", "person", "pole", "topic", "passage"})
_WHICH = frozenset({"quel", "quelle", "quels", "quelles"})
_BE = frozenset({"est", "sont", "etait", "serait", "seraient"})
_ARTICLES = frozenset({"le", "la", "les", "l", "un", "une", "des", "d", "du"})
_SOME = frozenset({"un", "une", "des", "d", "du"})  # « existe-t-il une formation… »
_EXIST = (("existe", "t", "il"), ("y", "a", "t", "il"), ("il", "existe"), ("il", "y", "a"))
# Nouns that ask for someone, a team or a ministry: the people's card answers them
_SOMEONE = frozenset(
    {
        "personne", "personnes", "quelqu", "gens", "membre", "membres", "equipe", "equipes",
        "pole", "poles", "service", "departement", "ministere", "ministeres", "portefeuille",
        "agent", "agents", "collegue", "collegues", "contact", "contacts", "responsable",
        "responsables", "interlocuteurs", "interlocutrices", "referents", "referentes",
        "person", "people", "someone", "team",
    }
)  # fmt: skip
# Endings of the nouns that name people by their work (folded, singular)
_WORKER = ("eur", "euse", "rice", "iste", "ant", "ante", "ent", "ente", "ien", "ienne", "er")
# Nouns that ask about the subject named (its role, its address…) or for a date or number
_ABOUT = frozenset(
    {
        "role", "roles", "fonction", "fonctions", "poste", "postes", "titre", "nom", "noms",
        "mission", "missions", "adresse", "mail", "email", "courriel", "numero", "telephone",
        "lien", "url", "site", "jour", "date", "annee", "heure", "mois", "etage", "age",
        "salaire", "taille", "nombre", "difference", "sujet", "sujets", "question", "chose",
        "perimetre", "perimetres", "type", "types", "genre", "sorte", "autre", "autres", "cas",
        "element", "elements", "temps", "moment", "fois", "meteo",
    }
)  # fmt: skip


def asked_noun(words: list[str]) -> tuple[str, ...]:
    """The noun a question's folded `words` ask for and the word after it, or ().

    « quelle formation… », « de quel fonds… », « quelles sont les ressources… », « existe-t-il
    une formation… », « y a-t-il un marché… ». The word after is the noun when the first is an
    adjective before it (« quelle nouvelle formation », « which shared training »).
    """
    for i, word in enumerate(words):
        if word in _WHICH:
            rest = words[i + 1 : i + 5]
            if rest[:1] and rest[0] in _BE:
                rest = rest[1:]
        else:
            phrase = next((e for e in _EXIST if _at(words, i, e)), ())
            rest = words[i + len(phrase) : i + len(phrase) + 3] if phrase else []
            if rest[:1] and rest[0] not in _SOME:
                continue  # « depuis quand existe-t-il en tant que… »: no thing named
        if rest and rest[0] in _ARTICLES:
            rest = rest[1:]
        if rest:
            return () if rest[0] in _ARTICLES or rest[0] in _BE else tuple(rest[:2])
    return ()


def _at(words: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether `words` hold `phrase` from position `i`."""
    return tuple(words[i : i + len(phrase)]) == phrase


def thing_first(query: Query, text: str, words: list[str], knowledge: Knowledge) -> Query:
    """`query`, or the passage holding the thing the sentence that asks wants (module doc);
    `words`: the folded words of `text`."""
    if query.intent not in _READINGS:
        return query  # nothing understood, out of scope, help, postings: no thing to find
    if _WHICH.isdisjoint(words) and "existe" not in words and "il" not in words:
        return query  # most questions: no « quel », no « existe-t-il », no « y a-t-il »
    asked = fold(asked_sentence(text)).split()
    if WHO_WORDS.intersection(asked):
        return query  # « qui dirige ce programme et quelle promotion… »: someone asked too
    nouns = asked_noun(asked)
    if not nouns or not _thing(nouns[0], knowledge):
        return query
    passages = passage_index(knowledge, alias_index(knowledge).fillers)  # built at first need
    noun = nouns[0]
    if len(nouns) > 1 and not passages.having.get(next(iter(passages.stems(noun)), "")):
        noun = nouns[1]  # an adjective no text of ours holds (« shared »): the noun is next
        if not _thing(noun, knowledge):
            return query
    stems = passages.stems(noun)
    if not stems:
        return query
    holders = passages.titled_or_own(stems[0], MAX_HOLDERS)
    if not holders:  # « quels avantages… ? »: a topic's alias only (« avantages du réseau »)
        named = passages.having.get(stems[0], [])
        holders = list(named) if len(named) <= MAX_HOLDERS else []
    if not holders:
        return query
    if _holds(query, holders, passages):
        return query
    found = passages.search(text, boost=" ".join(asked), among=frozenset(holders))
    if found is None or (query.intent == "passage" and found.score < query.coverage):
        return query  # a passage found by the whole question, covering more, stands
    passage = found.passage
    if stems[0] not in passages.own[passages.position[passage.id]] and passage.kind == "topic":
        # the title only names the thing (« Les ressources d'un incubateur »): the whole topic
        return Query("topic", passage.ref, query.score, text=text, coverage=found.score)
    part = passages.part_asked(passage, noun)  # the part holding the thing, first
    return Query("passage", passage.id, query.score, text=text, coverage=found.score, part=part)


def _thing(noun: str, knowledge: Knowledge) -> bool:
    """Whether `noun` names a thing: not someone, nor what is asked about a subject.

    Someone: a head noun of the roles' titles (« coach »), a noun of `_SOMEONE`, or a noun
    shaped as French names people by their work (« designer », « développeur », « juriste »,
    « alternante », « référent »; not « financement »). A thing mistaken for someone keeps
    the reading, as before: the safe side.
    """
    single = noun[:-1] if noun.endswith(("s", "x")) else noun  # « coachs »: a « coach »
    if single in _SOMEONE or noun in _SOMEONE or noun in _ABOUT or noun in WHO_WORDS:
        return False
    if single.endswith(_WORKER) and not single.endswith("ment"):
        return False
    nouns = team_words(knowledge).nouns  # the people's nouns: their titles', « dev », « boss »…
    return noun not in nouns and single not in nouns


def _holds(query: Query, holders: list[int], passages: PassageIndex) -> bool:
    """Whether the answer of `query` shows one of the `holders` (positions of passages)."""
    held: list[Passage] = [passages.passages[i] for i in holders]
    if query.intent == "passage":
        return any(p.id == query.subject for p in held)
    if query.intent not in ("topic", "pole"):
        return False  # a person's card holds no thing
    return any(p.kind == query.intent and p.ref == query.subject for p in held)
