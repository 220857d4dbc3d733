"""Synthetic inputs for the benchmarks: big git histories made with git fast-import."""

from __future__ import annotations

import random
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

ME = "me@example.com"
AUTHORS = [("Me", ME), ("Kim", "kim@example.com"), ("Lee", "lee@example.com")]
SEOUL = timezone(timedelta(hours=9))
KINDS = ["feat", "fix", "docs", "refactor", "test", "chore", "perf"]


def fast_import_stream(commits: int, year: int, seed: int = 1) -> bytes:
    """A fast-import stream of `commits` commits spread evenly over `year`, on main.

    Each commit rewrites one to three small files among a few thousand in fifty
    folders, so `git log --numstat` has real diffs to compute.
    """
    rng = random.Random(seed)
    start = datetime(year, 1, 1, tzinfo=SEOUL)
    step = (datetime(year + 1, 1, 1, tzinfo=SEOUL) - start) / commits
    folders = [f"pkg{i:02d}" for i in range(50)]
    files = [f"{rng.choice(folders)}/mod{i:04d}.{rng.choice(['py', 'ts', 'md', 'go'])}" for i in range(3000)]
    contents: dict[str, list[str]] = {}
    out: list[bytes] = []
    for number in range(1, commits + 1):
        name, email = AUTHORS[0] if rng.random() < 0.6 else rng.choice(AUTHORS[1:])
        stamp = int((start + step * number).timestamp())
        subject = f"{rng.choice(KINDS)}: change {number}"
        out.append(b"commit refs/heads/main\n")
        person = f"{name} <{email}> {stamp} +0900\n".encode()
        out += [b"author " + person, b"committer " + person]
        message = subject.encode() + b"\n"
        out.append(b"data %d\n%s" % (len(message), message))
        for path in rng.sample(files, rng.randint(1, 3)):
            lines = contents.setdefault(path, [f"line {i}" for i in range(rng.randint(5, 30))])
            for _ in range(rng.randint(1, 4)):
                if rng.random() < 0.7 or len(lines) < 3:
                    lines.insert(rng.randrange(len(lines) + 1), f"added {number} {rng.random():.6f}")
                else:
                    del lines[rng.randrange(len(lines))]
            if len(lines) > 60:
                del lines[:20]
            data = ("\n".join(lines) + "\n").encode()
            out.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        out.append(b"\n")
    return b"".join(out)


def make_big_repo(path: Path, commits: int = 100_000, year: int = 2025, seed: int = 1) -> Path:
    """A repository of `commits` commits over `year`, reused when it already exists."""
    if (path / ".git" / "retro-benchmark-done").exists():
        return path
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=fast_import_stream(commits, year, seed), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=path, check=True)
    (path / ".git" / "retro-benchmark-done").write_text("")
    return path
