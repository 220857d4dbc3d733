#!/usr/bin/env python3
"""How much of a real month stays "other": prefixes alone against retro's classification.

    .venv/bin/python benchmarks/other_share.py REPO:YYYY-MM [REPO:YYYY-MM ...]

Each argument is a repository (a working copy or a bare clone) and a month; every author's commits count,
as `retro collect --all-authors` reads them. Prints a Markdown table for the README.
"""

from __future__ import annotations

import sys
from datetime import timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from retro.months import Month  # noqa: E402
from retro.sources import git  # noqa: E402
from retro.sources.facts import kinds  # noqa: E402


def main(args: list[str]) -> int:
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    print("| repository | month | commits | other, prefixes only | other, retro | ratio |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for arg in args:
        path, _, month = arg.rpartition(":")
        facts = git.collect(Month.parse(month), timezone.utc, [Path(path)])
        commits = [c for r in facts.repos for c in r.commits]
        if not commits:
            print(f"| {path} | {month} | 0 | | | |")
            continue
        before = sum(1 for c in commits if kinds.conventional(c.subject) is None)
        after = sum(1 for c in commits if c.type == "other")
        name = Path(path).resolve().name
        name = Path(path).resolve().parent.name.replace("+", "/") if name == "repo" else name
        print(f"| {name} | {month} | {len(commits)} | {before} ({before / len(commits):.0%}) | "
              f"{after} ({after / len(commits):.0%}) | {after / max(1, before):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
