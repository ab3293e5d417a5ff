"""A problem found in the knowledge, with its file and line, and the error that carries them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a knowledge file: where it is and, in French, how to fix it."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        """Format as ``file:line : message`` (``file : message`` when the line is unknown)."""
        if self.line > 0:
            return f"{self.file}:{self.line} : {self.message}"
        return f"{self.file} : {self.message}"


class KnowledgeError(Exception):
    """The knowledge cannot be loaded; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        """Keep the problems; `str()` gives one ``file:line : message`` per line."""
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
