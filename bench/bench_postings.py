"""Figures for job postings: parsing the site's archive, and one announcement round.

Run: python3 bench/bench_postings.py [--archive ../shared/postings-archive] [--runs 5]
     python3 bench/bench_postings.py --hostile   (billion laughs, 100 MB file, deep nesting)
"""

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.posting_rules import new_postings, open_postings  # noqa: E402
from bot.knowledge.postings import load_postings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--archive",
        type=Path,
        default=Path(__file__).resolve().parent.parent.parent / "shared" / "postings-archive",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hostile", action="store_true")
    args = parser.parse_args()
    if args.hostile:
        return hostile()
    if not args.archive.is_dir():
        print(f"archive absent: {args.archive}")
        return 1
    files = sum(1 for p in args.archive.iterdir() if p.is_file())
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        postings, problems = load_postings(args.archive)
        timings.append(time.perf_counter() - start)
    today = date(2025, 1, 1)
    to_announce, _ = new_postings(postings, today, {})
    print(f"files: {files}")
    print(f"parsed: {len(postings)}  problems: {len(problems)}")
    print(f"open: true in front matter: {sum(p.open for p in postings)}")
    print(
        f"open on {today}: {len(open_postings(postings, today))}  to announce: {len(to_announce)}"
    )
    print(f"title built (no title key): {sum(1 for p in postings if 'recrute :' in p.title)}")
    print(f"with how-to-apply: {sum(1 for p in postings if p.apply)}")
    print(f"parse time: median {statistics.median(timings) * 1000:.0f} ms over {args.runs} runs")
    return 0


def hostile() -> int:
    """Time and peak memory of loading a folder of hostile postings beside two good ones."""
    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    from test_bounds import hostile_folder  # the very files the tests refuse

    from bot.knowledge.loader import load_knowledge
    from bot.service.reload import fingerprint

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as tmp:
        folder = hostile_folder(Path(tmp))
        start = time.perf_counter()
        postings, problems = load_postings(folder)
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        fingerprint((folder,))  # what the hot reload reads every few seconds
        hashed = time.perf_counter() - start
        start = time.perf_counter()
        knowledge = load_knowledge(ROOT / "knowledge", folder)  # what start-up does
        loaded = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"postings: {len(postings)}  problems: {len(problems)}")
    print(f"load_postings: {elapsed * 1000:.0f} ms   reload fingerprint: {hashed * 1000:.0f} ms")
    print(
        f"load_knowledge with them: {loaded * 1000:.0f} ms "
        f"({len(knowledge.postings)} postings, {len(knowledge.posting_problems)} problems)"
    )
    print(f"peak RSS: {peak / 1024:.0f} MiB (before loading: {before / 1024:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
