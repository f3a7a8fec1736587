"""Errors the command line reports as one clean line each, never as a traceback."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .messages import t


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record: where, what, and what was expected."""

    file: str  #: path of the file, relative to the repository root
    field: str  #: dotted field path inside the file ("title.en", "attachments[0].sha256"), or "" for the file as a whole
    message: str  #: what is wrong
    expected: str = ""  #: what would be right
    line: int | None = None  #: 1-based line in the file, when known

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        text = f"{where}: {self.field or '(file)'}: {self.message}"
        if self.expected:
            text += " " + t("problem.expected", what=self.expected)
        return text


class KyyeuError(Exception):
    """A user-facing failure: bad input, a failed build step. The CLI prints it and exits non-zero."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


def rel(path: Path, root: Path) -> str:
    """A path as editors see it: relative to the repository root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
