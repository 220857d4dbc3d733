"""Fixtures: git repositories built from rows of (author date, email, subject, files), and blogs."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Tests never reach a real model, a real price map, or the machine's git config: git sees one of ours.
_GIT_CONFIG = Path(tempfile.mkdtemp(prefix="retro-tests-")) / "gitconfig"
_GIT_CONFIG.write_text("[user]\n\temail = maintainer@example.com\n\tname = Maintainer\n[init]\n\tdefaultBranch = main\n")
os.environ["GIT_CONFIG_GLOBAL"] = str(_GIT_CONFIG)
os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
os.environ["NO_MKDOCS_2_WARNING"] = "1"
for variable in ("RETRO_MODEL", "RETRO_API_BASE", "RETRO_API_KEY", "RETRO_DEBUG"):
    os.environ.pop(variable, None)

ME = "me@example.com"
OTHER = "other@example.com"


@dataclass
class Row:
    """One commit: when it was authored, by whom, its message, and the files it writes."""

    date: str  # ISO 8601 with offset, e.g. "2026-01-15T10:00:00+09:00"
    email: str
    subject: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    name: str | None = None
    body: str = ""
    committed: str | None = None  # committer date; the author date when None


def git(repo: Path, *args: str, env: dict[str, str] | None = None, input: bytes | None = None) -> str:
    result = subprocess.run(
        ["git", *args], cwd=repo, env={**os.environ, **(env or {})}, input=input,
        capture_output=True, check=True,
    )
    return result.stdout.decode("utf-8", "replace")


def init_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", ME)
    git(path, "config", "user.name", "Me")
    git(path, "config", "commit.gpgsign", "false")
    return path


def commit(repo: Path, row: Row) -> str:
    for name, content in row.files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    git(repo, "add", "-A")
    message = row.subject + (f"\n\n{row.body}" if row.body else "")
    name = row.name or row.email.split("@")[0].title()
    env = {
        "GIT_AUTHOR_DATE": row.date,
        "GIT_COMMITTER_DATE": row.committed or row.date,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": row.email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": row.email,
    }
    git(repo, "commit", "-q", "--allow-empty", "-F", "-", env=env, input=message.encode())
    return git(repo, "rev-parse", "HEAD").strip()


def make_repo(path: Path, rows: list[Row]) -> Path:
    """A repository at `path` holding one commit per row, in order, on main."""
    init_repo(path)
    for row in rows:
        commit(path, row)
    return path


@pytest.fixture
def repo_factory(tmp_path: Path):
    def factory(name: str, rows: list[Row]) -> Path:
        return make_repo(tmp_path / name, rows)

    return factory


def make_blog(path: Path) -> Path:
    """A blog folder with the project's own mkdocs.yml and site/, and an empty posts/."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", path / "mkdocs.yml")
    shutil.copytree(ROOT / "site", path / "site", ignore=shutil.ignore_patterns("posts"))
    (path / "posts").mkdir(exist_ok=True)
    return path


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty blog, the working directory for the test."""
    folder = make_blog(tmp_path / "blog")
    monkeypatch.chdir(folder)
    return folder


JANUARY = [
    Row("2025-12-31T23:59:00+09:00", ME, "feat: last year's work", {"old.py": "print('old')\n"}),
    Row("2026-01-05T10:00:00+09:00", ME, "feat(api): add login endpoint", {"api/login.py": "a\nb\nc\n"}),
    Row("2026-01-05T15:00:00+09:00", ME, "fix: handle empty password", {"api/login.py": "a\nb\nc\nd\n"}),
    Row("2026-01-12T09:30:00+09:00", OTHER, "feat: someone else's feature", {"web/app.js": "x\n"}),
    Row("2026-01-20T21:00:00+09:00", ME, "docs: explain the login flow", {"README.md": "# api\n\nLogin.\n"}),
    Row("2026-01-31T23:59:00+09:00", ME, "Tidy the build script", {"build.sh": "echo hi\n"}),
    Row("2026-02-01T00:00:00+09:00", ME, "feat: next month's work", {"new.py": "x = 1\n"}),
]


@pytest.fixture
def january_repo(tmp_path: Path) -> Path:
    """Commits around January 2026 (Asia/Seoul) by two authors, one outside each month edge."""
    return make_repo(tmp_path / "api", JANUARY)


@pytest.fixture
def refused_port():
    """A loopback port that refuses connections for the whole test: bound and held, never listened on, so no
    other process can take it in the meantime (a port picked, closed and reused could be)."""
    import socket

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


MODEL_KEY = "sk-test-0123456789abcdef"


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch):
    """A stub OpenAI-compatible model on 127.0.0.1, named by RETRO_API_BASE, with a key in RETRO_API_KEY."""
    from retro.writing.model import llm
    from stub_server import StubServer

    server = StubServer().start()
    monkeypatch.setenv("RETRO_API_KEY", MODEL_KEY)
    monkeypatch.setenv("RETRO_API_BASE", server.base_url)
    monkeypatch.setattr(llm, "BACKOFF", 0.01)
    yield server
    server.stop()


def model_draft(repo: Path, *extra: str):
    """`retro draft` of January 2026 (Asia/Seoul) by ME through the stub model."""
    from click.testing import CliRunner

    from retro.cli import cli

    return CliRunner().invoke(cli, [
        "draft", "--month", "2026-01", "--repo", str(repo), "--author", ME, "--tz", "Asia/Seoul",
        "--model", "openai/stub-model", *extra,
    ], catch_exceptions=False)
