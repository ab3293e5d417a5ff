"""`betabot`: ask a question offline, check the knowledge, run the bot.

This module builds the parser and runs one subcommand. The subcommands live in
`cli_knowledge` (ask, check, postes: offline) and `cli_service` (run, install, contacts,
doctor, rapport); what they share, in `cli_inputs`. Each subcommand is one
`add_<name>(commands)` function that declares its arguments and one `_<name>(args)` function
that imports what it needs inside, so `betabot ask` starts fast and never loads the network
stack.
"""

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from bot.cli_inputs import EXIT_OK, knowledge_option
from bot.cli_knowledge import add_ask, add_check, add_postes
from bot.cli_service import add_contacts, add_doctor, add_install, add_rapport, add_run

Command = Callable[[argparse.Namespace], int]


# One entry per subcommand; add yours here.
SUBCOMMANDS: list[Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]] = [
    add_ask,
    add_check,
    add_postes,
    add_run,
    add_install,
    add_contacts,
    add_doctor,
    add_rapport,
]


def build_parser() -> argparse.ArgumentParser:
    """The `betabot` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="betabot", description="betabot, l'assistant Mattermost de beta.gouv.fr"
    )
    knowledge_option(parser, None)
    from bot import __version__

    parser.add_argument("--version", action="version", version=f"betabot {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    for add in SUBCOMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    run: Command = args.run
    try:
        return run(args)
    except BrokenPipeError:  # « betabot ask … | head -1 »: the reader left, nothing to say
        # Python would also fail flushing stdout at exit: point it at /dev/null first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
