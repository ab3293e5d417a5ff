"""Scaled knowledge for benchmarks: the shipped folder plus copies of its shape.

Copy k (1 … N-1) of every person, pôle, portfolio, ministry, topic, example and job posting
gets a tag made of letters (``"baco"``): ids end with ``-baco``, and every word of a name or
alias that is neither a filler nor a cue word gets the tag glued on (``Maël Inizan`` →
``Maëlbaco Inizanbaco``, ``ministère du Logement`` → ``ministère du Logementbaco``). The loader
accepts the result (aliases stay unique) and a question is moved into copy k by the same rule
(`copy_question`), so that it hits the copy as the original question hits the original.
Reasons, engagements, contacts and cues describe the ISN itself: they are not copied.

Run: python3 bench/scaled_knowledge.py 100 /tmp/knowledge-100x
"""

import argparse
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.text import fold  # noqa: E402

# File -> the list under its top-level key whose records are copied.
COPIED = {
    "personnes.yaml": "personnes",
    "poles.yaml": "poles",
    "portefeuilles.yaml": "portefeuilles",
    "sujets.yaml": "sujets",
    "exemples.yaml": "exemples",
}
ID_KEYS = frozenset({"id", "personne", "responsable"})  # values are ids
ALIAS_KEYS = frozenset({"nom", "alias"})  # values (text or list) are matched as aliases
TOPIC_ALIAS_KEYS = frozenset({"titre"})  # a topic's title is one of its aliases
_WORD = re.compile(r"\w+")
_CONSONANTS = "bcdfgjklmnprstvz"
_VOWELS = "aeiou"


def tag(k: int) -> str:
    """The letters that mark copy `k` (k >= 1): two or more consonant-vowel syllables."""
    syllables = []
    n = k
    while n or len(syllables) < 2:
        n, rest = divmod(n, len(_CONSONANTS) * len(_VOWELS))
        syllables.append(_CONSONANTS[rest // len(_VOWELS)] + _VOWELS[rest % len(_VOWELS)])
    return "".join(syllables)


class Tagger:
    """Moves ids, aliases and questions into one copy, with the shipped fillers and cues."""

    def __init__(self, source: Path) -> None:
        """Read the words that are never tagged from `source`/intentions.yaml."""
        intents = yaml.safe_load((source / "intentions.yaml").read_text(encoding="utf-8"))
        self.fillers = frozenset(_words(intents.get("mots_vides") or ()))
        cues = intents.get("cues") or {}
        self.cue_words = frozenset(_words(p for phrases in cues.values() for p in phrases or ()))
        self.vocabulary: set[str] = set()  # folded words that aliases carry tagged

    def alias(self, text: str, mark: str) -> str:
        """`text` with `mark` glued to its subject words (all non-fillers if it has none)."""
        words = {m.group() for m in _WORD.finditer(text) if fold(m.group())}
        keep = self.fillers | self.cue_words
        chosen = {w for w in words if fold(w) not in keep}
        if not chosen:
            chosen = {w for w in words if fold(w) not in self.fillers} or words
        self.vocabulary.update(fold(w) for w in chosen)
        return _WORD.sub(lambda m: m.group() + mark if m.group() in chosen else m.group(), text)

    def question(self, text: str, mark: str) -> str:
        """`text` moved into the copy: the words that aliases carry tagged get `mark`."""
        return _WORD.sub(
            lambda m: m.group() + mark if fold(m.group()) in self.vocabulary else m.group(), text
        )

    def record(self, value: Any, mark: str, topic: bool = False, key: str = "") -> Any:
        """A YAML value of a copied record, with ids, aliases and questions moved."""
        if isinstance(value, dict):
            return {k: self.record(v, mark, topic, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.record(v, mark, topic, key) for v in value]
        if key in ALIAS_KEYS or (topic and key in TOPIC_ALIAS_KEYS):
            return self.alias(str(value), mark)  # str: YAML reads the alias 2022 as a number
        if not isinstance(value, str):
            return value
        if key in ID_KEYS:
            return f"{value}-{mark}"
        if key == "sujet":  # an example's subject: "logement" or "pole/person"
            return "/".join(f"{part}-{mark}" for part in value.split("/"))
        if key == "question":
            return self.question(value, mark)
        return value


def _words(phrases: Iterable[str]) -> Iterable[str]:
    for phrase in phrases:
        yield from fold(str(phrase)).split()


def generate(source: Path, dest: Path, scale: int) -> Tagger:
    """Write `source` plus `scale - 1` copies of its shape into `dest` (replaced if present).

    Returns the tagger, whose vocabulary moves questions into a copy (`Tagger.question`).
    """
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    tagger = Tagger(source)
    # Examples last: their questions are moved with the vocabulary the aliases gave.
    for path in sorted(source.glob("*.yaml"), key=lambda p: (p.name == "exemples.yaml", p.name)):
        key = COPIED.get(path.name)
        if path.name == "intentions.yaml":
            _intentions(path, dest, scale, tagger)
            continue
        if key is None:
            shutil.copyfile(path, dest / path.name)
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        originals = list(data[key])
        for k in range(1, scale):
            mark = tag(k)
            data[key] += [tagger.record(r, mark, key == "sujets") for r in originals]
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        (dest / path.name).write_text(text, encoding="utf-8")
    if (source / "postes").is_dir():
        _postings(source / "postes", dest / "postes", scale)
    return tagger


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _intentions(path: Path, dest: Path, scale: int, tagger: Tagger) -> None:
    """Cues and fillers as shipped; each copy's ambiguous aliases declared too (« CNAMbeba »)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ambiguous = [str(a) for a in data.get("alias_ambigus") or ()]
    if not ambiguous:
        shutil.copyfile(path, dest / path.name)
        return
    data["alias_ambigus"] = ambiguous + [
        tagger.alias(a, tag(k)) for k in range(1, scale) for a in ambiguous
    ]
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    (dest / path.name).write_text(text, encoding="utf-8")


_TITLE = re.compile(r'^(title: "?.*?)("?)$', re.M)


def _postings(source: Path, dest: Path, scale: int) -> None:
    dest.mkdir()
    for path in sorted(source.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        shutil.copyfile(path, dest / path.name)
        for k in range(1, scale):
            mark = tag(k)
            copy = _TITLE.sub(rf"\1 ({mark})\2", text, count=1)
            (dest / f"{path.stem}-{mark}.md").write_text(copy, encoding="utf-8")


def main() -> None:
    """Command line: scale factor and destination folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", type=int, help="1 = the shipped knowledge, 100 = 100 copies")
    parser.add_argument("dest", type=Path)
    parser.add_argument("--source", type=Path, default=ROOT / "knowledge")
    args = parser.parse_args()
    generate(args.source, args.dest, args.scale)
    print(f"{args.dest}: {args.scale}x")


if __name__ == "__main__":
    main()
