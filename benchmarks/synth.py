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


PRIVATE_SITES = [("docs.openwebui.com", "{} | Open WebUI"), ("github.com/open-webui/open-webui/issues", "{} · Issue"),
                 ("docs.litellm.ai/docs", "{} | liteLLM"), ("news.example.com/item", "{} - News"),
                 ("shop.example.com/p", "{} - Shop"), ("mail.google.com/mail/u/0", "Inbox - {}"),
                 ("www.youtube.com/watch", "{} - YouTube"), ("blog.example.org/posts", "{}")]


def make_private(home: Path, months: int = 6, visits: int = 200_000, sessions: int = 1_500, seed: int = 11,
                 year: int = 2025) -> Path:
    """A home folder with a Chrome history of `visits` visits and `sessions` agent session files (two in three
    Claude Code, the rest Codex, about 200 KB each) spread over the last `months` months of `year`; made once."""
    import json
    import os
    import sqlite3

    done = home / ".done"
    if done.exists():
        return home
    rng = random.Random(seed)
    end = datetime(year + 1, 1, 1, tzinfo=SEOUL)
    start = datetime(year, 13 - months, 1, tzinfo=SEOUL)
    span = (end - start).total_seconds()
    history = home / ".config" / "google-chrome" / "Default" / "History"
    history.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(history)
    db.executescript("""
        CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT, url LONGVARCHAR, title LONGVARCHAR,
            visit_count INTEGER DEFAULT 0 NOT NULL, typed_count INTEGER DEFAULT 0 NOT NULL,
            last_visit_time INTEGER NOT NULL, hidden INTEGER DEFAULT 0 NOT NULL);
        CREATE TABLE visits(id INTEGER PRIMARY KEY, url INTEGER NOT NULL, visit_time INTEGER NOT NULL,
            from_visit INTEGER, transition INTEGER DEFAULT 0 NOT NULL, segment_id INTEGER,
            visit_duration INTEGER DEFAULT 0 NOT NULL);
        CREATE INDEX visits_time_index ON visits (visit_time);
    """)
    urls = []
    for number in range(20_000):  # one page in 25 of a site the themes or include patterns take, as in a month
        site, title = PRIVATE_SITES[rng.randrange(3)] if rng.random() < 0.04 else rng.choice(PRIVATE_SITES[3:])
        urls.append((number + 1, f"https://{site}/{number}?ref={rng.randint(0, 99)}", title.format(f"Page {number}")))
    db.executemany("INSERT INTO urls(id, url, title, last_visit_time) VALUES (?, ?, ?, 0)", urls)
    epoch = 11_644_473_600
    db.executemany("INSERT INTO visits(url, visit_time) VALUES (?, ?)",
                   [(rng.randint(1, 20_000), int((start.timestamp() + rng.random() * span + epoch) * 1e6))
                    for _ in range(visits)])
    db.commit()
    db.close()
    answer = "x" * 1300  # an assistant's answer, tool use and all: most of a line's bytes
    for number in range(sessions):
        began = start + timedelta(seconds=rng.random() * (span - 86_400))
        cwd = f"/home/me/code/project-{number % 40}"
        lines, moment = [], began
        codex = number % 3 == 2
        for turn in range(100):
            moment += timedelta(seconds=rng.randint(20, 400))
            stamp = moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
            if codex:
                lines += [{"timestamp": stamp, "type": "response_item", "payload": {
                    "type": "message", "role": role, "content": [{"type": "input_text", "text": text}]}}
                    for role, text in (("user", f"prompt {turn}"), ("assistant", answer))]
            else:
                lines += [{"parentUuid": None, "isSidechain": False, "cwd": cwd, "sessionId": f"s{number}",
                           "type": "user", "uuid": f"u{number}-{turn}", "timestamp": stamp,
                           "message": {"role": "user", "content": f"prompt {turn}"}},
                          {"parentUuid": None, "isSidechain": False, "cwd": cwd, "sessionId": f"s{number}",
                           "type": "assistant", "uuid": f"a{number}-{turn}", "timestamp": stamp,
                           "message": {"role": "assistant", "model": "claude-sonnet-4-5",
                                       "content": [{"type": "text", "text": answer}]}}]
        if codex:
            day = began.date()
            path = (home / ".codex" / "sessions" / f"{day.year}" / f"{day.month:02d}" / f"{day.day:02d}" /
                    f"rollout-{number}.jsonl")
            lines.insert(0, {"timestamp": lines[0]["timestamp"], "type": "session_meta",
                             "payload": {"id": f"c{number}", "cwd": cwd}})
        else:
            path = home / ".claude" / "projects" / f"-home-me-code-project-{number % 40}" / f"s{number}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(line) + "\n" for line in lines))
        os.utime(path, (moment.timestamp(), moment.timestamp()))
    done.write_text("")
    return home
