"""How the knowledge's text is cut into passages, and a list passage into its parts.

Topics and their points, pôle missions and notes, reasons, engagements and job postings'
paragraphs each give passages, in file order; a list passage (« Titre : a ; b ; c. ») can be
shown with the part a question asks first.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from bot.knowledge.model import Knowledge

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])")


@dataclass(frozen=True)
class Passage:
    """A piece of the knowledge's text and where it comes from."""

    id: str  # "topic:adresse:0", "posting:<slug>:3", "engagement:reporting"…
    source: str  # the title of what it comes from, shown first in the answer
    text: str
    kind: str  # topic, pole, reason, engagement, posting
    ref: str  # the id of the topic, pôle, posting… it comes from
    names: str = ""  # the aliases of what it comes from: searched, never shown


def focused(text: str, part: int) -> str:
    """`text` (a list « Titre : a ; b ; c. ») with its part `part` first, the others after it
    in their order (see `PassageIndex.part_asked`); `text` itself when part is 0."""
    head, parts = list_parts(text)
    if not 0 < part < len(parts):
        return text
    ordered = " ; ".join([parts[part], *parts[:part], *parts[part + 1 :]])
    end = "." if text.endswith(".") else ""
    return f"{head} : {ordered}{end}" if head else f"{ordered}{end}"


def part_shown(text: str, part: int) -> str:
    """The part `part` of a list passage (see `focused`), or `text` when it is no list."""
    parts = list_parts(text)[1]
    return parts[part] if 0 <= part < len(parts) and len(parts) > 1 else text


def list_parts(text: str) -> tuple[str, list[str]]:
    """A list passage's heading (or "") and its parts, separated by « ; »."""
    head, colon, body = text.partition(" : ")
    if not colon:
        head, body = "", text
    return head, body.rstrip(".").split(" ; ")


def sentences(text: str) -> list[str]:
    """The sentences of `text`, as passages cut it."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def knowledge_passages(knowledge: Knowledge) -> list[Passage]:
    """Every passage of `knowledge`, in file order."""
    found: list[Passage] = []
    for topic in knowledge.topics:
        pieces = [*sentences(topic.text), *topic.items]
        names = " ".join(topic.aliases)
        found += [
            replace(p, names=names) for p in _numbered("topic", topic.id, topic.title, pieces)
        ]
    for pole in knowledge.poles:
        found += _numbered("pole", pole.id, pole.name, [pole.mission, *sentences(pole.note)])
    for reason in knowledge.reasons:
        found.append(Passage(f"reason:{reason.id}", "", reason.text, "reason", reason.id))
    for engagement in knowledge.engagements:
        text = engagement.text
        found.append(Passage(f"engagement:{engagement.id}", "", text, "engagement", engagement.id))
    for i, text in enumerate((knowledge.engagements_intro, knowledge.engagements_outro)):
        if text:
            found.append(Passage(f"engagement:_{i}", "", text, "engagement", ""))
    for posting in knowledge.postings:
        texts = [f"{heading} : {text}" if heading else text for heading, text in posting.pieces]
        found += _numbered("posting", posting.slug, posting.title, texts)
    return found


def _numbered(kind: str, ref: str, source: str, texts: Iterable[str]) -> list[Passage]:
    return [Passage(f"{kind}:{ref}:{i}", source, t, kind, ref) for i, t in enumerate(texts) if t]
