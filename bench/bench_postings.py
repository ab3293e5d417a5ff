"""Figures for job postings: parsing the site's archive, and one announcement round.

Run: python3 bench/bench_postings.py [--archive ../shared/postings-archive] [--runs 5]
"""

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.postings import load_postings, new_postings, open_postings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--archive",
        type=Path,
        default=Path(__file__).resolve().parent.parent.parent / "shared" / "postings-archive",
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
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


if __name__ == "__main__":
    raise SystemExit(main())
