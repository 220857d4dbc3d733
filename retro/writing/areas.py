"""What a month was about, as data: areas of work (ranked by weight; the author's own themes are
themed.py's) and highlights (the weightiest
changes, near-duplicates folded). The offline drafter, the model's digest and the fact check read these, so
each number is computed once, here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from retro.sources.facts.commits import Commit, RepoActivity

# The order kinds are told in, and the group each belongs to.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("features", ("feat",)),
    ("fixes", ("fix", "revert")),
    ("performance", ("perf",)),
    ("docs", ("docs",)),
    ("tests", ("test",)),
    ("maintenance", ("refactor", "build", "ci", "style", "chore")),
    ("other", ("other",)),
)
GROUP_OF = {kind: group for group, kinds in GROUPS for kind in kinds}
AREAS_TOLD = 3  # area sentences per repository; the rest are named in one
HIGHLIGHTS_SHOWN = 8  # highlight lines per repository; the rest are summed up in one line


@dataclass
class Area:
    """An area of work: a scope the subjects name, or the top-level folder a commit changed most."""

    name: str
    commits: list[Commit] = field(default_factory=list)

    @property
    def lines(self) -> int:
        return sum(c.insertions + c.deletions for c in self.commits)

    @property
    def groups(self) -> list[tuple[str, int]]:
        """('features', 12), ... most first, as the group names of GROUPS."""
        return group_counts(self.commits)

    def weightiest(self, limit: int = 3) -> list[Commit]:
        return sorted(self.commits, key=weight, reverse=True)[:limit]


@dataclass
class Highlight:
    """One change worth telling, or several alike folded into one line."""

    commits: list[Commit]

    @property
    def lead(self) -> Commit:
        return max(self.commits, key=weight)

    @property
    def lines(self) -> int:
        return sum(c.insertions + c.deletions for c in self.commits)


def weight(commit: Commit) -> int:
    """Lines changed, with a floor so that a small fix still counts for something."""
    return commit.insertions + commit.deletions + 10


TOP_LEVEL = "."  # files at the repository's root


def area(commit: Commit) -> str:
    """The commit's theme: its scope when the subject names one, else the top-level folder it changed most.

    A folder is named with a trailing slash (`api/`); a scope that names a path the commit touched joins that
    path's folder.
    """
    lines: dict[str, int] = {}
    scope = commit.scope.strip("/")
    named = None  # the area of a path the scope names ("api" -> api/, "benchmarks/run.py" -> benchmarks/)
    for change in commit.files:
        slash = change.path.find("/")
        key = change.path[:slash + 1] if slash >= 0 else TOP_LEVEL
        lines[key] = lines.get(key, 0) + change.insertions + change.deletions + 1
        if scope and named is None and (change.path == scope or change.path.startswith(scope + "/")):
            named = key
    if scope:
        return named or scope
    # The folder with the most lines; the first one git listed wins a tie (max keeps the first).
    return max(lines, key=lines.__getitem__) if lines else TOP_LEVEL


def areas(repo: RepoActivity) -> list[Area]:
    """The repository's areas of work, weightiest first (lines, then commits, then name)."""
    found: dict[str, Area] = {}
    for commit in repo.commits:
        key = area(commit)
        found.setdefault(key, Area(key)).commits.append(commit)
    return sorted(found.values(), key=lambda t: (-t.lines, -len(t.commits), t.name))


SIMILAR = re.compile(r"[^\w가-힣]+")


def likeness(commit: Commit) -> str:
    """A key alike for near-duplicate subjects: kind, then the first three words without numbers or names."""
    words = [w for w in SIMILAR.split(commit.summary.lower()) if w and not any(ch.isdigit() for ch in w)]
    return commit.type + ":" + " ".join(words[:3])


def highlights(commits: list[Commit]) -> list[Highlight]:
    """Changes weightiest first, near-duplicates (same kind and opening words) folded into one."""
    folded: dict[str, Highlight] = {}
    for commit in commits:
        folded.setdefault(likeness(commit), Highlight([])).commits.append(commit)
    return sorted(folded.values(), key=lambda h: (-max(weight(c) for c in h.commits), -len(h.commits),
                                                  h.lead.summary))


def group_counts(commits: list[Commit]) -> list[tuple[str, int]]:
    """('tests', 9), ('docs', 5), ... most first."""
    counts = Counter(GROUP_OF.get(c.type, "other") for c in commits)
    order = [g for g, _ in GROUPS]
    return sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))


def grouped(commits: list[Commit]) -> list[tuple[str, list[Commit]]]:
    """The commits by group, in the order of GROUPS."""
    out = []
    for key, kinds in GROUPS:
        members = [c for c in commits if c.type in kinds]
        if members:
            out.append((key, members))
    return out


def figures(repo: RepoActivity) -> dict[str, set[int]]:
    """Every number a story of this repository may tell, by unit: the fact check's list of derived facts."""
    found = areas(repo)
    told = found[:AREAS_TOLD]
    shown = highlights(repo.commits)
    rest = [c for item in shown[HIGHLIGHTS_SHOWN:] for c in item.commits]
    commits = {len(t.commits) for t in found} | {sum(len(t.commits) for t in found[AREAS_TOLD:])}
    commits |= {len(h.commits) for h in shown} | {len(rest)} | {c for _, c in group_counts(rest)}
    commits |= {c for t in told for _, c in t.groups}
    lines = {t.lines for t in found} | {h.lines for h in shown}
    return {"commits": commits, "lines": lines}
