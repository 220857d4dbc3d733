"""Git repositories -> Activity: the month's facts, no prose.

A retrospective counts commits by *author* date, while git's --since/--until
look at committer dates (the committer date is never earlier than the author
date for an ordinary commit). So a repository is read by streaming walks, never
with a git call per commit, in one of two ways:

- Two steps, when authors are named or a lone repository has cores to spare:
  one `git rev-list` walks the commits committed since the month began and
  picks, exactly, those authored in the month by the chosen authors (three short
  fields a commit, no diffs); as the picked shas stream out, they are handed in
  batches to `git log --no-walk --stdin --numstat` processes, as many at once as
  there are cores to spare.
- One pass, when every author counts and many repositories share the cores:
  nearly every commit walked is wanted, so one `git log --numstat` walks and
  diffs at once, starting below whatever was committed after the month (walked
  first, without diffs, for commits authored in the month and committed later).

Either way git stops a line of history at the first commit committed before the
window; the walk is taken up again from there (see SKEW_DEPTH), so a backdated or
date-rebased commit hides nothing.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import os
import re
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import IO, Callable, Iterable, Iterator

from . import classify
from .classify import TYPES
from .errors import GitError
from .months import Month, zone_label
from .sources.model import CalendarActivity, ForgeActivity


# Header of one commit in the numstat pass, a field a line: the walk's mark ('-' on a boundary commit) and
# sha, author time with its offset (%ad under --date=raw: '1767225600 +0900'), committer time, parents,
# author, subject (git's first paragraph, its lines joined by spaces). No field can hold a newline: a
# commit's author is one line of it, and %s joins the subject's.
LOG_FORMAT = "%x1e%m%H%n%ad%n%ct%n%P%n%aN%n%aE%n%s"
LOG_OPTIONS = ("--numstat", "-z", "--date=raw", f"--format={LOG_FORMAT}")


@dataclass(slots=True)
class FileChange:
    path: str
    insertions: int
    deletions: int
    binary: bool = False


@dataclass(slots=True)
class Commit:
    sha: str
    date: datetime  # author date, in the retrospective's time zone
    author_name: str
    author_email: str
    subject: str
    files: list[FileChange] = field(default_factory=list)
    insertions: int = 0  # sums of files, kept as the files are parsed
    deletions: int = 0
    iso: str = ""  # `date` as ISO 8601, made while git still works rather than when the report is written
    when: str = ""  # the author date as git stores it, to the second with its offset ('1767225600 +0900')

    def __post_init__(self) -> None:
        if not self.iso and self.date is not None:
            self.iso = self.date.isoformat()

    kind: str = ""  # classify()'s answer, kept once asked

    @property
    def type(self) -> str:
        """The kind of change ('feat', 'fix', ...; see classify): prefix, then words, then paths; else 'other'."""
        if not self.kind:
            known = classify.conventional(self.subject)  # most often enough, without the paths
            self.kind = known[0] if known else classify.classify(self.subject, [f.path for f in self.files])
        return self.kind

    @property
    def summary(self) -> str:
        """The subject without its conventional-commit prefix."""
        return classify.summary(self.subject)

    @property
    def scope(self) -> str:
        """A conventional scope or an area prefix of the subject ('api'), else ''."""
        return classify.scope(self.subject)


@dataclass
class Tag:
    name: str
    date: datetime  # author date of the tagged commit


@dataclass
class RepoActivity:
    name: str
    path: Path
    commits: list[Commit] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)  # releases: tags whose commit falls in the month
    warnings: list[str] = field(default_factory=list)
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
    month: Month
    since: datetime
    until: datetime
    zone: tzinfo
    authors: tuple[str, ...]  # lower-case emails; empty means everyone
    repos: list[RepoActivity]
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # found in a folder, unreadable
    compared: bool = True  # whether the month before was counted (previous_* are 0 when it was not)
    # The month beyond commits (sources/): GitHub and GitLab accounts, calendars; empty when not configured.
    forges: list[ForgeActivity] = field(default_factory=list)
    calendar: CalendarActivity | None = None
    # A source that failed, and why: the draft goes on without it.
    source_errors: dict[str, str] = field(default_factory=dict)

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
    def source_warnings(self) -> list[str]:
        return [f"{name}: {why}" for name, why in self.source_errors.items()]

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


def open_repo(path: Path):
    """A GitPython Repo for a working copy or a bare repository, or GitError naming the fix."""
    import git  # heavy: imported only by the commands that read repositories

    if not path.exists():
        raise GitError(f"{path}: no such folder; check the --repo path.")
    if not path.is_dir():
        raise GitError(f"{path}: is a file, not a git repository; pass the repository's folder to --repo.")
    try:
        repo = git.Repo(path)
    except git.InvalidGitRepositoryError:
        raise GitError(f"{path}: not a git repository; pass a repository's folder to --repo (or run `git init` there).") from None
    except git.NoSuchPathError:
        raise GitError(f"{path}: no such folder; check the --repo path.") from None
    except git.GitCommandNotFound:
        raise GitError("git is not installed or not on PATH; install git and try again.") from None
    # Into a pipe git flushes after every commit (one write each) unless told not to: a third of the walk.
    repo.git.update_environment(GIT_FLUSH="0")
    return repo


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
            skipped.append((path, error.message.removeprefix(f"{path}: ")))
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
    return Activity(month, since, until, zone, wanted, results, skipped, compared=compare)


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


def collect_repo(
    path: Path, since: datetime, until: datetime, zone: tzinfo, authors: tuple[str, ...], workers: int = 1,
    previous_since: datetime | None = None,
) -> RepoActivity:
    repo = open_repo(path)
    name = repo_name(path, bare=repo.bare)
    result = RepoActivity(name=name, path=path.resolve())
    if is_shallow(repo):
        result.warnings.append(f"{name} is a shallow clone: its numbers may be partial (git fetch --unshallow fixes it).")
    try:
        previous: Counter[str] = Counter()
        lines = [0, 0]
        copies: list[int] = []
        result.commits = read_month(repo, since, until, zone, authors, workers,  # no branch: no commits
                                    previous if previous_since else None, previous_since, lines, copies)
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


def read_month(
    repo, since: datetime, until: datetime, zone: tzinfo, authors: tuple[str, ...], workers: int = 1,
    previous: Counter[str] | None = None, previous_since: datetime | None = None,
    previous_lines: list[int] | None = None, copies: list[int] | None = None,
) -> list[Commit]:
    """The month's commits with their numbers, oldest first (see the module's docstring).

    With `previous`, the month before is counted by day into it, and its lines added and removed
    into `previous_lines`. A change that stands on two branches counts once (see fold_copies); how
    many copies were left out goes into `copies`.
    """
    window = Window(since, until, zone, authors, previous_since if previous is not None else None)
    tips = branch_tips(repo)
    old_tips = [sha for sha, committed in tips if committed < window.before]
    # With authors named, the walk is cheap next to the diffs of their commits alone (measured: git's own
    # --author filter walks as much, so doing it in one pass saves nothing).
    if workers <= 1 and not window.wanted:
        commits, earlier = read_in_one_pass(repo, window, zone, tips, old_tips)
    else:
        batches: list[Future[list[Commit]]] = []
        # Batches only pay when several numstat processes can run at once; alone, one process does it all.
        size = BATCH if workers > 1 else sys.maxsize
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            picked = select_commits(repo, window, old_tips)
            for shas in batched(picked, size):
                batches.append(pool.submit(lambda chosen: list(read_commits(repo, chosen, zone)), shas))
            before = pool.submit(read_previous, repo, list(window.earlier)) if window.earlier else None
            commits = [commit for batch in batches for commit in batch.result()]
            earlier = before.result() if before is not None else []
    commits, folded = fold_copies(commits, lambda: on_head(repo, window.before))
    if copies is not None:
        copies.append(folded)
    if previous is not None:
        window.count_previous(earlier, previous, previous_lines)
    return in_order(commits)


def read_in_one_pass(repo, window: Window, zone: tzinfo, tips: list[tuple[str, int]],
                     old_tips: list[str]) -> tuple[list[Commit], list[Earlier]]:
    """The month read by one `git log` that walks and diffs at once, for when every author is wanted.

    A walk that picks and then a numstat pass over what it picked reads every commit
    twice; when all authors count, nearly every commit walked is wanted, so one
    process does both. Only what was committed after the month is walked first
    (without diffs), so that the diffing walk starts where the month ends.
    Returns the month's commits and the month before's (see Earlier).
    """
    late, starts, restart = after_the_month(repo, window, tips)
    earlier: list[Earlier] = []  # the month before's commits this pass reads

    def pick(fields: list[str]) -> int:
        mark, sha = fields[0][:1], fields[0][1:]
        if mark == "-":
            if int(fields[2]) < window.before:  # see select_commits
                restart.append(sha)
            return SKIP
        if " " in fields[3]:  # a merge: not the month's work, and git gives it no numstat
            return SKIP
        return window.take(sha, int(fields[1].partition(" ")[0]), fields[5])

    commits: list[Commit] = []
    if starts:
        with listing(starts) as stdin:
            process = repo.git.log(
                "--stdin", f"--since={window.before}", "--boundary", *LOG_OPTIONS, as_process=True, istream=stdin,
            )
            commits = list(parse_log(process.proc.stdout, zone, pick, earlier))
            process.wait()
    more = late + list(past_the_boundary(repo, restart + old_tips, window))
    if more:
        commits += read_commits(repo, more, zone)
    if window.counting:
        read = {record.sha for record in earlier}
        unread = [sha for sha in window.earlier if sha not in read]
        earlier += read_previous(repo, unread) if unread else []
    return commits, earlier


def after_the_month(repo, window: Window, tips: list[tuple[str, int]]) -> tuple[list[str], list[str], list[str]]:
    """(The month's commits committed after it, where a walk of the window starts, where a walk past it starts).

    Walks, without diffs, what was committed after the month. The window's walk
    starts at the first commits met committed inside the window, and at the
    branch tips committed there; a first commit committed before the window
    (nothing on that line in it) is where a walk past it starts.
    """
    starts = [sha for sha, committed in tips if window.before <= committed < window.end]
    if all(committed < window.end for _, committed in tips):
        return [], starts, []
    boundary: list[tuple[str, int]] = []
    late = list(walk(repo, ["--branches", f"--since={window.end}"], window, boundary))
    for sha, committed in boundary:
        if window.before <= committed < window.end:
            starts.append(sha)
    older = [sha for sha, committed in boundary if committed < window.before]
    return late, list(dict.fromkeys(starts)), older


WALK_FORMAT = "%m%H %at %ct %P%x1f%aE"
WALK_FORMAT_OLD = "%m %at %ct %P%x1f%aE"  # before git 2.33 the sha comes on a "commit" line of its own


def walk(repo, arguments: list[str], window: Window, boundary: list[tuple[str, int]]) -> Iterator[str]:
    """Shas of the commits `git rev-list --boundary` meets that the window keeps.

    Where the walk stopped goes into `boundary` as (sha, committer time). Merges
    are walked and shown (only then is every commit where the walk stopped a
    boundary, even one under a merge), but never kept.
    """
    # One line a commit where git allows it (2.33+), else a "commit <sha>" line before each.
    headerless = git_version(repo) >= (2, 33)
    process = repo.git.rev_list(
        *arguments, "--boundary",
        *(["--no-commit-header", f"--format={WALK_FORMAT}"] if headerless else [f"--format={WALK_FORMAT_OLD}"]),
        as_process=True,
    )
    sha = b""
    take = window.take
    for line in stream_lines(process.proc.stdout):
        if headerless:
            mark = line[:1]
            sha, stamp, committed, rest = line[1:].split(b" ", 3)
        elif line.startswith(b"commit "):
            sha = line[7:].strip().lstrip(b"-")
            continue
        else:
            mark = line[:1]
            stamp, committed, rest = line[2:].split(b" ", 2)
        if mark == b"-":
            boundary.append((sha.decode(), int(committed)))
            continue
        parents, _, email = rest.partition(b"\x1f")
        if b" " not in parents and take(sha, int(stamp), email) == KEEP:
            yield sha.decode()
    process.wait()


def in_order(commits: list[Commit]) -> list[Commit]:
    """Oldest first by author time; commits of the same second by sha, however the walks met them."""
    commits.sort(key=attrgetter("sha"))
    commits.sort(key=attrgetter("date"))
    return commits


def fold_copies(commits: list[Commit], on_head: Callable[[], set[str]]) -> tuple[list[Commit], int]:
    """The commits with each change counted once, and how many copies were left out.

    A branch rebased or cherry-picked onto another and then kept holds a second
    commit for the same change. Commits with the same author email (after
    .mailmap, any case), the same author date (to the second, with its offset),
    the same subject and the same numstat (paths and counts) are one change; the
    one kept is the one on the checked-out branch when there is one (asked of
    git only when copies were found), else the first by sha. Two different
    changes that share a subject differ in their date or their numbers: both stay.
    """
    groups: dict[tuple[str, str], list[Commit]] = {}
    for commit in commits:
        groups.setdefault((commit.when, commit.subject), []).append(commit)
    if len(groups) == len(commits):
        return commits, 0
    head: set[str] | None = None
    kept: list[Commit] = []
    folded = 0
    for group in groups.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        changes: dict[tuple, list[Commit]] = {}
        for commit in group:
            numstat = tuple((f.path, f.insertions, f.deletions, f.binary) for f in commit.files)
            changes.setdefault((commit.author_email.strip().lower(), numstat), []).append(commit)
        for copies in changes.values():
            if len(copies) > 1:
                head = on_head() if head is None else head
                copies.sort(key=lambda c: (c.sha not in head, c.sha))
                folded += len(copies) - 1
            kept.append(copies[0])
    return kept, folded


def on_head(repo, since: int) -> set[str]:
    """Shas on the checked-out branch committed since `since` (none when HEAD names no commit)."""
    try:
        return set(repo.git.rev_list("HEAD", f"--since={since}").split())
    except Exception:  # an unborn or broken HEAD: no branch to prefer
        return set()


@dataclass(slots=True, frozen=True)
class Earlier:
    """A commit of the month before: enough to count it once, by day, with its lines."""

    sha: str
    stamp: int  # author time
    insertions: int
    deletions: int
    change: tuple[str, str, str, bytes]  # (author date with offset, subject, email, numstat): see fold_copies


def earlier_commit(fields: list[str], stats: bytes) -> Earlier:
    """An Earlier from a LOG_FORMAT header's fields and its raw numstat entries."""
    added = removed = 0
    for plus, minus, _renamed, _path in NUMSTAT.findall(stats):
        if plus != b"-":
            added += int(plus)
            removed += int(minus)
    marked, when, _committed, _parents, _name, email, subject = fields
    return Earlier(marked[1:] if marked[:1] in "<>-" else marked, int(when.partition(" ")[0]), added, removed,
                   (when, subject.strip(), email.strip().lower(), stats))


def read_previous(repo, shas: list[str]) -> list[Earlier]:
    """The month before's commits, read with their numstat (the same diffs git's --shortstat would make)."""
    if not shas:
        return []
    found: list[Earlier] = []
    with listing(shas) as stdin:
        process = repo.git.log("--no-walk=unsorted", "--stdin", *LOG_OPTIONS, as_process=True, istream=stdin)
        for head, stats in commit_records(process.proc.stdout):
            fields = head.decode("utf-8", "replace").split("\n", 6)
            if len(fields) == 7:
                found.append(earlier_commit(fields, stats))
        process.wait()
    return found


BATCH = 1000  # shas a numstat process is handed: big enough to amortise its start, small enough to share out


def batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def read_tags(repo, since: datetime, until: datetime, zone: tzinfo) -> list[Tag]:
    """Tags (annotated or not) whose commit was authored in the month, oldest first."""
    start, end = since.timestamp(), until.timestamp()
    out = repo.git.for_each_ref(
        "refs/tags", "--format=%(refname:short)%00%(authordate:unix)%00%(*authordate:unix)"
    )
    tags = []
    for line in out.splitlines():
        name, _, dates = line.partition("\0")
        direct, _, peeled = dates.partition("\0")
        stamp = peeled or direct  # an annotated tag's own object has no author date
        if stamp.isdigit() and start <= int(stamp) < end:
            tags.append(Tag(name, datetime.fromtimestamp(int(stamp), zone)))
    return sorted(tags, key=lambda t: (t.date, t.name))


SKIPPED_FOLDERS = {"node_modules", ".venv", "venv", "env", ".tox", ".nox", "vendor", "third_party",
                   "site-packages", "__pycache__", ".cache", "target", "dist", "build"}


def is_repository(path: Path) -> bool:
    return (path / ".git").exists() or (
        (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir()
    )


DEPTH = 3  # how far below a named folder repositories are looked for


def discover(folder: Path, depth: int = DEPTH) -> list[Path]:
    """Repositories at or below `folder`, at most `depth` levels down, skipping vendored trees."""
    if is_repository(folder):
        return [folder]
    found: list[Path] = []
    if depth <= 0:
        return found
    try:
        children = sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    except OSError:
        return found
    for child in children:
        if child.name in SKIPPED_FOLDERS or child.name.startswith("."):
            continue
        found += discover(child, depth - 1)
    return found


def repo_name(path: Path, bare: bool = False) -> str:
    name = path.resolve().name
    if bare and name.endswith(".git") and len(name) > 4:
        name = name[:-4]
    return name


def is_shallow(repo) -> bool:
    return Path(repo.git_dir, "shallow").exists()


# Past a commit committed before the month, the walk goes on until this many commits in a row were also
# authored before it: a backdated or date-rebased commit on top of the month's work hides nothing.
SKEW_DEPTH = 1000

# What the walk does with a commit it meets (Window.take, parse_log's `pick`).
SKIP, KEEP, SUM = 0, 1, 2  # not wanted; the month's; the month before's (counted, its lines summed)


class Window:
    """The month's bounds and authors: which commits a walk keeps, and the month before counted by day.

    --since prunes the walk by committer date; the author date is then checked
    exactly. Authors are matched on %aE, the email after .mailmap, in any case.
    A commit met twice (two walks) is taken once.
    """

    def __init__(self, since: datetime, until: datetime, zone: tzinfo, authors: tuple[str, ...],
                 previous_since: datetime | None = None) -> None:
        self.start, self.end = int(since.timestamp()), int(until.timestamp())
        self.counting = previous_since is not None  # whether the month before is counted
        self.before = int(previous_since.timestamp()) if previous_since is not None else self.start
        self.wanted = {email.strip().lower() for email in authors}
        self.chosen: set[str] = set()
        self.earlier: dict[str, None] = {}  # the month before's commits, in the order met
        # The month before's local midnights, so a commit's day is a bisection, not a time-zone conversion.
        self.day_starts: list[int] = []
        self.day_names: list[str] = []
        if previous_since is not None:
            day = previous_since.astimezone(zone).date()
            while (midnight := int(datetime.combine(day, datetime.min.time(), zone).timestamp())) < self.start:
                self.day_starts.append(midnight)
                self.day_names.append(day.isoformat())
                day += timedelta(days=1)

    def take(self, sha: str | bytes, stamp: int, email: str | bytes) -> int:
        """KEEP a commit of the month, SUM one of the month before (noted in `earlier`), else SKIP."""
        if self.start <= stamp < self.end:
            kind = KEEP
        elif self.counting and self.before <= stamp < self.start:
            kind = SUM
        else:
            return SKIP  # most commits a walk of later months meets: decided on a number alone
        if self.wanted:
            text = email.decode("utf-8", "replace") if isinstance(email, bytes) else email
            if text.strip().lower() not in self.wanted:
                return SKIP
        name = sha.decode() if isinstance(sha, bytes) else sha
        if kind == KEEP:
            if name in self.chosen:
                return SKIP
            self.chosen.add(name)
            return KEEP
        if name in self.earlier:
            return SKIP
        self.earlier[name] = None
        return SUM

    def count_previous(self, earlier: list[Earlier], days: Counter[str], lines: list[int] | None) -> None:
        """The month before by local day into `days`, its lines into `lines`: each change once."""
        seen: set[tuple[str, str, str, bytes]] = set()
        added = removed = 0
        for commit in earlier:
            if commit.change in seen:
                continue
            seen.add(commit.change)
            days[self.day_names[bisect.bisect_right(self.day_starts, commit.stamp) - 1]] += 1
            added += commit.insertions
            removed += commit.deletions
        if lines is not None:
            lines[:] = [added, removed]


def branch_tips(repo) -> list[tuple[str, int]]:
    """Every local branch's tip commit and its committer time (through a tag, should a branch point at one)."""
    tips = []
    out = repo.git.for_each_ref(
        "refs/heads", "--format=%(objectname) %(committerdate:unix) %(*objectname) %(*committerdate:unix)")
    for line in out.splitlines():
        sha, committed, peeled, peeled_committed = (line.split(" ") + ["", "", ""])[:4]
        if peeled and peeled_committed.isdigit():
            sha, committed = peeled, peeled_committed
        if committed.isdigit():
            tips.append((sha, int(committed)))
    return tips


def select_commits(repo, window: Window, old_tips: Iterable[str] = ()) -> Iterator[str]:
    """Shas of non-merge commits on any local branch that the window keeps, as the walk finds them.

    git stops at the first commit committed before --since on each line of
    history, so where the walk stopped (its boundary, and `old_tips`: branch
    tips committed before the month) it is taken up again until SKEW_DEPTH
    commits in a row precede the month.
    """
    boundary: list[tuple[str, int]] = []
    yield from walk(repo, ["--branches", f"--since={window.before}"], window, boundary)
    # Where --since stopped a line of history; a boundary inside the window (a parent of
    # a commit the walk shows, met again later) was walked through already.
    restart = [sha for sha, committed in boundary if committed < window.before]
    yield from past_the_boundary(repo, restart + list(old_tips), window)


def past_the_boundary(repo, starts: list[str], window: Window) -> Iterator[str]:
    """Walk on from where --since stopped, until SKEW_DEPTH commits in a row were authored before the window."""
    if not starts:
        return
    # In a fixed order: git breaks ties between equal committer times by the order it was given.
    with listing(sorted(set(starts))) as stdin:
        headerless = git_version(repo) >= (2, 33)
        process = repo.git.rev_list(
            "--no-merges", "--stdin", *(["--no-commit-header"] if headerless else []), "--format=%H %at %aE",
            as_process=True, istream=stdin,
        )
        older = 0
        try:
            for line in stream_lines(process.proc.stdout):
                if not headerless and line.startswith(b"commit "):
                    continue
                sha, _, rest = line.partition(b" ")
                stamp, _, email = rest.partition(b" ")
                if int(stamp) < window.before:
                    older += 1
                    if older >= SKEW_DEPTH:
                        break
                    continue
                older = 0
                if window.take(sha, int(stamp), email) == KEEP:
                    yield sha.decode()
            else:
                process.wait()  # walked to the end: a failed walk is an error, never a short one
        finally:
            if process.proc.poll() is None:
                process.proc.kill()
            process.proc.wait()


@contextlib.contextmanager
def listing(shas: Iterable[str]) -> Iterator[IO[bytes]]:
    """A temporary file of shas, one a line, to hand git on standard input (no pipe to keep fed)."""
    with tempfile.TemporaryFile() as file:
        file.write(("\n".join(shas) + "\n").encode())
        file.seek(0)
        yield file


def read_commits(repo, shas: list[str], zone: tzinfo) -> Iterator[Commit]:
    """`git log --numstat` over just these commits."""
    with listing(shas) as stdin:
        process = repo.git.log("--no-walk=unsorted", "--stdin", *LOG_OPTIONS, as_process=True, istream=stdin)
        yield from parse_log(process.proc.stdout, zone)
        process.wait()


# Numstat entries of one commit: 'added\tdeleted\tpath\0', or for a rename 'added\tdeleted\t\0old\0new\0';
# a binary file shows '-' for both counts.
# One numstat entry of `git log -z`: 'added\tdeleted\tpath\0', or for a rename 'added\tdeleted\t\0old\0new\0';
# a binary file shows '-' for both counts. Groups: added, deleted, a rename's new path, a path.
NUMSTAT = re.compile(rb"(\d+|-)\t(\d+|-)\t(?:\0[^\0]*\0([^\0]*)|([^\0]+))\0")
# One commit: its header (LOG_FORMAT, up to the NUL -z puts after it), then its numstat entries, read in
# order. A path may hold any byte but NUL, even the record mark, so entries are matched one after another
# (a rename takes its two paths whatever they hold) rather than the output split at the mark.
RECORD = re.compile(rb"\x1e([^\0]*)\0\n?((?:(?:\d+|-)\t(?:\d+|-)\t(?:\0[^\0]*\0[^\0]*|[^\0]+)\0)*)")


def parse_log(stream: IO[bytes], zone: tzinfo, pick: Callable[[list[str]], int] | None = None,
              earlier: list[Earlier] | None = None) -> Iterator[Commit]:
    """Parse `git log -z --numstat --format=LOG_FORMAT` output.

    Each commit is its header, then its numstat entries (see RECORD), matched by
    one regular expression a commit. The loop is written out in full: it runs
    once for every commit of the month.

    `pick` sees each header's fields first: KEEP yields the commit, SUM adds it to
    `earlier` (the month before), SKIP passes it by. Without `pick`, every commit is kept.
    """
    from_timestamp = datetime.fromtimestamp
    for head, stats in commit_records(stream):
        # [mark + sha, author time, committer time, parents, name, email, subject]
        fields = head.decode("utf-8", "replace").split("\n", 6)
        if len(fields) < 7:
            continue
        if pick is not None and (choice := pick(fields)) != KEEP:
            if choice == SUM and earlier is not None:
                earlier.append(earlier_commit(fields, stats))
            continue
        marked, when, _committed, _parents, name, email, subject = fields
        files: list[FileChange] = []
        insertions = deletions = 0
        for added, deleted, renamed, path in NUMSTAT.findall(stats):
            if added == b"-":
                files.append(FileChange((path or renamed).decode("utf-8", "replace"), 0, 0, True))
            else:
                plus, minus = int(added), int(deleted)
                insertions += plus
                deletions += minus
                files.append(FileChange((path or renamed).decode("utf-8", "replace"), plus, minus))
        yield Commit(marked[1:] if marked[:1] in "<>-" else marked, from_timestamp(int(when.partition(" ")[0]), zone),
                     name, email, subject.strip(), files, insertions, deletions, when=when)


def commit_records(stream: IO[bytes], size: int = 1 << 16) -> Iterator[tuple[bytes, bytes]]:
    """(header, numstat entries) of each commit, as the output arrives, without reading it whole."""
    buffer = b""
    done = False
    while not done:
        chunk = stream.read(size)
        buffer += chunk
        done = not chunk
        end, length = 0, len(buffer)
        for found in RECORD.finditer(buffer):
            if found.start() != end:
                break
            # A record that reaches the end of what has arrived, or is not followed by the next, may go on.
            following = found.end()
            if not done and (following == length or buffer[following] != 0x1E):
                break
            yield found.group(1, 2)
            end = following
        if end == 0 and not done:
            size = min(size * 2, 1 << 24)  # one commit longer than a read: read more at a time
        buffer = buffer[end:]


def extension(path: str) -> str:
    """'src/app.PY' -> 'py'; '' for 'Makefile' or '.gitignore'."""
    stem, dot, ext = path.rpartition("/")[2].rpartition(".")
    return ext.lower() if dot and stem.strip(".") else ""


_VERSIONS: dict[str, tuple[int, ...]] = {}


def git_version(repo) -> tuple[int, ...]:
    """git's version, asked once per process (GitPython asks once per repository)."""
    program = str(repo.git.GIT_PYTHON_GIT_EXECUTABLE)
    if program not in _VERSIONS:
        _VERSIONS[program] = tuple(repo.git.version_info)
    return _VERSIONS[program]


def stream_tokens(stream: IO[bytes], separator: bytes = b"\0", size: int = 1 << 16) -> Iterator[bytes]:
    """Split a byte stream on `separator` as it arrives, without reading it whole."""
    buffer = b""
    while chunk := stream.read(size):
        buffer += chunk
        *tokens, buffer = buffer.split(separator)
        yield from tokens
    if buffer:
        yield buffer


def stream_lines(stream: IO[bytes]) -> Iterator[bytes]:
    return stream_tokens(stream, b"\n")


def first_line(error: BaseException) -> str:
    text = str(getattr(error, "stderr", "") or error).strip()
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    wanted = [l for l in lines if l.lower().startswith(("fatal", "error"))] or lines
    return wanted[0].removeprefix("stderr: ").strip("'") if wanted else type(error).__name__


def find_repo_root(path: Path) -> Path | None:
    """The top of the working copy (or bare repository) that holds `path`, if any."""
    return next((c for c in (path, *path.parents) if is_repository(c)), None)


def git_config_email(root: Path | None) -> str | None:
    """user.email as git sees it from `root` (repository config first, then global)."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "config", "user.email"], cwd=root or os.getcwd(), capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None
