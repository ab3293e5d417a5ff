"""Passage retrieval: the sentence of the knowledge that answers a question no alias names.

Every text of the knowledge (topics and their points, pôle missions and notes, reasons,
engagements, job postings' paragraphs) is cut into passages, stemmed with the Snowball French
stemmer (PyStemmer) and ranked with BM25 (bm25s). Both libraries are imported, and the index
built, only at the first question that needs passages, so `betabot ask "qui logement"` stays fast.

The score of a passage (0-100) is its **coverage**: the share of the question's informative
words (stems weighted by their inverse document frequency) that the passage contains. 100 means
every informative word of the question is in the passage; 50, half of their weight. BM25 only
ranks; coverage is what `understand` compares with its thresholds.

This module holds the index and its searches; `passage_cuts` cuts the knowledge into passages,
`stems` says which words are searched and stems them.
"""

import logging
import math
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.knowledge.building import built
from bot.knowledge.model import Knowledge
from bot.knowledge.text import fold
from bot.understanding.passage_cuts import Passage, knowledge_passages, list_parts
from bot.understanding.stems import EVERYDAY_WORDS, QUESTION_WORDS, stem_words, stems_of

# « En tant que designer, … »: the asker's own role is context, not what they ask about (it
# would match « design » in the passage of the technical offer): left out of a search, at
# most three words, up to the next punctuation.
_AS_ONESELF = re.compile(r"\ben tant qu(?:e\b|['\u2019])\s*(?:[^\s,.;:!?]+\s*){0,3}", re.I)
MAX_RANKED = 15  # passages ranked by BM25 whose coverage is computed (long lists rank low)
MAX_KEPT_SEARCHES = 4096  # searches whose result is kept, per index; past it, all forgotten


@dataclass(frozen=True)
class Found:
    """The best passage for a question and its coverage (0-100)."""

    passage: Passage
    score: float


class PassageIndex:
    """The passages of one Knowledge, stemmed and indexed by BM25."""

    def __init__(self, passages: list[Passage], stop: frozenset[str]) -> None:
        """Stem and index `passages`; `stop` holds folded words never searched for."""
        import bm25s  # heavy (numpy, scipy): imported only when needed
        from bm25s.stopwords import STOPWORDS_FRENCH

        # bm25s sets its logger to DEBUG when imported, so every index build would log
        # « Building index from tokens » whatever the bot's level: it follows the root again
        logging.getLogger("bm25s").setLevel(logging.NOTSET)

        self.passages = passages
        self.by_id = {p.id: p for p in passages}
        self.position = {p.id: i for i, p in enumerate(passages)}
        self.stop = stop | {fold(w) for w in STOPWORDS_FRENCH} | QUESTION_WORDS
        self.unsearched = self.stop | EVERYDAY_WORDS  # words `search` does not look for
        self.docs = [set(stems_of(f"{p.text} {p.source} {p.names}", stop)) for p in passages]
        self.own = [set(stems_of(p.text, stop)) for p in passages]  # the passage's own words
        frequency: dict[str, int] = {}
        for doc in self.docs:
            for stem in doc:
                frequency[stem] = frequency.get(stem, 0) + 1
        total = len(passages)
        self.idf = {s: math.log(1 + total / n) for s, n in frequency.items()}
        self.unknown_idf = math.log(1 + total)  # a word found in no passage weighs the most
        # positions of the passages of each kind and each subject, in file order
        self.of_kind: dict[str, list[int]] = {}
        self.of_ref: dict[str, list[int]] = {}
        self.having: dict[str, list[int]] = {}  # stem -> positions of the passages holding it
        # kind -> stem -> positions of the passages of that kind holding it
        self.having_of_kind: dict[str, dict[str, list[int]]] = {}
        # what searches found, by what they depend on (see `search`)
        self._kept: dict[tuple[object, ...], Found | None] = {}
        for i, p in enumerate(passages):
            self.of_kind.setdefault(p.kind, []).append(i)
            self.of_ref.setdefault(p.ref, []).append(i)
        for i, doc in enumerate(self.docs):
            of_kind = self.having_of_kind.setdefault(passages[i].kind, {})
            for stem in doc:
                self.having.setdefault(stem, []).append(i)
                of_kind.setdefault(stem, []).append(i)
        self.bm25: Any = bm25s.BM25()
        self.bm25.index([sorted(d) or [""] for d in self.docs], show_progress=False)

    def holds(self, passage: Passage, words: Iterable[str]) -> bool:
        """Whether `passage` (its text, source or names) holds one of `words`, stemmed."""
        doc = self.docs[self.position[passage.id]]
        return any(stem in doc for stem in stems_of(" ".join(words), self.stop))

    def unseen(self, words: Iterable[str]) -> list[str]:
        """The folded `words` whose stem no passage holds (a stop word is never unseen)."""
        kept = [w for w in words if w not in self.stop]
        stems = stem_words(kept)
        return [w for w, stem in zip(kept, stems, strict=True) if stem not in self.idf]

    def adds(self, passage: Passage, question: str) -> bool:
        """Whether `passage`'s own text holds a word of `question` that its title does not
        (« nom de domaine » in « Offre technique : un nom de domaine… », not in « Les
        ressources d'un incubateur »): it says more than what the whole subject is."""
        own = self.own[self.position[passage.id]]
        title = set(stems_of(passage.source, self.stop))
        return any(s in own and s not in title for s in stems_of(question, self.stop))

    def search(
        self,
        text: str,
        kind: str = "",
        min_stems: int = 1,
        ref: str = "",
        boost: str = "",
        prefer: str = "",
        among: frozenset[int] = frozenset(),
    ) -> Found | None:
        """The passage covering most of `text`'s informative words, or None.

        `kind` and `ref`, when given, keep only passages of that kind ("posting") or taken from
        that subject ("adresse"); `among`, only the passages at those positions; a passage must
        hold at least `min_stems` of the question's stems. Words of `boost` (the sentence that
        asks) weigh twice; between passages covering as much with as many words of their own,
        the one whose own text holds words of `prefer` wins.

        The result depends only on the stems of `text` and `boost` and the filters: it is kept
        for the next question that has the same (at most MAX_KEPT_SEARCHES of them).
        """
        text = _AS_ONESELF.sub(" ", text)
        boost = _AS_ONESELF.sub(" ", boost)
        stems = tuple(dict.fromkeys(stems_of(text, self.unsearched)))
        if not stems:
            return None
        boosted = frozenset(stems_of(boost, self.unsearched))
        preferred = frozenset(stems_of(prefer, self.unsearched)) if prefer else frozenset()
        key = (stems, kind, min_stems, ref, boosted, preferred, among)
        if key in self._kept:
            return self._kept[key]
        found = self._search(stems, kind, min_stems, ref, boosted, preferred, among)
        if len(self._kept) >= MAX_KEPT_SEARCHES:
            self._kept.clear()
        self._kept[key] = found
        return found

    def _search(
        self,
        stems: tuple[str, ...],
        kind: str,
        min_stems: int,
        ref: str,
        boosted: frozenset[str],
        preferred: frozenset[str] = frozenset(),
        among: frozenset[int] = frozenset(),
    ) -> Found | None:
        """`search` for the question's `stems`, those of the sentence that asks `boosted`."""
        weights = {s: self.idf.get(s, self.unknown_idf) * (2 if s in boosted else 1) for s in stems}
        total = sum(weights.values())
        scored: dict[int, tuple[int, float]] | None = None
        if kind or ref or among:  # a few passages: each one holding a stem is scored
            scored = self._held(weights, kind, ref, among)
            ranked = sorted(scored)  # a passage holding none of the stems scores 0
        else:
            ranked = self._ranked(stems)
        best: Found | None = None
        best_rank: tuple[float, ...] = ()
        top_score = 0.0
        for position in ranked:
            if scored is not None:
                held, covered = scored[position]
            else:
                doc = self.docs[position]
                held = len(doc.intersection(weights))
                covered = sum(w for s, w in weights.items() if s in doc)
            if held < min_stems:
                continue
            score = round(100.0 * covered / total, 1)
            if score < top_score and not ref:
                continue  # its rank starts with a lower score: it cannot be the best
            # Equal coverage: the passage whose own text holds more of the question (not only
            # its title), then the shorter one, is the more focused answer; ties no longer
            # depend on BM25's ranking, which moves whenever a passage is added elsewhere.
            own = self.own[position]
            rank: tuple[float, ...] = (
                score,
                len(own.intersection(weights)),
                len(own.intersection(preferred)),
                -len(self.docs[position]),
            )
            if ref:
                # One subject's passages share its title and names: what each says itself
                # (« Offre technique : un nom de domaine… ») decides between them, and the
                # subject covers the question as much as the best of them.
                rank = (sum(w for s, w in weights.items() if s in own), *rank)
            if best is None or rank > best_rank:
                best, best_rank = Found(self.passages[position], score), rank
            top_score = max(top_score, score)
        if best is not None and ref:  # the subject covers as much as its best passage
            best = Found(best.passage, top_score)
        return best if best is not None and best.score > 0 else None

    def _ranked(self, stems: tuple[str, ...]) -> list[int]:
        """Positions of the MAX_RANKED passages BM25 scores highest for `stems`, best first;
        equal scores in file order. Passages holding none of the stems score 0: left out."""
        import numpy as np  # bm25s's own dependency, loaded with it

        scores = self.bm25.get_scores(list(stems))
        held = np.flatnonzero(scores)
        best = np.lexsort((held, -scores[held]))[:MAX_RANKED]
        return [int(i) for i in held[best]]

    def _held(
        self, weights: dict[str, float], kind: str, ref: str, among: frozenset[int] = frozenset()
    ) -> dict[int, tuple[int, float]]:
        """Position -> (how many stems of `weights`, their summed weight) of every passage of
        `kind` and `ref` (or `among` those positions) that holds one; each sum adds the weights
        in the order of `weights`.

        Only the passages of that kind holding a stem, or those of that subject, are visited:
        at 100 times the shipped knowledge a search among postings walked the 18,000 passages
        of every kind holding its stems to keep 3,000 (bench/bench_scale.py)."""
        held: dict[int, tuple[int, float]] = {}
        if among:
            for stem, weight in weights.items():
                for position in self.having.get(stem, ()):
                    if position in among:
                        count, covered = held.get(position, (0, 0))
                        held[position] = (count + 1, covered + weight)
            return held
        if ref:  # a few passages: each one is read
            for position in self.of_ref.get(ref, ()):
                if kind and self.passages[position].kind != kind:
                    continue
                doc = self.docs[position]
                count, covered = 0, 0.0
                for stem, weight in weights.items():
                    if stem in doc:
                        count, covered = count + 1, covered + weight
                if count:
                    held[position] = (count, covered)
            return held
        having = self.having_of_kind.get(kind, {})
        for stem, weight in weights.items():
            for position in having.get(stem, ()):
                count, covered = held.get(position, (0, 0))
                held[position] = (count + 1, covered + weight)
        return held

    def titled_or_own(self, stem: str, most: int) -> list[int]:
        """Positions of the passages whose own text or title holds `stem`, in file order; []
        when more than `most` do (a common word)."""
        found = []
        for position in self.having.get(stem, ()):
            passage = self.passages[position]
            if stem in self.own[position] or stem in stems_of(passage.source, self.stop):
                found.append(position)
                if len(found) > most:
                    return []
        return found

    def stems(self, text: str) -> list[str]:
        """The stems `search` reads in `text` (stop words left out)."""
        return stems_of(text, self.stop)

    def shows_all(self, passage: Passage, shown: str, question: str) -> bool:
        """Whether `shown` (the part of `passage` shown first) holds every word of `question`
        that `passage` matched, names included: what matched is what is shown."""
        stems = set(stems_of(question, self.stop))
        matched = stems.intersection(self.docs[self.position[passage.id]])
        return bool(matched) and matched <= set(stems_of(shown, self.stop))

    def part_asked(self, passage: Passage, question: str) -> int:
        """Which part of a list passage (« Accès à la communauté : a ; b ; c. ») holds most of
        `question`'s words: 0 (the first, or not a list) unless a later part holds more."""
        parts = list_parts(passage.text)[1]
        if len(parts) < 2:
            return 0
        stems = set(stems_of(question, self.stop))
        weights = [
            sum(self.idf.get(s, 0.0) for s in stems.intersection(stems_of(part, self.stop)))
            for part in parts
        ]
        best = max(range(len(parts)), key=lambda i: (weights[i], -i))
        return best if weights[best] > weights[0] else 0


_CACHE: dict[int, tuple[weakref.ref[Knowledge], PassageIndex]] = {}


def passage_index(knowledge: Knowledge, stop: frozenset[str]) -> PassageIndex:
    """The passage index of `knowledge`, built at its first use, once per Knowledge object."""
    entry = _CACHE.get(id(knowledge))
    if entry is not None and entry[0]() is knowledge:
        return entry[1]
    index = built(lambda: PassageIndex(knowledge_passages(knowledge), stop))
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[id(knowledge)] = (weakref.ref(knowledge), index)
    # dropped with its Knowledge: each reload builds one, and an index outlived its knowledge
    # (at 100 times the shipped one, about 75 MB per reload kept until the ninth)
    weakref.finalize(knowledge, _CACHE.pop, id(knowledge), None)
    return index
