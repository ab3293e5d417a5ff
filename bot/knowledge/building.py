"""How values derived from the knowledge are built: once per Knowledge, without GC pauses.

Loading the YAML and building the indexes create hundreds of thousands of objects and no
garbage cycles, yet the cyclic collector rescans them all every 700 new objects. At 100 times
the shipped knowledge (bench/bench_scale.py) it took 80 % of the load (7.3 s → 1.7 s without
it) and a third of the alias index (0.30 s → 0.20 s).
"""

import contextlib
import functools
import gc
import weakref
from collections.abc import Callable, Iterator
from typing import TypeVar

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


def once_per_knowledge(build: Callable[[Knowledge], T]) -> Callable[[Knowledge], T]:
    """`build` wrapped to run once per Knowledge object (without GC), its result kept as long.

    Knowledge holds dictionaries, so it cannot be hashed: entries are keyed by `id()` and
    dropped when their Knowledge is collected (before its id can be reused).
    """
    cache: dict[int, T] = {}

    def derived(knowledge: Knowledge) -> T:
        key = id(knowledge)
        if key not in cache:
            with without_gc():
                cache[key] = build(knowledge)
            weakref.finalize(knowledge, cache.pop, key, None)
        return cache[key]

    return functools.wraps(build)(derived)
