"""`retro mcp` driven by the MCP SDK's own client over stdio (issue 15): from facts to a saved, checked draft,
and nothing read or written outside the blog."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import anyio
import frontmatter

from conftest import ME

PLANTED = ("In January 2026 I made 4 commits and merged 40 pull requests.\n\n"
           "<script>alert('agent')</script>\n\n## Login\n\nThe login endpoint landed.")


def session_run(blog: Path, steps) -> dict:
    """Start `retro mcp` in the blog, run `steps(session)` and return what it collected."""
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    params = StdioServerParameters(command=sys.executable, args=["-m", "retro", "mcp"], cwd=str(blog),
                                   env={k: v for k, v in os.environ.items() if k != "RETRO_MODEL"})
    found: dict = {}

    async def main() -> None:
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                await steps(session, found)

    anyio.run(main)
    return found


def test_an_agent_takes_a_month_from_facts_to_a_saved_checked_draft(blog: Path, january_repo: Path) -> None:
    (blog / "retro.toml").write_text(f'repos = ["{january_repo}"]\nauthors = ["{ME}"]\ntimezone = "Asia/Seoul"\n')
    (blog / "outside.md").write_text("secret outside the posts\n")
    (blog / "posts" / "link.md").symlink_to(blog / "outside.md")

    async def steps(session, found) -> None:
        found["tools"] = sorted(t.name for t in (await session.list_tools()).tools)
        found["prompts"] = [p.name for p in (await session.list_prompts()).prompts]
        found["collect"] = await session.call_tool("collect_month", {"month": "2026-01"})
        found["draft"] = await session.call_tool("draft_post", {"month": "2026-01"})
        found["again"] = await session.call_tool("draft_post", {"month": "2026-01"})
        found["read"] = await session.call_tool("read_post", {"path": "posts/2026-01-retrospective.md"})
        found["outside"] = [await session.call_tool("read_post", {"path": p})
                            for p in ("../outside.md", str(blog / "outside.md"), "posts/link.md", "mkdocs.yml")]
        found["refused_save"] = await session.call_tool("save_post", {"month": "2026-01", "body": PLANTED})
        found["save"] = await session.call_tool("save_post", {"month": "2026-01", "body": PLANTED, "force": True})
        found["check"] = await session.call_tool("check_posts", {"paths": ["posts/2026-01-retrospective.md"]})
        found["list"] = await session.call_tool("list_posts", {})
        found["prompt"] = await session.get_prompt("retrospective", {"month": "2026-01"})

    found = session_run(blog, steps)
    assert found["tools"] == ["add_notes", "check_posts", "collect_month", "draft_post", "list_posts", "read_post",
                              "save_post"]
    assert found["prompts"] == ["interview", "retrospective"]

    facts = found["collect"].structured_content
    assert not found["collect"].is_error and facts["totals"]["commits"] == 4 and facts["month"] == "2026-01"

    drafted = found["draft"].structured_content
    assert drafted["path"] == "posts/2026-01-retrospective.md" and drafted["drafted_by"] == "offline"
    assert found["again"].is_error
    assert "already exists; pass force=true to replace it" in found["again"].content[0].text  # the argument, not the flag

    assert found["read"].structured_content["text"].startswith("---\ntitle: 2026-01 Dev Retrospective")
    for result in found["outside"]:
        assert result.is_error
        assert "posts/" in result.content[0].text and "secret outside" not in result.content[0].text

    assert found["refused_save"].is_error
    saved = found["save"].structured_content
    assert saved["path"] == "posts/2026-01-retrospective.md" and saved["backup"].startswith(".retro/backups/")
    assert "removed from the model's text: 1 <script> element" in saved["warnings"]
    assert any("40 pull requests" in w for w in saved["warnings"])  # the invented figure is named
    written = frontmatter.load(blog / "posts" / "2026-01-retrospective.md")
    assert "<script>" not in written.content and written["drafted_by"] == "agent via retro mcp"
    assert written["title"] == "2026-01 Dev Retrospective" and written["draft"] is True

    checked = found["check"].structured_content
    assert checked["ok"] is False
    assert checked["problems"] == ["posts/2026-01-retrospective.md:13: the draft says 40 pull requests; the data "
                                   "has none"]
    titles = [p["title"] for p in found["list"].structured_content["posts"]]
    assert "2026-01 Dev Retrospective" in titles
    text = found["prompt"].messages[0].content.text
    assert "<<<RETRO DATA>>>" in text and "Totals: 4 commits" in text and "save_post" in text
    assert sorted(p.name for p in (blog / "posts").iterdir() if not p.name.startswith(".")) == [
        "2026-01-retrospective.md", "assets", "link.md"]
    assert (blog / "outside.md").read_text() == "secret outside the posts\n"


def test_outside_a_blog_the_server_does_not_start(tmp_path: Path) -> None:
    import subprocess

    run = subprocess.run([sys.executable, "-m", "retro", "mcp"], cwd=tmp_path, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=60)
    assert run.returncode == 1
    assert run.stderr.strip().startswith("Error: No mkdocs.yml in")
