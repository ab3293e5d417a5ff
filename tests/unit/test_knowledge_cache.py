"""bot/service/knowledge_cache.py: `betabot ask`'s cache of the loaded knowledge.

A hit is seen from the cache file itself: a miss always writes a new file (a new inode), a hit
leaves it alone. Every case where the cache must not be trusted ends in a rebuilt, private file.
"""

import os
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from bot.answers.answer import answer
from bot.answers.render import render_answer
from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.knowledge.model import Knowledge
from bot.service import knowledge_cache
from bot.service.config import cache_dir
from bot.service.knowledge_cache import CACHE_FILE, cache_key, load_cached
from bot.understanding.aliases import alias_index
from bot.understanding.query import understand
from tests.paths import knowledge_copy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return knowledge_copy(tmp_path)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def ask(question: str, knowledge: Knowledge) -> str:
    return render_answer(answer(understand(question, knowledge), knowledge, date(2025, 3, 14)))


def load(folder: Path, cache: Path) -> Knowledge:
    return load_cached(folder, folder / "postes", cache)


def inode(cache: Path) -> int:
    return (cache / CACHE_FILE).stat().st_ino


def test_first_load_writes_a_private_cache_that_the_next_load_reads(
    folder: Path, cache: Path
) -> None:
    first = load(folder, cache)
    written = inode(cache)
    assert stat.S_IMODE((cache / CACHE_FILE).stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    second = load(folder, cache)
    assert inode(cache) == written
    assert second is not first
    assert second == first == load_knowledge(folder)
    for question in ("qui logement", "qui logemnt", "qui est Maël Inizan", "pôles"):
        assert ask(question, second) == ask(question, load_knowledge(folder))
    assert alias_index(second) == alias_index(first)


def test_an_edited_file_makes_the_cache_stale(folder: Path, cache: Path) -> None:
    load(folder, cache)
    written = inode(cache)
    people = folder / "personnes.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("Maël Inizan", "Maëlle Inizan"), "utf-8"
    )
    knowledge = load(folder, cache)
    assert inode(cache) != written
    assert "Maëlle Inizan" in ask("qui est Maëlle Inizan", knowledge)


def test_the_key_covers_data_postings_and_code(folder: Path, tmp_path: Path) -> None:
    key = cache_key(folder, folder / "postes")
    assert cache_key(folder, folder / "postes") == key
    assert cache_key(folder, tmp_path / "elsewhere") != key
    (folder / "postes" / "2025-01-01-nouveau.md").write_text("---\n", encoding="utf-8")
    assert cache_key(folder, folder / "postes") != key


def test_the_key_covers_the_code_sources_not_their_bytecode(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "bot"
    for package in knowledge_cache.CODE_PACKAGES:
        shutil.copytree(
            ROOT / "bot" / package, code / package, ignore=shutil.ignore_patterns("*.pyc")
        )
    monkeypatch.setattr(knowledge_cache, "CODE", code)
    key = cache_key(folder, folder / "postes")
    # modules imported after the key was taken (the YAML loader on a miss) write bytecode
    (code / "knowledge" / "__pycache__").mkdir(exist_ok=True)
    (code / "knowledge" / "__pycache__" / "loader.cpython-311.pyc").write_bytes(b"\0")
    assert cache_key(folder, folder / "postes") == key
    source = code / "understanding" / "query.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache_key(folder, folder / "postes") != key


def test_a_cache_others_could_write_is_not_read_but_replaced(folder: Path, cache: Path) -> None:
    load(folder, cache)
    (cache / CACHE_FILE).chmod(0o644)
    written = inode(cache)
    assert load(folder, cache) == load_knowledge(folder)
    assert inode(cache) != written
    assert stat.S_IMODE((cache / CACHE_FILE).stat().st_mode) == 0o600


def test_a_directory_others_can_write_is_neither_read_nor_written(
    folder: Path, cache: Path
) -> None:
    load(folder, cache)
    cache.chmod(0o777)
    written = inode(cache)
    assert load(folder, cache) == load_knowledge(folder)
    assert inode(cache) == written
    assert sorted(os.listdir(cache)) == [CACHE_FILE]


def test_a_symbolic_link_is_not_followed(folder: Path, cache: Path, tmp_path: Path) -> None:
    load(folder, cache)
    target = tmp_path / "elsewhere.pickle"
    (cache / CACHE_FILE).rename(target)
    (cache / CACHE_FILE).symlink_to(target)
    assert load(folder, cache) == load_knowledge(folder)
    assert not (cache / CACHE_FILE).is_symlink()


def test_a_damaged_cache_is_rebuilt(folder: Path, cache: Path) -> None:
    load(folder, cache)
    path = cache / CACHE_FILE
    path.write_bytes(path.read_bytes()[:-1000])
    written = inode(cache)
    assert load(folder, cache) == load_knowledge(folder)
    assert inode(cache) != written


def test_invalid_knowledge_raises_and_is_never_cached(folder: Path, cache: Path) -> None:
    (folder / "personnes.yaml").write_text("personnes: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        load(folder, cache)
    assert not (cache / CACHE_FILE).exists()


def test_cache_dir_setting(tmp_path: Path) -> None:
    home = Path.home()
    assert cache_dir({"BETABOT_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache_dir({"BETABOT_CACHE_DIR": "off"}) is None
    assert cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "betabot"
    assert cache_dir({}) == home / ".cache" / "betabot"
