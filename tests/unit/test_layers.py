"""Dependencies point inward, checked by folder: a new module is covered by being where it is.

Core (knowledge ← understanding ← answers ← conversation): each package imports only itself,
the core packages before it, the standard library and the text libraries. Outer packages:
mattermost knows nothing of the knowledge, answers or settings; postes never imports the
service; the store imports no transport, postes or service; telemetry imports no other
package of ours; the root package's `__version__` is anyone's (STYLE.md, "Dependencies point
inward").
"""

import ast
import sys
from pathlib import Path

import pytest

from tests.bot_imports import BOT, imported_names, modules, write_tree

CORE = ("knowledge", "understanding", "answers", "conversation")  # inward first
# Third-party libraries the core may use: YAML, fuzzy matching, and the text libraries that
# understanding may adopt (import names: bm25s, PyStemmer's Stemmer, simplemma).
# numpy: the fuzzy search's candidate filter (understanding/candidates.py; bm25s needs it too).
CORE_LIBRARIES = frozenset({"yaml", "rapidfuzz", "bm25s", "Stemmer", "simplemma", "numpy"})
# Outer packages: the packages of ours each must never import.
OUTER_FORBIDDEN = {
    "mattermost": ("knowledge", "understanding", "answers", "service", "postes"),
    "postes": ("service",),
    "store": ("mattermost", "postes", "service"),  # the core is inward: allowed
}


def _package(module: str) -> str:
    """`bot.knowledge.text` → `knowledge`; `bot.cli` → `cli`."""
    return module.split(".")[1] if module.count(".") else ""


ROOT_NAMES = frozenset({"bot", "bot.__version__"})  # bot/__init__.py imports nothing


def _core_refusal(own: str, target: str) -> bool:
    top = target.split(".")[0]
    if target in ROOT_NAMES:
        return False
    if top != "bot":
        return top not in sys.stdlib_module_names and top not in CORE_LIBRARIES
    inner = CORE[: CORE.index(own) + 1]
    return _package(target) not in inner


def _outer_refusal(own: str, target: str) -> bool:
    if target.split(".")[0] != "bot" or target in ROOT_NAMES:
        return False
    if own == "telemetry":
        return _package(target) != "telemetry"
    return _package(target) in OUTER_FORBIDDEN.get(own, ())


def layer_violations(root: Path = BOT) -> list[str]:
    """`file:line imports name` for every import that points outward, sorted."""
    found = []
    for name, path in modules(root).items():
        own = _package(name)
        refused = _core_refusal if own in CORE else _outer_refusal
        for target, line in imported_names(path, name):
            if refused(own, target):
                found.append(f"{path.relative_to(root.parent).as_posix()}:{line} imports {target}")
    return sorted(found)


def test_every_module_imports_inward_only() -> None:
    assert layer_violations() == []


def test_the_core_folders_hold_modules() -> None:
    # A renamed folder would make the check above vacuous.
    names = modules()
    assert all(any(_package(n) == package for n in names) for package in CORE)


def test_core_module_importing_outward_is_refused(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "knowledge/postings.py": "import re\nimport yaml\nfrom bot.answers import phrases\n",
            "understanding/query.py": "from bot.knowledge.text import fold\nimport rapidfuzz\n",
            "answers/render.py": "def f():\n    from bot.store.store import Store\n",
            "conversation/dispatch.py": "import aiohttp\nfrom ..answers import render\n",
        },
    )
    assert layer_violations(root) == [
        "bot/answers/render.py:2 imports bot.store.store.Store",
        "bot/conversation/dispatch.py:1 imports aiohttp",
        "bot/knowledge/postings.py:3 imports bot.answers.phrases",
    ]


def test_core_module_importing_the_old_flat_layout_is_refused(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"answers/answer.py": "from bot import text\n"})
    assert layer_violations(root) == ["bot/answers/answer.py:1 imports bot.text"]


def test_outer_rules_are_checked(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "mattermost/slash.py": "from bot.conversation.dispatch import Reply\n"
            "from bot.answers import phrases\n",
            "mattermost/client.py": "from bot.service.config import ServerAddress\n"
            "from bot.telemetry.metrics import METRICS\n",
            "postes/announcer.py": "from bot.store.store import Store\n"
            "from bot.service.config import Settings\n",
            "telemetry/metrics.py": "import prometheus_client\nfrom bot.store import store\n"
            "from bot import __version__\n",
            "store/store.py": "from bot.answers.directory import Handle\n"
            "from bot.postes.outbox import Outbox\n",
            "service/app.py": "from bot.postes.announcer import Announcer\n",
        },
    )
    assert layer_violations(root) == [
        "bot/mattermost/client.py:1 imports bot.service.config.ServerAddress",
        "bot/mattermost/slash.py:2 imports bot.answers.phrases",
        "bot/postes/announcer.py:2 imports bot.service.config.Settings",
        "bot/store/store.py:2 imports bot.postes.outbox.Outbox",
        "bot/telemetry/metrics.py:2 imports bot.store.store",
    ]


@pytest.mark.parametrize("package", sorted(p.parent.name for p in BOT.glob("*/__init__.py")))
def test_every_package_says_what_it_owns_and_may_import(package: str) -> None:
    text = (BOT / package / "__init__.py").read_text(encoding="utf-8")
    assert text.startswith('"""'), f"bot/{package}/__init__.py has no docstring"
    assert "import" in text.split('"""')[1].lower(), f"bot/{package}: say what it may import"


ENV_READER = "bot/service/config.py"


def environ_readers(root: Path = BOT) -> list[str]:
    """`file:line` of every `os.environ` / `os.getenv` use outside `service/config.py`."""
    found = []
    for path in sorted(root.rglob("*.py")):
        shown = path.relative_to(root.parent).as_posix()
        if shown == ENV_READER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            attribute = isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")
            imported = isinstance(node, ast.ImportFrom) and node.module == "os"
            if imported:
                attribute = any(a.name in ("environ", "getenv") for a in node.names)
            if attribute:
                found.append(f"{shown}:{node.lineno}")
    return found


def test_only_the_settings_read_the_environment() -> None:
    assert environ_readers() == []


def test_environment_readers_are_found(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "service/config.py": "import os\nTOKEN = os.environ['T']\n",
            "service/network.py": "import os\n\ndef proxy():\n    return os.getenv('P')\n",
            "mattermost/client.py": "from os import environ\n",
        },
    )
    assert environ_readers(root) == ["bot/mattermost/client.py:1", "bot/service/network.py:4"]
