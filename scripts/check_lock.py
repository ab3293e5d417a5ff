"""Check, offline, that requirements.lock matches pyproject.toml's dependencies.

Every dependency of `[project].dependencies` must be pinned in the lock with a version its
specifier allows, every pin must carry at least one hash, and no pin may still claim to come
from pyproject.toml once its dependency is gone. `make lock` regenerates the lock.

Usage: python3 scripts/check_lock.py [pyproject.toml] [requirements.lock]; exit 1 on a mismatch.
"""

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)")
_FROM_PROJECT = "(pyproject.toml)"
_FIX = "relancez « make lock »"


def _pins(lock: Path) -> dict[str, tuple[str, int, tuple[str, ...]]]:
    """Lock name → (version, number of hashes, what it comes from per its `# via` comment)."""
    pins: dict[str, tuple[str, int, tuple[str, ...]]] = {}
    name = ""
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            name = canonicalize_name(match[1])
            pins[name] = (match[2], 0, ())
        elif name and "--hash=" in line:
            version, hashes, via = pins[name]
            pins[name] = (version, hashes + 1, via)
        elif name and line.startswith("    #"):
            version, hashes, via = pins[name]
            source = line.strip().lstrip("#").strip().removeprefix("via").strip()
            pins[name] = (version, hashes, (*via, source) if source else via)
    return pins


def lock_problems(pyproject: Path, lock: Path) -> list[str]:
    """What does not match, in French, one line each; empty when the lock is in step."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(text) for text in project["dependencies"]]
    pins = _pins(lock)
    problems = []
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{lock.name} : {requirement.name} absent — {_FIX}")
        elif not requirement.specifier.contains(pins[name][0], prereleases=True):
            problems.append(
                f"{lock.name} : {requirement.name}=={pins[name][0]} ne satisfait pas "
                f"« {requirement.specifier} » de {pyproject.name} — {_FIX}"
            )
    names = {canonicalize_name(r.name) for r in wanted}
    for name, (version, hashes, via) in sorted(pins.items()):
        if not hashes:
            problems.append(f"{lock.name} : {name}=={version} sans empreinte (--hash) — {_FIX}")
        only_project = bool(via) and all(_FROM_PROJECT in source for source in via)
        if only_project and name not in names:
            problems.append(f"{lock.name} : {name} n'est plus dans {pyproject.name} — {_FIX}")
    return problems


def main(argv: list[str]) -> int:
    """Print the problems (stderr) or one line (stdout); 0 when the lock matches."""
    pyproject = Path(argv[0]) if argv else ROOT / "pyproject.toml"
    lock = Path(argv[1]) if len(argv) > 1 else ROOT / "requirements.lock"
    problems = lock_problems(pyproject, lock)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{lock.name} correspond à {pyproject.name}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
