import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOGEMENT = (
    "Logement : **Maël Inizan**\n"
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


def test_console_script_betabot_answers() -> None:
    script = shutil.which("betabot")
    assert script is not None, "betabot is not installed: python3 -m pip install -e ."
    done = subprocess.run(  # noqa: S603  # the installed console script, fixed arguments
        [script, "ask", "qui logement"], capture_output=True, text=True, timeout=30, check=False
    )
    assert (done.returncode, done.stdout) == (0, LOGEMENT)
