"""What retro says about itself (issue 29, point 10): each line as a user sees it, through the command they type."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner, Result

from conftest import ME, make_repo, Row
from retro.cli import cli

KPT_POST = """---
title: 2026-11 회고
date: 2026-11-30
categories: [회고록]
draft: false
---

Body.

## Keep

!!! question "회고 질문"

    Keep: 무엇을 계속할까요?

## Problem

!!! question "회고 질문"

    Problem: 무엇이 막았나요?
"""


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def test_help_keeps_its_examples_and_its_lines_whole() -> None:
    top = run("--help")
    assert "..." not in top.stdout.split("Commands:")[1]  # no description cut short
    interview = run("interview", "--help").stdout
    assert "printf 'It went well.\\n\\nShip v2.\\n' | retro interview" in interview
    assert "Examples:\n    retro mcp " in run("mcp", "--help").stdout
    check = " ".join(run("check", "--help").stdout.split())
    assert "Default: each post's own month (its date)." in check and "previous calendar month" not in check


def test_after_a_draft_retro_names_its_own_commands(blog: Path, january_repo: Path) -> None:
    result = run("draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME, "--tz", "Asia/Seoul")
    assert result.exit_code == 0, result.output
    assert ("drafted by offline; preview it with `retro serve`, then `retro ready posts/2026-01-retrospective.md` "
            "to publish") in result.stderr.splitlines()
    assert "mkdocs serve" not in result.stderr


def test_serve_refuses_a_port_in_use_before_building(blog: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--address", f"127.0.0.1:{port}")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: 127.0.0.1:{port} is in use; serve elsewhere with --address 127.0.0.1:{port + 1}."]
    bare = run("serve", "--address", "8766")
    assert bare.exit_code == 2
    assert bare.stderr.splitlines() == [
        "Error: --address '8766' is not of the form IP:PORT (for example 127.0.0.1:8000)."]


def test_a_binary_notes_file_in_the_default_place_is_named(blog: Path, january_repo: Path) -> None:
    (blog / "notes").mkdir()
    (blog / "notes" / "2026-01.md").write_bytes(b"\x00\x01binary")
    result = run("draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME, "--tz", "Asia/Seoul")
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ") and "2026-01.md: looks binary" in last and "--notes" not in last


def test_a_strict_build_names_each_unanswered_section(blog: Path) -> None:
    (blog / "posts" / "2026-11-retrospective.md").write_text(KPT_POST, encoding="utf-8")
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "posts/2026-11-retrospective.md:12: Keep is unanswered: retro's question is still there; answer it in "
        "your own words",
        "posts/2026-11-retrospective.md:18: Problem is unanswered: retro's question is still there; answer it in "
        "your own words",
        "Error: the site was not built: 2 sections of published posts still hold retro's question; answer them, "
        "or set draft: true"]


def test_build_says_what_drafts_it_left_out_and_ready_takes_a_month(blog: Path) -> None:
    text = KPT_POST.replace("draft: false", "draft: true").split("## Keep")[0]
    (blog / "posts" / "2026-11-retrospective.md").write_text(text, encoding="utf-8")
    built = run("build")
    assert built.exit_code == 0, built.output
    assert "left out 1 draft; `retro build --drafts` or `retro serve` shows them" in built.stderr
    ready = run("ready", "2026-11")
    assert ready.exit_code == 0, ready.output
    assert ready.stdout.strip() == "posts/2026-11-retrospective.md"
    assert "draft: false" in (blog / "posts" / "2026-11-retrospective.md").read_text()
    assert run("ready", "2026-10").stderr.strip() == (
        "Error: 2026-10 has no post in posts/; draft it first: retro draft --month 2026-10.")


def test_posts_line_up_with_korean_titles(blog: Path) -> None:
    for name, title in (("2026-10-a.md", "짧은 글"), ("2026-11-b.md", "A longer English title")):
        (blog / "posts" / name).write_text(f"---\ntitle: {title}\ndate: 2026-{name[5:7]}-01\n---\n\nx\n",
                                           encoding="utf-8")
    lines = run("posts").stdout.splitlines()
    from retro.cli.tables import cell_width

    files = [cell_width(line[:line.index("posts/")]) for line in lines if "posts/" in line]
    assert len(files) == 2 and files[0] == files[1]  # the file column starts at the same cell


def test_sources_counts_the_themes_not_the_opening(blog: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", [Row("2026-01-05T10:00:00+09:00", ME, "feat: x", {"a": "1\n"})])
    (blog / "notes").mkdir()
    (blog / "notes" / "2026-01.md").write_text("An opening.\n\n## LiteLLM\n- a\n\n## Open-WebUI\n- b\n")
    result = run("sources", "--month", "2026-01", "--repo", str(repo), "--author", ME, "--tz", "Asia/Seoul")
    assert any(line.startswith("notes") and line.endswith(": 2 themes") for line in result.stdout.splitlines()), \
        result.stdout


def test_check_tells_a_blog_that_loads_web_fonts(blog: Path) -> None:
    quiet = run("check", "--no-figures")
    assert quiet.exit_code == 0 and "Google Fonts" not in quiet.output  # font: false, as retro init writes it
    config = blog / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false", "  font:\n    text: Roboto"))
    told = run("check", "--no-figures")
    assert told.exit_code == 0  # a note, not a failure
    assert ("note: the theme loads its fonts from Google Fonts on every page view, sending each reader's address "
            "there; set `font: false` under `theme:` in mkdocs.yml for system fonts") in told.stderr.splitlines()
