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
    # Under the heading the notes have already (it is their last), then a new heading.
    assert added == ("\nThe proxy config, by far.\nTwo providers behind one key.\n"
                     "\n## Conference Call with the US team\n\nGood practice for English.\n")
    assert f"2 of {len(asked)} questions answered; added to notes/2026-01.md" in result.stderr
    drafted = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--dry-run"])
    assert "The proxy config, by far. Two providers behind one key." in drafted.stdout  # the next draft reads them


def test_on_a_real_terminal_ctrl_d_keeps_what_was_answered(blog: Path, month: list[str]) -> None:
    notes = blog / "notes" / "2026-01.md"
    notes.write_bytes(EXISTING)
    terminal = Terminal(blog)
    terminal.until(b"[1/")
    terminal.until(b"> ")
    terminal.type(b"The proxy config.\n")  # each key once its prompt is on the screen: no sleeps
    terminal.type(b"\n", b"[2/")  # an empty line ends the answer
    terminal.until(b"> ")
    terminal.type(b"\n", b"[3/")  # an empty answer skips
    terminal.until(b"> ")
    terminal.type(b"Half an answer\n")
    os.write(terminal.main, b"\x04")  # Ctrl-D: stop, keep what was given
    terminal.until(b"questions answered")
    assert terminal.close() == 0
    added = notes.read_bytes()[len(EXISTING):].decode()
    assert notes.read_bytes().startswith(EXISTING)
    assert added.startswith("\nThe proxy config.\n\n## ") and added.endswith("\n\nHalf an answer\n")
    assert added.count("## ") == 1


class Terminal:
    """`retro interview` on a real terminal (a pty that is its controlling terminal, so Ctrl-C is a signal)."""

    def __init__(self, blog: Path, *args: str) -> None:
        import fcntl
        import termios

        self.main, secondary = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "retro", "interview", "--month", "2026-01", *args], cwd=blog,
            stdin=secondary, stdout=secondary, stderr=secondary, close_fds=True, env={**os.environ, "TERM": "xterm"},
            preexec_fn=lambda: (os.setsid(), fcntl.ioctl(0, termios.TIOCSCTTY, 0)))
        os.close(secondary)
        self.seen = b""
        self.cursor = 0  # where the last text waited for ended

    def until(self, text: bytes, limit: float = 60) -> None:
        """Wait for `text` to appear after the last text waited for."""
        deadline = time.monotonic() + limit
        while text not in self.seen[self.cursor:] and time.monotonic() < deadline:
            ready, _, _ = select.select([self.main], [], [], 0.5)
            if ready:
                try:
                    self.seen += os.read(self.main, 4096)
                except OSError:
                    break
        assert text in self.seen[self.cursor:], self.seen.decode(errors="replace")
        self.cursor = self.seen.index(text, self.cursor) + len(text)

    def type(self, keys: bytes, then: bytes = b"> ") -> None:
        os.write(self.main, keys)
        self.until(then)

    def close(self) -> int:
        code = self.process.wait(timeout=30)
        os.close(self.main)
        return code


def test_ctrl_c_keeps_what_was_answered_and_arrows_edit_the_line(blog: Path, month: list[str]) -> None:
    notes = blog / "notes" / "2026-01.md"
    notes.write_bytes(EXISTING)
    terminal = Terminal(blog)
    terminal.until(b"[1/")
    terminal.until(b"> ")
    terminal.type(b"The proxy confg\x1b[Di\x1b[C\n")  # left arrow, 'i', right arrow: "config"
    terminal.type(b"\n", b"[2/")
    terminal.until(b"> ")
    terminal.type(b"Weekly calls.\n")
    terminal.type(b"\n", b"[3/")
    terminal.until(b"> ")
    os.write(terminal.main, b"\x03")  # Ctrl-C
    terminal.until(b"questions answered")
    assert terminal.close() == 130
    assert b"Aborted!" not in terminal.seen and b"Traceback" not in terminal.seen
    assert b"stopped (Ctrl-C): 2 of " in terminal.seen
    added = notes.read_bytes()[len(EXISTING):].decode()
    assert notes.read_bytes().startswith(EXISTING)
    assert added == "\nThe proxy config\n\n## Conference Call with the US team\n\nWeekly calls.\n"


def test_a_second_interview_asks_what_is_still_open(blog: Path, month: list[str]) -> None:
    notes = blog / "notes" / "2026-01.md"
    first = CliRunner().invoke(cli, ["interview", "--month", "2026-01"], input="The proxy config.\n\n")
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(cli, ["interview", "--month", "2026-01", "--dry-run"])
    assert "answered in an earlier interview, not asked again: litellm-lab" in again.stderr
    assert "litellm-lab" not in again.stdout
    second = CliRunner().invoke(cli, ["interview", "--month", "2026-01"], input="Good calls.\n\n")
    assert second.exit_code == 0, second.output
    text = notes.read_text()
    assert text.count("## litellm-lab") == 1 and text.count("## Conference Call with the US team") == 1
    assert "The proxy config." in text and "Good calls." in text
    # The answer taken out of the notes by hand: asked again.
    notes.write_text(text.replace("## litellm-lab\n\nThe proxy config.\n", ""))
    third = CliRunner().invoke(cli, ["interview", "--month", "2026-01", "--dry-run"])
    assert "1. What mattered most in your work on `litellm-lab`?" in third.stdout


def test_a_korean_interview_speaks_korean(blog: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "proj", [
        Row("2025-12-10T10:00:00+09:00", ME, "init", {"README.md": "x\n"}),
        *(Row(f"2026-01-{day:02d}T10:00:00+09:00", ME, f"api step {day}", {"api/x.py": "x\n" * day})
          for day in (3, 4, 5)),
        Row("2026-01-06T10:00:00+09:00", ME, "web", {"web/a.js": "x\n"})])
    (blog / "retro.toml").write_text(f'repos = ["{repo}"]\nauthors = ["{ME}"]\ntimezone = "Asia/Seoul"\n'
                                     'lang = "ko"\n')
    asked = CliRunner().invoke(cli, ["interview", "--month", "2026-01", "--dry-run"])
    assert asked.exit_code == 0, asked.output
    assert "1. `proj/api/`에서 한 일 중 가장 중요했던 것은?\n   (`proj/api/`: 커밋 3개)" in asked.stdout
    assert "(12월 커밋 1개, 이번 달 4개)" in asked.stdout
    assert "commits" not in asked.stdout and " now " not in asked.stdout
    # The answer about the area goes under a heading the join reads as that area, so its facts join it.
    answered = CliRunner().invoke(cli, ["interview", "--month", "2026-01"], input="API를 정리했다.\n\n")
    assert answered.exit_code == 0, answered.output
    assert "## api\n\nAPI를 정리했다.\n" in (blog / "notes" / "2026-01.md").read_text()
    drafted = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--dry-run"])
    assert "## api\n\n커밋 3개가 이 주제였다: “api step 3”, “api step 4”, “api step 5”.\n\nAPI를 정리했다.\n" in drafted.stdout


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


def test_an_answer_in_another_encoding_is_kept_not_a_crash(blog: Path, month: list[str]) -> None:
    result = CliRunner().invoke(cli, ["interview", "--month", "2026-01"], input="한글 답\n\n".encode("cp949"))
    assert result.exit_code == 0, result.output
    text = (blog / "notes" / "2026-01.md").read_text(encoding="utf-8")
    assert "\ufffd" in text and "1 of " in result.stderr  # replaced where it was not UTF-8, and kept
