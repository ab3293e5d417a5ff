import gc
import weakref
from dataclasses import replace
from pathlib import Path

import pytest

from bench.scaled_knowledge import generate
from bot.knowledge.building import once_per_knowledge, without_gc
from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.knowledge.lookup import lookup
from bot.knowledge.model import Knowledge
from bot.understanding.aliases import alias_index

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=["shipped", "generated-2x"])
def knowledge(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Knowledge:
    if request.param == "shipped":
        return load_knowledge(ROOT / "knowledge")
    folder = tmp_path_factory.mktemp("scaled") / "knowledge"
    generate(ROOT / "knowledge", folder, 2)
    return load_knowledge(folder)


def test_roles_of_every_person_match_a_scan_of_every_pole(knowledge: Knowledge) -> None:
    for person_id in [*knowledge.people, "nobody"]:
        scan = tuple((p, r) for p in knowledge.poles for r in p.members if r.person_id == person_id)
        assert lookup(knowledge).roles_of(person_id) == scan


def test_portfolios_of_every_person_match_a_scan(knowledge: Knowledge) -> None:
    for person_id in [*knowledge.people, "nobody"]:
        scan = tuple(p for p in knowledge.portfolios if p.owner_id == person_id)
        assert lookup(knowledge).portfolios_of(person_id) == scan


def test_every_ministry_pole_and_topic_is_found_by_its_id(knowledge: Knowledge) -> None:
    found = lookup(knowledge)
    pairs = [(p, m) for p in knowledge.portfolios for m in p.ministries]
    assert [found.ministries[m.id] for _, m in pairs] == pairs
    assert [found.poles[p.id] for p in knowledge.poles] == list(knowledge.poles)
    assert [found.topics[t.id] for t in knowledge.topics] == list(knowledge.topics)
    assert len(found.ministries) == len(pairs)
    assert "nobody" not in found.poles


def test_lookup_is_built_once_per_knowledge_object(knowledge: Knowledge) -> None:
    assert lookup(knowledge) is lookup(knowledge)
    other = replace(knowledge, poles=knowledge.poles[:1])
    assert lookup(other).poles == {knowledge.poles[0].id: knowledge.poles[0]}
    assert lookup(knowledge).poles != lookup(other).poles


class _Built:
    pass


def test_once_per_knowledge_forgets_what_it_built_for_a_collected_knowledge() -> None:
    builds: list[_Built] = []

    @once_per_knowledge
    def build(knowledge: Knowledge) -> _Built:
        builds.append(_Built())
        return builds[-1]

    first = Knowledge()
    assert build(first) is build(first)
    assert len(builds) == 1
    kept = weakref.ref(builds.pop())
    del first
    gc.collect()
    assert kept() is None


def test_alias_index_from_the_loaders_keys_equals_one_folded_from_scratch(
    knowledge: Knowledge,
) -> None:
    assert knowledge.alias_keys  # the loader kept them
    folded_again = replace(knowledge, alias_keys={})
    assert alias_index(folded_again) == alias_index(knowledge)
    assert alias_index(folded_again) is not alias_index(knowledge)


def test_without_gc_pauses_the_collector_and_restores_its_state() -> None:
    assert gc.isenabled()
    with without_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with without_gc():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_without_gc_restores_the_collector_when_loading_fails(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError):
        load_knowledge(tmp_path / "absent")
    assert gc.isenabled()


class _Cycle:
    me: "_Cycle"


def test_a_build_is_frozen_out_of_collections_until_a_new_knowledge_loads() -> None:
    @once_per_knowledge
    def build(knowledge: Knowledge) -> _Cycle:
        built = _Cycle()
        built.me = built  # garbage only the cyclic collector can free
        return built

    first = Knowledge()
    kept = weakref.ref(build(first))
    del first  # its value is dropped: cyclic garbage now
    gc.collect()
    assert kept() is not None  # frozen: full collections no longer walk what builds made
    load_knowledge(ROOT / "knowledge")  # a new knowledge gives the old one back to the collector
    gc.collect()
    assert kept() is None
