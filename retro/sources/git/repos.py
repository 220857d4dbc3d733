"""Finding and opening repositories: a named folder, the ones below it, the one that holds the blog."""

from __future__ import annotations

import os
from datetime import datetime, tzinfo
from pathlib import Path

from retro.errors import GitError, setting
from retro.sources.facts.commits import Tag


def unreadable(path: Path, why: str) -> GitError:
    """'PATH: why', with the why kept apart for a folder's note (a repository found there, not named)."""
    error = GitError(f"{path}: {why}")  # a face names the setting (--repo, repos=...)
    error.reason = why
    return error


def open_repo(path: Path):
    """A GitPython Repo for a working copy or a bare repository, or GitError naming the fix."""
    import git  # heavy: imported only by the commands that read repositories

    if not path.exists():
        raise unreadable(path, f"no such folder; check the {setting('repos')} path.")
    if not path.is_dir():
        raise unreadable(path, f"is a file, not a git repository; pass the repository's folder to {setting('repos')}.")
    try:
        repo = git.Repo(path)
    except git.InvalidGitRepositoryError:
        raise unreadable(path, f"not a git repository; pass a repository's folder to {setting('repos')} (or run "
                               "`git init` there).") from None
    except git.NoSuchPathError:
        raise unreadable(path, f"no such folder; check the {setting('repos')} path.") from None
    except git.GitCommandNotFound:
        raise GitError("git is not installed or not on PATH; install git and try again.") from None
    # Into a pipe git flushes after every commit (one write each) unless told not to: a third of the walk.
    repo.git.update_environment(GIT_FLUSH="0")
    return repo

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

def find_repo_root(path: Path) -> Path | None:
    """The top of the working copy (or bare repository) that holds `path`, if any."""
    return next((c for c in (path, *path.parents) if is_repository(c)), None)

def git_config_email(root: Path | None, scope: str = "") -> str | None:
    """user.email as git sees it from `root` (repository config first, then global), or in one `scope`."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "config", *([scope] if scope else []), "user.email"], cwd=root or os.getcwd(), capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None

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

_VERSIONS: dict[str, tuple[int, ...]] = {}

def git_version(repo) -> tuple[int, ...]:
    """git's version, asked once per process (GitPython asks once per repository)."""
    program = str(repo.git.GIT_PYTHON_GIT_EXECUTABLE)
    if program not in _VERSIONS:
        _VERSIONS[program] = tuple(repo.git.version_info)
    return _VERSIONS[program]

def first_line(error: BaseException) -> str:
    text = str(getattr(error, "stderr", "") or error).strip()
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    wanted = [l for l in lines if l.lower().startswith(("fatal", "error"))] or lines
    return wanted[0].removeprefix("stderr: ").strip("'") if wanted else type(error).__name__
