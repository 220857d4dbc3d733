"""One post a month, whatever its file is called (a blog imported from Chirpy names posts by their date), and
the selection over MCP: save_post reads the month as collect_month does, and says when it could not check."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import ME, model_draft
from retro.cli import cli
from stub_server import StubServer
from test_mcp import session_run

IMPORTED = ("---\ntitle: 2026년 1월 개발 회고\ndate: 2026-01-31 10:00:00 +0900\ncategories: [Retrospective, Dev]\n"
            "tags: [diary]\n---\n\nJanuary, as I wrote it.\n")
DECEMBER = ("---\ntitle: December\ndate: 2025-12-31\ncategories: [Retrospective]\n---\n\nDecember's voice.\n")
FEBRUARY = ("---\ntitle: February\ndate: 2026-02-28\ncategories: [Retrospective]\n---\n\nFebruary's voice.\n")


def draft(*args: str):
    return CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--tz", "Asia/Seoul", "--author", ME, *args])


def test_an_imported_months_post_is_the_months_post(blog: Path, january_repo: Path) -> None:
    imported = blog / "posts" / "2026-01-31-dev-retrospective.md"
    imported.write_text(IMPORTED)
    refused = draft("--repo", str(january_repo))
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines()[-1] == (
        f"Error: {imported} is already 2026-01's retrospective (its date and category say so); pass --force to "
        "replace it (the old one is kept as a backup).")
    assert sorted(p.name for p in (blog / "posts").iterdir()) == ["2026-01-31-dev-retrospective.md"]
    replaced = draft("--repo", str(january_repo), "--force")
    assert replaced.exit_code == 0, replaced.output
    assert replaced.stdout.strip() == "posts/2026-01-31-dev-retrospective.md"
    assert sorted(p.name for p in (blog / "posts").iterdir()) == ["2026-01-31-dev-retrospective.md", "assets"]
    assert "drafted_by: offline" in imported.read_text()
    [backup] = (blog / ".retro" / "backups").iterdir()
    assert backup.read_text() == IMPORTED


def test_a_post_of_another_category_or_month_is_not_the_months(blog: Path, january_repo: Path) -> None:
    (blog / "posts" / "2026-01-15-rust.md").write_text(IMPORTED.replace("[Retrospective, Dev]", "[Rust]"))
    (blog / "posts" / "2025-12-31-dev-retrospective.md").write_text(DECEMBER)
    result = draft("--repo", str(january_repo))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "posts/2026-01-retrospective.md"


def test_voice_examples_are_earlier_posts_only(blog: Path, january_repo: Path, stub: StubServer) -> None:
    (blog / "posts" / "2026-01-31-dev-retrospective.md").write_text(IMPORTED)
    (blog / "posts" / "2025-12-31-dev-retrospective.md").write_text(DECEMBER)
    (blog / "posts" / "2026-02-28-dev-retrospective.md").write_text(FEBRUARY)
    stub.enqueue("A month.\n\nMore.")
    result = model_draft(january_repo, "--force")
    assert result.exit_code == 0, result.output
    sent = "\n".join(m["content"] for m in stub.requests[0].body["messages"])
    assert "December's voice." in sent
    assert "January, as I wrote it." not in sent and "February's voice." not in sent


def test_save_post_takes_the_months_selection(blog: Path, january_repo: Path) -> None:
    """retro.toml names no repository and the blog is none: the agent names them, as for collect_month."""
    body = "In January 2026 I made 4 commits and 9 releases.\n\nMore."

    async def steps(session, found) -> None:
        found["no_repo"] = await session.call_tool("collect_month", {"month": "2026-01"})
        found["save"] = await session.call_tool("save_post", {
            "month": "2026-01", "body": body, "repos": [str(january_repo)], "authors": [ME], "tz": "Asia/Seoul"})
        found["again"] = await session.call_tool("save_post", {"month": "2026-01", "body": body})

    found = session_run(blog, steps)
    message = found["no_repo"].content[0].text
    assert found["no_repo"].is_error and "repos=[PATH]" in message and "--repo" not in message
    saved = found["save"].structured_content
    assert not found["save"].is_error and saved["figures_checked"] is True and saved["why_unchecked"] is None
    assert any("9 releases" in w for w in saved["warnings"])  # checked against the repository named
    assert not any("4 commits" in w for w in saved["warnings"])
    again = found["again"].content[0].text
    assert found["again"].is_error and "force=true" in again and "--force" not in again


def test_save_post_with_no_repository_anywhere_saves_unchecked(blog: Path) -> None:
    async def steps(session, found) -> None:
        found["save"] = await session.call_tool("save_post", {"month": "2026-01", "body": "I made 4 commits.\n\nMore."})

    saved = session_run(blog, steps)["save"].structured_content
    assert saved["path"] == "posts/2026-01-retrospective.md" and saved["figures_checked"] is False
    assert saved["why_unchecked"].startswith("the figures were not checked: ")
    assert "is not a git repository and no repositories are configured: pass repos=[PATH]" in saved["why_unchecked"]
    assert saved["why_unchecked"] in saved["warnings"]
    text = (blog / "posts" / "2026-01-retrospective.md").read_text()
    assert "description: January 2026 in review.\n" in text and "I made 4 commits." in text
