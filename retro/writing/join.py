"""The author's themes join the facts: each fact of any source goes to the notes heading it belongs to.

The notes' headings are the post's themes. A repository whose name shares the
heading's words joins it whole; elsewhere, a commit whose subject or scope does;
a calendar series or meeting whose title does; a pull request, review, issue or
thread whose repository or title does. Matching ignores case, punctuation and the
`-`/`_`/space difference (`Open-WebUI`, `open_webui`, `OpenWebUI` are one name),
leaves out words that say nothing of a subject (`and`, `study`, `공부`), and reads
Korean words with their particles (`컨퍼런스콜을` names `컨퍼런스콜`).

Each fact joins one theme at most, the first in the notes' order, so it is told
once: `rest` is the month without what the themes took, for "What I built" and
"Meetings and events".
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from retro.sources.facts.commits import Activity, Commit, RepoActivity
from retro.sources.facts.forges import Issue, PullRequest, Review, Thread
from retro.sources.facts.meetings import Event, Series
from retro.sources.facts.notes import Notes, Theme
from retro.words import tokens
from retro.writing.formats import format_section

# Words that name no subject by themselves: a heading of only these is no theme's name.
QUIET = frozenset({"and", "or", "the", "a", "an", "of", "in", "on", "with", "for", "to", "my", "our", "at", "by",
                   "study", "studying", "notes", "learning", "work", "project", "stuff", "및", "그리고", "공부",
                   "스터디", "정리", "작업", "프로젝트"})
HANGUL = re.compile(r"[가-힣]")


def key_words(heading: str) -> list[str]:
    return [word for word in tokens(heading) if word not in QUIET]


def names(heading: list[str], text_words: list[str]) -> bool:
    """Whether a text (as its words) names a heading (its key words): every word there, or the words run together."""
    if not heading or not text_words:
        return False
    present = set(text_words)

    def has(word: str) -> bool:
        if word in present:
            return True
        return bool(HANGUL.search(word)) and any(t.startswith(word) for t in text_words)  # 콜을, 콜에서

    if all(has(word) for word in heading):
        return True
    joined = "".join(heading)
    for start in range(len(text_words)):
        run = ""
        for token in text_words[start:]:
            run += token
            if run == joined or (HANGUL.search(joined) and run.startswith(joined)):
                return True
            if len(run) >= len(joined) + 8:
                break
    return False


@dataclass
class ThemeFacts:
    """One theme of the notes and the facts it took."""

    theme: Theme
    repos: list[RepoActivity] = field(default_factory=list)  # repositories named like it, whole
    commits: list[Commit] = field(default_factory=list)  # commits elsewhere whose subject or scope names it
    series: list[Series] = field(default_factory=list)
    meetings: list[Event] = field(default_factory=list)
    merged: list[PullRequest] = field(default_factory=list)
    opened: list[PullRequest] = field(default_factory=list)  # opened and still open
    reviews: list[Review] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    threads: list[Thread] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.theme.title

    def __bool__(self) -> bool:
        return bool(self.repos or self.commits or self.series or self.meetings or self.merged or self.opened
                    or self.reviews or self.issues or self.threads)

    def as_json(self) -> dict:
        return {"theme": self.title, "repos": [r.name for r in self.repos], "commits": [c.sha for c in self.commits],
                "series": [s.title for s in self.series], "meetings": [m.title for m in self.meetings],
                "pull_requests_merged": [f"{p.repo}#{p.number}" for p in self.merged],
                "pull_requests_open": [f"{p.repo}#{p.number}" for p in self.opened],
                "reviews": [f"{r.repo}#{r.number}" for r in self.reviews],
                "issues": [f"{i.repo}#{i.number}" for i in self.issues],
                "threads": [f"{t.repo}#{t.number}" for t in self.threads]}


@dataclass
class Join:
    themes: list[ThemeFacts]
    rest: Activity  # the month without what the themes took
    whole: Activity  # the month
    def of(self, theme: Theme) -> ThemeFacts | None:
        return next((t for t in self.themes if t.theme is theme), None)


def themes_of(notes: Notes | None) -> list[Theme]:
    """The notes' headings that are themes: titled, and neither plans, nor a reflection, nor a format's section."""
    if not notes:
        return []
    return [t for t in notes.themes if t.title and not t.is_plan and not t.is_reflection and key_words(t.title)
            and format_section(t.title) is None]  # Keep, Problem, ...: a format's words, never a theme


def join(activity: Activity, notes: Notes | None) -> Join:
    """Each fact to the first theme that names it (see the module's docstring)."""
    themes = themes_of(notes)
    if not themes:
        return Join([], activity, activity)
    keys = [(theme, key_words(theme.title)) for theme in themes]
    taken = {id(theme): ThemeFacts(theme) for theme in themes}

    def first(*texts: str) -> ThemeFacts | None:
        found = [tokens(text) for text in texts if text]
        for theme, key in keys:
            if any(names(key, text) for text in found):
                return taken[id(theme)]
        return None

    repos: list[RepoActivity] = []
    for repo in activity.repos:
        whole = first(repo.name) if repo.commits else None
        if whole is not None:
            whole.repos.append(repo)
            continue
        kept = []
        for commit in repo.commits:
            home = first(commit.subject, commit.scope)
            if home is None:
                kept.append(commit)
            else:
                home.commits.append(commit)
        repos.append(repo if len(kept) == len(repo.commits) else dataclasses.replace(repo, commits=kept))
    calendar = activity.calendar
    if calendar is not None:
        series, meetings = [], []
        for one in calendar.series:
            home = first(one.title)
            (home.series if home is not None else series).append(one)
        for one in calendar.meetings:
            home = first(one.title)
            (home.meetings if home is not None else meetings).append(one)
        calendar = dataclasses.replace(calendar, series=series, meetings=meetings)
    forges = []
    for forge in activity.forges:
        left: dict[str, list] = {}
        for kind, into in (("merged", "merged"), ("opened", "opened"), ("reviews", "reviews"),
                           ("issues_opened", "issues"), ("issues_closed", "issues"), ("threads", "threads")):
            left[kind] = []
            for item in getattr(forge, kind):
                home = first(item.repo, item.title)
                if home is None:
                    left[kind].append(item)
                elif (kind != "opened" or item.state == "open") and item not in getattr(home, into):
                    getattr(home, into).append(item)  # one opened and merged is the theme's, told as merged
        forges.append(dataclasses.replace(forge, **left))
    rest = dataclasses.replace(activity, repos=repos, forges=forges, calendar=calendar)
    return Join([taken[id(theme)] for theme in themes], rest, activity)


def figures(found: Join) -> dict[str, set[int]]:
    """The numbers a theme's sentences tell, by unit (the fact check's list beside the month's own)."""
    values: dict[str, set[int]] = {"commits": set(), "pull requests": set(), "reviews": set(), "issues": set(),
                                   "threads": set(), "meetings": set(), "times": set(), "hours": set(),
                                   "more": set()}  # "... and 20 more": what a theme's sentence does not quote
    quoted = 3  # sections.QUOTED: the titles a sentence names
    for theme in found.themes:
        values["commits"].add(len(theme.commits))
        values["commits"].add(sum(len(r.commits) for r in theme.repos))
        values["pull requests"] |= {len(theme.merged), len(theme.opened)}
        values["reviews"].add(len(theme.reviews))
        values["issues"].add(len(theme.issues))
        values["threads"].add(len(theme.threads))
        values["meetings"] |= {len(theme.meetings), sum(s.occurrences for s in theme.series) + len(theme.meetings)}
        values["times"] |= {s.occurrences for s in theme.series}
        values["hours"].add(round(sum(s.minutes for s in theme.series) / 60))
        values["more"] |= {len(items) - quoted for items in (theme.commits, theme.meetings, theme.merged, theme.opened,
                                                             theme.reviews, theme.issues, theme.threads)
                           if len(items) > quoted}
    return values
