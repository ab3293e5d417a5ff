"""The core never imports the network stack, the scheduler or the outer modules."""

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
CORE = (
    "knowledge/text",
    "knowledge/model",
    "knowledge/loader",
    "knowledge/nodes",
    "understanding/query",
    "answers/answer",
    "answers/render",
    "answers/phrases",
    "conversation/dispatch",
    "knowledge/postings",
    "store/store",
    "knowledge/problems",
    "knowledge/consistency",
    "conversation/flood",
    "understanding/aliases",
    "answers/lines",
    "answers/directory",
    "knowledge/schema",
    "store/backends",
    "knowledge/lookup",
    "knowledge/building",
)
FORBIDDEN = (
    "aiohttp",
    "mattermostdriver",
    "apscheduler",
    "prometheus_client",
    "requests",
    "websockets",
    "bot.mattermost",
    "bot.service.app",
    "bot.service.web",
    "bot.postes.scheduler",
    "bot.cli",
    "bot.telemetry.metrics",
    "bot.store.delivery",
    "bot.postes.announcer",
    "bot.postes.outbox",
    "bot.service.reload",
    "bot.service.config",
    "bot.service.env_values",
)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _forbidden(names: set[str]) -> list[str]:
    return sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in FORBIDDEN))


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_outer_layer(module: str) -> None:
    path = BOT / f"{module}.py"
    assert _forbidden(_imports(path)) == []


def test_every_core_module_exists() -> None:
    assert [m for m in CORE if not (BOT / f"{m}.py").exists()] == []


def test_layer_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import aiohttp\nfrom bot.mattermost import client\nfrom bot import text\n")
    assert _forbidden(_imports(bad)) == ["aiohttp", "bot.mattermost", "bot.mattermost.client"]


def test_layer_check_catches_an_outer_module_imported_lazily(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def f():\n    from bot.postes.announcer import Announcer\n    import apscheduler\n"
    )
    assert _forbidden(_imports(bad)) == [
        "apscheduler",
        "bot.postes.announcer",
        "bot.postes.announcer.Announcer",
    ]
