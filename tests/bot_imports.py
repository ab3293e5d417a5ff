"""What each module of a package folder imports: every import, top-level or inside a function."""

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"


def module_name(path: Path, root: Path = BOT) -> str:
    """`bot/knowledge/text.py` → `bot.knowledge.text`; a package's `__init__.py` → the package."""
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = BOT) -> dict[str, Path]:
    """Every module under `root`, by dotted name."""
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def imported_names(path: Path, name: str) -> list[tuple[str, int]]:
    """(dotted name, line) of every import in `path`, relative ones made absolute.

    `from a.b import c` gives `a.b.c` (c may be a module or a name defined in a.b).
    """
    found: list[tuple[str, int]] = []
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            found.extend((f"{base}.{alias.name}", node.lineno) for alias in node.names)
    return found


def resolve(target: str, known: dict[str, Path]) -> str | None:
    """The module of `known` that `target` names (`bot.a.b.Name` → `bot.a.b`), else None."""
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


def write_tree(tmp_path: Path, files: dict[str, str]) -> Path:
    """A fake `bot` package under `tmp_path`: relative path → source."""
    root = tmp_path / "bot"
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
