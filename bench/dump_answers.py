"""Every question of tests/data/questions*.yaml with its Query and rendered answer, to one file.

A change meant to be invisible (a speed-up, a move) must leave this file byte-identical: dump
before and after, then compare. The date is fixed, so that postings read the same every day;
the questions can come from another folder (`--data`), so that both sides read the same ones.

Run: python3 bench/dump_answers.py OUT.txt [--data FOLDER]; then `cmp before.txt after.txt`.
"""

import argparse
import sys
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answers.answer import answer  # noqa: E402
from bot.answers.render import render_answer  # noqa: E402
from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.understanding.query import understand  # noqa: E402

DAY = date(2026, 12, 3)  # answers about postings depend on the date: one fixed day


def texts(folder: Path) -> list[tuple[str, str]]:
    """(file name, question) of every question file of `folder`, both formats."""
    found: list[tuple[str, str]] = []
    for path in sorted(folder.glob("questions*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = raw["questions"] if isinstance(raw, dict) else raw
        found += [(path.name, str(q[0] if isinstance(q, list) else q["q"])) for q in items]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="file to write")
    parser.add_argument("--data", type=Path, default=ROOT / "tests/data", help="question files")
    args = parser.parse_args()
    knowledge = load_knowledge(ROOT / "knowledge")
    dumped = []
    for name, text in texts(args.data):
        query = understand(text, knowledge)
        rendered = render_answer(answer(query, knowledge, DAY))
        dumped.append(f"=== {name} :: {text}\n{query!r}\n{rendered}\n")
    args.out.write_text("".join(dumped), encoding="utf-8")
    print(f"{len(dumped)} questions -> {args.out}")


if __name__ == "__main__":
    main()
