"""What `betabot`'s subcommands share: exit codes, `--knowledge`, the knowledge and the settings.

`read_knowledge` and `read_settings` print why they cannot load and return None; they import
inside, so that `betabot ask` never loads the network stack.
"""

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.knowledge.model import Knowledge
    from bot.service.config import Settings

EXIT_OK = 0
EXIT_INVALID = 1  # `check`: the knowledge has problems
EXIT_NO_KNOWLEDGE = 2  # `ask`: the knowledge cannot be loaded
EXIT_CONFIG = 2  # `run`, `install`: a setting that is missing, malformed or unusable


def knowledge_option(parser: argparse.ArgumentParser, default: object) -> None:
    """Add `--knowledge DOSSIER` to `parser` (SUPPRESS: a subcommand keeps the main one's)."""
    parser.add_argument(
        "--knowledge",
        metavar="DOSSIER",
        default=default,
        help="dossier des connaissances (défaut : BETABOT_KNOWLEDGE_DIR, sinon knowledge/)",
    )


def read_knowledge(args: argparse.Namespace, cached: bool = False) -> "Knowledge | None":
    """The knowledge named by the arguments, or None after printing why it cannot load.

    `cached`: through the knowledge cache of `betabot ask` (bot.service.knowledge_cache).
    """
    from bot.knowledge.problems import KnowledgeError
    from bot.service.config import cache_dir, knowledge_dir, postes_dir

    folder = knowledge_dir(args.knowledge)
    cache = cache_dir() if cached else None
    try:
        if cache is not None:
            from bot.service.knowledge_cache import load_cached

            return load_cached(folder, postes_dir(folder), cache)
        from bot.knowledge.loader import load_knowledge  # the YAML parser, only when read

        return load_knowledge(folder, postes_dir(folder))
    except KnowledgeError as error:
        print(f"Les connaissances de {folder} sont invalides :\n{error}", file=sys.stderr)
        return None


def read_settings() -> "Settings | None":
    """The settings of `betabot run` (environment and .env), or None after printing why not."""
    from bot.service.config import load_settings
    from bot.service.env_values import ConfigError

    try:
        return load_settings()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return None
