import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOGEMENT = (
    "Pour le ministère du Logement, votre contact à l'incubateur : **Maël Inizan**\n"
    "- responsable de portefeuille ministériel — Pôle Partenariats : Logement\n"
    "- responsable du pôle, coach — Pôle Coaching produit\n"
    "Pour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur ~incubateur-animation.\n"
)


def betabot(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "BETABOT_KNOWLEDGE_DIR"}
    return subprocess.run(  # noqa: S603  # our own interpreter, fixed arguments
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        env={**environ, **(env or {})},
        check=False,
    )


def test_ask_prints_the_answer_and_exits_0() -> None:
    done = betabot("ask", "qui logement")
    assert (done.returncode, done.stdout, done.stderr) == (0, LOGEMENT, "")


def test_ask_accepts_an_unquoted_question() -> None:
    assert betabot("ask", "qui", "logement").stdout == LOGEMENT


def test_ask_json_prints_one_object_per_question() -> None:
    done = betabot("ask", "--json", "qui logement")
    assert done.returncode == 0
    assert json.loads(done.stdout) == {
        "question": "qui logement",
        "intent": "portfolio",
        "subject": "logement",
        "score": 100.0,
        "answer": LOGEMENT.rstrip("\n"),
    }


def test_ask_without_question_reads_one_question_per_line() -> None:
    done = betabot("ask", "--json", stdin="qui logement\n\nqui est le CTO\n")
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["question"], r["intent"], r["subject"]) for r in records] == [
        ("qui logement", "portfolio", "logement"),
        ("qui est le CTO", "role", "animation-expertises/julien-bouquillon"),
    ]


def test_ask_stdin_separates_answers_with_a_blank_line() -> None:
    done = betabot("ask", stdin="qui logement\nqui logement\n")
    assert done.stdout == LOGEMENT + "\n" + LOGEMENT


def test_ask_whose_reader_leaves_early_exits_quietly(tmp_path: Path) -> None:
    # « betabot ask < questions.txt | head -1 »: the pipe closes after the first line
    questions = tmp_path / "questions.txt"
    questions.write_text("qui logement\n" * 20_000)  # more answers than a pipe holds
    with questions.open("rb") as stdin:
        reader = subprocess.Popen(  # our own interpreter, fixed arguments
            [sys.executable, "-m", "bot", "ask"],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        assert reader.stdout is not None
        first = reader.stdout.readline()
        reader.stdout.close()
        _, err = reader.communicate(timeout=60)
    assert (first.decode(), reader.returncode, err) == (LOGEMENT.splitlines()[0] + "\n", 0, b"")


def test_knowledge_dir_from_environment_is_used(tmp_path: Path) -> None:
    done = betabot("ask", "qui logement", env={"BETABOT_KNOWLEDGE_DIR": str(tmp_path)})
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"Les connaissances de {tmp_path} sont invalides :\n")


def test_knowledge_option_wins_over_the_environment(tmp_path: Path) -> None:
    done = betabot(
        "ask",
        "--knowledge",
        str(ROOT / "knowledge"),
        "qui logement",
        env={"BETABOT_KNOWLEDGE_DIR": str(tmp_path)},
    )
    assert (done.returncode, done.stdout) == (0, LOGEMENT)


def test_check_passes_on_the_shipped_knowledge() -> None:
    done = betabot("check")
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 1


def test_ask_never_imports_the_network_stack() -> None:
    code = (
        "import sys; from bot.cli import main; main(['ask', 'qui logement']); "
        "heavy = {'aiohttp', 'mattermostdriver', 'apscheduler', 'prometheus_client', 'psycopg'}; "
        "print(sorted(heavy & set(sys.modules)), file=sys.stderr)"
    )
    done = subprocess.run(  # noqa: S603  # our own interpreter, fixed arguments
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "[]\n")


def test_ask_with_a_warm_cache_never_imports_the_yaml_parser(tmp_path: Path) -> None:
    code = (
        "import sys; from bot.cli import main; main(['ask', 'qui logement']); "
        "print(sorted({'yaml', 'bot.knowledge.loader'} & set(sys.modules)), file=sys.stderr)"
    )
    environ = {k: v for k, v in os.environ.items() if k != "BETABOT_KNOWLEDGE_DIR"}
    env = {**environ, "BETABOT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(  # noqa: S603  # our own interpreter, fixed arguments
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=30,
            check=False,
        )
        for _ in range(2)
    ]
    # the first run reads the YAML and writes the cache; the second reads only the cache
    assert [(r.returncode, r.stderr) for r in runs] == [
        (0, "['bot.knowledge.loader', 'yaml']\n"),
        (0, "[]\n"),
    ]


def test_ask_freezes_what_it_loaded_and_leaves_the_collector_on() -> None:
    code = (
        "import gc, sys; from bot.cli import main; "
        "frozen = gc.get_freeze_count(); main(['ask', 'qui logement']); "
        "print(gc.isenabled(), gc.get_freeze_count() > frozen + 10_000, file=sys.stderr); "
        "gc.unfreeze(); gc.disable(); main(['ask', '--knowledge', '/absent', 'qui']); "
        "print(gc.isenabled(), gc.get_freeze_count(), file=sys.stderr)"
    )
    done = subprocess.run(  # noqa: S603  # our own interpreter, fixed arguments
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
        check=False,
    )
    assert done.stderr.splitlines()[0] == "True True"
    assert done.stderr.splitlines()[-1] == "False 0"


def test_console_script_betabot_answers() -> None:
    # This interpreter's own script first (a venv), else the one on PATH.
    beside = Path(sys.executable).parent / "betabot"
    script = str(beside) if beside.exists() else shutil.which("betabot")
    assert script is not None, "betabot is not installed: python3 -m pip install -e ."
    done = subprocess.run(  # noqa: S603  # the installed console script, fixed arguments
        [script, "ask", "qui logement"], capture_output=True, text=True, timeout=30, check=False
    )
    assert (done.returncode, done.stdout) == (0, LOGEMENT)


def test_version_prints_the_package_version() -> None:
    from bot import __version__

    done = betabot("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"betabot {__version__}\n", "")


def _report_database(tmp_path: Path) -> str:
    from datetime import datetime, timedelta

    from bot.knowledge.timezone import PARIS
    from bot.store.backends import open_store
    from bot.store.questions import AskedQuestion, QuestionLog

    url = f"sqlite:///{tmp_path / 'betabot.sqlite3'}"
    store = open_store(url)
    log = QuestionLog(store)
    today = datetime.now(PARIS).date()
    blorg = AskedQuestion("qui blorg", "unknown", "", ("Logement", "Justice"), 0.0, 1)
    typo = AskedQuestion("qui logemnt", "portfolio", "logement", (), 93.3, 1)
    for day, asked in [(today, blorg)] * 3 + [(today, typo), (today - timedelta(8), blorg)]:
        log.record_question(day, asked)
        log.count_question(day, asked.intent)
    log.count_question(today, "pole")
    log.remember_answer("p1", "portfolio", "logement", datetime.now(PARIS).timestamp())
    log.vote("p1", "u1", -1, datetime.now(PARIS).timestamp())
    store.close()
    return url


def test_rapport_prints_the_period_in_french(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    from bot.knowledge.timezone import PARIS

    url = _report_database(tmp_path)
    done = betabot("rapport", env={"BETABOT_DATABASE_URL": url})
    today = datetime.now(PARIS).date()
    since = (today - timedelta(6)).strftime("%d/%m/%Y")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"**Rapport de betabot du {since} au {today.strftime('%d/%m/%Y')}** (7 jours)\n"
        "Questions : 5, comprises : 2 (40 %).\n"
        "Par type : non comprise 3, pôle 1, portefeuille 1.\n"
        "\n"
        "**Questions non comprises** (ajoutez un alias au sujet voulu) :\n"
        "- `qui blorg` — 3 fois ; sujets proches : Logement, Justice\n"
        "\n"
        "**Réponses peu sûres** (comprises avec une faute ou un mot approché) :\n"
        "- `qui logemnt` — 1 fois → portefeuille `logement` (score 93)\n"
        "\n"
        "**Avis sur les réponses** (👎 d'abord) :\n"
        "- portefeuille `logement` : 👎 1, 👍 0\n"
    )


def test_rapport_json_over_more_days_counts_older_questions(tmp_path: Path) -> None:
    url = _report_database(tmp_path)
    done = betabot("rapport", "--json", "--jours", "30", env={"BETABOT_DATABASE_URL": url})
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert data["questions"] == 6
    assert data["not_understood"] == [
        {
            "folded": "qui blorg",
            "intent": "unknown",
            "subject": "",
            "closest": ["Logement", "Justice"],
            "score": 0.0,
            "count": 4,
        }
    ]
    assert data["feedback"] == [{"intent": "portfolio", "subject": "logement", "up": 0, "down": 1}]


def test_rapport_refuses_a_period_under_one_day() -> None:
    done = betabot("rapport", "--jours", "0")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "--jours doit être un nombre de jours supérieur ou égal à 1.\n"
