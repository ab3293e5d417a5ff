"""requirements.lock is in step with pyproject.toml (scripts/check_lock.py, run by make lint)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_lock.py"


def check(pyproject: Path, lock: Path) -> tuple[int, str, str]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(SCRIPT), str(pyproject), str(lock)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def test_the_shipped_lock_matches_pyproject() -> None:
    assert check(ROOT / "pyproject.toml", ROOT / "requirements.lock") == (
        0,
        "requirements.lock correspond à pyproject.toml\n",
        "",
    )


def test_a_mismatched_lock_is_reported_line_by_line(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "x"\ndependencies = ["aiohttp>=3.14.5", "PyYAML~=6.0", "absent>=1"]\n'
    )
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "aiohttp==3.9.1 \\\n    --hash=sha256:aa\n    # via x (pyproject.toml)\n"
        "pyyaml==6.0.3\n    # via x (pyproject.toml)\n"
        "gone==1.0 \\\n    --hash=sha256:bb\n    # via\n    #   x (pyproject.toml)\n"
        "yarl==1.25.1 \\\n    --hash=sha256:cc\n    # via aiohttp\n"
    )
    fix = "relancez « make lock »"
    assert check(pyproject, lock) == (
        1,
        "",
        "requirements.lock : aiohttp==3.9.1 ne satisfait pas « >=3.14.5 » de pyproject.toml "
        f"— {fix}\n"
        f"requirements.lock : absent absent — {fix}\n"
        f"requirements.lock : gone n'est plus dans pyproject.toml — {fix}\n"
        f"requirements.lock : pyyaml==6.0.3 sans empreinte (--hash) — {fix}\n",
    )
