"""Where the tests find their material: the repository, the archive beside it, knowledge copies."""

import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The beta.gouv.fr postings archive sits in `shared/`, beside the clone (never copied in).
ARCHIVE = Path(
    os.environ.get("BETABOT_POSTINGS_ARCHIVE", REPO.parent / "shared" / "postings-archive")
)


def knowledge_copy(root: Path) -> Path:
    """A writable copy of the shipped knowledge at `root/knowledge` (files 0644, folders 0755)."""
    copy = root / "knowledge"
    shutil.copytree(REPO / "knowledge", copy)
    for path in copy.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return copy
