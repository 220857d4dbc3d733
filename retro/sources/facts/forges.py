"""A forge's month for one account (GitHub, GitLab): pull requests, reviews, issues, threads, releases.

Plain data, no prose: the offline drafter, the model's digest, the fact check and
`retro collect` each render it. Titles are other people's text (OTHERS).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from retro.sources.facts.trust import OTHERS, OWN, json_ready
from retro.words import FORGE_NAMES, count, tally

TITLES_SHOWN = 5  # titles a post lists of one kind (merged, still open, threads); the rest are counted


@dataclass
class PullRequest:
    repo: str = OWN()
    number: int
    title: str = OTHERS()
    state: str = OWN()  # "open", "merged" or "closed"
    created: datetime | None = None
    merged: datetime | None = None
    additions: int = 0
    deletions: int = 0
    url: str = OWN("")

@dataclass
class Review:
    repo: str = OWN()
    number: int
    title: str = OTHERS()
    author: str = OWN()  # whose pull request
    state: str = OWN()  # "approved", "changes_requested" or "commented"
    submitted: datetime | None = None

@dataclass
class Issue:
    repo: str = OWN()
    number: int
    title: str = OTHERS()
    state: str = OWN()  # "open" or "closed"
    created: datetime | None = None
    closed: datetime | None = None

@dataclass
class Thread:
    """Comments the author left on one issue, pull request or discussion in the month."""

    repo: str = OWN()
    number: int
    title: str = OTHERS()
    kind: str = OWN()  # "issue", "pull_request", "discussion"
    comments: int = 0

@dataclass
class Release:
    repo: str = OWN()
    tag: str = OTHERS()
    name: str = OTHERS()
    published: datetime | None = None

@dataclass
class ForgeActivity:
    """A month on GitHub or GitLab, for one account."""

    forge: str = OWN()  # "github" or "gitlab"
    login: str = OWN()
    host: str = OWN()
    opened: list[PullRequest] = field(default_factory=list)  # pull (merge) requests opened in the month
    merged: list[PullRequest] = field(default_factory=list)  # merged in the month, whenever opened
    reviews: list[Review] = field(default_factory=list)
    issues_opened: list[Issue] = field(default_factory=list)
    issues_closed: list[Issue] = field(default_factory=list)
    threads: list[Thread] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    commits: dict[str, int] = field(default_factory=dict)  # by repository, as the forge counts them

    @property
    def still_open(self) -> list[PullRequest]:
        return [p for p in self.opened if p.state == "open"]

    @property
    def comments(self) -> int:
        return sum(t.comments for t in self.threads)

    @property
    def review_states(self) -> dict[str, int]:
        counts = Counter(r.state for r in self.reviews)
        return {s: counts[s] for s in ("approved", "changes_requested", "commented") if counts[s]}

    @property
    def reviewed_authors(self) -> list[tuple[str, int]]:
        """Whose pull requests were reviewed, most first."""
        return Counter(r.author for r in self.reviews).most_common()

    def figures(self) -> dict[str, set[int]]:
        """Every number a post may tell of this month, by unit (the fact check's list)."""
        lists = (self.opened, self.merged, self.still_open, self.issues_opened, self.issues_closed)
        rests = {len(items) - TITLES_SHOWN for items in lists if len(items) > TITLES_SHOWN}
        return {
            "pull requests": {len(self.opened), len(self.merged), len(self.still_open)} | rests,
            "reviews": {len(self.reviews), *self.review_states.values(), *(c for _, c in self.reviewed_authors)},
            "issues": {len(self.issues_opened), len(self.issues_closed)},
            "comments": {self.comments, *(t.comments for t in self.threads)},
            "threads": {len(self.threads)},
            "commits": {sum(self.commits.values()), *self.commits.values()},
            "releases": {len(self.releases)},
        }

    def __bool__(self) -> bool:
        return bool(self.opened or self.merged or self.reviews or self.issues_opened or self.issues_closed
                    or self.threads or self.releases or self.commits)

    def as_json(self) -> dict[str, Any]:
        document = asdict(self)
        document.update(still_open=len(self.still_open), comments=self.comments, review_states=self.review_states)
        return json_ready(document)

    def line(self) -> str:
        """What was found, for `retro sources`."""
        return (f"{count(len(self.opened), 'pull request')} opened, {len(self.merged):,} merged, "
                f"{count(len(self.reviews), 'review')}, {count(len(self.issues_opened), 'issue')} opened, "
                f"{count(self.comments, 'comment')}")

    def digest(self, titles: bool = True) -> list[str]:
        """The model's digest of the account's month; `titles` False keeps only the counts."""
        states = ", ".join(f"{s} {c}" for s, c in self.review_states.items())
        whose = ", ".join(f"{a} ({c})" for a, c in self.reviewed_authors[:8])
        lines = [
            "",
            f"{FORGE_NAMES.get(self.forge, self.forge)} account {self.login} "
            f"({self.host}): {tally(len(self.opened), 'pull request')} opened ({len(self.still_open)} still "
            f"open), {len(self.merged)} merged; {tally(len(self.reviews), 'review')} given ({states or 'none'})"
            + (f" on pull requests by {whose}" if whose else "")
            + f"; {tally(len(self.issues_opened), 'issue')} opened, {len(self.issues_closed)} closed; "
            f"{tally(self.comments, 'comment')} in {tally(len(self.threads), 'thread')}; "
            f"{tally(len(self.releases), 'release')}; "
            f"{tally(sum(self.commits.values()), 'commit')} counted by the forge",
        ]
        if titles:
            for label, items in (("Merged", self.merged), ("Still open", self.still_open),
                                 ("Issues opened", self.issues_opened)):
                if items:
                    lines.append(f"  {label}: " + "; ".join(f"{i.repo}#{i.number} {' '.join(i.title.split())}"
                                                            for i in items[:20]))
            if self.threads:
                lines.append("  Discussed: " + "; ".join(f"{t.repo}#{t.number} {' '.join(t.title.split())} "
                                                         f"({t.comments} comments)" for t in self.threads[:20]))
            if self.releases:
                lines.append("  Releases: " + ", ".join(f"{r.repo} {r.tag}" for r in self.releases))
        return lines
