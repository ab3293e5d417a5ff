"""Which aliases can reach a `fuzz.ratio` cutoff: a filter that never drops a possible match.

`fuzz.ratio(a, b)` is ``200 * LCS(a, b) / (len(a) + len(b))`` (normalised Indel similarity),
and the longest common subsequence never exceeds the characters the two strings share,
counted with multiplicity: ``LCS <= sum over c of min(count_a(c), count_b(c))``. An alias
whose bound is below the cutoff cannot score above it, so rapidfuzz only scores the others.
The survivors keep their order, so ties are broken as over the whole list and the filtered
search returns exactly what the exhaustive one did (tests/unit/test_candidates.py).

At 100 times the shipped knowledge (bench/bench_scale.py) a one-word probe was scored
against 32,000 aliases; the bound is a handful of vectorised numpy operations (one per
distinct character of the probe, summed in one call) over per-character count rows built once.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

# A bound this close below the cutoff is kept: float rounding must never drop a real match.
_SLACK = 1e-6


# Count columns are kept capped at 1 … _CAP - 1 and uncapped (the last row of each character):
# a probe with a character _CAP times or more takes the uncapped column, which can only raise
# the bound, never lower it.
_CAP = 4


@dataclass(frozen=True)
class Candidates:
    """Aliases of one word count, with the character counts the bound needs."""

    choices: tuple[str, ...]
    # Derived from the choices, so left out of comparisons (numpy arrays do not compare to bool).
    lengths: npt.NDArray[np.intp] = field(compare=False)
    # row (cap - 1) * len(chars) + chars[c]: min(count of c, cap) in every choice
    counts: npt.NDArray[np.unsignedinteger] = field(compare=False)
    chars: dict[str, int] = field(compare=False)

    @classmethod
    def of(cls, choices: Sequence[str]) -> "Candidates":
        """The filter over `choices` (pre-folded strings), in their order."""
        chars = {c: i for i, c in enumerate(sorted({c for choice in choices for c in choice}))}
        lengths = np.fromiter((len(c) for c in choices), dtype=np.intp, count=len(choices))
        # A sum of counts never exceeds the longest choice: the narrowest type that holds it.
        dtype = np.uint8 if len(lengths) == 0 or lengths.max() < 256 else np.uint32
        counts = np.zeros((_CAP * len(chars), len(choices)), dtype=dtype)
        for row, choice in enumerate(choices):
            for char in set(choice):
                counts[(_CAP - 1) * len(chars) + chars[char], row] = choice.count(char)
        for cap in range(1, _CAP):
            raw = counts[(_CAP - 1) * len(chars) :]
            np.minimum(raw, cap, out=counts[(cap - 1) * len(chars) : cap * len(chars)])
        return cls(tuple(choices), lengths, counts, chars)

    def possible(self, probe: str, cutoff: float) -> list[str]:
        """The choices whose `fuzz.ratio` with `probe` may reach `cutoff`, in their order."""
        if not self.choices:
            return []
        width = len(self.chars)
        rows = [
            (min(probe.count(char), _CAP) - 1) * width + self.chars[char]
            for char in set(probe)
            if char in self.chars
        ]
        shared = self.counts[rows].sum(axis=0, dtype=self.counts.dtype)
        # the characters an alias of each length must share with the probe
        span = np.arange(int(self.lengths.max()) + 1) + len(probe)
        needed = (cutoff - _SLACK) * span / 200.0
        keep = shared >= needed[self.lengths]
        return [self.choices[i] for i in np.flatnonzero(keep).tolist()]

    def extract(self, probe: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
        """`process.extract(probe, choices, fuzz.ratio, cutoff, limit)` over the possible ones."""
        found = process.extract(
            probe,
            self.possible(probe, cutoff),
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=cutoff,
            limit=limit,
        )
        return [(key, float(score)) for key, score, _ in found]
