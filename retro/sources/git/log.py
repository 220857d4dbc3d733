"""git's output, read as it arrives: `git log -z --numstat` records, rev-list lines, and lists of shas."""

from __future__ import annotations

import contextlib
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import IO, Callable, Iterable, Iterator

from retro.sources.facts.commits import Commit, FileChange

# What the walk does with a commit it meets (walk.Window.take, parse_log's `pick`).
SKIP, KEEP, SUM = 0, 1, 2  # not wanted; the month's; the month before's (counted, its lines summed)


# Header of one commit in the numstat pass, a field a line: the walk's mark ('-' on a boundary commit) and
# sha, author time with its offset (%ad under --date=raw: '1767225600 +0900'), committer time, parents,
# author, subject (git's first paragraph, its lines joined by spaces). No field can hold a newline: a
# commit's author is one line of it, and %s joins the subject's.
LOG_FORMAT = "%x1e%m%H%n%ad%n%ct%n%P%n%aN%n%aE%n%s"

LOG_OPTIONS = ("--numstat", "-z", "--date=raw", f"--format={LOG_FORMAT}")

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

def read_commits(repo, shas: list[str], zone: tzinfo) -> Iterator[Commit]:
    """`git log --numstat` over just these commits."""
    with listing(shas) as stdin:
        process = repo.git.log("--no-walk=unsorted", "--stdin", *LOG_OPTIONS, as_process=True, istream=stdin)
        yield from parse_log(process.proc.stdout, zone)
        process.wait()

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

@contextlib.contextmanager
def listing(shas: Iterable[str]) -> Iterator[IO[bytes]]:
    """A temporary file of shas, one a line, to hand git on standard input (no pipe to keep fed)."""
    with tempfile.TemporaryFile() as file:
        file.write(("\n".join(shas) + "\n").encode())
        file.seek(0)
        yield file

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
