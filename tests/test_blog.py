"""The blog as a product: init, build, posts, ready, serve and publish, with real mkdocs and git."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from conftest import ME, git, make_repo, Row
from retro.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_init_writes_a_blog_that_builds_strictly_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "my-blog", "--title", 'Dev "Notes": 2026', "--site-url", "https://me.github.io/blog")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Next:",
        "  cd my-blog",
        "  retro build                          # the new blog builds",
        "  retro serve                          # preview at http://127.0.0.1:8000/",
        "Then draft a month from any repository of yours: retro draft --repo PATH",
    ]
    blog = tmp_path / "my-blog"
    for name in ("mkdocs.yml", "site/index.md", "site/tags.md", "site/about.md", "retro.toml", ".gitignore",
                 ".github/workflows/publish.yml", "requirements.txt"):
        assert (blog / name).is_file(), name
    assert (blog / "posts").is_dir() and (blog / "notes").is_dir()
    workflow = yaml.safe_load((blog / ".github/workflows/publish.yml").read_text())
    # PyYAML reads the key `on:` as True.
    assert workflow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    # The commands it prints work as printed.
    monkeypatch.chdir(blog)
    built = run("build")
    assert built.exit_code == 0, built.output
    index = (blog / "public" / "index.html").read_text()
    assert 'Dev "Notes": 2026' in index or "Dev &quot;Notes&quot;: 2026" in index
    assert '<link rel="canonical" href="https://me.github.io/blog/"' in index
    repo = make_repo(tmp_path / "code", [Row("2026-01-05T10:00:00+09:00", ME, "feat: a thing", {"a": "1\n"})])
    drafted = run("draft", "--month", "2026-01", "--repo", str(repo), "--author", ME)
    assert drafted.exit_code == 0, drafted.output


def test_init_inside_a_repository_prints_a_draft_command_that_works(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "project", [Row("2026-01-05T10:00:00+09:00", ME, "feat: a thing", {"a": "1\n"})])
    monkeypatch.chdir(repo)
    result = run("init", str(tmp_path / "blog"))
    [line] = [l for l in result.stdout.splitlines() if "retro draft" in l]
    command = line.split("#")[0].split()[1:]
    assert command == ["draft", "--repo", str(repo)]
    monkeypatch.chdir(tmp_path / "blog")
    drafted = run(*command)  # exactly as printed
    assert drafted.exit_code == 0, drafted.output


def test_a_korean_blog_speaks_korean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "회고", "--lang", "ko").exit_code == 0
    blog = tmp_path / "회고"
    assert 'lang = "ko"' in (blog / "retro.toml").read_text()
    monkeypatch.chdir(blog)
    (blog / "posts" / "2026-01.md").write_text(
        "---\ntitle: 1월 회고\ndate: 2026-01-31\ncategories: [회고록]\ntags: [diary]\n---\n\n"
        "LiteLLM 프록시를 직접 띄웠다.\n\n<!-- more -->\n\n## 다음 달 계획\n\n- 블로그 이전\n"
    )
    assert run("build").exit_code == 0
    [page] = (blog / "public").glob("2026/01/31/*/index.html")
    html = page.read_text()
    assert '<html lang="ko"' in html
    assert 'id="다음-달-계획"' in html  # a readable anchor, not "_1"
    assert "2026년 1월 31일" in html  # a Korean date
    assert (blog / "public" / "feed_rss_created.xml").read_text().count("<item>") == 1


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path} is not empty; retro init writes only into a new or empty folder." in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_posts_lists_and_ready_publishes_a_draft(blog: Path) -> None:
    (blog / "posts" / "a.md").write_text("---\ntitle: Old one\ndate: 2025-12-31\ndraft: false\n---\n\none two three\n")
    (blog / "posts" / "b.md").write_text(
        "---\ntitle: New one\ndate: 2026-01-31  # kept\ncategories: [Retrospective]\ndraft: true\n---\n\nfour five\n")
    listed = run("posts").stdout.splitlines()
    assert listed[2].split()[:4] == ["2026-01-31", "draft", "2", "New"]
    assert listed[3].split()[:4] == ["2025-12-31", "published", "3", "Old"]
    before = (blog / "posts" / "b.md").read_text()
    result = run("ready", "posts/b.md")
    assert result.exit_code == 0 and "marked ready" in result.stderr
    assert (blog / "posts" / "b.md").read_text() == before.replace("draft: true", "draft: false")
    assert "already published" in run("ready", "posts/b.md").stderr


def test_build_leaves_drafts_out_unless_asked(blog: Path) -> None:
    (blog / "posts" / "d.md").write_text("---\ntitle: Draft one\ndate: 2026-01-31\ndraft: true\n---\n\nx\n")
    assert run("build").exit_code == 0
    assert not list((blog / "public").glob("2026/01/31/*/index.html"))
    assert run("build", "--drafts").exit_code == 0
    assert list((blog / "public").glob("2026/01/31/*/index.html"))


def test_a_broken_post_stops_the_build_with_its_name(blog: Path) -> None:
    (blog / "posts" / "bad.md").write_text("---\ntitle: Bad\ndate: 2026-01-31 10:00:00 +0900\n---\n\nx\n")
    result = run("build")
    assert result.exit_code == 1
    assert "bad.md" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: the site did not build")


def published_blog(blog: Path, tmp_path: Path, text: str) -> Path:
    """The blog as a git repository with one committed post and a bare remote, origin; returns the remote."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(blog, "init", "-q", "-b", "main")
    git(blog, "config", "user.email", ME)
    git(blog, "config", "user.name", "Me")
    (blog / "posts" / "p.md").write_text(f"---\ntitle: Hello\ndate: 2026-01-31\n---\n\n{text}\n")
    git(blog, "add", "-A")
    git(blog, "commit", "-q", "-m", "A blog")
    git(blog, "remote", "add", "origin", str(remote))
    return remote


def test_publish_pushes_the_site_to_gh_pages_of_a_bare_remote(blog: Path, tmp_path: Path) -> None:
    remote = published_blog(blog, tmp_path, "Hello world.")
    (blog / "posts" / "p.md").write_text("---\ntitle: Hello\ndate: 2026-01-31\n---\n\nHello again.\n")
    result = run("publish")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "published to origin/gh-pages"
    assert "warning: posts/p.md is not committed; it is published as it is on disk." in result.stderr
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert "index.html" in files and ".nojekyll" in files
    assert "Hello again." in git(remote, "show", "gh-pages:2026/01/31/hello/index.html")


def test_publish_without_the_remote_names_the_fix(blog: Path) -> None:
    git(blog, "init", "-q")
    result = run("publish", "--remote", "github")
    assert result.exit_code == 1
    assert "no git remote named 'github'; add one with `git remote add github URL`" in result.stderr


class Served:
    """`retro serve` running for real on a free port (another, should the one picked be taken by then), stopped
    with Ctrl-C (SIGINT) as a person stops it; `code` and `output` tell how it ended."""

    def __init__(self, blog: Path) -> None:
        self.blog, self.code, self.output = blog, None, ""

    def __enter__(self) -> "Served":
        for _ in range(5):
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
            self.process = subprocess.Popen(
                [sys.executable, "-m", "retro", "serve", "--address", f"127.0.0.1:{self.port}"], cwd=self.blog,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            if self.until("/", "<html", limit=60) is not None:
                return self
            self.process.wait(timeout=20)
            self.output = self.process.stdout.read()
            if "is in use" not in self.output:  # not a clash on the port: a real failure
                raise AssertionError(self.output)
        raise AssertionError("no free port in five tries")

    def page(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as answer:
            return answer.read().decode()

    def until(self, path: str, text: str, limit: float = 30) -> str | None:
        """The page once it holds `text`, or None if the server ended or the time ran out first."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                page = self.page(path)
                if text in page:
                    return page
            except OSError:
                pass
            time.sleep(0.2)
        return None

    def __exit__(self, *exc) -> None:
        import signal

        self.process.send_signal(signal.SIGINT)
        try:
            self.code = self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        self.output += self.process.stdout.read()


def test_serve_shows_drafts_and_stops_cleanly(blog: Path) -> None:
    (blog / "posts" / "d.md").write_text("---\ntitle: Served draft\ndate: 2026-01-31\ndraft: true\n---\n\nx\n")
    with Served(blog) as served:
        assert "Served draft" in served.page("/")
    assert served.code == 0, served.output  # Ctrl-C ends it as it should: exit 0, no traceback, no "Aborted!"
    assert "Traceback" not in served.output and "Aborted" not in served.output
    assert "Serving on http://127.0.0.1:" in served.output
