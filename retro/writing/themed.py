"""The author's themes join the facts: each fact of any source goes to the notes heading it belongs to.

The notes' headings are the post's themes, and the most specific fact wins.
A commit whose subject or scope shares a heading's words joins that heading,
as does one whose files all lie in a top-level folder named like it (`## api`);
then a commit that names no theme but changes only files that one theme's
commits changed follows them; then a repository whose name shares a
heading's words takes the rest of its commits. A calendar series or meeting
joins by its title; a pull request, review, issue or thread by its title,
then by its repository. Matching ignores case, punctuation and the
`-`/`_`/space difference (`Open-WebUI`, `open_webui`, `OpenWebUI` are one name),
leaves out words that say nothing of a subject (`and`, `study`, `공부`), and reads
Korean words with their particles (`컨퍼런스콜을` names `컨퍼런스콜`). A heading's
words in parentheses, after a slash or a spaced dash are names of it too:
`## 인증 (auth)` takes `feat(auth): add login stub`.

Each fact joins one theme at most, the first in the notes' order, so it is told
once: `rest` is the month without what the themes took, for "What I built" and
"Meetings and events".
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from retro.sources.facts.commits import Activity, Commit, RepoActivity
from retro.sources.facts.forges import ForgeActivity, Issue, PullRequest, Review, Thread
from retro.sources.facts.meetings import CalendarActivity, Event, Series
from retro.sources.facts.month import Facts, Part
from retro.sources.facts.notes import Notes, Theme
from retro.matching import HANGUL, QUIET, heading_names, key_words, names, tokens  # noqa: F401 - the rule's home
from retro.writing.formats import format_section



@dataclass
class ThemeFacts:
    """One theme of the notes and the facts it took."""

    theme: Theme
    repos: list[RepoActivity] = field(default_factory=list)  # repositories named like it (less what others took)
    commits: list[Commit] = field(default_factory=list)  # commits that name it, or follow those by their files
    origins: dict[str, str] = field(default_factory=dict)  # a commit's sha -> its repository's name
    month_repos: int = 0  # the month's active repositories: with one, there is no "elsewhere"
    series: list[Series] = field(default_factory=list)
    meetings: list[Event] = field(default_factory=list)
    merged: list[PullRequest] = field(default_factory=list)
    opened: list[PullRequest] = field(default_factory=list)  # opened and still open
    reviews: list[Review] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    threads: list[Thread] = field(default_factory=list)
    # Any other source's parts it took, by the source's name, with the source's facts that tell them.
    found: dict[str, list[Part]] = field(default_factory=dict)
    tellers: dict[str, Facts] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.theme.title

    def told(self, lang: str, inline) -> list[str]:
        """Each other source's sentence of what the theme took from it (`inline` makes titles safe)."""
        return [said for name, parts in self.found.items() if (said := self.tellers[name].told(parts, lang, inline))]

    def __bool__(self) -> bool:
        return bool(self.repos or self.commits or self.series or self.meetings or self.merged or self.opened
                    or self.reviews or self.issues or self.threads or any(self.found.values()))

    def as_json(self) -> dict:
        return {"theme": self.title, "repos": [r.name for r in self.repos], "commits": [c.sha for c in self.commits],
                "series": [s.title for s in self.series], "meetings": [m.title for m in self.meetings],
                "pull_requests_merged": [f"{p.repo}#{p.number}" for p in self.merged],
                "pull_requests_open": [f"{p.repo}#{p.number}" for p in self.opened],
                "reviews": [f"{r.repo}#{r.number}" for r in self.reviews],
                "issues": [f"{i.repo}#{i.number}" for i in self.issues],
                "threads": [f"{t.repo}#{t.number}" for t in self.threads],
                **{name: [part.names[0] for part in parts] for name, parts in self.found.items()}}


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


def in_folder(commit: Commit, first) -> ThemeFacts | None:
    """The theme named like the one top-level folder all of a commit's files are in (`## api`: `api/...`)."""
    folders = {change.path.partition("/")[0] for change in commit.files if "/" in change.path}
    if len(folders) != 1 or any("/" not in change.path for change in commit.files):
        return None
    return first(next(iter(folders)))


def commit_homes(repo: RepoActivity, first) -> list[tuple[Commit, ThemeFacts | None]]:
    """Each commit and the theme its own subject or scope names (else the folder it is all in); one that names
    none but changes only files that one theme's commits changed follows them (`pipelines/rag_filter.py`)."""
    # The subject without its conventional prefix: `docs: readme` is about the readme, not a `## Docs` theme.
    homes = [(commit, first(commit.summary, commit.scope)) for commit in repo.commits]
    homes = [(commit, home if home is not None else in_folder(commit, first)) for commit, home in homes]
    paths: dict[int, tuple[ThemeFacts, set[str]]] = {}
    for commit, home in homes:
        if home is not None:
            paths.setdefault(id(home), (home, set()))[1].update(change.path for change in commit.files)
    if not paths:
        return homes
    out = []
    for commit, home in homes:
        if home is None and commit.files:
            followed = [theme for theme, changed in paths.values()
                        if all(change.path in changed for change in commit.files)]
            home = followed[0] if len(followed) == 1 else None
        out.append((commit, home))
    return out


def join(activity: Activity, notes: Notes | None) -> Join:
    """Each fact to the first theme that names it (see the module's docstring)."""
    themes = themes_of(notes)
    if not themes:
        return Join([], activity, activity)
    keys = [(theme, heading_names(theme.title)) for theme in themes]
    taken = {id(theme): ThemeFacts(theme) for theme in themes}

    def first(*texts: str) -> ThemeFacts | None:
        found = [tokens(text) for text in texts if text]
        for theme, alternatives in keys:
            if any(names(key, text) for key in alternatives for text in found):
                return taken[id(theme)]
        return None

    repos: list[RepoActivity] = []
    for repo in activity.repos:
        whole = first(repo.name) if repo.commits else None
        kept: list[Commit] = []
        its: list[Commit] = []  # what the repository's own theme keeps
        for commit, home in commit_homes(repo, first):
            if home is None or home is whole:
                (its if whole is not None else kept).append(commit)
            else:
                home.commits.append(commit)
                home.origins[commit.sha] = repo.name
        if whole is not None:
            if its:
                whole.repos.append(repo if len(its) == len(repo.commits) else dataclasses.replace(repo, commits=its))
            continue
        repos.append(repo if len(kept) == len(repo.commits) else dataclasses.replace(repo, commits=kept))
    for theme in taken.values():
        theme.month_repos = len(activity.active_repos)
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
                home = first(item.title)
                home = home if home is not None else first(item.repo)
                if home is None:
                    left[kind].append(item)
                elif (kind != "opened" or item.state == "open") and item not in getattr(home, into):
                    getattr(home, into).append(item)  # one opened and merged is the theme's, told as merged
        forges.append(dataclasses.replace(forge, **left))
    found = {}
    for name, facts in activity.found.items():
        if isinstance(facts, ForgeActivity):
            found[name] = next(f for f in forges if f.forge == facts.forge)
        elif isinstance(facts, CalendarActivity):
            found[name] = calendar
        elif name in activity.others:  # any other source, through its facts' parts
            left_parts = []
            for part in facts.parts():
                home = next((h for h in map(first, part.names) if h is not None), None)
                if home is None:
                    left_parts.append(part)
                else:
                    home.found.setdefault(name, []).append(part)
                    home.tellers[name] = facts
            found[name] = facts.keeping(left_parts)
        else:
            found[name] = facts
    rest = dataclasses.replace(activity, repos=repos, found=found)
    return Join([taken[id(theme)] for theme in themes], rest, activity)


def figures(found: Join) -> dict[str, set[int]]:
    """The numbers a theme's sentences tell, by unit (the fact check's list beside the month's own)."""
    values: dict[str, set[int]] = {"commits": set(), "pull requests": set(), "reviews": set(), "issues": set(),
                                   "threads": set(), "meetings": set(), "times": set(), "hours": set(),
                                   "more": set()}  # "... and 20 more": what a theme's sentence does not quote
    quoted = 3  # sections.QUOTED: the titles a sentence names
    values["lines"], values["days"], values["files"] = set(), set(), set()
    for theme in found.themes:
        values["commits"].add(len(theme.commits))
        values["commits"].add(sum(len(r.commits) for r in theme.repos))
        for repo in theme.repos:  # a repository's part, when another theme took some of its commits
            values["commits"].add(len(repo.commits))
            values["lines"] |= {repo.insertions, repo.deletions, repo.insertions + repo.deletions}
            values["days"].add(repo.active_days)
            values["files"].add(repo.files_changed)
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
        for name, parts in theme.found.items():
            for unit, numbers in theme.tellers[name].figures(parts).items():
                values.setdefault(unit, set()).update(numbers)
    return values
