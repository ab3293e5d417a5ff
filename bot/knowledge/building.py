"""How values derived from the knowledge are built: once per Knowledge, without GC pauses.

Loading the YAML and building the indexes create hundreds of thousands of objects and no
garbage cycles, yet the cyclic collector rescans them all every 700 new objects. At 100 times
the shipped knowledge (bench/bench_scale.py) it took 80 % of the load (7.3 s → 1.7 s without
it) and a third of the alias index (0.30 s → 0.20 s).

Once built, they live as long as their Knowledge, yet every full collection that questions
trigger would still walk them all: each build ends by freezing what is alive (`gc.freeze`, a
constant-time move out of the collector's generations), which doubled the questions asked
for the first time per second at 100x (1,080 → 1,980). Loading a new Knowledge unfreezes
them (`thaw`), so that cycles left by an earlier one are collected at the next full pass:
what a reload frees never stays frozen for longer than one Knowledge.
"""

import contextlib
import functools
import gc
import weakref
from collections.abc import Callable, Iterator
from typing import Protocol, TypeVar, cast

from bot.knowledge.model import Knowledge

T = TypeVar("T")


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic garbage collection inside; the previous state is restored on the way out."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def built(build: Callable[[], T]) -> T:
    """`build()` run without GC, then what is alive frozen: for values kept per Knowledge."""
    with without_gc():
        value = build()
    gc.freeze()  # built to last as long as its Knowledge: out of every later collection
    return value


def thaw() -> None:
    """Give back to the collector what earlier builds froze (before a new Knowledge is built)."""
    gc.unfreeze()


class PerKnowledge(Protocol[T]):
    """A value derived from a Knowledge, built once per Knowledge object and kept as long:
    `once_per_knowledge(build)`. Call it with a Knowledge for the value."""

    def __call__(self, knowledge: Knowledge, /) -> T:
        """The value of `knowledge`, built on first use."""
        ...

    def seed(self, knowledge: Knowledge, value: T) -> None:
        """Use `value`, built elsewhere (e.g. read from a cache), as the value of `knowledge`."""
        ...


# Every value built once per Knowledge, with the Knowledge objects it holds a value for
_EVERY: list[tuple[Callable[[Knowledge], object], dict[int, object]]] = []


def build_every(knowledge: Knowledge) -> None:
    """Build now every value derived from `knowledge` (of the modules imported so far), so
    that no question pays for it (0.4 s at the shipped size, about 7 s at 100 times)."""
    for value_of, _ in list(_EVERY):
        value_of(knowledge)


def unbuilt(knowledge: Knowledge) -> list[str]:
    """The names of the values derived from `knowledge` not built yet."""
    return [value_of.__name__ for value_of, values in _EVERY if id(knowledge) not in values]


def once_per_knowledge(build: Callable[[Knowledge], T]) -> PerKnowledge[T]:
    """`build` wrapped to run once per Knowledge object (without GC), its result kept as long.

    Knowledge holds dictionaries, so it cannot be hashed: values are keyed by `id()` and
    dropped when their Knowledge is collected (before its id can be reused). The wrapper is a
    plain function, not an object with `__call__`: asked several times per question, a
    function call costs half as much (issue 11: 2.3 % fewer instructions per question).
    """
    values: dict[int, T] = {}

    def seed(knowledge: Knowledge, value: T) -> None:
        key = id(knowledge)
        if key not in values:
            values[key] = value
            weakref.finalize(knowledge, values.pop, key, None)

    @functools.wraps(build)
    def value_of(knowledge: Knowledge) -> T:
        try:
            return values[id(knowledge)]
        except KeyError:
            seed(knowledge, built(lambda: build(knowledge)))
            return values[id(knowledge)]

    value_of.seed = seed  # type: ignore[attr-defined]  # what makes it a PerKnowledge
    _EVERY.append((value_of, cast(dict[int, object], values)))
    return cast(PerKnowledge[T], value_of)
