"""Problem: a warning, a fact-check finding or an error, as a record. The faces decide how it reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Kinds of problem, by what the author does about it.
WARNING = "warning"  # something went less well than it could; the result still came out
FACT = "fact check"  # a figure or a name a text gives that the facts do not hold
ERROR = "error"  # a post the blog cannot build or must not publish
NOTE = "note"  # worth knowing, nothing to do
SKIPPED = "skipped"  # a repository found in a folder that could not be read


@dataclass(frozen=True)
class Problem:
    message: str
    kind: str = WARNING
    source: str = ""  # what found it: git, github, notes, the model, the sanitiser, ...
    file: Path | None = None
    line: int | None = None  # 1-based, in `file` (or in the text checked, when there is no file)

    def __str__(self) -> str:
        """The problem where it is: 'posts/a.md:3: ...', 'line 3: ...' (in the text checked), or the message."""
        if self.file is not None:
            return f"{self.file}:{self.line or 1}: {self.message}"
        return f"line {self.line}: {self.message}" if self.line is not None else self.message
