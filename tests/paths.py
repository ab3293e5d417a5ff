"""Where the tests find material that lives outside the repository."""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The beta.gouv.fr postings archive sits in `shared/`, beside the clone (never copied in).
ARCHIVE = Path(
    os.environ.get("BETABOT_POSTINGS_ARCHIVE", REPO.parent / "shared" / "postings-archive")
)
