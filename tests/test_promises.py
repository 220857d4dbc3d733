"""What the docs promise, each through the command a user types (issue 31): a promise without a test is gone."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import ME, Row, make_repo
from retro.cli import cli
from source_stubs import FileStub

ICS = Path(__file__).parent / "fixtures" / "month.ics"
MONTH = ["--month", "2026-01", "--author", ME, "--tz", "Asia/Seoul"]


def run(*args: str, **kwargs) -> Result:
    return CliRunner().invoke(cli, list(args), **kwargs)


def test_themes_read_korean_particles_and_leave_quiet_words_out(blog: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "lab", [
        Row("2026-01-05T10:00:00+09:00", ME, "컨퍼런스콜을 위한 발표 자료", {"talk.md": "x\n"}),
        Row("2026-01-06T10:00:00+09:00", ME, "study notes for the parser", {"parser.md": "x\n"}),
        Row("2026-01-07T10:00:00+09:00", ME, "fix the build", {"Makefile": "x\n"})])
    (blog / "notes").mkdir()
    (blog / "notes" / "2026-01.md").write_text("## 컨퍼런스콜\n- 매주 했다\n\n## Rust 공부\n- 책을 읽었다\n\n"
                                              "## Study\n- a heading of quiet words only\n", encoding="utf-8")
    drafted = run("draft", *MONTH, "--repo", str(repo))
    assert drafted.exit_code == 0, drafted.output
    text = (blog / "posts" / "2026-01-retrospective.md").read_text(encoding="utf-8")
    call = text.split("## 컨퍼런스콜\n")[1].split("\n## ")[0]
    assert "“컨퍼런스콜을 위한 발표 자료”" in call  # 컨퍼런스콜을 names 컨퍼런스콜
    rust = text.split("## Rust 공부\n")[1].split("\n## ")[0]
    assert "study notes" not in rust  # 공부 and study say nothing of a subject: Rust does, and no commit names it
    study = text.split("## Study\n")[1].split("\n## ")[0]
    assert "commit" not in study  # a heading of quiet words only is no theme: nothing joins it


def test_a_year_post_is_never_taken_for_decembers(blog: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", [Row("2025-12-10T10:00:00+09:00", ME, "feat: december work", {"a": "1\n"})])
    (blog / "posts" / "2025-year-in-review.md").write_text(
        "---\ntitle: 2025 Year in Review\ndate: 2025-12-31\ncategories: [Retrospective]\n---\n\nThe year.\n")
    drafted = run("draft", "--month", "2025-12", "--repo", str(repo), "--author", ME, "--tz", "Asia/Seoul")
    assert drafted.exit_code == 0, drafted.output
    assert drafted.stdout.strip().splitlines()[-1] == "posts/2025-12-retrospective.md"
    assert (blog / "posts" / "2025-year-in-review.md").read_text().endswith("The year.\n")


def counting_git(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A `git` on PATH that logs each call before running the real one."""
    import shutil

    real = shutil.which("git")
    log = tmp_path / "git-calls"
    wrapper = tmp_path / "git-bin" / "git"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {real} "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    return {"PATH": f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}", "GIT_PYTHON_GIT_EXECUTABLE": str(wrapper)}, log


def test_the_year_is_read_in_one_walk_a_repository(blog: Path, tmp_path: Path) -> None:
    rows = [Row(f"2025-{m:02d}-10T10:00:00+09:00", ME, f"feat: month {m}", {f"m{m}.py": "x\n"}) for m in range(1, 13)]
    repos = [make_repo(tmp_path / name, rows) for name in ("one", "two")]
    env, log = counting_git(tmp_path)
    import subprocess

    args = [sys.executable, "-m", "retro", "draft", "--year", "2025", "--author", ME, "--tz", "Asia/Seoul",
            "--dry-run", *(a for r in repos for a in ("--repo", str(r)))]
    done = subprocess.run(args, cwd=blog, env={**os.environ, **env}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    walks = [line for line in log.read_text().splitlines() if line.startswith(("log ", "rev-list ")) and
             "--since=" in line]
    # Twelve months, two repositories: two walks of the year (and one of the year before, to compare), not 24.
    assert len(walks) <= 2 * 2, walks


def test_a_calendar_is_refused_past_5_mb_and_20_s(blog: Path, january_repo: Path, monkeypatch) -> None:
    from retro.sources import calendar

    assert calendar.MAX_BYTES == 5 * 1024 * 1024 and calendar.TIMEOUT == 20.0
    big = FileStub(b"BEGIN:VCALENDAR\r\n" + b"X" * (5 * 1024 * 1024 + 1))
    slow = FileStub(ICS.read_bytes())
    slow.delay = 2
    monkeypatch.setattr(calendar, "TIMEOUT", 0.5)  # 20 s in use; the same limit, waited out sooner here
    try:
        for stub, said in ((big, "larger than 5 MB; not read."), (slow, "did not answer")):
            result = run("draft", *MONTH, "--repo", str(january_repo), "--calendar",
                         stub.url + "/secret/basic.ics", "--force")
            assert result.exit_code == 0, result.output  # a failing source is a warning: the draft comes out
            warning = next(line for line in result.stderr.splitlines() if line.startswith("warning: calendar"))
            assert said in warning and "/secret/" not in warning
    finally:
        big.stop()
        slow.stop()


def test_a_confidential_event_counts_as_busy_and_never_shows_its_title(blog: Path, january_repo: Path,
                                                                       tmp_path: Path) -> None:
    ics = tmp_path / "private.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Salary talk with HR\r\n"
                   "CLASS:CONFIDENTIAL\r\nDTSTART:20260114T010000Z\r\nDTEND:20260114T020000Z\r\nEND:VEVENT\r\n"
                   "END:VCALENDAR\r\n")
    collected = run("collect", *MONTH, "--repo", str(january_repo), "--calendar", str(ics), "--json")
    assert collected.exit_code == 0, collected.output
    assert "Salary" not in collected.stdout
    assert json.loads(collected.stdout)["calendar"]["meetings"][0]["title"] == "(busy)"
    drafted = run("draft", *MONTH, "--repo", str(january_repo), "--calendar", str(ics))
    assert "Salary" not in (blog / "posts" / "2026-01-retrospective.md").read_text()


def test_sources_exits_1_when_a_source_fails(blog: Path, january_repo: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_text("not a calendar")
    result = run("sources", *MONTH, "--repo", str(january_repo), "--calendar", str(broken))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == "Error: 1 source cannot be read; see above."
    assert any(line.startswith("calendar  cannot read: ") for line in result.stdout.splitlines()), result.stdout


def test_mcp_draft_post_with_a_model(blog: Path, january_repo: Path, stub) -> None:
    from test_mcp import session_run

    (blog / "retro.toml").write_text(f'repos = ["{january_repo}"]\nauthors = ["{ME}"]\ntimezone = "Asia/Seoul"\n'
                                     'model = "openai/stub-model"\n')
    stub.enqueue("January, drafted by the model over MCP.\n\nMore.")

    async def steps(session, found) -> None:
        found["draft"] = await session.call_tool("draft_post", {"month": "2026-01"})

    found = session_run(blog, steps)
    assert not found["draft"].is_error, found["draft"].content
    text = (blog / "posts" / "2026-01-retrospective.md").read_text()
    assert "January, drafted by the model over MCP." in text and "drafted_by: openai/stub-model" in text
    assert stub.requests and stub.requests[0].body["model"] == "stub-model"


def test_the_cost_line_names_tokens_time_and_price(blog: Path, january_repo: Path, stub) -> None:
    stub.enqueue("A month.\n\nMore.")
    result = run("draft", *MONTH, "--repo", str(january_repo), "--model", "openai/gpt-4o-mini")
    assert result.exit_code == 0, result.output
    [line] = [l for l in result.stderr.splitlines() if l.startswith("openai/gpt-4o-mini: ")]
    assert " tokens in, " in line and " out, " in line and ", $0.0" in line, line


def test_the_blog_has_a_json_feed(blog: Path, january_repo: Path) -> None:
    assert run("draft", *MONTH, "--repo", str(january_repo)).exit_code == 0
    assert run("ready", "2026-01").exit_code == 0
    assert run("build").exit_code == 0
    feed = json.loads((blog / "public" / "feed_json_created.json").read_text())
    assert [item["title"] for item in feed["items"]] == ["2026-01 Dev Retrospective"]


@pytest.mark.parametrize("kind, src", [("twitch", "https://player.twitch.tv/?video=1234567890"),
                                       ("bilibili", "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD")])
def test_chirpys_twitch_and_bilibili_embeds(kind: str, src: str) -> None:
    from retro.blog.importers.chirpy import convert_body

    video = src.split("=", 1)[1]
    converted = convert_body(f"{{% include embed/{kind}.html id='{video}' %}}")
    assert converted.notes == [f"{kind} embed as HTML"]
    assert converted.text.startswith(f'<iframe class="video" src="{src}') and 'loading="lazy"' in converted.text
