"""The blog, built by real mkdocs: posts/ reaches the blog plugin, drafts stay out, serve watches posts/."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import frontmatter
from click.testing import CliRunner

from conftest import ME, ROOT, make_blog
from retro.cli import cli


def mkdocs_build(blog: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=blog, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def html_text(path: Path) -> str:
    return re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))


def test_this_repository_is_a_blog_that_builds_strictly(tmp_path: Path) -> None:
    blog = make_blog(tmp_path / "blog")
    shutil.copytree(ROOT / "posts", blog / "posts", dirs_exist_ok=True)
    result = mkdocs_build(blog)
    assert result.returncode == 0, result.stderr
    post = blog / "public" / "2026" / "11" / "24" / "welcome-to-retro" / "index.html"
    assert "Welcome to retro" in post.read_text()
    index = (blog / "public" / "index.html").read_text()
    assert "Welcome to retro" in index and "this blog is where" in index  # the excerpt
    assert "retro draft --month" not in index  # ...and only the excerpt
    assert (blog / "public" / "category" / "news" / "index.html").exists()
    assert "retro" in (blog / "public" / "tags" / "index.html").read_text()


def test_a_drafted_post_builds_once_its_draft_flag_is_flipped(blog: Path, january_repo: Path) -> None:
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME,
                                      "--tz", "Asia/Seoul", "--lang", "ko"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    path = blog / "posts" / "2026-01-retrospective.md"

    built = mkdocs_build(blog)
    assert built.returncode == 0, built.stderr
    assert not list((blog / "public").glob("2026/01/**/index.html"))  # a draft stays out

    with_drafts = mkdocs_build(blog, RETRO_DRAFTS="true")
    assert with_drafts.returncode == 0, with_drafts.stderr
    assert list((blog / "public").glob("2026/01/31/*/index.html"))

    post = frontmatter.load(path)
    post["draft"] = False
    path.write_text(frontmatter.dumps(post, sort_keys=False, allow_unicode=True) + "\n", encoding="utf-8")
    published = mkdocs_build(blog)
    assert published.returncode == 0, published.stderr
    [page] = list((blog / "public").glob("2026/01/31/*/index.html"))
    text = html_text(page)
    assert "2026-01 개발 회고" in text
    assert "2026년 1월에는 저장소 1곳(api)에서 커밋 4개를 남겼다." in text
    assert "login endpoint" in text
    assert (blog / "public" / "category" / "회고록" / "index.html").exists()
    html = page.read_text()
    assert 'alt="2026년 1월 날짜별 커밋: 3일 동안 커밋 4개, 가장 많은 날 2026-01-05 (2개); 저장소별: api 4"' in html
    [src] = re.findall(r'<img[^>]+src="([^"]+activity\.svg)"', html)
    assert (page.parent / src).resolve() == (blog / "public" / "assets" / "2026-01-activity.svg").resolve()
    assert (blog / "public" / "assets" / "2026-01-activity.svg").read_text().startswith("<svg")
    assert "2026-01 개발 회고" in (blog / "public" / "index.html").read_text()


def test_serve_reloads_when_a_post_changes(blog: Path) -> None:
    """The real `retro serve` on a free port: edit a post in posts/, and the served page changes."""
    from test_blog import Served

    post = blog / "posts" / "live.md"
    post.write_text("---\ntitle: Live\ndate: 2026-01-31\ndraft: true\n---\n\nThe first words.\n")
    with Served(blog) as served:
        [link] = re.findall(r'href="([^"]*live/)"', served.page("/"))
        assert "The first words." in served.page("/" + link.lstrip("./"))
        post.write_text(post.read_text().replace("The first words.", "Words written while serving."))
        assert served.until("/" + link.lstrip("./"), "Words written while serving.")
    assert served.code == 0 and "Traceback" not in served.output


def test_a_post_in_both_places_is_an_error_naming_both(blog: Path) -> None:
    post = "---\ntitle: Twice\ndate: 2026-01-02\ncategories: [News]\n---\n\nHello.\n"
    (blog / "posts" / "twice.md").write_text(post)
    (blog / "site" / "posts").mkdir(exist_ok=True)
    (blog / "site" / "posts" / "twice.md").write_text(post)
    result = mkdocs_build(blog)
    assert result.returncode == 1
    assert "keep posts in posts/ only" in result.stderr
