"""Which aliases can reach a `fuzz.ratio` cutoff: a filter that never drops a possible match.

`fuzz.ratio(a, b)` is ``200 * LCS(a, b) / (len(a) + len(b))`` (normalised Indel similarity),
and the longest common subsequence never exceeds the characters the two strings share,
counted with multiplicity: ``LCS <= sum over c of min(count_a(c), count_b(c))``. An alias
whose bound is below the cutoff cannot score above it, so rapidfuzz only scores the others.
The survivors keep their order, so ties are broken as over the whole list and the filtered
search returns exactly what the exhaustive one did (tests/unit/test_candidates.py).

At 100 times the shipped knowledge (bench/bench_scale.py) a one-word probe was scored
against 33,000 aliases (2 ms); the bound is one numpy sum of per-character count rows (one
row per distinct character of the probe), 0.1 ms. numpy is imported and the rows are built on
the first fuzzy search, never for a question that aliases answer (`betabot ask` starts
without it), and the rows are not pickled (bot/service/knowledge_cache.py stays numpy-free).
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    import numpy.typing as npt

# A bound this close below the cutoff is kept: float rounding must never drop a real match.
_SLACK = 1e-6
# Count rows are kept capped at 1 … _CAP - 1 and uncapped (the last row of each character):
# a probe with a character _CAP times or more takes the uncapped row, which can only raise
# the bound, never lower it.
_CAP = 4
# Below this many choices rapidfuzz scores them all faster (about 60 ns each) than numpy bounds
# them (about 20 µs per probe whatever the size): the shipped knowledge has about 500.
FILTER_FROM = 2000
# Probes whose closest choices are kept (per Candidates); past this many, all are forgotten.
MAX_KEPT_PROBES = 4096


class _Rows:
    """The character counts of every choice, as numpy arrays."""

    def __init__(self, choices: Sequence[str]) -> None:
        import numpy as np

        self.chars = {c: i for i, c in enumerate(sorted({c for s in choices for c in s}))}
        self.lengths: npt.NDArray[Any] = np.fromiter(
            (len(c) for c in choices), dtype=np.intp, count=len(choices)
        )
        # A sum of counts never exceeds the longest choice: the narrowest type that holds it.
        dtype = np.uint8 if int(self.lengths.max()) < 256 else np.uint32
        width = len(self.chars)
        # row (cap - 1) * width + chars[c]: min(count of c, cap) in every choice
        self.counts: npt.NDArray[Any] = np.zeros((_CAP * width, len(choices)), dtype=dtype)
        raw = self.counts[(_CAP - 1) * width :]
        for column, choice in enumerate(choices):
            for char in set(choice):
                raw[self.chars[char], column] = choice.count(char)
        for cap in range(1, _CAP):
            np.minimum(raw, cap, out=self.counts[(cap - 1) * width : cap * width])

    def keep(self, probe: str, cutoff: float) -> list[int]:
        """Positions of the choices whose bound reaches `cutoff`, in order."""
        import numpy as np

        width = len(self.chars)
        rows = [
            (min(probe.count(char), _CAP) - 1) * width + self.chars[char]
            for char in set(probe)
            if char in self.chars
        ]
        shared = self.counts[rows].sum(axis=0, dtype=self.counts.dtype)
        # the characters an alias of each length must share with the probe to reach the cutoff
        needed = (cutoff - _SLACK) * (np.arange(int(self.lengths.max()) + 1) + len(probe)) / 200
        kept: list[int] = np.flatnonzero(shared >= needed[self.lengths]).tolist()
        return kept


class Candidates:
    """Aliases of one word count, and the filter in front of the fuzzy search over them."""

    def __init__(self, choices: Sequence[str], filter_from: int = FILTER_FROM) -> None:
        self.choices = tuple(choices)
        self.filter_from = filter_from
        self._rows: _Rows | None = None
        self._kept: dict[tuple[str, float, int], list[tuple[str, float]]] = {}
        self._sized: dict[tuple[int, float], list[str]] = {}

    @classmethod
    def of(cls, choices: Sequence[str], filter_from: int = FILTER_FROM) -> "Candidates":
        """The filter over `choices` (pre-folded strings), in their order; from `filter_from`
        choices on, else every choice is possible."""
        return cls(choices, filter_from)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Candidates) and other.choices == self.choices

    def __hash__(self) -> int:
        return hash(self.choices)

    def __repr__(self) -> str:
        return f"Candidates({len(self.choices)} choices)"

    def __getstate__(self) -> dict[str, Any]:
        # the rows are rebuilt on use: no numpy in a pickle
        return {"choices": self.choices, "filter_from": self.filter_from}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.choices = tuple(state["choices"])
        self.filter_from = int(state["filter_from"])
        self._rows = None
        self._kept = {}
        self._sized = {}

    def possible(self, probe: str, cutoff: float) -> list[str]:
        """The choices whose `fuzz.ratio` with `probe` may reach `cutoff`, in their order."""
        if not self.choices or len(self.choices) < self.filter_from:
            return self._of_length(len(probe), cutoff)
        if self._rows is None:
            self._rows = _Rows(self.choices)
        return [self.choices[i] for i in self._rows.keep(probe, cutoff)]

    def _of_length(self, length: int, cutoff: float) -> list[str]:
        """The choices long enough and short enough to reach `cutoff` against a probe of
        `length` characters (LCS <= the shorter length), in order; kept per (length, cutoff).

        Too few choices for the character bound to pay, but most are too short or too long:
        rapidfuzz takes twice fewer of them (issue 11, a question asked for the first time).
        """
        key = (length, cutoff)
        found = self._sized.get(key)
        if found is None:
            found = [
                c
                for c in self.choices
                if 200 * min(length, len(c)) >= (cutoff - _SLACK) * (length + len(c))
            ]
            self._sized[key] = found
        return list(found)

    def extract(self, probe: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
        """`process.extract(probe, choices, fuzz.ratio, cutoff, limit)` over the possible ones.

        The same words come back in other questions (a misspelt subject, a word no alias
        holds): what a probe found is kept, at most MAX_KEPT_PROBES of them.
        """
        key = (probe, cutoff, limit)
        found = self._kept.get(key)
        if found is None:
            found = self._extract(probe, cutoff, limit)
            if len(self._kept) >= MAX_KEPT_PROBES:
                self._kept.clear()
            self._kept[key] = found
        return list(found)

    def _extract(self, probe: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
        found = process.extract(
            probe,
            self.possible(probe, cutoff),
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=cutoff,
            limit=limit,
        )
        return [(key, float(score)) for key, score, _ in found]
