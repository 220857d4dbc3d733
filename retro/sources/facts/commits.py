"""git's facts: a month of commits in each repository, and the month as a whole. Data, no prose.

Built by sources/git and read by everything that writes: the offline drafter,
the model's digest, the fact check, the chart and `retro collect`. A commit's
subject is other people's text (see OTHERS); the rest is git's own numbers.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from retro.months import Month, zone_label
from retro.problems import Problem
from retro.sources.facts import kinds
from retro.sources.facts.kinds import TYPES
from retro.sources.facts.trust import OTHERS, OWN


@dataclass(slots=True)
class FileChange:
    path: str = OWN()
    insertions: int
    deletions: int
    binary: bool = False

@dataclass(slots=True)
class Commit:
    sha: str = OWN()
    date: datetime  # author date, in the retrospective's time zone
    author_name: str = OWN()
    author_email: str = OWN()
    subject: str = OTHERS()
    files: list[FileChange] = field(default_factory=list)
    insertions: int = 0  # sums of files, kept as the files are parsed
    deletions: int = 0
    iso: str = OWN("")  # `date` as ISO 8601, made while git still works rather than when the report is written
    when: str = OWN("")  # the author date as git stores it, to the second with its offset ('1767225600 +0900')

    def __post_init__(self) -> None:
        if not self.iso and self.date is not None:
            self.iso = self.date.isoformat()

    kind: str = OWN("")  # classify()'s answer, kept once asked

    @property
    def type(self) -> str:
        """The kind of change ('feat', 'fix', ...; see classify): prefix, then words, then paths; else 'other'."""
        if not self.kind:
            known = kinds.conventional(self.subject)  # most often enough, without the paths
            self.kind = known[0] if known else kinds.classify(self.subject, [f.path for f in self.files])
        return self.kind

    @property
    def summary(self) -> str:
        """The subject without its conventional-commit prefix."""
        return kinds.summary(self.subject)

    @property
    def scope(self) -> str:
        """A conventional scope or an area prefix of the subject ('api'), else ''."""
        return kinds.scope(self.subject)

@dataclass
class Tag:
    name: str = OWN()
    date: datetime  # author date of the tagged commit

@dataclass
class RepoActivity:
    name: str = OWN()
    path: Path
    commits: list[Commit] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)  # releases: tags whose commit falls in the month
    problems: list[Problem] = field(default_factory=list)  # what reading it met (a shallow clone)
    previous_days: dict[str, int] = field(default_factory=dict)  # the month before: commits per local day
    previous_lines: tuple[int, int] = (0, 0)  # the month before: lines added, removed
    copies: int = 0  # commits left out as copies of one change on another branch (see fold_copies)

    # Aggregates are cached: a RepoActivity is complete once collect_repo returns it.
    @functools.cached_property
    def insertions(self) -> int:
        return sum(c.insertions for c in self.commits)

    @functools.cached_property
    def deletions(self) -> int:
        return sum(c.deletions for c in self.commits)

    @functools.cached_property
    def path_lines(self) -> dict[str, int]:
        """Lines changed by each distinct path: one pass over every change, which the aggregates below share."""
        lines: dict[str, int] = {}
        get = lines.get
        for commit in self.commits:
            for change in commit.files:
                lines[change.path] = get(change.path, 0) + change.insertions + change.deletions
        return lines

    @functools.cached_property
    def files_changed(self) -> int:
        """Distinct paths touched in the month (a file changed ten times counts once)."""
        return len(self.path_lines)

    @functools.cached_property
    def days(self) -> dict[str, int]:
        """Commits per local day, oldest first."""
        counts = Counter(c.iso[:10] for c in self.commits)
        return dict(sorted(counts.items()))

    @property
    def active_days(self) -> int:
        return len(self.days)

    @functools.cached_property
    def types(self) -> dict[str, int]:
        counts = Counter(c.type for c in self.commits)
        return {t: counts[t] for t in (*TYPES, "other") if counts[t]}

    def top_paths(self, limit: int = 5) -> list[tuple[str, int]]:
        """Top-level directories by changed lines ('.' for files at the root)."""
        lines: Counter[str] = Counter()
        for path, changed in self.path_lines.items():
            top, slash, _ = path.partition("/")
            lines[top if slash else "."] += changed
        return [(p, n) for p, n in lines.most_common(limit) if n]

    @functools.cached_property
    def languages(self) -> dict[str, int]:
        """Changed lines by file extension ('' for files without one), most first."""
        lines: Counter[str] = Counter()
        for path, changed in self.path_lines.items():
            lines[extension(path)] += changed
        return {ext: n for ext, n in lines.most_common() if n}

    def summarise(self) -> None:
        """Work out the aggregates now, while other repositories are still being read."""
        self.languages, self.days, self.types  # noqa: B018 - cached properties, computed for their side effect

    @property
    def first(self) -> datetime | None:
        return self.commits[0].date if self.commits else None

    @property
    def last(self) -> datetime | None:
        return self.commits[-1].date if self.commits else None

@dataclass
class Activity:
    """git's month: the chosen repositories' commits. The month with every other source is facts.month.MonthFacts."""

    month: Month
    since: datetime
    until: datetime
    zone: tzinfo
    authors: tuple[str, ...]  # lower-case emails; empty means everyone
    repos: list[RepoActivity]
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # found in a folder, unreadable
    compared: bool = True  # whether the month before was counted (previous_* are 0 when it was not)

    @property
    def timezone(self) -> str:
        return zone_label(self.zone)

    @property
    def commits(self) -> int:
        return sum(len(r.commits) for r in self.repos)

    @property
    def insertions(self) -> int:
        return sum(r.insertions for r in self.repos)

    @property
    def deletions(self) -> int:
        return sum(r.deletions for r in self.repos)

    @property
    def files_changed(self) -> int:
        return sum(r.files_changed for r in self.repos)

    @property
    def days(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for repo in self.repos:
            counts.update(repo.days)
        return dict(sorted(counts.items()))

    @property
    def active_days(self) -> int:
        return len(self.days)

    @property
    def active_repos(self) -> list[RepoActivity]:
        return [r for r in self.repos if r.commits]

    @property
    def team(self) -> bool:
        """A team's month, told as "we": every author's (--all-authors), or commits by several people."""
        names = {c.author_name.strip().lower() for r in self.repos for c in r.commits}
        return not self.authors or len(names) > 1

    @property
    def previous_commits(self) -> int:
        """Commits in the month before, by the same authors in the same repositories."""
        return sum(sum(r.previous_days.values()) for r in self.repos)

    @property
    def previous_insertions(self) -> int:
        return sum(r.previous_lines[0] for r in self.repos)

    @property
    def previous_deletions(self) -> int:
        return sum(r.previous_lines[1] for r in self.repos)

    @property
    def previous_active_days(self) -> int:
        return len({day for r in self.repos for day in r.previous_days})

    @property
    def longest_streak(self) -> tuple[int, str | None]:
        """(days, first day) of the longest run of consecutive active days."""
        best, best_start, run, run_start, last = 0, None, 0, None, None
        for day in sorted(self.days):
            current = date.fromisoformat(day)
            run = run + 1 if last is not None and current - last == timedelta(days=1) else 1
            run_start = run_start if run > 1 else day
            if run > best:
                best, best_start = run, run_start
            last = current
        return best, best_start

    def busiest_days(self, limit: int = 3) -> list[tuple[str, int]]:
        return sorted(self.days.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

def extension(path: str) -> str:
    """'src/app.PY' -> 'py'; '' for 'Makefile' or '.gitignore'."""
    stem, dot, ext = path.rpartition("/")[2].rpartition(".")
    return ext.lower() if dot and stem.strip(".") else ""
