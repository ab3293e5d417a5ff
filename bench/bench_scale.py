"""How betabot scales with its knowledge: the shipped folder and 10, 100… copies of its shape.

For each scale, on the questions of tests/data/questions.yaml and the same questions moved into
the last copy: questions/s in-process (understand + answer + render), for all of them, for
those that an exact alias answers and for those that need the fuzzy search (misspellings,
unknown words; how many), for all of them asked as if for the first time (what betabot keeps
from earlier questions forgotten before each one, bench/kept.py), the median and 99th
percentile time of one question, and the share understood as expected. Then the load time
in-process (YAML to Knowledge, then the first question, which builds the indexes), and
`betabot ask "qui logement"` as a fresh process with BETABOT_KNOWLEDGE_DIR on the generated
folder and its knowledge cache off: wall time, above a bare interpreter, peak RSS; then its
wall time with a warm cache (bot/service/knowledge_cache).

Run: python3 bench/bench_scale.py [--scales 1,10,100] [--runs 5] [--seconds 2]
"""

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.kept import forget  # noqa: E402
from bench.scaled_knowledge import Tagger, generate, tag  # noqa: E402
from bot.answers.answer import answer  # noqa: E402
from bot.answers.render import render_answer  # noqa: E402
from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.knowledge.model import Knowledge  # noqa: E402
from bot.understanding import reading as reading_module  # noqa: E402
from bot.understanding.query import understand  # noqa: E402

Question = tuple[str, str, str]  # text, intent, subject


def questions(tagger: Tagger, scale: int) -> tuple[list[Question], list[Question]]:
    """The shipped questions, and the same ones moved into the last copy (none at 1x)."""
    data = yaml.safe_load((ROOT / "tests/data/questions.yaml").read_text(encoding="utf-8"))
    shipped: list[Question] = [(str(q), str(i), str(s or "")) for q, i, s in data["questions"]]
    if scale == 1:
        return shipped, []
    mark = tag(scale - 1)
    moved = [
        (tagger.question(q, mark), i, "/".join(f"{p}-{mark}" for p in s.split("/")) if s else "")
        for q, i, s in shipped
    ]
    return shipped, moved


def accuracy(items: list[Question], knowledge: Knowledge) -> float:
    """Share (%) of `items` understood with the expected intent and subject."""
    if not items:
        return float("nan")
    right = 0
    for text, intent, subject in items:
        query = understand(text, knowledge)
        right += (query.intent, query.subject) == (intent, subject)
    return 100.0 * right / len(items)


def throughput(
    items: list[Question], knowledge: Knowledge, seconds: float, new: bool = False
) -> tuple[float, float, float]:
    """Questions understood, answered and rendered per second; median and p99 latency (s).

    `new`: before each question, what was kept from earlier ones is forgotten (bench/kept.py),
    as if each question were asked for the first time; the time to forget is not counted.
    """
    today = date(2025, 3, 14)
    clock = time.perf_counter
    latencies: list[float] = []
    start = clock()
    while clock() - start < seconds:
        for text, _, _ in items:
            if new:
                forget(knowledge)
            asked = clock()
            render_answer(answer(understand(text, knowledge), knowledge, today))
            latencies.append(clock() - asked)
    rate = len(latencies) / sum(latencies) if new else len(latencies) / (clock() - start)
    latencies.sort()
    return rate, latencies[len(latencies) // 2], latencies[len(latencies) * 99 // 100]


def needs_fuzzy(items: list[Question], knowledge: Knowledge) -> list[bool]:
    """For each question, whether understanding it searches the aliases fuzzily."""
    calls = 0
    real = reading_module.fuzzy_hits

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    reading_module.fuzzy_hits = counted  # the bench's own probe, restored below
    try:
        found = []
        for text, _, _ in items:
            before = calls
            understand(text, knowledge)
            found.append(calls > before)
        return found
    finally:
        reading_module.fuzzy_hits = real


def load_times(folder: Path, runs: int) -> tuple[float, float, Knowledge]:
    """Median seconds to load `folder`, and to answer the first question (index building)."""
    loads, firsts = [], []
    knowledge = None
    for _ in range(runs):
        knowledge = None
        gc.collect()
        start = time.perf_counter()
        knowledge = load_knowledge(folder)
        loaded = time.perf_counter()
        render_answer(answer(understand("qui logement", knowledge), knowledge, date(2025, 3, 14)))
        loads.append(loaded - start)
        firsts.append(time.perf_counter() - loaded)
    assert knowledge is not None  # runs >= 1
    return statistics.median(loads), statistics.median(firsts), knowledge


# Run as `python -c _PEAK [module args…]`: runs the module like `python -m`, then writes the
# process's own peak RSS (VmHWM, KiB) to fd 3. ru_maxrss would count the bench's own memory,
# which a forked child holds until its exec: Linux keeps the highest of the two.
_PEAK = """\
import atexit, os, runpy, sys
def _peak():
    with open("/proc/self/status") as status:
        os.write(3, next(l for l in status if l.startswith("VmHWM")).split()[1].encode())
atexit.register(_peak)
if len(sys.argv) > 1:
    sys.argv = sys.argv[1:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


def run_once(module_args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of `python -m <module_args>` (none: bare Python)."""
    command = [sys.executable, "-c", _PEAK, *module_args]
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: silence output, peak RSS to fd 3, then exec
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(write_end, 3)
        os.chdir(ROOT)
        os.execve(command[0], command, env)  # noqa: S606  # fixed, trusted commands
    os.close(write_end)
    _, status, _ = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    with os.fdopen(read_end, "rb") as peak:
        kib = peak.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{module_args} failed")
    return wall, int(kib) / 1024


def cold_start(folder: Path, runs: int, cache: Path) -> tuple[float, float, float, float]:
    """Medians: bare interpreter (s), `betabot ask` without its cache (s), its peak RSS (MiB),
    `betabot ask` with a warm knowledge cache in `cache` (s); interleaved."""
    # Bytecode cached, as in an installed bot (the first run below writes it).
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**environ, "BETABOT_KNOWLEDGE_DIR": str(folder), "BETABOT_CACHE_DIR": "off"}
    cached_env = {**env, "BETABOT_CACHE_DIR": str(cache)}
    bare: list[str] = []
    ask = ["bot", "ask", "qui logement"]
    run_once(ask, cached_env)  # writes the cache
    bares, asks, cached = [], [], []
    for _ in range(runs):
        bares.append(run_once(bare, env))
        asks.append(run_once(ask, env))
        cached.append(run_once(ask, cached_env))
    return (
        statistics.median(w for w, _ in bares),
        statistics.median(w for w, _ in asks),
        statistics.median(r for _, r in asks),
        statistics.median(w for w, _ in cached),
    )


def measure(scale: int, runs: int, seconds: float, work: Path) -> str:
    """One row of the table for `scale`."""
    folder = work / f"knowledge-{scale}x"
    tagger = generate(ROOT / "knowledge", folder, scale)
    load_s, first_s, knowledge = load_times(folder, max(1, min(runs, 3)))
    shipped, moved = questions(tagger, scale)
    right, right_moved = accuracy(shipped, knowledge), accuracy(moved, knowledge)
    items = shipped + moved
    fuzzy = needs_fuzzy(items, knowledge)
    rate, p50, p99 = throughput(items, knowledge, seconds)
    exact_rate, _, _ = throughput(
        [q for q, f in zip(items, fuzzy, strict=True) if not f], knowledge, seconds
    )
    fuzzy_rate, _, _ = throughput(
        [q for q, f in zip(items, fuzzy, strict=True) if f], knowledge, seconds
    )
    new_rate, _, _ = throughput(items, knowledge, seconds, new=True)
    del knowledge
    bare, ask, rss, cached = cold_start(folder, runs, work / f"cache-{scale}x")
    people = sum(1 for _ in yaml.safe_load((folder / "personnes.yaml").read_bytes())["personnes"])
    return (
        f"{scale:>5}x {people:>6} {rate:>9.0f} {exact_rate:>9.0f} {fuzzy_rate:>9.0f} "
        f"{new_rate:>9.0f} {sum(fuzzy):>6} {p50 * 1e6:>7.0f} {p99 * 1e6:>7.0f} "
        f"{right:>6.1f} {right_moved:>6.1f} "
        f"{load_s * 1000:>8.0f} {first_s * 1000:>8.0f} {ask * 1000:>8.0f} "
        f"{(ask - bare) * 1000:>8.0f} {rss:>8.1f} {cached * 1000:>8.0f}"
    )


HEADER = (
    f"{'scale':>6} {'people':>6} {'q/s all':>9} {'q/s exact':>9} {'q/s fuzzy':>9} {'q/s new':>9} "
    f"{'fuzzy':>6} "
    f"{'p50 µs':>7} {'p99 µs':>7} {'ok %':>6} "
    f"{'copy %':>6} {'load ms':>8} {'1st q ms':>8} {'ask ms':>8} {'ask-bare':>8} {'RSS MiB':>8}"
    f" {'cached':>8}"
)


def main() -> None:
    """Print one row per scale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="e.g. 1,10,100,1000")
    parser.add_argument("--runs", type=int, default=5, help="cold starts per scale")
    parser.add_argument("--seconds", type=float, default=2.0, help="per throughput figure")
    args = parser.parse_args()
    print(HEADER)
    with tempfile.TemporaryDirectory(prefix="betabot-scale-") as work:
        for scale in (int(s) for s in args.scales.split(",")):
            print(measure(scale, args.runs, args.seconds, Path(work)), flush=True)


if __name__ == "__main__":
    main()
