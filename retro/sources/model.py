"""The facts every source adds beside git's Activity: a forge's month (GitHub, GitLab) and a calendar's.

Plain data, no prose: the offline drafter, the model's digest, the fact check and
`retro collect` each render it. Titles here are other people's text: untrusted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

TITLES_SHOWN = 5  # titles a post lists of one kind (merged, still open, threads); the rest are counted


@dataclass
class PullRequest:
    repo: str
    number: int
    title: str
    state: str  # "open", "merged" or "closed"
    created: datetime | None = None
    merged: datetime | None = None
    additions: int = 0
    deletions: int = 0
    url: str = ""


@dataclass
class Review:
    repo: str
    number: int
    title: str
    author: str  # whose pull request
    state: str  # "approved", "changes_requested" or "commented"
    submitted: datetime | None = None


@dataclass
class Issue:
    repo: str
    number: int
    title: str
    state: str  # "open" or "closed"
    created: datetime | None = None
    closed: datetime | None = None


@dataclass
class Thread:
    """Comments the author left on one issue, pull request or discussion in the month."""

    repo: str
    number: int
    title: str
    kind: str  # "issue", "pull_request", "discussion"
    comments: int = 0


@dataclass
class Release:
    repo: str
    tag: str
    name: str
    published: datetime | None = None


@dataclass
class ForgeActivity:
    """A month on GitHub or GitLab, for one account."""

    forge: str  # "github" or "gitlab"
    login: str
    host: str
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


@dataclass
class Series:
    """A recurring meeting: its occurrences in the month."""

    title: str  # "(busy)" for a private or confidential one
    cadence: str  # "weekly", "every 2 weeks", "daily", "monthly", "yearly", or "recurring"
    occurrences: int = 0
    minutes: int = 0

    @property
    def hours(self) -> int:
        return hours(self.minutes)


@dataclass
class Event:
    title: str
    start: datetime | date
    minutes: int = 0  # timed events; 0 for all-day
    days: int = 0  # all-day events: days within the month


@dataclass
class CalendarActivity:
    series: list[Series] = field(default_factory=list)
    meetings: list[Event] = field(default_factory=list)  # one-off timed events
    all_day: list[Event] = field(default_factory=list)  # conferences, time off
    sources: int = 0  # calendars read

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.series) + sum(m.minutes for m in self.meetings)

    @property
    def hours(self) -> int:
        """Meeting hours, rounded to the nearest hour (the figure a post says)."""
        return hours(self.minutes)

    @property
    def count(self) -> int:
        """Timed meetings, recurring occurrences included."""
        return sum(s.occurrences for s in self.series) + len(self.meetings)

    def figures(self) -> dict[str, set[int]]:
        return {
            "meetings": {self.count, len(self.meetings), *(s.occurrences for s in self.series),
                         len(self.meetings) - 2 * TITLES_SHOWN},
            "hours": {self.hours, *(s.hours for s in self.series), *(hours(m.minutes) for m in self.meetings)},
            "times": {s.occurrences for s in self.series},
            "days": {e.days for e in self.all_day},
        }

    def __bool__(self) -> bool:
        return bool(self.series or self.meetings or self.all_day)

    def as_json(self) -> dict[str, Any]:
        document = asdict(self)
        document.update(meeting_count=self.count, minutes=self.minutes, hours=self.hours)
        return json_ready(document)


def hours(minutes: int) -> int:
    """Whole hours, as every figure of meeting time is told."""
    return round(minutes / 60)


def json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value
