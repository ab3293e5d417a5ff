"""Look-ups by id in a Knowledge, through dictionaries built once per Knowledge object.

Answers ask, for every question, the roles and portfolios of a person, the portfolio of a
ministry, a pôle or a topic by id. Scanning every member of every pôle for each of them cost
half of the time per question at 100 times the shipped knowledge (bench/bench_scale.py).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from bot.knowledge.building import once_per_knowledge
from bot.knowledge.model import Knowledge, Ministry, Pole, Portfolio, Role, Topic

T = TypeVar("T")


@dataclass(frozen=True)
class Lookup:
    """Every id of a Knowledge mapped to what answers need of it, in the knowledge's order."""

    roles: Mapping[str, tuple[tuple[Pole, Role], ...]]  # person id -> their pôles and roles
    portfolios: Mapping[str, tuple[Portfolio, ...]]  # person id -> the portfolios they own
    ministries: Mapping[str, tuple[Portfolio, Ministry]]  # ministry id -> its portfolio
    poles: Mapping[str, Pole]
    topics: Mapping[str, Topic]

    def roles_of(self, person_id: str) -> tuple[tuple[Pole, Role], ...]:
        """The (pôle, role) pairs of a person, in the order of poles.yaml."""
        return self.roles.get(person_id, ())

    def portfolios_of(self, person_id: str) -> tuple[Portfolio, ...]:
        """The portfolios a person owns, in the order of portefeuilles.yaml."""
        return self.portfolios.get(person_id, ())


def _first_wins(pairs: list[tuple[str, T]]) -> dict[str, T]:
    """Like a scan that stops at the first match: a later duplicate id does not replace it."""
    found: dict[str, T] = {}
    for key, value in pairs:
        found.setdefault(key, value)
    return found


@once_per_knowledge
def lookup(knowledge: Knowledge) -> Lookup:
    """The look-ups of `knowledge`, built on its first use and kept as long as it."""
    roles: dict[str, list[tuple[Pole, Role]]] = {}
    for pole in knowledge.poles:
        for role in pole.members:
            roles.setdefault(role.person_id, []).append((pole, role))
    portfolios: dict[str, list[Portfolio]] = {}
    for portfolio in knowledge.portfolios:
        portfolios.setdefault(portfolio.owner_id, []).append(portfolio)
    return Lookup(
        roles={k: tuple(v) for k, v in roles.items()},
        portfolios={k: tuple(v) for k, v in portfolios.items()},
        ministries=_first_wins(
            [(m.id, (p, m)) for p in knowledge.portfolios for m in p.ministries]
        ),
        poles=_first_wins([(p.id, p) for p in knowledge.poles]),
        topics=_first_wins([(t.id, t) for t in knowledge.topics]),
    )
