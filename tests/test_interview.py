"""`retro interview`: questions grounded in the month, answered from a pipe, on a real terminal, in an editor or by
an agent over MCP; the answers join the notes under their headings, and what was there stays byte for byte."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ME, Row, make_repo
from retro.cli import cli
from test_mcp import session_run

ICS = Path(__file__).parent / "fixtures" / "month.ics"
EXISTING = b"# My January\n\nA quiet start.\n\n## LiteLLM\n- Ran the proxy in docker\n"


@pytest.fixture
def month(tmp_path: Path, blog: Path) -> list[str]:
    lab = make_repo(tmp_path / "litellm-lab", [
        Row("2026-01-04T10:00:00+09:00", ME, "Run the proxy in docker compose", {"compose.yml": "a\nb\n"}),
        Row("2026-01-05T10:00:00+09:00", ME, "Add a config for two providers", {"config.yaml": "a\nb\nc\n"}),
        Row("2026-01-06T10:00:00+09:00", ME, "Fix the master key", {"config.yaml": "a\nb\nd\n"}),
    ])
    (blog / "retro.toml").write_text(f'repos = ["{lab}"]\nauthors = ["{ME}"]\ntimezone = "Asia/Seoul"\n'
                                     f'calendars = ["{ICS}"]\n')
    (blog / "notes").mkdir()
    return ["--month", "2026-01"]


def questions(blog: Path, *extra: str) -> list[str]:
    result = CliRunner().invoke(cli, ["interview", "--month", "2026-01", "--dry-run", *extra])
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line[:1].isdigit()]


def test_the_questions_come_from_the_month(blog: Path, month: list[str]) -> None:
    asked = questions(blog)
    assert 4 <= len(asked) <= 8
    assert asked[0] == "1. What mattered most in your work on `litellm-lab`?"
    assert "2. Conference Call with the US team: what came out of these meetings?" in asked
    assert asked[-2:] == [f"{len(asked) - 1}. Looking back, how was this month?",
                          f"{len(asked)}. What are your plans for next month?"]
    kpt = questions(blog, "--format", "kpt", "--lang", "ko")
    assert any(q.endswith("Problem: `litellm-lab`는 2026-01-06 이후 커밋이 없었어요. 무엇이 막았나요?") for q in kpt)
    assert not (blog / "notes" / "2026-01.md").exists()  # a dry run writes nothing


def test_answers_from_a_pipe_join_the_notes_and_keep_what_was_there(blog: Path, month: list[str]) -> None:
    notes = blog / "notes" / "2026-01.md"
    notes.write_bytes(EXISTING)
    asked = questions(blog)
    answers = "The proxy config, by far.\nTwo providers behind one key.\n\nGood practice for English.\n\n"
    result = CliRunner().invoke(cli, ["interview", "--month", "2026-01"], input=answers)
    assert result.exit_code == 0, result.output
    text = notes.read_bytes()
    assert text.startswith(EXISTING)  # byte for byte, then the answers
    added = text[len(EXISTING):].decode()
    assert asked[0] == "1. LiteLLM: what did you learn or make of it this month?"  # the notes' theme, asked first
    assert added == ("\n## LiteLLM\n\nThe proxy config, by far.\nTwo providers behind one key.\n"
                     "\n## Conference Call with the US team\n\nGood practice for English.\n")
    assert f"2 of {len(asked)} questions answered; added to notes/2026-01.md" in result.stderr
    drafted = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--dry-run"])
    assert "The proxy config, by far. Two providers behind one key." in drafted.stdout  # the next draft reads them


def test_on_a_real_terminal_ctrl_d_keeps_what_was_answered(blog: Path, month: list[str]) -> None:
    notes = blog / "notes" / "2026-01.md"
    notes.write_bytes(EXISTING)
    main, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "retro", "interview", "--month", "2026-01"], cwd=blog,
                               stdin=secondary, stdout=secondary, stderr=secondary, close_fds=True)
    os.close(secondary)
    seen = b""

    def until(text: bytes, limit: float = 60) -> None:
        nonlocal seen
        deadline = time.monotonic() + limit
        while text not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(main, 4096)
                except OSError:
                    break
        assert text in seen, seen.decode(errors="replace")

    until(b"[1/")
    until(b"> ")
    os.write(main, b"The proxy config.\n")
    until(b"> ", 10)
    os.write(main, b"\n")  # an empty line ends the answer
    until(b"[2/")
    os.write(main, b"\n")  # an empty answer skips
    until(b"[3/")
    os.write(main, b"Half an answer\n")
    time.sleep(0.3)
    os.write(main, b"\x04")  # Ctrl-D: stop, keep what was given
    until(b"questions answered")
    assert process.wait(timeout=30) == 0
    os.close(main)
    added = notes.read_bytes()[len(EXISTING):].decode()
    assert notes.read_bytes().startswith(EXISTING)
    assert added.startswith("\n## LiteLLM\n\nThe proxy config.\n\n## ") and added.endswith("\n\nHalf an answer\n")
    assert added.count("## ") == 2


def test_the_editor_gets_the_questions_as_a_template(blog: Path, month: list[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\nt = p.read_text()\n"
                      "p.write_text(t.replace('## Next month\\n', '## Next month\\n- Ship the lab\\n', 1))\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    result = CliRunner().invoke(cli, ["interview", "--month", "2026-01", "--edit"])
    assert result.exit_code == 0, result.output
    assert (blog / "notes" / "2026-01.md").read_text() == "# Notes for 2026-01\n\n## Next month\n\n- Ship the lab\n"


def test_draft_interview_asks_then_drafts(blog: Path, month: list[str]) -> None:
    answers = "The proxy config.\n\n" + "\n" * 10
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--interview"], input=answers)
    assert result.exit_code == 0, result.output
    post = (blog / "posts" / "2026-01-retrospective.md").read_text()
    assert "## litellm-lab" in post and "The proxy config." in post


def test_an_agent_interviews_over_mcp(blog: Path, month: list[str]) -> None:
    notes = blog / "notes" / "2026-01.md"
    notes.write_bytes(EXISTING)

    async def steps(session, found) -> None:
        found["prompt"] = await session.get_prompt("interview", {"month": "2026-01"})
        found["add"] = await session.call_tool("add_notes", {"month": "2026-01", "heading": "Keep",
                                                             "text": "The weekly calls."})
        found["empty"] = await session.call_tool("add_notes", {"month": "2026-01", "heading": "Keep", "text": " "})

    found = session_run(blog, steps)
    text = found["prompt"].messages[0].content.text
    assert "add_notes(month='2026-01', heading=..., text=...)" in text
    assert "1. [heading: LiteLLM] LiteLLM: what did you learn or make of it this month? (from the facts: " \
           "`litellm-lab`)" in text
    assert found["add"].structured_content == {"path": "notes/2026-01.md", "heading": "Keep"}
    assert notes.read_bytes() == EXISTING + b"\n## Keep\n\nThe weekly calls.\n"
    assert found["empty"].is_error and "nothing was added" in found["empty"].content[0].text
