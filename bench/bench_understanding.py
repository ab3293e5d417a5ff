"""Accuracy of the blind question set, per kind (core, trap, english), and what was missed.

Run: python3 bench/bench_understanding.py [--misses] [--file QUESTIONS.yaml]

`--file` evaluates another question file of the same format (for instance a held-out set kept
outside the repository).
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.loader import load_knowledge  # noqa: E402
from tests.blind import BLIND_FILE, accuracy, evaluate, load_blind  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list every missed question")
    parser.add_argument("--file", type=Path, default=BLIND_FILE, help="question file to evaluate")
    args = parser.parse_args()
    verdicts = evaluate(load_knowledge(ROOT / "knowledge"), load_blind(args.file))
    if args.misses:
        for v in verdicts:
            if not v.right:
                named = ", ".join(v.named) or "-"
                print(f"[{v.question.kind}] {v.why} ({v.intent}; {named}): {v.question.q}")
                print(f"    expect {v.question.expect}")
    for kind, (right, total) in accuracy(verdicts).items():
        print(f"{kind:8} {right:4}/{total:<4} {100.0 * right / total:5.1f} %")


if __name__ == "__main__":
    main()
