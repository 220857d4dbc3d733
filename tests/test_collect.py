"""`retro collect`: the JSON document, the terminal summary, many repositories in a folder."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from conftest import ME, Row, commit, git, make_repo
from retro.cli import cli


def collect(*args: str) -> Result:
    return CliRunner().invoke(cli, ["collect", "--month", "2026-01", "--tz", "Asia/Seoul", *args],
                              catch_exceptions=False)


def test_json_document_has_the_documented_shape(blog: Path, january_repo: Path) -> None:
    git(january_repo, "tag", "v0.1.0", "HEAD~2")  # the docs commit, Jan 20th
    git(january_repo, "tag", "-a", "-m", "release", "v0.2.0", "HEAD~1")  # Jan 31st, annotated
    git(january_repo, "tag", "v0.3.0", "HEAD")  # February
    result = collect("--repo", str(january_repo), "--author", ME, "--json", "--compare")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["month", "since", "until", "timezone", "authors", "totals", "repos", "skipped",
                              "github", "gitlab", "calendar", "reading", "agents", "source_warnings", "themes"]
    assert document["github"] is None and document["calendar"] is None
    assert document["since"] == "2026-01-01T00:00:00+09:00" and document["until"] == "2026-02-01T00:00:00+09:00"
    assert document["timezone"] == "Asia/Seoul" and document["authors"] == [ME]
    assert document["totals"] == {
        "commits": 4, "insertions": 8, "deletions": 0, "files_changed": 3, "active_days": 3, "repos": 1,
        "previous_commits": 1, "previous_active_days": 1, "previous_insertions": 1, "previous_deletions": 0,
        "longest_streak": 1,
    }
    repo = document["repos"][0]
    assert list(repo) == [
        "name", "path", "commits", "insertions", "deletions", "files_changed", "active_days", "days",
        "first", "last", "types", "top_paths", "languages", "tags", "warnings", "previous_days", "copies", "log",
    ]
    assert repo["previous_days"] == {"2025-12-31": 1}
    assert repo["days"] == {"2026-01-05": 2, "2026-01-20": 1, "2026-01-31": 1}
    assert repo["first"] == "2026-01-05T10:00:00+09:00" and repo["last"] == "2026-01-31T23:59:00+09:00"
    assert repo["types"] == {"feat": 1, "fix": 1, "docs": 1, "refactor": 1}
    assert repo["top_paths"] == [{"path": "api", "lines": 4}, {"path": ".", "lines": 4}]
    assert repo["languages"] == {"py": 4, "md": 3, "sh": 1}
    assert [t["name"] for t in repo["tags"]] == ["v0.1.0", "v0.2.0"]
    assert [c["subject"] for c in repo["log"]][:2] == ["feat(api): add login endpoint", "fix: handle empty password"]
    assert repo["log"][1] == {
        "sha": repo["log"][1]["sha"], "date": "2026-01-05T15:00:00+09:00",
        "subject": "fix: handle empty password", "insertions": 1, "deletions": 0,
    }
    assert len(repo["log"][1]["sha"]) == 40


def test_terminal_summary_has_a_table_and_totals(blog: Path, january_repo: Path) -> None:
    result = collect("--repo", str(january_repo), "--author", ME)
    lines = result.stdout.splitlines()
    assert lines[0] == f"2026-01 (Asia/Seoul), {ME}"
    assert lines[2].split() == ["repository", "commits", "added", "removed", "files", "days"]
    assert lines[4].split() == ["api", "4", "+8", "-0", "3", "3"]
    assert lines[5].split() == ["total", "4", "+8", "-0", "3", "3"]
    assert "  types:   feat 1, fix 1, docs 1, refactor 1" in lines


def test_a_folder_of_repositories_is_read_whole(blog: Path, tmp_path: Path) -> None:
    code = tmp_path / "code"
    make_repo(code / "api", [Row("2026-01-02T10:00:00+09:00", ME, "feat: a", {"a": "1\n"})])
    make_repo(code / "work" / "web", [Row("2026-01-03T10:00:00+09:00", ME, "feat: b", {"b": "1\n2\n"})])
    make_repo(code / "quiet", [Row("2025-05-03T10:00:00+09:00", ME, "old", {"c": "1\n"})])
    make_repo(code / "api" / "node_modules" / "dep", [Row("2026-01-02T10:00:00+09:00", ME, "vendored", {"d": "1\n"})])
    (code / "notes").mkdir()
    broken = code / "broken"
    (broken / ".git").mkdir(parents=True)  # looks like a repository, is not one
    result = collect("--repo", str(code), "--author", ME, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [r["name"] for r in document["repos"]] == ["api", "quiet", "web"]
    assert [r["commits"] for r in document["repos"]] == [1, 0, 1]
    assert document["repos"][1]["days"] == {} and document["repos"][1]["first"] is None
    assert document["totals"]["commits"] == 2 and document["totals"]["repos"] == 3
    assert document["skipped"] == [{"path": str(broken), "reason": "not a git repository; pass a repository's folder to --repo (or run `git init` there)."}]


def test_globs_in_retro_toml_find_repositories(blog: Path, tmp_path: Path) -> None:
    make_repo(tmp_path / "code" / "one", [Row("2026-01-02T10:00:00+09:00", ME, "feat: a", {"a": "1\n"})])
    make_repo(tmp_path / "code" / "two", [Row("2026-01-02T11:00:00+09:00", ME, "feat: b", {"a": "1\n"})])
    (blog / "retro.toml").write_text(f'repos = ["{tmp_path}/code/*"]\nauthors = ["{ME}"]\n')
    document = json.loads(collect("--json").stdout)
    assert [r["name"] for r in document["repos"]] == ["one", "two"]


def test_a_shallow_clone_warns(blog: Path, january_repo: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{january_repo}", str(shallow))
    result = collect("--repo", str(shallow), "--author", ME)
    assert result.exit_code == 0
    assert "warning: shallow is a shallow clone: its numbers may be partial (git fetch --unshallow fixes it)." in result.stdout


def test_a_named_folder_without_repositories_is_an_error(blog: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = collect("--repo", str(tmp_path / "empty"), "--author", ME)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: --repo: {tmp_path / 'empty'} is not a git repository and holds none (looked 3 levels down)."
    )


def test_two_emails_for_one_person(blog: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", [
        Row("2026-01-02T10:00:00+09:00", "me@home.example", "feat: at home", {"a": "1\n"}),
        Row("2026-01-03T10:00:00+09:00", "Me@Work.Example", "feat: at work", {"b": "1\n"}),
        Row("2026-01-04T10:00:00+09:00", "else@example.com", "feat: not me", {"c": "1\n"}),
    ])
    (blog / "retro.toml").write_text('authors = ["me@home.example", "me@work.example"]\n')
    document = json.loads(collect("--repo", str(repo), "--json").stdout)
    assert document["totals"]["commits"] == 2
    assert document["authors"] == ["me@home.example", "me@work.example"]


def test_a_cherry_picked_change_counts_once(blog: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", [Row("2026-01-02T10:00:00+09:00", ME, "base", {"a": "1\n"})])
    git(repo, "checkout", "-q", "-b", "release")
    git(repo, "checkout", "-q", "main")
    sha = commit(repo, Row("2026-01-03T10:00:00+09:00", ME, "fix: the bug", {"b": "1\n"}))
    git(repo, "checkout", "-q", "release")
    git(repo, "cherry-pick", sha, env={"GIT_COMMITTER_DATE": "2026-01-04T10:00:00+09:00"})
    document = json.loads(collect("--repo", str(repo), "--author", ME, "--json").stdout)
    # Two shas for one change: counted once, the copy on the checked-out branch (release) kept.
    log = document["repos"][0]["log"]
    assert [c["subject"] for c in log] == ["base", "fix: the bug"]
    assert log[1]["sha"] == git(repo, "rev-parse", "release").strip() != sha
    assert document["repos"][0]["copies"] == 1 and document["totals"]["commits"] == 2


def test_a_progress_bar_shows_on_a_terminal_for_several_repositories(monkeypatch) -> None:
    import io
    import sys

    from retro import cli as cli_module

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli_module.progress_bar(3, "reading repositories") as advance:
        for _ in range(3):
            advance(None)
    assert "reading repositories" in terminal.getvalue() and "100%" in terminal.getvalue()
    with cli_module.progress_bar(1, "reading repositories") as advance:
        assert advance is None  # one repository: nothing to wait for


def test_without_compare_the_month_before_is_not_walked(blog: Path, january_repo: Path) -> None:
    document = json.loads(collect("--repo", str(january_repo), "--author", ME, "--json").stdout)
    assert document["totals"]["previous_commits"] is None and document["repos"][0]["previous_days"] is None


def test_json_is_compact_in_a_pipe_and_indented_at_a_terminal(tmp_path: Path) -> None:
    """UTF-8 either way (a Korean subject stays readable); two-space indents only for a person."""
    import os
    import pty
    import subprocess
    import sys

    repo = make_repo(tmp_path / "r", [Row("2026-01-05T10:00:00+09:00", ME, "feat: 회고 초안", {"a.py": "1\n"})])
    command = [sys.executable, "-m", "retro", "collect", "--month", "2026-01", "--repo", str(repo),
               "--author", ME, "--tz", "Asia/Seoul", "--json"]
    piped = subprocess.run(command, capture_output=True, check=True, cwd=tmp_path).stdout.decode()
    assert piped.count("\n") == 1 and '"subject":"feat: 회고 초안"' in piped
    main, terminal = pty.openpty()
    process = subprocess.Popen(command, stdout=terminal, stderr=subprocess.DEVNULL, cwd=tmp_path)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert process.wait() == 0
    text = shown.decode().replace("\r\n", "\n")
    assert json.loads(text) == json.loads(piped)
    assert '\n  "month": "2026-01",' in text and '"subject": "feat: 회고 초안"' in text
