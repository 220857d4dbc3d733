"""git, the one source every month has: the chosen repositories' commits by the chosen authors.

    repos.py  finding and opening repositories
    walk.py   which commits a month holds (every local branch, by author date)
    log.py    git's output, read as it arrives

A repository named on purpose that cannot be read stops the command; one found
inside a folder is skipped with a note.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Callable, Iterable, Iterator

from retro.errors import GitError, setting
from retro.months import Month
from retro.problems import WARNING, Problem
from retro.sources.facts.commits import Activity, RepoActivity
from retro.sources.facts.month import MonthFacts
from retro.sources.git.repos import first_line, is_shallow, open_repo, read_tags, repo_name
from retro.sources.git.walk import read_month


def collect(
    month: Month,
    zone: tzinfo,
    repos: Iterable[Path],
    authors: Iterable[str] = (),
    progress: Callable[[RepoActivity], None] | None = None,
    workers: int | None = None,
    found: Iterable[Path] = (),
    compare: bool = True,
) -> Activity:
    """Read the month's commits by `authors` (all authors when empty) from every repository.

    `repos` were named by the user: one that cannot be read is an error. `found`
    were discovered inside a folder: one that cannot be read is skipped with a note.

    Repositories are read in parallel: the work is in git processes, so threads
    are enough to keep every core busy. Results keep the order of `repos`. With
    `compare`, each repository's month before is counted too (commits by day).
    """
    since, until = month.bounds(zone)
    wanted = tuple(sorted({a.strip().lower() for a in authors if a.strip()}))
    paths = [Path(p) for p in repos]
    for path in paths:
        open_repo(path)  # a bad path fails before any work starts
    skipped: list[tuple[Path, str]] = []
    for path in found:
        try:
            open_repo(path)
            paths.append(path)
        except GitError as error:  # found inside a folder: a note, not a failure
            skipped.append((path, getattr(error, "reason", error.text)))
    workers = workers or min(len(paths), max(2, os.cpu_count() or 2)) or 1
    with gc_paused(), ThreadPoolExecutor(max_workers=workers) as pool:
        # A lone repository's diffs get every core; many repositories share them.
        per_repo = max(1, (os.cpu_count() or 1) // len(paths)) if paths else 1
        # The month before (for "twice as many as December") walks one month more: only when asked.
        previous_since = month.previous().bounds(zone)[0] if compare else None
        futures = [pool.submit(collect_repo, path, since, until, zone, wanted, per_repo, previous_since)
                   for path in paths]
        if progress:
            for future in as_completed(futures):
                progress(future.result())
        results = [future.result() for future in futures]
    # git's Activity as a month of its own: the other sources, when read, join it in sources.collect.
    return MonthFacts.of(Activity(month, since, until, zone, wanted, results, skipped, compared=compare))

_gc_lock = threading.Lock()

_gc_pauses = 0  # collects under way (the MCP server may run two at once)

_gc_was_on = False

@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off while commits pile up, then back as it was, past what was read.

    Commits hold no cycles, but each full collection would walk every one read so
    far again: half of the Python time of a folder of 120,000 commits. So the
    collector is off while they are read, and then everything is frozen (left out
    of later collections, still freed when no longer used): a command's facts live
    until it ends, and the little cyclic garbage made meanwhile (a few hundred
    objects a repository) with them. A long-lived process calls gc.unfreeze() when
    done with them.
    """
    global _gc_pauses, _gc_was_on
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_on = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.freeze()
                if _gc_was_on:
                    gc.enable()

def nobody_chosen(name: str, authors: tuple[str, ...], others: Counter[str]) -> str:
    """The month's commits in a repository were all by other authors: who, and how to count them."""
    total = sum(others.values())
    top = others.most_common(3)
    who = ", ".join(f"{email} ({count})" for email, count in top)
    more = f" and {len(others) - len(top)} more" if len(others) > len(top) else ""
    return (f"{name}: none of the month's {total} commit{'s' * (total != 1)} is by "
            f"{', '.join(authors)}; the authors there: {who}{more}. To count them, pass "
            f"{setting('authors', top[0][0])}, add it to authors in retro.toml, or pass {setting('all_authors')}.")

def collect_repo(
    path: Path, since: datetime, until: datetime, zone: tzinfo, authors: tuple[str, ...], workers: int = 1,
    previous_since: datetime | None = None,
) -> RepoActivity:
    repo = open_repo(path)
    name = repo_name(path, bare=repo.bare)
    result = RepoActivity(name=name, path=path.resolve())
    if is_shallow(repo):
        result.problems.append(Problem(f"{name} is a shallow clone: its numbers may be partial (git fetch --unshallow "
                                       "fixes it).", WARNING, "git", path))
    try:
        previous: Counter[str] = Counter()
        lines = [0, 0]
        copies: list[int] = []
        others: Counter[str] = Counter()
        result.commits = read_month(repo, since, until, zone, authors, workers,  # no branch: no commits
                                    previous if previous_since else None, previous_since, lines, copies, others)
        if authors and not result.commits and others:
            result.problems.append(Problem(nobody_chosen(name, authors, others), WARNING, "git", path))
        result.copies = sum(copies)
        result.previous_days = dict(sorted(previous.items()))
        result.previous_lines = (lines[0], lines[1])
        result.tags = read_tags(repo, since, until, zone)
    except Exception as error:  # GitCommandError and friends: say which repository and why
        if isinstance(error, GitError):
            raise
        raise GitError(f"{path}: git could not read this repository ({first_line(error)}); "
                       "`git fsck` there shows what is damaged.") from error
    result.summarise()
    return result
