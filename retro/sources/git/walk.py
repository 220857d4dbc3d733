"""The walk: which commits a month holds, in every local branch, however their dates run.

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
import sys
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta, tzinfo
from operator import attrgetter
from typing import Callable, Iterable, Iterator

from retro.sources.facts.commits import Commit
from retro.sources.git.log import (
    KEEP,
    LOG_OPTIONS,
    SKIP,
    SUM,
    Earlier,
    listing,
    parse_log,
    read_commits,
    read_previous,
    stream_lines,
)
from retro.sources.git.repos import branch_tips, git_version

# Past a commit committed before the month, the walk goes on until this many commits in a row were also
# authored before it: a backdated or date-rebased commit on top of the month's work hides nothing.
SKEW_DEPTH = 1000

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
        self.others: dict[bytes | str, str] = {}  # the month's commits by authors not wanted: sha -> email
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
                if kind == KEEP:
                    self.others[sha] = text.strip().lower()
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

def read_month(
    repo, since: datetime, until: datetime, zone: tzinfo, authors: tuple[str, ...], workers: int = 1,
    previous: Counter[str] | None = None, previous_since: datetime | None = None,
    previous_lines: list[int] | None = None, copies: list[int] | None = None,
    others: Counter[str] | None = None,
) -> list[Commit]:
    """The month's commits with their numbers, oldest first (see the module's docstring).

    With `previous`, the month before is counted by day into it, and its lines added and removed
    into `previous_lines`. A change that stands on two branches counts once (see fold_copies); how
    many copies were left out goes into `copies`; the month's commits by authors not wanted, by
    email, into `others`.
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
    if others is not None:
        others.update(window.others.values())
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

def in_order(commits: list[Commit]) -> list[Commit]:
    """Oldest first by author time; commits of the same second by sha, however the walks met them."""
    commits.sort(key=attrgetter("sha"))
    commits.sort(key=attrgetter("date"))
    return commits

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
