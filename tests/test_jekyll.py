"""`retro import jekyll` on Chirpy-style posts written for the test, each front matter variant."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import frontmatter
from click.testing import CliRunner

from retro.cli import cli

POSTS = {
    "2026-01-31-january.md": (
        "---\ntitle: 1월 회고\ndate: 2026-01-31 10:00:00 +0900\ncategories: [회고록]\ntags: [diary]\n"
        "image:\n  path: /assets/img/jan.png\n  alt: 1월\nexcerpt: 한 달을 돌아본다\npin: true\nmath: true\n"
        "layout: post\n---\n\n1월은 바빴다.\n\n![chart](/assets/img/jan.png)\n\n"
        "[slides]({{ '/assets/files/talk.pdf' | relative_url }})\n"
    ),
    "2025-12-31-december.md": "---\ntitle: December\ncategories: retro diary\ntags: dev\n---\n\nA quiet month.\n",
    "2025-11-30-no-title.markdown": "---\ndate: 2025-11-30\npublished: false\n---\n\nDraft text.\n",
    "2025-10-31-missing-image.md": "---\ntitle: October\ndate: 2025-10-31T09:00:00Z\n---\n\n![x](/assets/img/gone.png)\n",
}


def make_jekyll(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    for name, text in POSTS.items():
        (root / "_posts" / name).write_text(text, encoding="utf-8")
    (root / "assets" / "img").mkdir(parents=True)
    (root / "assets" / "img" / "jan.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    (root / "assets" / "files").mkdir(parents=True)
    (root / "assets" / "files" / "talk.pdf").write_bytes(b"%PDF-1.4 fake")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_chirpy_posts_import_and_build_strictly(blog: Path, tmp_path: Path) -> None:
    source = make_jekyll(tmp_path / "me.github.io")
    before = snapshot(source)
    result = CliRunner().invoke(cli, ["import", "jekyll", str(source)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert snapshot(source) == before  # the source is never modified

    january = frontmatter.load(blog / "posts" / "2026-01-31-january.md")
    assert january["date"] == datetime(2026, 1, 31, 10, 0, tzinfo=timezone(timedelta(hours=9)))
    assert january["categories"] == ["회고록"] and january["tags"] == ["diary"]
    assert january["description"] == "한 달을 돌아본다" and january["pin"] is True and january["math"] is True
    assert "layout" not in january.metadata and "excerpt" not in january.metadata
    assert january["image"] == "assets/img/jan.png"  # relative to the site, so it works under a project path
    assert "![chart](../assets/img/jan.png)" in january.content
    assert "[slides](../assets/files/talk.pdf)" in january.content
    assert (blog / "site" / "assets" / "img" / "jan.png").read_bytes() == before["assets/img/jan.png"]

    december = frontmatter.load(blog / "posts" / "2025-12-31-december.md")
    assert december["date"] == date(2025, 12, 31)
    assert december["categories"] == ["retro", "diary"] and december["tags"] == ["dev"]
    untitled = frontmatter.load(blog / "posts" / "2025-11-30-no-title.md")
    assert untitled["title"] == "No title" and untitled["draft"] is True
    october = frontmatter.load(blog / "posts" / "2025-10-31-missing-image.md")
    assert october["date"] == datetime(2025, 10, 31, 9, 0, tzinfo=timezone.utc)

    lines = result.stdout.splitlines()
    assert ("posts/2026-01-31-january.md: date '2026-01-31 10:00:00 +0900' made a YAML date; "
            "excerpt made description; image made a path; dropped layout; Liquid URL tags resolved; "
            "math for arithmatex; 2 asset links made relative") in lines, lines
    assert "settings: math: pymdownx.arithmatex and MathJax enabled in mkdocs.yml" in lines
    assert ("warning: /assets/img/gone.png is linked from a post but is not in "
            f"{source}; add it under site/assets/img/gone.png") in result.stderr

    (blog / "site" / "assets" / "img" / "gone.png").write_bytes(b"\x89PNG")  # as the warning says
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=blog, capture_output=True,
                           text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stderr
    [page] = (blog / "public").glob("2026/01/31/*/index.html")
    assert "1월은 바빴다" in page.read_text()


def test_existing_posts_are_kept_without_force(blog: Path, tmp_path: Path) -> None:
    source = make_jekyll(tmp_path / "site")
    (blog / "posts" / "2025-12-31-december.md").write_text("mine\n")
    result = CliRunner().invoke(cli, ["import", "jekyll", str(source / "_posts")], catch_exceptions=False)
    assert "skipped posts/2025-12-31-december.md exists (pass --force to replace it)" in result.stderr
    assert (blog / "posts" / "2025-12-31-december.md").read_text() == "mine\n"


def test_a_folder_without_posts_is_a_usage_error(blog: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", "jekyll", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path} has no _posts/ folder; pass the Jekyll site's root or its _posts/." in result.stderr
