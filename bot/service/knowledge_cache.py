"""A cache of the loaded Knowledge and its indexes, so that `betabot ask` starts fast.

At 100 times the shipped knowledge (bench/bench_scale.py), parsing and validating 4.7 MB of
YAML and building the indexes took most of `betabot ask`'s start; reading them back from a
pickle takes a fraction of it. The cache is a convenience, never a source of truth:

- it is keyed by the SHA-256 of every file of the knowledge and postings folders and of the
  code that builds what it holds (bot/knowledge, bot/understanding) and the Python version:
  any edit, or a new version of betabot, makes it stale, and a stale cache is rebuilt;
- a pickle runs code when it is read, so only a file that no one else could have written is
  read: a regular file (no symbolic link) owned by the current user with no permission for
  group or others, in a directory owned by the user that no one else can write to. Anything
  else (or a file that does not unpickle) is ignored and replaced, silently;
- only `betabot ask` uses it: the running bot, its hot reload and `betabot check` always
  read and validate the real files. An invalid knowledge is never cached.
"""

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

from bot.knowledge.building import without_gc
from bot.knowledge.lookup import Lookup, lookup
from bot.knowledge.model import Knowledge
from bot.understanding.abbreviations import Completions, completions
from bot.understanding.aliases import AliasIndex, alias_index
from bot.understanding.confidence import vocabulary

CODE = Path(__file__).resolve().parents[1]  # bot/
CODE_PACKAGES = ("knowledge", "understanding")
CACHE_FILE = "knowledge.pickle"
_MAGIC = b"betabot-knowledge-cache-1\n"
# The Knowledge and what every question (even « qui logement ») builds from it: the indexes,
# and the words of ours that `confidence.gibberish` reads
Held = tuple[Knowledge, AliasIndex, Lookup, Completions, frozenset[str]]


def cache_key(folder: Path, postes: Path) -> bytes:
    """SHA-256 of the knowledge and postings files, the code that reads them, and Python.

    Of the code, its sources only: the bytecode Python writes beside them as modules are first
    imported (some only once the key is taken) would make the next key differ.
    """
    digest = hashlib.sha256(_MAGIC + sys.version.encode())
    roots = [(b"code", CODE / p) for p in CODE_PACKAGES] + [(b"data", folder), (b"postes", postes)]
    for label, root in roots:
        pattern = "*.py" if label == b"code" else "*"
        paths = sorted(p for p in root.rglob(pattern) if p.is_file()) if root.is_dir() else []
        for path in paths:
            content = path.read_bytes()
            name = path.relative_to(root).as_posix().encode()
            digest.update(b"%s\0%s\0%d\0" % (label, name, len(content)))
            digest.update(content)
    return digest.digest()


def _private_dir(directory: Path) -> bool:
    """`directory` is ours and no one else can add or replace files in it."""
    try:
        info = directory.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.geteuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def _read(path: Path, key: bytes) -> Held | None:
    """What the cache at `path` holds, if it is trustworthy, readable and made for `key`."""
    if not _private_dir(path.parent):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_mode & 0o077
            or file.read(len(_MAGIC) + len(key)) != _MAGIC + key
        ):
            return None
        try:
            with without_gc():  # hundreds of thousands of objects, no cycles to collect
                held = pickle.load(file)  # noqa: S301 (only our own private file, see above)
        except Exception:  # a truncated or foreign file: rebuilt like a stale one
            return None
    if not (
        isinstance(held, tuple)
        and len(held) == 5
        and isinstance(held[0], Knowledge)
        and isinstance(held[1], AliasIndex)
        and isinstance(held[2], Lookup)
        and isinstance(held[3], Completions)
        and isinstance(held[4], frozenset)
    ):
        return None
    return held


def _write(path: Path, key: bytes, held: Held) -> None:
    """Replace the cache at `path` atomically, readable by its owner only; never raises."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private_dir(path.parent):
            return
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".knowledge-")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(_MAGIC + key)
                pickle.dump(held, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, pickle.PicklingError):
        return


def load_cached(folder: Path, postes: Path, cache_dir: Path) -> Knowledge:
    """The knowledge of `folder`, its alias index and look-ups ready, from the cache if valid.

    Raises `KnowledgeError` like `load_knowledge` when the files are invalid.
    """
    path = cache_dir / CACHE_FILE
    key = cache_key(folder, postes)
    held = _read(path, key)
    if held is None:
        from bot.knowledge.loader import load_knowledge  # YAML: only when the cache cannot serve

        knowledge = load_knowledge(folder, postes)
        built = (alias_index(knowledge), lookup(knowledge), completions(knowledge))
        held = (knowledge, *built, vocabulary(knowledge))
        _write(path, key, held)
    knowledge, index, looked_up, completed, words = held
    alias_index.seed(knowledge, index)
    lookup.seed(knowledge, looked_up)
    completions.seed(knowledge, completed)
    vocabulary.seed(knowledge, words)
    return knowledge
