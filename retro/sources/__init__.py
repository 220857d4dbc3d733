"""The month's sources, each one module with its Source (sources/source.py), registered once, here, in SOURCES.

    git       sources/git/        commits of the chosen repositories and authors
    notes     sources/notes.py    the author's notes for the month
    github    sources/github.py   pull requests, reviews, issues, comments, releases (GraphQL)
    gitlab    sources/gitlab.py   pushes, merge requests, approvals, issues, comments (python-gitlab)
    calendar  sources/calendar.py meetings and events from .ics files or iCal addresses
    reading   sources/reading.py  the browser's history: the pages of the author's themes (off until named)
    agents    sources/agents.py   sessions with AI coding agents: Claude Code, Codex, Aider (off until named)

The facts they make live in sources/facts/, which imports none of them; the month as a whole is a MonthFacts.
`collect` reads the wanted sources concurrently, so a month takes about as long as its slowest source. git is
the one source whose failure stops a command (a repository named was named on purpose); any other that fails is
recorded in the MonthFacts, naming the source and the fix, and the draft comes out from the rest.

To add a source: a module here with its Source (settings table, options, wants, collect, and sign_in and
describe when it has them), its facts in sources/facts/ on the `Facts` base with every string field marked
OTHERS or OWN, and its SOURCE in SOURCES below. Nothing else names it.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from retro.errors import SourceError
from retro.sources import agents, calendar, github, gitlab, reading
from retro.sources.source import Flags, Option, Say, Source, Window

if TYPE_CHECKING:
    from retro.config import Config, Setting
    from retro.sources.facts.month import MonthFacts

__all__ = ["Flags", "Option", "Say", "Source", "Window", "SOURCES", "OPTIONAL", "wanted", "collect", "named",
           "tables"]


class Builtin(Source):
    """git and notes: every month reads them, each its own way."""

    reads = False

    def __init__(self, name: str, facts: tuple[str, ...]) -> None:
        self.name, self.facts = name, facts


SOURCES: tuple[Source, ...] = (
    Builtin("git", ("commits:FileChange", "commits:Commit", "commits:Tag", "commits:RepoActivity")),
    Builtin("notes", ("notes:Item", "notes:Theme")),
    github.SOURCE,
    gitlab.SOURCE,
    calendar.SOURCE,
    reading.SOURCE,
    agents.SOURCE,
)
OPTIONAL = tuple(source for source in SOURCES if source.reads)


def tables() -> dict[str, tuple[Setting, ...]]:
    """Each source's table of settings in retro.toml, by its name (what config.load checks them against)."""
    return {source.name: source.settings for source in OPTIONAL if source.settings}


def wanted(config: Config, flags: Flags | None = None) -> dict[str, Any]:
    """{source name: what to read} for the sources beside git and notes that are wanted, in SOURCES' order.
    A value a flag gives is checked as retro.toml's are (SettingError naming the source's setting)."""
    flags = flags or Flags()
    found = {}
    for source in OPTIONAL:
        table = config.tables.get(source.name)
        values = {one.name: one.default for one in source.settings}
        values.update(table or {})
        found[source.name] = source.wanted(values, flags, table is not None)
    return {name: want for name, want in found.items() if want is not None}


def collect(selection, want: dict[str, Any], root: Path | None, say: Say | None = None,
            progress: Callable[[Any], None] | None = None, compare: bool = True,
            themes: tuple[str, ...] = ()) -> MonthFacts:
    """The month's facts from every wanted source at once: git's Activity with the others' facts beside it.

    A source that failed is in `source_errors`, with why. `themes` are the notes' headings (a private source
    keeps only what names one of them, or what its own patterns include).
    """
    from retro.sources import git
    from retro.sources.facts.month import MonthFacts

    say = say or (lambda _line: None)
    since, until = selection.month.bounds(selection.zone)
    window = Window(selection.month, since, until, selection.zone, root, say, tuple(themes),
                    tuple([*selection.repos, *selection.found]))
    timings: dict[str, float] = {}

    def timed(name: str, function: Callable[[], Any]) -> Any:
        started = time.monotonic()
        try:
            return function()
        finally:
            timings[name] = time.monotonic() - started

    sources = [source for source in OPTIONAL if source.name in want]
    found: dict[str, Any] = {}
    errors: dict[str, str] = {}
    forked = {source: Forked(source, want[source.name], window) for source in sources if source.local and forking()}
    with ThreadPoolExecutor(max_workers=max(1, len(sources))) as pool:
        futures: dict[Source, Future] = {
            source: pool.submit(timed, source.name,
                                forked[source].result if source in forked else
                                (lambda s=source: s.collect(want[s.name], window)))
            for source in sources}
        facts = git.collect(selection.month, selection.zone, selection.repos, selection.authors,
                            progress=progress, found=selection.found, compare=compare)
        for source, future in futures.items():
            try:
                found[source.name] = future.result()
            except SourceError as error:
                errors[source.name] = f"{error.text} The draft goes on without it."  # the faces name settings
            except Exception as error:  # a library's own failure: still only this source's
                errors[source.name] = (f"failed ({type(error).__name__}: {error}); the draft goes on "
                                       "without it. RETRO_DEBUG=1 shows more.")
    return MonthFacts.of(facts, found, errors)


def forking() -> bool:
    """Whether a source that reads the author's machine may run in a process of its own: on Linux, forked while
    this process has no other thread (a fork beside a running thread can inherit a lock held for ever). The
    private sources parse tens of megabytes of logs in Python; in a process of their own they do it beside git's
    parsing instead of taking turns with it."""
    import sys
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


class Forked:
    """A source read in a forked process; its facts (or its error) come back through a pipe, what it said too."""

    def __init__(self, source: Source, want: Any, window: Window) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.say = window.say
        self.process = context.Process(target=self.run, args=(source, want, window, send), daemon=True)
        self.process.start()
        send.close()

    @staticmethod
    def run(source: Source, want: Any, window: Window, send) -> None:
        import dataclasses

        said: list[str] = []
        try:
            facts = source.collect(want, dataclasses.replace(window, say=said.append))
            send.send(("facts", facts, said))
        except SourceError as error:
            send.send(("error", error.text, said))
        except Exception as error:  # noqa: BLE001 - said in the parent as any source's failure
            send.send(("failed", f"{type(error).__name__}: {error}", said))
        finally:
            send.close()

    def result(self) -> Any:
        try:
            kind, value, said = self.receive.recv()
        except EOFError:
            raise SourceError("stopped before it finished (its process ended); try again.") from None
        finally:
            self.receive.close()
            self.process.join()
        for line in said:
            self.say(line)
        if kind == "error":
            raise SourceError(value)
        if kind == "failed":
            raise RuntimeError(value)
        return value


def named(name: str) -> Source:
    return next(source for source in SOURCES if source.name == name)
