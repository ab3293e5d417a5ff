"""Every index a question may need, built before the first question asks for it.

The indexes derived from a Knowledge (aliases, passages, completions, the lists answers show…)
are built at their first use. The running bot builds them all when it loads a knowledge (at
start and at each reload, in the loading thread), so that no user's question waits for them:
a slash command must be answered within Mattermost's 3 seconds, and the indexes take 0.4 s to
build at the shipped size, about 7 s at 100 times.
"""

from bot.answers import answer as _answers  # noqa: F401  # registers the answers' values
from bot.knowledge.building import build_every
from bot.knowledge.model import Knowledge
from bot.understanding import query as _query  # noqa: F401  # registers the understanding's
from bot.understanding.aliases import alias_index
from bot.understanding.passages import passage_index


def prepare(knowledge: Knowledge) -> None:
    """Build every index of `knowledge` now (blocking: run it where the loading runs)."""
    build_every(knowledge)
    passage_index(knowledge, alias_index(knowledge).fillers)
