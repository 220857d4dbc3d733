"""The month's sources behind one seam: each turns a month, a time zone and its settings into facts.

    git       sources/git.py      commits of the chosen repositories and authors (activity.py reads them)
    notes     sources/notes.py    the author's notes for the month
    github    sources/github.py   pull requests, reviews, issues, comments, releases (GraphQL)
    gitlab    sources/gitlab.py   pushes, merge requests, approvals, issues, comments (python-gitlab)
    calendar  sources/calendar.py meetings and events from .ics files or iCal addresses

`collect` reads them concurrently, so a month takes about as long as its
slowest source. git is the one source whose failure stops a command (a
repository named was named on purpose); any other that fails becomes a warning
naming the source and the fix, and the draft comes out from the rest.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from ..errors import SourceError

Say = Callable[[str], None]


@dataclass
class Wanted:
    """Which sources beside git and notes a command reads, from flags over retro.toml."""

    github: str | None = None
    github_api: str = "https://api.github.com"
    gitlab: str | None = None
    gitlab_url: str = "https://gitlab.com"
    calendars: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [name for name, on in (("github", self.github), ("gitlab", self.gitlab),
                                      ("calendar", self.calendars)) if on]


def wanted(config, github: str | None = None, github_api: str | None = None, gitlab: str | None = None,
           calendars: tuple[str, ...] = ()) -> Wanted:
    return Wanted(
        github=github or config.get("github") or None,
        github_api=github_api or str(config.get("github_api")),
        gitlab=gitlab or config.get("gitlab") or None,
        gitlab_url=str(config.get("gitlab_url")),
        calendars=list(dict.fromkeys([*(config.get("calendars") or []), *calendars])),
        include=list(config.get("calendar_include") or []),
        exclude=list(config.get("calendar_exclude") or []),
    )


def cache_for(root: Path | None, until: datetime, source: str):
    from .cache import Cache

    final = until <= datetime.now(timezone.utc)
    return Cache(root / ".retro" / "cache" / source if root else None, final)


def collect(selection, want: Wanted, root: Path | None, say: Say | None = None,
            progress: Callable[[Any], None] | None = None, compare: bool = True) -> Any:
    """The month's facts from every source at once: git's Activity with the others attached.

    Returns the Activity; a source that failed is in `activity.source_errors`, with why.
    """
    from .. import activity as git_source

    say = say or (lambda _line: None)
    since, until = selection.month.bounds(selection.zone)
    timings: dict[str, float] = {}

    def timed(name: str, function: Callable[[], Any]) -> Any:
        started = time.monotonic()
        try:
            return function()
        finally:
            timings[name] = time.monotonic() - started

    jobs: dict[str, Callable[[], Any]] = {}
    if want.github:
        from . import github

        jobs["github"] = lambda: github.collect(want.github, since, until, want.github_api,
                                                cache_for(root, until, "github"), say)
    if want.gitlab:
        from . import gitlab

        jobs["gitlab"] = lambda: gitlab.collect(want.gitlab, since, until, want.gitlab_url,
                                                cache_for(root, until, "gitlab"))
    if want.calendars:
        from . import calendar

        jobs["calendar"] = lambda: calendar.collect(want.calendars, since, until, selection.zone,
                                                    cache_for(root, until, "calendar"), want.include, want.exclude,
                                                    root)
    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
        futures: dict[str, Future] = {name: pool.submit(timed, name, job) for name, job in jobs.items()}
        facts = git_source.collect(selection.month, selection.zone, selection.repos, selection.authors,
                                   progress=progress, found=selection.found, compare=compare)
        for name, future in futures.items():
            try:
                result = future.result()
            except SourceError as error:
                facts.source_errors[name] = f"{error.message} The draft goes on without it."
                continue
            except Exception as error:  # a library's own failure: still only this source's
                facts.source_errors[name] = (f"failed ({type(error).__name__}: {error}); the draft goes on without "
                                             "it. RETRO_DEBUG=1 shows more.")
                continue
            if name == "calendar":
                facts.calendar = result
            else:
                facts.forges.append(result)
    facts.forges.sort(key=lambda f: f.forge)
    return facts
