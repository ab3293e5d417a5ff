"""Which aliases can reach a `fuzz.ratio` cutoff: a filter that never drops a possible match.

`fuzz.ratio(a, b)` is ``200 * LCS(a, b) / (len(a) + len(b))`` (normalised Indel similarity),
and the longest common subsequence never exceeds the characters the two strings share,
counted with multiplicity: ``LCS <= sum over c of min(count_a(c), count_b(c))``. An alias
whose bound is below the cutoff cannot score above it, so rapidfuzz only scores the others.
The survivors keep their order, so ties are broken as over the whole list and the filtered
search returns exactly what the exhaustive one did (tests/unit/test_candidates.py).

At 100 times the shipped knowledge (bench/bench_scale.py) a one-word probe was scored
against 32,000 aliases; the bound is a handful of vectorised numpy operations (one per
distinct character of the probe) over per-character count columns built once.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

# A bound this close below the cutoff is kept: float rounding must never drop a real match.
_SLACK = 1e-6


@dataclass(frozen=True)
class Candidates:
    """Aliases of one word count, with the character counts the bound needs."""

    choices: tuple[str, ...]
    # Derived from the choices, so left out of comparisons (numpy arrays do not compare to bool).
    lengths: npt.NDArray[np.int32] = field(compare=False)
    columns: dict[str, npt.NDArray[np.uint8]] = field(compare=False)  # char -> count per choice

    @classmethod
    def of(cls, choices: Sequence[str]) -> "Candidates":
        """The filter over `choices` (pre-folded strings), in their order."""
        columns: dict[str, npt.NDArray[np.uint8]] = {}
        for row, choice in enumerate(choices):
            for char in set(choice):
                column = columns.get(char)
                if column is None:
                    column = columns[char] = np.zeros(len(choices), dtype=np.uint8)
                column[row] = min(choice.count(char), 255)
        lengths = np.fromiter((len(c) for c in choices), dtype=np.int32, count=len(choices))
        return cls(tuple(choices), lengths, columns)

    def possible(self, probe: str, cutoff: float) -> list[str]:
        """The choices whose `fuzz.ratio` with `probe` may reach `cutoff`, in their order."""
        shared = np.zeros(len(self.choices), dtype=np.int32)
        for char in set(probe):
            column = self.columns.get(char)
            if column is not None:
                shared += np.minimum(column, probe.count(char))
        keep = 200.0 * shared >= (cutoff - _SLACK) * (self.lengths + len(probe))
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
