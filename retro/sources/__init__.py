"""The month's sources, each registered once, here, behind one protocol (Source).

    git       sources/git/        commits of the chosen repositories and authors
    notes     sources/notes.py    the author's notes for the month
    github    sources/github.py   pull requests, reviews, issues, comments, releases (GraphQL)
    gitlab    sources/gitlab.py   pushes, merge requests, approvals, issues, comments (python-gitlab)
    calendar  sources/calendar.py meetings and events from .ics files or iCal addresses

The facts they make live in sources/facts/, which imports none of them.
`collect` reads the wanted sources concurrently, so a month takes about as long
as its slowest source. git is the one source whose failure stops a command (a
repository named was named on purpose); any other that fails is recorded in the
Activity, naming the source and the fix, and the draft comes out from the rest.

To add a source: a module here with its `collect` (and `check` when it signs
in), its facts in sources/facts/ with every string field marked OTHERS or OWN,
and one Source in SOURCES below. Nothing else names it.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from retro.errors import SourceError
from retro.words import count

if TYPE_CHECKING:
    from retro.config import Config
    from retro.sources.facts.commits import Activity

Say = Callable[[str], None]


@dataclass(frozen=True)
class Window:
    """What a source reads: the month's bounds in the author's zone, where answers are cached, who listens."""

    month: Any  # months.Month
    since: datetime
    until: datetime
    zone: Any  # tzinfo
    root: Path | None  # the blog (answers are cached under its .retro/cache/); None: not cached
    say: Say

    def cache(self, source: str):
        from retro.sources.cache import Cache

        final = self.until <= datetime.now(timezone.utc)
        return Cache(self.root / ".retro" / "cache" / source if self.root else None, final)


@dataclass(frozen=True)
class Source:
    """One source of facts. `wants` says what to read from the flags and retro.toml (None: not wanted)."""

    name: str
    wants: Callable[[Config, Flags], Any]
    collect: Callable[[Any, Window], Any] | None  # None for git and notes, which every month reads its own way
    attach: Callable[[Activity, Any], None]
    facts: tuple[str, ...]  # its facts' dataclasses, as "module:Class" under sources/facts (for the trust marks)
    sign_in: Callable[[Any], str] | None = None  # for `retro sources`: who it signs in as, or SourceError
    describe: Callable[[Any, Any], str] | None = None  # for `retro sources`: what it found
    found: Callable[[Activity], Any] | None = None  # its facts in an Activity, None when not read

    def document(self, activity: Activity) -> Any:
        """Its part of `retro collect --json`, under its name: its facts as JSON, or null."""
        facts = self.found(activity) if self.found else None
        return facts.as_json() if facts is not None else None


def forge_of(name: str) -> Callable[[Activity], Any]:
    def found(activity: Activity) -> Any:
        return next((forge for forge in activity.forges if forge.forge == name), None)

    return found


def attach_forge(activity: Activity, facts: Any) -> None:
    activity.forges.append(facts)
    activity.forges.sort(key=lambda forge: forge.forge)


def attach_calendar(activity: Activity, facts: Any) -> None:
    activity.calendar = facts


@dataclass(frozen=True)
class Flags:
    """What the command line asked of the sources (the faces' source options); None and () ask nothing."""

    github: str | None = None
    github_api: str | None = None
    gitlab: str | None = None
    calendars: tuple[str, ...] = ()


@dataclass(frozen=True)
class GitHubWant:
    login: str
    api: str


@dataclass(frozen=True)
class GitLabWant:
    username: str
    url: str


@dataclass(frozen=True)
class CalendarWant:
    locations: list[str]
    include: list[str]
    exclude: list[str]


def github_wants(config: Config, flags: Flags) -> GitHubWant | None:
    login = flags.github or config.github
    return GitHubWant(login, flags.github_api or config.github_api) if login else None


def gitlab_wants(config: Config, flags: Flags) -> GitLabWant | None:
    username = flags.gitlab or config.gitlab
    return GitLabWant(username, config.gitlab_url) if username else None


def calendar_wants(config: Config, flags: Flags) -> CalendarWant | None:
    locations = list(dict.fromkeys([*config.calendars, *flags.calendars]))
    return CalendarWant(locations, list(config.calendar_include), list(config.calendar_exclude)) if locations else None


def github_collect(want: GitHubWant, window: Window) -> Any:
    from retro.sources import github

    return github.collect(want.login, window.since, window.until, want.api, window.cache("github"), window.say)


def gitlab_collect(want: GitLabWant, window: Window) -> Any:
    from retro.sources import gitlab

    return gitlab.collect(want.username, window.since, window.until, want.url, window.cache("gitlab"))


def calendar_collect(want: CalendarWant, window: Window) -> Any:
    from retro.sources import calendar

    return calendar.collect(want.locations, window.since, window.until, window.zone, window.cache("calendar"),
                            want.include, want.exclude, window.root)


def github_sign_in(want: GitHubWant) -> str:
    from retro.sources import github

    return github.check(want.api)


def gitlab_sign_in(want: GitLabWant) -> str:
    from retro.sources import gitlab

    return gitlab.check(want.url)


def forge_line(want: Any, facts: Any) -> str:
    return (f"{count(len(facts.opened), 'pull request')} opened, {len(facts.merged):,} merged, "
            f"{count(len(facts.reviews), 'review')}, {count(len(facts.issues_opened), 'issue')} opened, "
            f"{count(facts.comments, 'comment')}")


def calendar_line(want: CalendarWant, facts: Any) -> str:
    return (f"{count(len(want.locations), 'calendar')}: {count(facts.count, 'meeting')}, "
            f"{count(facts.hours, 'hour')}, {count(len(facts.all_day), 'all-day event')}")


def nothing_wanted(config: Config, flags: Flags) -> None:
    return None


SOURCES: tuple[Source, ...] = (
    Source("git", nothing_wanted, None, lambda activity, facts: None,
           ("commits:FileChange", "commits:Commit", "commits:Tag", "commits:RepoActivity")),
    Source("notes", nothing_wanted, None, lambda activity, facts: None, ("notes:Item", "notes:Theme")),
    Source("github", github_wants, github_collect, attach_forge,
           ("forges:PullRequest", "forges:Review", "forges:Issue", "forges:Thread", "forges:Release",
            "forges:ForgeActivity"), github_sign_in, forge_line, forge_of("github")),
    Source("gitlab", gitlab_wants, gitlab_collect, attach_forge, (), gitlab_sign_in, forge_line, forge_of("gitlab")),
    Source("calendar", calendar_wants, calendar_collect, attach_calendar, ("meetings:Series", "meetings:Event"),
           None, calendar_line, lambda activity: activity.calendar),
)
OPTIONAL = tuple(source for source in SOURCES if source.collect is not None)


def wanted(config: Config, flags: Flags | None = None) -> dict[str, Any]:
    """{source name: what to read} for the sources beside git and notes that are wanted, in SOURCES' order."""
    flags = flags or Flags()
    found = {source.name: source.wants(config, flags) for source in OPTIONAL}
    return {name: want for name, want in found.items() if want is not None}


def collect(selection, want: dict[str, Any], root: Path | None, say: Say | None = None,
            progress: Callable[[Any], None] | None = None, compare: bool = True) -> Activity:
    """The month's facts from every wanted source at once: git's Activity with the others attached.

    A source that failed is in `activity.source_errors`, with why.
    """
    from retro.sources import git

    say = say or (lambda _line: None)
    since, until = selection.month.bounds(selection.zone)
    window = Window(selection.month, since, until, selection.zone, root, say)
    timings: dict[str, float] = {}

    def timed(name: str, function: Callable[[], Any]) -> Any:
        started = time.monotonic()
        try:
            return function()
        finally:
            timings[name] = time.monotonic() - started

    sources = [source for source in OPTIONAL if source.name in want]
    with ThreadPoolExecutor(max_workers=max(1, len(sources))) as pool:
        futures: dict[Source, Future] = {
            source: pool.submit(timed, source.name, lambda s=source: s.collect(want[s.name], window))
            for source in sources}
        facts = git.collect(selection.month, selection.zone, selection.repos, selection.authors,
                            progress=progress, found=selection.found, compare=compare)
        for source, future in futures.items():
            try:
                result = future.result()
            except SourceError as error:
                facts.source_errors[source.name] = f"{error.text} The draft goes on without it."  # faces name settings
                continue
            except Exception as error:  # a library's own failure: still only this source's
                facts.source_errors[source.name] = (f"failed ({type(error).__name__}: {error}); the draft goes on "
                                                    "without it. RETRO_DEBUG=1 shows more.")
                continue
            source.attach(facts, result)
    return facts


def named(name: str) -> Source:
    return next(source for source in SOURCES if source.name == name)
