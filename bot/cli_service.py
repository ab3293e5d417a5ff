"""`betabot run`, `install`, `contacts`, `doctor` and `rapport`: the bot and its deployment.

Each subcommand is one `add_<name>(commands)` function that declares its arguments and one
`_<name>(args)` function that imports what it needs inside (the network stack included).
"""

import argparse
import sys

from bot.cli_inputs import (
    EXIT_CONFIG,
    EXIT_INVALID,
    EXIT_OK,
    knowledge_option,
    read_knowledge,
    read_settings,
)


def _run(args: argparse.Namespace) -> int:
    import asyncio

    from bot.service.app import App
    from bot.service.signals import run_until_signal
    from bot.service.startup import StartupError
    from bot.telemetry.logs import setup_logging

    settings = read_settings()
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


def add_run(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Declare `betabot run`: the bot on Mattermost until SIGTERM."""
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


def add_install(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Declare `betabot install`: /beta and the bot's profile on Mattermost."""
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

    settings = read_settings()
    if settings is None:
        return EXIT_CONFIG
    if not args.knowledge:  # the same folder as `betabot run`, .env included
        args.knowledge = str(settings.knowledge_dir)
    knowledge = read_knowledge(args)
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


def add_contacts(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Declare `betabot contacts`: each person's Mattermost account."""
    parser = commands.add_parser(
        "contacts",
        help="trouve le compte Mattermost de chaque personne des connaissances",
        description="Une ligne par personne : son identifiant Mattermost et comment il a été "
        "trouvé (YAML, convention, recherche), ou « introuvable » / « désactivé ». Code 1 si "
        "une personne n'a pas de compte actif, 2 si Mattermost ne peut pas être interrogé.",
    )
    knowledge_option(parser, argparse.SUPPRESS)
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


def add_doctor(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Declare `betabot doctor`: the configuration checked end to end."""
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


def add_rapport(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Declare `betabot rapport`: questions not understood and votes."""
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
