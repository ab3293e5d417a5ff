"""`betabot ask`, `check` and `postes`: the knowledge and the job postings, offline.

Each subcommand is one `add_<name>(commands)` function that declares its arguments and one
`_<name>(args)` function that imports what it needs inside, so `betabot ask` starts fast and
never loads the network stack.
"""

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence

from bot.cli_inputs import (
    EXIT_INVALID,
    EXIT_NO_KNOWLEDGE,
    EXIT_OK,
    knowledge_option,
    read_knowledge,
)


def _questions(words: Sequence[str]) -> Iterable[str]:
    if words:
        yield " ".join(words)
        return
    for line in sys.stdin:
        if line.strip():
            yield line.strip()


def _ask(args: argparse.Namespace) -> int:
    import gc

    # Loading, then the first question (which builds the indexes), create hundreds of
    # thousands of objects and no garbage cycle: collecting them once GC is back on, and
    # again at exit, cost a third of the start at 100x (bench/bench_scale.py). They live
    # until the process exits, so after the first answer they are frozen out of collections.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _answer_all(args, gc.enable if enabled else lambda: None)
    finally:
        if enabled:
            gc.enable()


def _answer_all(args: argparse.Namespace, answered_first: Callable[[], None]) -> int:
    import gc
    import json
    from datetime import datetime

    from bot.answers.answer import answer
    from bot.answers.render import render_answer
    from bot.knowledge.timezone import PARIS
    from bot.understanding.query import understand

    knowledge = read_knowledge(args, cached=True)
    if knowledge is None:
        return EXIT_NO_KNOWLEDGE
    today = datetime.now(PARIS).date()
    for number, question in enumerate(_questions(args.question)):
        query = understand(question, knowledge)
        text = render_answer(answer(query, knowledge, today))
        if number == 0:
            gc.freeze()
            answered_first()
        if args.json:
            fields = {"question": question, "intent": query.intent, "subject": query.subject}
            record = {**fields, "score": round(query.score, 1), "answer": text}
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(("\n" if number else "") + text)
    return EXIT_OK


def add_ask(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Declare `betabot ask`: a question, or one a line on stdin."""
    parser = commands.add_parser(
        "ask",
        help="pose une question, sans Mattermost",
        description="Affiche la réponse de betabot. Sans question : une question par ligne "
        "sur l'entrée standard.",
    )
    parser.add_argument("question", nargs="*", help="la question, ex. « qui logement »")
    parser.add_argument("--json", action="store_true", help="un objet JSON par question")
    knowledge_option(parser, argparse.SUPPRESS)
    parser.set_defaults(run=_ask)


def _check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.knowledge.loader import check
    from bot.service.config import knowledge_dir, postes_dir

    folder = Path(args.dir) if args.dir else knowledge_dir(args.knowledge)
    report, code = check(folder, postes_dir(folder))
    print(report)
    return code


def add_check(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Declare `betabot check`: every problem of the knowledge, with file:line."""
    parser = commands.add_parser(
        "check",
        help="vérifie les fichiers de connaissances",
        description="Vérifie les fichiers YAML et affiche chaque problème avec fichier:ligne.",
    )
    parser.add_argument("dir", nargs="?", metavar="DOSSIER", help="défaut : knowledge/")
    knowledge_option(parser, argparse.SUPPRESS)
    parser.set_defaults(run=_check)


def _postes(args: argparse.Namespace) -> int:
    from datetime import datetime
    from pathlib import Path

    from bot.answers import phrases
    from bot.answers.render import render_posting_announcement, render_postings_list
    from bot.knowledge.posting_rules import open_postings
    from bot.knowledge.postings import load_postings, parse_posting
    from bot.knowledge.timezone import PARIS
    from bot.service.config import knowledge_dir, postes_dir

    today = datetime.now(PARIS).date()
    if args.preview:
        posting, problems = parse_posting(Path(args.preview))
        for problem in problems:
            print(problem, file=sys.stderr)
        if posting is None:
            return EXIT_INVALID
        if not posting.is_open(today):
            print(phrases.POSTING_PREVIEW_CLOSED, file=sys.stderr)
        print(render_posting_announcement(posting))
        return EXIT_OK
    postings, problems = load_postings(postes_dir(knowledge_dir(args.knowledge)))
    if problems:
        print(phrases.POSTING_PROBLEMS, *problems, sep="\n", file=sys.stderr)
    print(render_postings_list(open_postings(postings, today)))
    return EXIT_OK


def add_postes(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Declare `betabot postes`: the open postings, or one posting's announcement."""
    parser = commands.add_parser(
        "postes",
        help="liste les postes ouverts",
        description="Liste les postes ouverts du dossier des fiches (BETABOT_POSTES_DIR, "
        "sinon <connaissances>/postes). Avec --preview : affiche l'annonce d'une fiche "
        "telle qu'elle serait postée.",
    )
    parser.add_argument("--preview", metavar="FICHIER", help="fiche de poste à prévisualiser")
    knowledge_option(parser, argparse.SUPPRESS)
    parser.set_defaults(run=_postes)
