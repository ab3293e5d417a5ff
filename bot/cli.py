"""`betabot`: ask a question offline, check the knowledge, run the bot.

Each subcommand is one `_add_<name>(commands)` function that declares its arguments and one
`_<name>(args)` function that imports what it needs inside, so `betabot ask` starts fast and
never loads the network stack.
"""

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.knowledge.model import Knowledge
    from bot.service.config import Settings

Command = Callable[[argparse.Namespace], int]
EXIT_OK = 0
EXIT_INVALID = 1  # `check`: the knowledge has problems
EXIT_NO_KNOWLEDGE = 2  # `ask`: the knowledge cannot be loaded


def _knowledge_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--knowledge",
        metavar="DOSSIER",
        default=default,
        help="dossier des connaissances (défaut : BETABOT_KNOWLEDGE_DIR, sinon knowledge/)",
    )


def _load(args: argparse.Namespace, cached: bool = False) -> "Knowledge | None":
    """The knowledge named by the arguments, or None after printing why it cannot load.

    `cached`: through the knowledge cache of `betabot ask` (bot.service.knowledge_cache).
    """
    from bot.knowledge.loader import KnowledgeError, load_knowledge
    from bot.service.config import cache_dir, knowledge_dir, postes_dir

    folder = knowledge_dir(args.knowledge)
    cache = cache_dir() if cached else None
    try:
        if cache is not None:
            from bot.service.knowledge_cache import load_cached

            return load_cached(folder, postes_dir(folder), cache)
        return load_knowledge(folder, postes_dir(folder))
    except KnowledgeError as error:
        print(f"Les connaissances de {folder} sont invalides :\n{error}", file=sys.stderr)
        return None


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

    knowledge = _load(args, cached=True)
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


def _add_ask(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "ask",
        help="pose une question, sans Mattermost",
        description="Affiche la réponse de betabot. Sans question : une question par ligne "
        "sur l'entrée standard.",
    )
    parser.add_argument("question", nargs="*", help="la question, ex. « qui logement »")
    parser.add_argument("--json", action="store_true", help="un objet JSON par question")
    _knowledge_option(parser, argparse.SUPPRESS)
    parser.set_defaults(run=_ask)


def _check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.knowledge.loader import check
    from bot.service.config import knowledge_dir, postes_dir

    folder = Path(args.dir) if args.dir else knowledge_dir(args.knowledge)
    report, code = check(folder, postes_dir(folder))
    print(report)
    return code


def _add_check(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "check",
        help="vérifie les fichiers de connaissances",
        description="Vérifie les fichiers YAML et affiche chaque problème avec fichier:ligne.",
    )
    parser.add_argument("dir", nargs="?", metavar="DOSSIER", help="défaut : knowledge/")
    _knowledge_option(parser, argparse.SUPPRESS)
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


def _add_postes(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "postes",
        help="liste les postes ouverts",
        description="Liste les postes ouverts du dossier des fiches (BETABOT_POSTES_DIR, "
        "sinon <connaissances>/postes). Avec --preview : affiche l'annonce d'une fiche "
        "telle qu'elle serait postée.",
    )
    parser.add_argument("--preview", metavar="FICHIER", help="fiche de poste à prévisualiser")
    _knowledge_option(parser, argparse.SUPPRESS)
    parser.set_defaults(run=_postes)


EXIT_CONFIG = 2  # `run`, `install`: a setting that is missing, malformed or unusable


def _settings() -> "Settings | None":
    """The settings of `betabot run` (environment and .env), or None after printing why not."""
    from bot.service.config import load_settings
    from bot.service.env_values import ConfigError

    try:
        return load_settings()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return None


def _run(args: argparse.Namespace) -> int:
    import asyncio

    from bot.service.app import App, run_until_signal
    from bot.service.startup import StartupError
    from bot.telemetry.logs import setup_logging

    settings = _settings()
    if settings is None:
        return EXIT_CONFIG
    setup_logging(
        settings.log_level,
        "json" if settings.log_format == "json" else "text",
        secrets=settings.secrets,
        log_messages=settings.log_messages,
    )
    try:
        asyncio.run(run_until_signal(App(settings)))
    except StartupError as error:  # expected: one line, no traceback
        print(error, file=sys.stderr)
        return EXIT_CONFIG
    return EXIT_OK


def _add_run(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "run",
        help="lance le bot sur Mattermost",
        description="Se connecte à Mattermost (configuration : environnement et .env), répond "
        "aux mentions, aux messages directs et à /beta. SIGTERM ou Ctrl-C : arrêt propre.",
    )
    parser.set_defaults(run=_run)


def _install(args: argparse.Namespace) -> int:
    import asyncio

    from bot.service.installer import InstallError, install, plan

    try:
        lines = asyncio.run(install(plan(args.url, args.token_env, args.bot, args.insecure)))
    except InstallError as error:
        print(error, file=sys.stderr)
        return error.code
    print(*lines, sep="\n")
    return EXIT_OK


def _add_install(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "install",
        aliases=["install-command"],
        help="installe /beta et le profil du bot sur Mattermost",
        description="Crée la commande slash /beta (ou la met à jour) à BETABOT_PUBLIC_URL + "
        "/mattermost/slash, affiche son jeton, puis règle le nom affiché, la description et "
        "la photo du compte bot. Le jeton d'un administrateur système est lu dans "
        "MATTERMOST_ADMIN_TOKEN, sinon demandé.",
    )
    parser.add_argument(
        "--url",
        default="",
        help="adresse publique du bot vue par Mattermost (défaut : BETABOT_PUBLIC_URL), ex. "
        "https://betabot.example.org",
    )
    parser.add_argument(
        "--token-env",
        default="MATTERMOST_ADMIN_TOKEN",
        metavar="VARIABLE",
        help="variable contenant le jeton d'un administrateur (défaut : MATTERMOST_ADMIN_TOKEN)",
    )
    parser.add_argument(
        "--bot",
        default="betabot",
        metavar="NOM",
        help="nom d'utilisateur du compte bot, si MATTERMOST_TOKEN n'est pas défini",
    )
    parser.add_argument(
        "--insecure",
        action="store_true",
        help="accepte une adresse http:// (essai local seulement : le jeton passerait en clair)",
    )
    parser.set_defaults(run=_install)


def _contacts(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from bot.mattermost.client import MattermostError
    from bot.service.contacts import contacts_report

    settings = _settings()
    if settings is None:
        return EXIT_CONFIG
    if not args.knowledge:  # the same folder as `betabot run`, .env included
        args.knowledge = str(settings.knowledge_dir)
    knowledge = _load(args)
    if knowledge is None:
        return EXIT_CONFIG
    logging.disable(logging.WARNING)  # retries are logged as warnings: the error line says it
    try:
        lines, stale = asyncio.run(contacts_report(settings, list(knowledge.people.values())))
    except MattermostError as error:
        print(
            f"Mattermost injoignable ou jeton refusé ({error}) : betabot doctor.", file=sys.stderr
        )
        return EXIT_CONFIG
    print("\n".join(lines))
    return EXIT_INVALID if stale else EXIT_OK


def _add_contacts(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "contacts",
        help="trouve le compte Mattermost de chaque personne des connaissances",
        description="Une ligne par personne : son identifiant Mattermost et comment il a été "
        "trouvé (YAML, convention, recherche), ou « introuvable » / « désactivé ». Code 1 si "
        "une personne n'a pas de compte actif, 2 si Mattermost ne peut pas être interrogé.",
    )
    _knowledge_option(parser, argparse.SUPPRESS)
    parser.set_defaults(run=_contacts)


def _doctor(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from bot.service.config import load_settings, optional_secret
    from bot.service.doctor import redact, run_checks
    from bot.service.doctor_check import Check
    from bot.service.env_values import ConfigError

    try:
        settings = load_settings()
    except ConfigError as error:
        print(Check(False, str(error)))
        return EXIT_INVALID
    admin_token = optional_secret("MATTERMOST_ADMIN_TOKEN")
    logging.disable(logging.WARNING)  # retries are logged as warnings: the ✗ lines say it
    checks = asyncio.run(run_checks(settings, admin_token))
    for check in checks:
        print(redact(str(check), (*settings.secrets, admin_token)))
    return EXIT_OK if all(check.ok for check in checks) else EXIT_INVALID


def _add_doctor(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "doctor",
        help="vérifie la configuration de bout en bout",
        description="Lit la même configuration que betabot run (environnement et .env) et "
        "vérifie serveur, jeton, équipe, canaux, /beta, base, connaissances et contacts : une "
        "ligne ✓ ou ✗ par point. Code 0 si tout va bien, 1 sinon.",
    )
    parser.set_defaults(run=_doctor)


def _rapport(args: argparse.Namespace) -> int:
    import json
    from datetime import datetime

    from bot.knowledge.timezone import PARIS
    from bot.service.config import database_url_from_env
    from bot.service.env_values import ConfigError
    from bot.service.report import build_report, render_report, report_json
    from bot.store.backends import open_store
    from bot.store.questions import QuestionLog

    if args.jours < 1:
        print("--jours doit être un nombre de jours supérieur ou égal à 1.", file=sys.stderr)
        return EXIT_CONFIG
    try:
        url = database_url_from_env()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return EXIT_CONFIG
    store = open_store(url)
    try:
        report = build_report(QuestionLog(store), datetime.now(PARIS).date(), args.jours)
    finally:
        store.close()
    if args.json:
        print(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        print(render_report(report))
    return EXIT_OK


def _add_rapport(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "rapport",
        help="questions non comprises et avis des derniers jours",
        description="Affiche les questions non comprises ou comprises de justesse, les plus "
        "fréquentes d'abord, avec les sujets proches, les avis 👍/👎 sur les réponses et les "
        "totaux. Base : BETABOT_DATABASE_URL.",
    )
    parser.add_argument(
        "--jours", type=int, default=7, metavar="N", help="période, en jours (défaut : 7)"
    )
    parser.add_argument("--json", action="store_true", help="le rapport en JSON")
    parser.set_defaults(run=_rapport)


# One entry per subcommand; add yours here.
SUBCOMMANDS: list[Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]] = [
    _add_ask,
    _add_check,
    _add_postes,
    _add_run,
    _add_install,
    _add_contacts,
    _add_doctor,
    _add_rapport,
]


def build_parser() -> argparse.ArgumentParser:
    """The `betabot` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="betabot", description="betabot, l'assistant Mattermost de beta.gouv.fr"
    )
    _knowledge_option(parser, None)
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
