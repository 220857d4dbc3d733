"""What a post was drafted from: its repositories, authors and zone, kept so `retro check` checks it against them.

`retro draft --repo ../api` in a blog whose own repository holds other work would
otherwise be checked against the blog's repository. The record is kept under
.retro/drafted/ (which the blog's .gitignore leaves out: local paths stay local),
one JSON file a post, written through a temporary file and a rename.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from retro.files import write_json
from retro.months import zone_label
from retro.usecases.selection import Selection

FOLDER = Path(".retro") / "drafted"


@dataclass(frozen=True)
class DraftedFrom:
    repos: tuple[str, ...]
    authors: tuple[str, ...]  # empty: every author
    tz: str | None

    def describe(self) -> str:
        who = ", ".join(self.authors) or "every author"
        return f"{', '.join(self.repos)} ({who}{', ' + self.tz if self.tz else ''})"


def record_path(root: Path, post: Path) -> Path:
    return root / FOLDER / f"{post.name}.json"


def remember(root: Path, post: Path, selection: Selection) -> None:
    """Keep what the post was drafted from; a failure to keep it costs only the next check's default."""
    zone = zone_label(selection.zone)
    record = {"repos": [str(p.resolve()) for p in [*selection.repos, *selection.found]],
              "authors": list(selection.authors), "tz": zone if "/" in zone or zone == "UTC" else None}
    path = record_path(root, post)
    try:
        write_json(path, record)
    except OSError:
        pass


def recalled(root: Path, post: Path) -> DraftedFrom | None:
    """What the post was drafted from, if retro kept it and its repositories are still there."""
    try:
        record = json.loads(record_path(root, post).read_text(encoding="utf-8"))
        repos = tuple(str(r) for r in record["repos"])
        authors = tuple(str(a) for a in record.get("authors") or ())
        tz = record.get("tz")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not repos or not all(Path(r).is_dir() for r in repos):
        return None
    return DraftedFrom(repos, authors, tz if isinstance(tz, str) else None)
