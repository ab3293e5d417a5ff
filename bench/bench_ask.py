"""Figures for `betabot ask`: questions per second in-process and the process cold start.

Questions per second: the questions of tests/data/questions.yaml replayed for a few seconds,
then the same when each is asked as if for the first time (what betabot keeps from earlier
questions forgotten before each one, bench/kept.py).

Each rate is given twice: per second of wall clock, and per second of this process's CPU time
(`time.process_time`). On a shared machine the first swings with the neighbours' load; the
second counts only the time the questions really ran, and is the one to compare across runs.

Run: python3 bench/bench_ask.py [--runs 20]
"""

import argparse
import os
import shutil
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.kept import forget  # noqa: E402
from bot.answers.answer import answer  # noqa: E402
from bot.answers.render import render_answer  # noqa: E402
from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.understanding.query import understand  # noqa: E402


def questions() -> list[tuple[str, str, str]]:
    data = yaml.safe_load((ROOT / "tests/data/questions.yaml").read_text(encoding="utf-8"))
    return [tuple(q) for q in data["questions"]]


def throughput(seconds: float = 2.0) -> tuple[float, float, float]:
    """Questions/s by the wall clock and by CPU time, and the accuracy (%) of the intents."""
    knowledge = load_knowledge(ROOT / "knowledge")
    items = questions()
    right = sum(
        (q.intent, q.subject) == (i, s)
        for q, i, s in ((understand(text, knowledge), i, s) for text, i, s in items)
    )
    today = date.today()  # noqa: DTZ011  # a date for answers, not a timestamp
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        for text, _, _ in items:
            render_answer(answer(understand(text, knowledge), knowledge, today))
        done += len(items)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return done / wall, done / cpu, 100.0 * right / len(items)


def first_time(seconds: float = 2.0) -> tuple[float, float]:
    """Questions/s (wall clock, CPU time) when each is asked as if for the first time: what
    betabot keeps from earlier questions (bench/kept.py) is forgotten before each one, out of
    the clock."""
    knowledge = load_knowledge(ROOT / "knowledge")
    items = questions()
    today = date.today()  # noqa: DTZ011  # a date for answers, not a timestamp
    spent, cpu, done, start = 0.0, 0.0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text, _, _ in items:
            forget(knowledge)
            asked, asked_cpu = time.perf_counter(), time.process_time()
            render_answer(answer(understand(text, knowledge), knowledge, today))
            spent += time.perf_counter() - asked
            cpu += time.process_time() - asked_cpu
        done += len(items)
    return done / spent, done / cpu


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: silence output, then exec
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execv(command[0], command)  # noqa: S606  # fixed, trusted commands
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command} failed")
    return wall, usage.ru_maxrss / 1024  # Linux: KiB


def cold_start(runs: int) -> None:
    betabot = shutil.which("betabot")
    commands = {
        "python3 -c pass": [sys.executable, "-c", "pass"],
        'betabot ask "qui logement"': [betabot or sys.executable, "ask", "qui logement"],
    }
    if betabot is None:
        commands['betabot ask "qui logement"'] = [
            sys.executable,
            "-m",
            "bot",
            "ask",
            "qui logement",
        ]
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved so both see the same machine state
        for name, command in commands.items():
            results[name].append(run_once(command))
    medians = {}
    for name, samples in results.items():
        wall = statistics.median(s[0] for s in samples)
        rss = statistics.median(s[1] for s in samples)
        medians[name] = wall
        print(f"{name:30} median {wall * 1000:7.1f} ms   peak RSS {rss:6.1f} MiB   ({runs} runs)")
    gap = medians['betabot ask "qui logement"'] - medians["python3 -c pass"]
    print(f"{'cold start above bare python':30} {gap * 1000:7.1f} ms (budget 250 ms)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    rate, rate_cpu, accuracy = throughput(args.seconds)
    print(
        f"{'questions understood+answered':30} {rate:9.0f} /s in-process "
        f"({rate_cpu:.0f} per CPU second; target 20000)"
    )
    print(f"{'accuracy on tests/data/questions.yaml':30} {accuracy:.1f} %")
    new, new_cpu = first_time(args.seconds)
    print(
        f"{'the same, each asked first time':30} {new:9.0f} /s in-process "
        f"({new_cpu:.0f} per CPU second)"
    )
    cold_start(args.runs)


if __name__ == "__main__":
    main()
