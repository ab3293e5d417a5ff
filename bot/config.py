"""Settings from the environment: the only reader of `os.environ`."""

import os
from collections.abc import Mapping
from pathlib import Path


def default_knowledge_dir() -> Path:
    """The repository's `knowledge/` folder, else `./knowledge`."""
    beside_package = Path(__file__).resolve().parent.parent / "knowledge"
    return beside_package if beside_package.is_dir() else Path("knowledge")


def knowledge_dir(override: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The knowledge folder: `override`, else BETABOT_KNOWLEDGE_DIR, else the default."""
    env = os.environ if environ is None else environ
    chosen = override or env.get("BETABOT_KNOWLEDGE_DIR", "")
    return Path(chosen) if chosen else default_knowledge_dir()


def postes_dir(knowledge: Path, environ: Mapping[str, str] | None = None) -> Path:
    """The job postings folder: BETABOT_POSTES_DIR, else `<knowledge>/postes`."""
    env = os.environ if environ is None else environ
    chosen = env.get("BETABOT_POSTES_DIR", "")
    return Path(chosen) if chosen else knowledge / "postes"
