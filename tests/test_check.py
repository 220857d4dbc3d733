"""`retro check`: front matter the blog can build, images that exist, unique URLs, figures that match."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from retro.cli import cli


def check(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)


def test_every_problem_is_file_line_problem(blog: Path) -> None:
    posts = blog / "posts"
    (posts / "a.md").write_text(
        "---\ntitle: Fine\ndate: 2026-01-31 10:00:00 +0900\ncategories: Retro\ntags: diary\ndraft: maybe\n---\n\n"
        "Text.\n\n![chart](assets/missing.svg)\n"
    )
    (posts / "b.md").write_text("---\ntitle: [unclosed\n---\n\nx\n")
    (posts / "c.md").write_text("---\ntitle: Same\ndate: 2026-02-01\n---\n\nx\n")
    (posts / "d.md").write_text("---\ntitle: Same\ndate: 2026-02-01\n---\n\nx\n")
    (posts / "assets").mkdir()
    (posts / "assets" / "here.svg").write_text("<svg/>")
    (posts / "e.md").write_text("---\ntitle: Good\ndate: 2026-02-02\n---\n\n![ok](assets/here.svg)\n")
    result = check()
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "posts/a.md:3: date must be a YAML date like 2026-01-31, not '2026-01-31 10:00:00 +0900'",
        "posts/a.md:4: categories must be a list, like categories: [Retro]",
        "posts/a.md:5: tags must be a list, like tags: [diary]",
        "posts/a.md:6: draft must be true or false, not 'maybe'",
        "posts/a.md:11: the image assets/missing.svg does not exist",
        "posts/b.md:3: the front matter is not valid YAML (did not find expected ',' or ']')",
        "posts/d.md:2: the same URL as posts/c.md (2026-02-01/same); give one a different title or a slug",
    ]
    assert result.stderr.strip().splitlines()[-1] == "Error: 7 problems found."


def test_a_clean_blog_passes(blog: Path) -> None:
    (blog / "posts" / "ok.md").write_text("---\ntitle: Ok\ndate: 2026-01-31\ncategories: [Retro]\n---\n\nFine.\n")
    result = check()
    assert result.exit_code == 0 and "no problems found" in result.stderr


def test_without_repositories_the_whole_blog_check_still_checks_front_matter(blog: Path) -> None:
    (blog / "posts" / "d.md").write_text("---\ntitle: Draft\ndate: 2026-01-31\ndraft: true\n---\n\n212 commits.\n")
    result = check()
    assert result.exit_code == 0
    assert "note: the figures in drafts were not checked: " in result.stderr
    assert "pass --repo PATH or set repos in retro.toml" in result.stderr
