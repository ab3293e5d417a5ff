"""Long messages: the subject the asking sentence names, and what the context only describes.

`query.understand` applies these after the alias reading: the asking sentence's subject wins
over the context's (`asked_subject`), an out-of-scope phrase of the context does not hide it
(`scope_words`), « à part son responsable » leaves the head out (`but_the_head`), « où est-elle
décrite ? » is no address question (`written_where`); a ministry only of the context gives way
to what the asking sentence asks (`_asked_instead`).
"""

from dataclasses import replace

from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.alias_hits import ngrams_from
from bot.understanding.aliases import MATCH_THRESHOLD, AliasIndex, strip_fillers
from bot.understanding.asker import asks_someone, possessed
from bot.understanding.choose import best_passage
from bot.understanding.cues import find_cues
from bot.understanding.passages import passage_index
from bot.understanding.query_model import Query
from bot.understanding.reading import read_aliases
from bot.understanding.scope import meaningful, self_described
from bot.understanding.thresholds import PASSAGE_THRESHOLD

WHERE_TOPIC = "adresse"  # the topic « où… » asks for, when no other subject is named
_NAMED = frozenset({"person", "role", "pole", "portfolio"})
_WHO_NAMED = frozenset({"person", "role"})  # what a fuzzy « qui… » sentence may still name
_SCOPED = _NAMED | {"topic"}  # « …du Premier ministre. À quel étage est l'incubateur ? »
_EXCEPT = (("a", "part"), ("sauf",), ("hormis",), ("excepte",), ("hors",))
_PLURAL = frozenset({"nos", "lesquels", "lesquelles", "respectifs", "respectives"})
# « Vous pouvez nous dire les deux RP ? », « qui nous suit chacun ? »
_PLURAL |= {"deux", "trois", "quatre", "chacun", "chacune", "respectivement", "interlocuteurs"}
_EXCEPT_REACH = 3  # words: how far after « à part » the head may be named


def asked_subject(
    index: AliasIndex, text: str, asked: str, words: list[str], base: Query, knowledge: Knowledge
) -> Query:
    """In a message of several sentences, the subject the asking sentence names, if it names one.

    « Dans le pôle Accélération il y a un responsable et plusieurs experts. Pourriez-vous me
    donner les noms des experts ? » asks for the experts; the context's words (a responsable,
    a coach, an RSSI) do not outvote it. An asking sentence naming nobody (« C'est qui ? »)
    leaves the whole message's reading. `asked` is `asker.asked_sentence(text)`.
    """
    if asked == text.strip() or base.intent in ("unknown", "outside"):
        return base
    asked_words = fold(asked).split()
    if len(asked_words) == len(words):
        return base
    read = read_aliases(index, asked_words, text, knowledge)
    # « On a un devis bloqué côté DINUM. Qui sont les référents techniques ? »: a reasons word
    # of the context is no question; a role named in another form (« référents » for « référent
    # technique ») is still the one asked for, when the context names no subject of its own.
    inflected = base.intent == "reasons" and not base.subject and read.intent in _WHO_NAMED
    least = MATCH_THRESHOLD if inflected else 100
    if read.intent not in _NAMED or not read.subject or read.score < least:
        return base  # nothing named, or only something like a word of it
    if base.subject.startswith(f"{read.subject}/"):
        return base  # « l'accessibilité… au pôle Animation ? »: the role asked is in that pôle
    if base.intent == "portfolio" and read.intent == "pole" and _holds(knowledge, read, base):
        return base  # « …au Quai d'Orsay. Qui est notre interlocuteur au pôle Partenariats ? »
    return read


def _holds(knowledge: Knowledge, pole: Query, ministry: Query) -> bool:
    """Whether the person in charge of `ministry` is a member of `pole`."""
    owners = {
        p.owner_id
        for p in knowledge.portfolios
        if any(m.id == ministry.subject for m in p.ministries)
    }
    members = {r.person_id for p in knowledge.poles if p.id == pole.subject for r in p.members}
    return not owners.isdisjoint(members)


def context_ministries(index: AliasIndex, asked: str, base: Query) -> Query:
    """In a message of several sentences, the other ministries listed are the asking sentence's.

    « …avec l'Enseignement supérieur (pas le ministère du Logement). Qui est notre responsable
    de portefeuille ? » asks for one ministry's contact: a ministry the context only mentions
    is no second question. An asking sentence in the plural that names none (« Qui sont nos
    RP ? ») keeps every ministry of the message.
    """
    if base.intent != "portfolio" or not base.also:
        return base
    asked_words = fold(asked).split()
    text = f" {' '.join(asked_words)} "
    named = [s for s in base.also if any(f" {k} " in text for k in index.keys_of.get(s, []))]
    plural = not _PLURAL.isdisjoint(asked_words) or "qui sont" in text
    if not named and plural:
        return base
    return replace(base, also=tuple(named))


_PRONOUNS = frozenset({"il", "elle", "lui", "son", "sa"})  # « il fait quoi ? », « son rôle »
_WHAT_ROLE = frozenset({"role", "poste", "fait", "occupe", "fonction", "quoi", "qui"})


def person_referred(index: AliasIndex, asked: str, words: list[str], base: Query) -> Query | None:
    """« J'ai un rendez-vous avec Nicolas Tourneur jeudi. Il fait quoi à l'incubateur ? »

    The asking sentence asks about someone by a pronoun (« il », « son rôle ») and names no
    subject itself: the one person the message names in full is the subject.
    """
    asked_words = set(fold(asked).split())
    if _PRONOUNS.isdisjoint(asked_words) or _WHAT_ROLE.isdisjoint(asked_words):
        return None
    present = set(words)
    named = [p for p, (_, parts) in index.names.items() if parts <= present]
    if len(named) != 1:
        return None
    return Query("person", named[0], 100.0, text=base.text)


def scope_words(
    index: AliasIndex, text: str, asked: str, words: list[str], base: Query
) -> list[str]:
    """Where an out-of-scope phrase counts: the asking sentence when it names the subject.

    « Notre RSSI est injoignable. Y a-t-il un expert cybersécurité à l'incubateur ? » asks for
    the expert; « Je voudrais le téléphone de Maël Inizan. Vous me le donnez ? » stays out of
    scope (the asking sentence names nobody).
    """
    if base.intent not in _SCOPED or not base.subject or asked == text.strip():
        return words
    asked_words = fold(asked).split()
    content = f" {' '.join(strip_fillers(asked_words, index.fillers))} "
    if any(f" {key} " in content for key in index.keys_of.get(base.subject, [])):
        return asked_words
    return words


def but_the_head(index: AliasIndex, words: list[str], base: Query, knowledge: Knowledge) -> Query:
    """« les coachs du pôle Coaching, à part son responsable »: the holders but the pôle's head."""
    after = [
        words[i + len(marker) : i + len(marker) + _EXCEPT_REACH]
        for marker in _EXCEPT
        for i in range(len(words) - len(marker) + 1)
        if tuple(words[i : i + len(marker)]) == marker
    ]
    if not any("lead" in index.cues.get((w,), ()) for near in after for w in near):
        return base
    heads = {f"{p.id}/{p.lead_id}" for p in knowledge.poles if p.lead_id}
    kept = [s for s in (base.subject, *base.also) if s not in heads]
    if not kept or len(kept) == 1 + len(base.also):
        return base
    return replace(base, subject=kept[0], also=tuple(kept[1:]))


def written_where(index: AliasIndex, clause: list[str], base: Query, knowledge: Knowledge) -> bool:
    """« l'organisation de la DINUM… Où est-elle décrite ? » asks where it is written.

    The words of the asking clause that are neither cue, alias nor umbrella words (« décrite »)
    and that the subject's own text holds (« Son organisation est décrite sur… ») ask about
    that text, not for the address.
    """
    if base.intent != "topic" or base.subject in ("", WHERE_TOPIC):
        return False
    _, cue_pos = find_cues(index, clause)
    rest = meaningful(
        (
            w
            for i, w in enumerate(clause)
            if i not in cue_pos and w not in index.alias_first and w not in index.umbrella_words
        ),
        index.fillers,
    )
    if not rest:
        return False
    found = passage_index(knowledge, index.fillers).search(" ".join(rest), ref=base.subject)
    return found is not None


def context_ministry(asked: str, base: Query, who_words: frozenset[str]) -> bool:
    """Whether a ministry of the context only is no answer to the asking sentence.

    « Je suis contractuel au ministère de la Culture… Où sont annoncés les postes qui
    s'ouvrent ? » asks nobody and names no ministry in its asking sentence: the Culture's RP
    answers nothing asked. `asked` is `asker.asked_sentence` of a message of several sentences.
    """
    if base.intent != "portfolio" or not base.subject or base.also:
        return False
    return not asks_someone(asked, who_words)


def only_the_askers(index: AliasIndex, words: list[str], intent: str) -> bool:
    """Whether every cue of `intent` describes the asker (« mon ancien poste », « je suis en
    poste »): then the message does not ask that (a jobs word of the context only)."""
    starts = [
        start
        for start, end in ngrams_from(words, index.max_cue, index.cue_first)
        if intent in index.cues.get(tuple(words[start:end]), [])
    ]
    return bool(starts) and all(possessed(words, s) or self_described(words, s) for s in starts)


def _asked_instead(
    knowledge: Knowledge, index: AliasIndex, text: str, asked: str, base: Query
) -> Query | None:
    """What a long message asks when its ministry is only context: a passage, else the asking
    sentence's own reading (« où sont annoncés les postes ? »), else None (the ministry stays).
    """
    asked_words = fold(asked).split()
    if not meaningful(asked_words, index.fillers):
        return None  # « …our portfolio manager at DINUM. Could you tell me? »: the context asks
    found = best_passage(knowledge, index, text, base, 2)
    if found is not None and found.score >= PASSAGE_THRESHOLD:
        return Query("passage", found.passage.id, found.score, text=text, coverage=found.score)
    read = read_aliases(index, asked_words, text, knowledge)
    if read.intent in ("unknown", "portfolio") or read.score < 100:
        return None
    return read
