"""`retro note`, daily notes folders, and a draft interrupted with Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timezone
from pathlib import Path

import frontmatter
from click.testing import CliRunner

from conftest import ME
from retro.cli import cli
from stub_server import StubServer


def test_note_appends_a_dated_line_creating_the_file(blog: Path, monkeypatch) -> None:
    import datetime as clock

    class Frozen(clock.datetime):  # the clock stands still: no month can end between the note and the check
        @classmethod
        def now(cls, tz=None):
            return clock.datetime(2026, 3, 31, 23, 59, 30, tzinfo=timezone.utc).astimezone(tz)

    monkeypatch.setattr(clock, "datetime", Frozen)
    first = CliRunner().invoke(cli, ["note", "Finished", "chapter 4", "--tz", "UTC"], catch_exceptions=False)
    second = CliRunner().invoke(cli, ["note", "오늘은 LiteLLM 프록시를 띄웠다", "--tz", "UTC"], catch_exceptions=False)
    month = "2026-03"
    path = blog / "notes" / f"{month}.md"
    assert first.stdout.strip() == f"notes/{month}.md" and second.exit_code == 0
    lines = path.read_text().splitlines()
    assert lines[0] == f"# Notes for {month}" and lines[1] == ""
    assert lines[2].startswith(f"- {month}-") and lines[2].endswith(" Finished chapter 4")
    assert lines[3].endswith(" 오늘은 LiteLLM 프록시를 띄웠다") and len(lines) == 4


def test_two_notes_at_once_lose_no_line(blog: Path) -> None:
    script = (
        "import sys\nfrom retro.cli import cli\n"
        "for i in range(40):\n"
        "    try:\n        cli(['note', f'{sys.argv[1]} {i}', '--tz', 'UTC'], prog_name='retro')\n"
        "    except SystemExit:\n        pass\n"
    )
    writers = [subprocess.Popen([sys.executable, "-c", script, name], cwd=blog, stdout=subprocess.DEVNULL)
               for name in ("alpha", "beta")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    [path] = (blog / "notes").iterdir()
    lines = [line for line in path.read_text().splitlines() if line.startswith("- ")]
    assert len(lines) == 80
    assert {line.split(" ", 3)[3] for line in lines} == {f"{n} {i}" for n in ("alpha", "beta") for i in range(40)}


def test_a_folder_of_daily_notes_is_read_for_the_month(blog: Path, january_repo: Path) -> None:
    daily = blog / "notes"
    daily.mkdir()
    (daily / "2026-01-03.md").write_text("- Started the Rust course\n")
    (daily / "2026-01-20.md").write_text("## Meetings\n- Planning with the web team\n")
    (daily / "2026-02-01.md").write_text("- February already\n")
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME,
                                      "--tz", "Asia/Seoul"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    body = frontmatter.load(blog / "posts" / "2026-01-retrospective.md").content
    assert "## 2026-01-03\n\n- Started the Rust course" in body
    assert "## Meetings\n\n- Planning with the web team" in body
    assert "February already" not in body


def test_a_folder_without_the_months_daily_notes_is_an_error(blog: Path, january_repo: Path) -> None:
    (blog / "journal").mkdir()
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME,
                                      "--notes", "journal"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: journal: is a folder with no daily notes for 2026-01 (2026-01-DD.md); "
                                     "pass a notes file or the right folder to --notes.")


def test_ctrl_c_while_the_model_writes_leaves_the_old_post(blog: Path, january_repo: Path) -> None:
    stub = StubServer().start()
    try:
        stub.enqueue_hang(60)
        target = blog / "posts" / "2026-01-retrospective.md"
        target.write_text("the old post\n")
        env = {**os.environ, "RETRO_API_KEY": "k", "RETRO_API_BASE": stub.base_url}
        process = subprocess.Popen(
            [sys.executable, "-m", "retro", "draft", "--month", "2026-01", "--repo", str(january_repo),
             "--author", ME, "--model", "openai/stub", "--force"],
            cwd=blog, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.monotonic() + 60
        while not stub.requests and time.monotonic() < deadline:
            time.sleep(0.1)
        assert stub.requests, "the draft never reached the model"
        process.send_signal(signal.SIGINT)  # once: one Ctrl-C stops a draft (retro leaves without a slow teardown)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 1
        assert err.strip().splitlines()[-1] == "Aborted!"
        assert "Traceback" not in err
        assert target.read_text() == "the old post\n"
        assert sorted(p.name for p in target.parent.iterdir()) == ["2026-01-retrospective.md"]
    finally:
        stub.stop()
