"""Per-file mapping of the knowledge YAML: French keys, checked and turned into model values."""

from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from bot.knowledge.bounds import URL_REFUSED, checked_url, shown
from bot.knowledge.consistency import Alias, Reference
from bot.knowledge.model import (
    INTENTS,
    Contact,
    Engagement,
    Example,
    Link,
    Ministry,
    Person,
    Pole,
    Portfolio,
    Reason,
    Role,
    Topic,
)
from bot.knowledge.nodes import NULL_TAG, Fields, Reader, Spec, located, records
from bot.knowledge.text import fold
from bot.knowledge.vocabulary import read_abbreviations, read_english

_PERSON: Spec = {"id": True, "nom": True, "alias": False, "note": False, "mattermost": False}
_POLE: Spec = {
    "id": True,
    "nom": True,
    "mission": True,
    "responsable": False,
    "contact": False,
    "alias": False,
    "note": False,
    "membres": False,
}
_MEMBER: Spec = {"personne": True, "titre": True, "alias": False}
_PORTFOLIO: Spec = {"id": True, "responsable": True, "ministeres": True}
_MINISTRY: Spec = {"id": True, "nom": True, "alias": False}
_REASON: Spec = {"id": True, "texte": True}
_ENGAGEMENT: Spec = {"id": True, "titre": True, "texte": True, "gras": False}
_CONTACT: Spec = {"id": True, "libelle": True, "valeur": True, "lien": False}
_TOPIC: Spec = {
    "id": True,
    "titre": True,
    "texte": True,
    "alias": False,
    "points": False,
    "liens": False,
    "englobant": False,
}
_LINK: Spec = {"libelle": True, "url": True}
_EXAMPLE: Spec = {"question": True, "intention": True, "sujet": False}

_TAKEN = "identifiant « {id} » déjà utilisé ({where}) — donnez un identifiant unique à chacun"
_TWICE = "« {id} » est déjà membre de ce pôle ({where}) — gardez une seule entrée par personne"


@dataclass
class Parts:
    """What the files gave so far, with the locations that later checks need."""

    people: dict[str, Person] = field(default_factory=dict)
    poles: list[Pole] = field(default_factory=list)
    portfolios: list[Portfolio] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    engagements: list[Engagement] = field(default_factory=list)
    intro: str = ""
    outro: str = ""
    contacts: list[Contact] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fillers: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    english: dict[str, str] = field(default_factory=dict)  # folded English phrase -> French
    english_words: tuple[str, ...] = ()  # frequent English words (« mots_anglais »)
    abbreviations: dict[str, str] = field(default_factory=dict)  # « ptf » -> « portefeuille »
    examples: list[tuple[Reference, Example]] = field(default_factory=list)
    # (kind, id) -> where it was first seen: file, line, column (two on one line differ too)
    seen: dict[tuple[str, str], tuple[str, int, int]] = field(default_factory=dict)
    person_refs: list[Reference] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    alias_keys: dict[str, str] = field(default_factory=dict)  # alias text -> its folded key

    def claim(
        self, r: Reader, kind: str, ident: str, node: yaml.Node | None, taken: str = ""
    ) -> bool:
        """Record an id of `kind`; False when missing, or (with a problem) already taken."""
        if not ident or node is None:
            return False
        here = (r.file, node.start_mark.line + 1, node.start_mark.column)
        first = self.seen.setdefault((kind, ident), here)
        if first == here:
            return True
        message = taken or _TAKEN
        where = (
            "plus tôt sur la même ligne" if first[:2] == here[:2] else located(r.file, first[:2])
        )
        r.fail(node, message.format(id=ident, where=where))
        return False

    def alias(
        self, r: Reader, fields: Fields, subject: str, name: str = "nom", group: str = "who"
    ) -> None:
        """Record the display name and aliases of one subject for the conflict check."""
        nodes = [fields[name]] if name in fields else []
        alias = fields.get("alias")
        if isinstance(alias, yaml.SequenceNode):
            nodes.extend(alias.value)
        for node in nodes:
            if isinstance(node, yaml.ScalarNode) and node.tag != NULL_TAG and node.value:
                line = node.start_mark.line + 1
                self.aliases.append(Alias(str(node.value), r.file, line, subject, group))


def _read_people(r: Reader, doc: Fields, parts: Parts) -> None:
    for f in records(r, doc, "personnes", _PERSON, "cette personne"):
        ident = r.ident(f)
        person = Person(
            id=ident,
            name=r.text(f, "nom"),
            aliases=r.texts(f, "alias"),
            note=r.text(f, "note", required=False),
            mattermost=r.text(f, "mattermost", required=False).lstrip("@"),
        )
        if parts.claim(r, "personne", ident, f.get("id")):
            parts.people[ident] = person
            parts.alias(r, f, f"la personne « {ident} »")


def _read_poles(r: Reader, doc: Fields, parts: Parts) -> None:
    for f in records(r, doc, "poles", _POLE, "ce pôle"):
        ident = r.ident(f)
        members = []
        for m in records(r, f, "membres", _MEMBER, "ce membre", False):
            person_id = r.text(m, "personne")
            role = Role(person_id, r.text(m, "titre"), r.texts(m, "alias"))
            if parts.claim(r, f"membre de {ident}", person_id, m.get("personne"), _TWICE):
                members.append(role)
                parts.alias(r, m, f"le rôle « {ident}/{person_id} »", name="")
            if person_id:
                parts.person_refs.append(Reference(r, m["personne"], person_id))
        lead = r.text(f, "responsable", required=False)
        if lead:
            parts.person_refs.append(Reference(r, f["responsable"], lead))
            if members and lead not in {m.person_id for m in members}:
                r.fail(
                    f["responsable"],
                    f"« {lead} » dirige le pôle mais n'est pas dans ses "
                    "« membres » — ajoutez cette personne aux membres avec son titre",
                )
        pole = Pole(
            id=ident,
            name=r.text(f, "nom"),
            mission=r.text(f, "mission"),
            members=tuple(members),
            aliases=r.texts(f, "alias"),
            lead_id=lead,
            contact=r.text(f, "contact", required=False),
            note=r.text(f, "note", required=False),
        )
        if parts.claim(r, "pôle", ident, f.get("id")):
            parts.poles.append(pole)
            parts.alias(r, f, f"le pôle « {ident} »")


def _read_portfolios(r: Reader, doc: Fields, parts: Parts) -> None:
    for f in records(r, doc, "portefeuilles", _PORTFOLIO, "ce portefeuille"):
        ident = r.ident(f)
        owner = r.text(f, "responsable")
        if owner:
            parts.person_refs.append(Reference(r, f["responsable"], owner))
        ministries = []
        for m in records(r, f, "ministeres", _MINISTRY, "ce ministère"):
            ministry = Ministry(r.ident(m), r.text(m, "nom"), r.texts(m, "alias"))
            if parts.claim(r, "ministère", ministry.id, m.get("id")):
                ministries.append(ministry)
                parts.alias(r, m, f"le ministère « {ministry.id} »")
        if parts.claim(r, "portefeuille", ident, f.get("id")):
            parts.portfolios.append(Portfolio(ident, owner, tuple(ministries)))


def _read_reasons(r: Reader, doc: Fields, parts: Parts) -> None:
    for f in records(r, doc, "raisons", _REASON, "cette raison"):
        reason = Reason(r.ident(f), r.text(f, "texte"))
        if parts.claim(r, "raison", reason.id, f.get("id")):
            parts.reasons.append(reason)


def _read_engagements(r: Reader, doc: Fields, parts: Parts) -> None:
    parts.intro = r.text(doc, "introduction")
    parts.outro = r.text(doc, "conclusion", required=False)
    for f in records(r, doc, "engagements", _ENGAGEMENT, "cet engagement"):
        engagement = Engagement(
            r.ident(f), r.text(f, "titre"), r.text(f, "texte"), r.texts(f, "gras")
        )
        if parts.claim(r, "engagement", engagement.id, f.get("id")):
            parts.engagements.append(engagement)


def _read_contacts(r: Reader, doc: Fields, parts: Parts) -> None:
    for f in records(r, doc, "contacts", _CONTACT, "ce contact"):
        contact = Contact(r.ident(f), r.text(f, "libelle"), r.text(f, "valeur"), _url(r, f, "lien"))
        if parts.claim(r, "contact", contact.id, f.get("id")):
            parts.contacts.append(contact)


def _read_topics(r: Reader, doc: Fields, parts: Parts) -> None:
    for f in records(r, doc, "sujets", _TOPIC, "ce sujet"):
        links = tuple(
            Link(r.text(x, "libelle"), _url(r, x, "url"))
            for x in records(r, f, "liens", _LINK, "ce lien", False)
        )
        ident = r.ident(f)
        topic = Topic(
            ident,
            r.text(f, "titre"),
            r.text(f, "texte"),
            r.texts(f, "alias"),
            r.texts(f, "points"),
            links,
            broad=fold(r.text(f, "englobant", required=False)) == "oui",
        )
        if parts.claim(r, "sujet", ident, f.get("id")):
            parts.topics.append(topic)
            parts.alias(r, f, f"le sujet « {ident} »", name="", group="topic")


def _read_intents(r: Reader, doc: Fields, parts: Parts) -> None:
    parts.fillers = r.texts(doc, "mots_vides")
    parts.ambiguous = r.texts(doc, "alias_ambigus")
    parts.english_words = r.texts(doc, "mots_anglais")
    if "anglais" in doc:
        parts.english = read_english(r, doc["anglais"])
    if "abreviations" in doc:
        parts.abbreviations = read_abbreviations(r, doc["abreviations"])
    node = doc.get("cues")
    if node is None:
        return
    cues = r.fields(node, dict.fromkeys(INTENTS, False), "« cues »")
    for intent, phrases in (cues or {}).items():
        parts.cues[intent] = r.texts({intent: phrases}, intent)


def _read_examples(r: Reader, doc: Fields, parts: Parts) -> None:
    for f in records(r, doc, "exemples", _EXAMPLE, "cet exemple"):
        example = Example(
            r.text(f, "question"), r.text(f, "intention"), r.text(f, "sujet", required=False)
        )
        if example.question and example.intent:
            parts.examples.append((Reference(r, f["intention"], example.intent), example))


def _url(r: Reader, fields: Fields, key: str) -> str:
    value = r.text(fields, key, required=key == "url")
    if not value:
        return value
    url = checked_url(value)
    if url is None:
        r.fail(fields[key], URL_REFUSED.format(url=shown(value)))
        return ""
    return url


Read = Callable[[Reader, Fields, Parts], None]
FILES: dict[str, tuple[Spec, Read]] = {
    "personnes.yaml": ({"personnes": True}, _read_people),
    "poles.yaml": ({"poles": True}, _read_poles),
    "portefeuilles.yaml": ({"portefeuilles": True}, _read_portfolios),
    "raisons.yaml": ({"raisons": True}, _read_reasons),
    "engagements.yaml": (
        {"introduction": True, "engagements": True, "conclusion": False},
        _read_engagements,
    ),
    "contacts.yaml": ({"contacts": True}, _read_contacts),
    "sujets.yaml": ({"sujets": True}, _read_topics),
    "intentions.yaml": (
        {
            "cues": True,
            "mots_vides": False,
            "alias_ambigus": False,
            "anglais": False,
            "mots_anglais": False,
            "abreviations": False,
        },
        _read_intents,
    ),
    "exemples.yaml": ({"exemples": True}, _read_examples),
}
