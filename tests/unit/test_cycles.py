"""No import cycle among bot modules, counting every import (top-level, in a function, typing)."""

from pathlib import Path

from tests.bot_imports import BOT, imported_names, modules, resolve, write_tree


def import_graph(root: Path = BOT) -> dict[str, set[str]]:
    """Module → the modules of ours it imports (a package's own `__init__` is no edge)."""
    known = modules(root)
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for target, _ in imported_names(path, name):
            found = resolve(target, known)
            if found and found != name and not name.startswith(found + "."):
                graph[name].add(found)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module, each sorted (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_bot_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_a_cycle_hidden_in_a_function_or_type_checking_block_is_found(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "postes/__init__.py": "from bot.postes import announcer\n",  # no edge to itself
            "postes/announcer.py": "from bot.service.config import Settings\n",
            "service/config.py": "def f():\n    from bot.postes.scheduler import trigger\n",
            "postes/scheduler.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from bot.postes.announcer import Announcer\n",
            "knowledge/loader.py": "def g():\n    from .postings import load\n",
            "knowledge/postings.py": "from bot.knowledge.loader import Problem\n",
            "knowledge/text.py": "import re\n",
        },
    )
    assert cycles(import_graph(root)) == [
        ["bot.knowledge.loader", "bot.knowledge.postings"],
        ["bot.postes.announcer", "bot.postes.scheduler", "bot.service.config"],
    ]


def test_imports_that_go_one_way_are_no_cycle(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "a.py": "from bot import b\nimport bot.c\n",
            "b.py": "from bot.c import x\n",
            "c.py": "import os\n",
        },
    )
    assert import_graph(root) == {"bot.a": {"bot.b", "bot.c"}, "bot.b": {"bot.c"}, "bot.c": set()}
    assert cycles(import_graph(root)) == []
