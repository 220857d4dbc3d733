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


def fast_import_stream(commits: int, year: int, seed: int = 1, months: int = 12, mine: float = 0.6) -> bytes:
    """A fast-import stream of `commits` commits spread evenly over the first `months` of `year`, on main.

    Each commit rewrites one to three small files among a few thousand in fifty
    folders, so `git log --numstat` has real diffs to compute. A share `mine` of
    them is by ME.
    """
    rng = random.Random(seed)
    start = datetime(year, 1, 1, tzinfo=SEOUL)
    end = datetime(year + months // 12, months % 12 + 1, 1, tzinfo=SEOUL)
    step = (end - start) / commits
    folders = [f"pkg{i:02d}" for i in range(50)]
    files = [f"{rng.choice(folders)}/mod{i:04d}.{rng.choice(['py', 'ts', 'md', 'go'])}" for i in range(3000)]
    contents: dict[str, list[str]] = {}
    out: list[bytes] = []
    for number in range(1, commits + 1):
        name, email = AUTHORS[0] if rng.random() < mine else rng.choice(AUTHORS[1:])
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


def make_big_repo(path: Path, commits: int = 100_000, year: int = 2025, seed: int = 1, months: int = 12,
                  mine: float = 0.6) -> Path:
    """A repository of `commits` commits over the first `months` of `year`, reused when it already exists."""
    if (path / ".git" / "retro-benchmark-done").exists():
        return path
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    stream = fast_import_stream(commits, year, seed, months, mine)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=stream, check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=path, check=True)
    (path / ".git" / "retro-benchmark-done").write_text("")
    return path


def make_posts(folder: Path, count: int, seed: int = 7) -> None:
    """`count` published posts with front matter as retro writes it, a few paragraphs and lists each."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        day = datetime(2020, 1, 1) + timedelta(days=number * 3)
        words = " ".join(rng.choice(["git", "model", "notes", "blog", "retro", "회고", "배움", "release"])
                         for _ in range(60))
        items = "\n".join(f"- item {i} of post {number}: {words[:40]}" for i in range(8))
        (folder / f"{day:%Y-%m-%d}-post-{number}.md").write_text(
            f"---\ntitle: Post {number}\ndate: {day:%Y-%m-%d}\ncategories: [Retrospective]\n"
            f"tags: [diary]\ndescription: Post number {number}.\ndraft: false\n---\n\n{words}\n\n"
            f"<!-- more -->\n\n## Work\n\n{items}\n\n## Notes\n\n{words}\n",
            encoding="utf-8",
        )
