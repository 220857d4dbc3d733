"""A table of bad inputs: each ends in one exact line, the right exit code, no traceback, and an intact blog."""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from conftest import ME, Row, git, make_repo
from retro.cli import cli

JAN = [Row("2026-01-05T10:00:00+09:00", ME, "feat: a", {"a.txt": "1\n"}),
       Row("2026-01-06T10:00:00+09:00", ME, "fix: b", {"b.txt": "1\n"})]


@dataclass
class Case:
    name: str
    args: list[str]  # {repo}, {tmp} and {blog} are filled in
    code: int
    message: str  # the last line on stderr, exactly ({repo}, {tmp}, {blog} filled in)
    setup: Callable[[Path, Path], None] = lambda blog, tmp: None


def draft(*extra: str) -> list[str]:
    return ["draft", "--author", ME, "--tz", "Asia/Seoul", *extra]


def month_error(text: str) -> str:
    if text == "2026-13":  # the form is right, the month is not
        return "Error: Invalid value for '--month': '2026-13' is not a month: the month must be 01-12 (YYYY-MM, " \
               "for example 2026-01)"
    return f"Error: Invalid value for '--month': '{text}' is not a month: use YYYY-MM, for example 2026-01"


def write(relative: str, content: str | bytes) -> Callable[[Path, Path], None]:
    def setup(blog: Path, tmp: Path) -> None:
        path = blog / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return setup


def broken_repo(blog: Path, tmp: Path) -> None:
    repo = make_repo(tmp / "damaged", JAN)
    blob = git(repo, "rev-parse", "HEAD:b.txt").strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()


CASES = [
    *(Case(f"month {text!r}", draft("--repo", "{repo}", "--month", text), 2, month_error(text))
      for text in ("2026-13", "2026-1", "26-01", "", "text")),
    Case("month in the future", draft("--repo", "{repo}", "--month", "2999-01"), 2,
         "Error: --month 2999-01 is in the future; choose this month or an earlier one."),
    Case("repo missing", draft("--repo", "{tmp}/nowhere", "--month", "2026-01"), 1,
         "Error: {tmp}/nowhere: no such folder; check the --repo path."),
    Case("repo a file", draft("--repo", "{tmp}/file.txt", "--month", "2026-01"), 1,
         "Error: {tmp}/file.txt: is a file, not a git repository; pass the repository's folder to --repo.",
         lambda blog, tmp: (tmp / "file.txt").write_text("x")),
    Case("repo a plain folder", draft("--repo", "{tmp}/plain", "--month", "2026-01"), 1,
         "Error: --repo: {tmp}/plain is not a git repository and holds none (looked 3 levels down).",
         lambda blog, tmp: (tmp / "plain").mkdir()),
    Case("repo git cannot read", draft("--repo", "{tmp}/damaged", "--month", "2026-01"), 1,
         "Error: {tmp}/damaged: git could not read this repository (fatal: unable to read {blob}); "
         "`git fsck` there shows what is damaged.", broken_repo),
    Case("notes missing", draft("--repo", "{repo}", "--month", "2026-01", "--notes", "nope.md"), 1,
         "Error: nope.md: no such notes file; check --notes (or leave it out to use none)."),
    Case("notes a folder without daily notes", draft("--repo", "{repo}", "--month", "2026-01", "--notes", "site"), 1,
         "Error: site: is a folder with no daily notes for 2026-01 (2026-01-DD.md); pass a notes file or the right "
         "folder to --notes."),
    Case("notes binary", draft("--repo", "{repo}", "--month", "2026-01", "--notes", "n.bin"), 1,
         "Error: n.bin: looks binary, not Markdown; notes are a text file: replace or move it.",
         write("n.bin", b"\x89PNG\x00\x00\x01")),
    Case("retro.toml malformed", draft("--repo", "{repo}", "--month", "2026-01"), 1,
         "Error: {blog}/retro.toml: Expected '=' after a key in a key/value pair (at line 2, column 6); "
         "fix the TOML syntax there.", write("retro.toml", 'lang = "en"\nmodel\n')),
    Case("retro.toml unknown key", draft("--repo", "{repo}", "--month", "2026-01"), 1,
         "Error: {blog}/retro.toml: unknown key 'modle': did you mean 'model'?",
         write("retro.toml", 'modle = "openai/gpt-4o-mini"\n')),
    Case("posts a file", draft("--repo", "{repo}", "--month", "2026-01"), 1,
         "Error: {blog}/posts is a file, not a folder; move it away so posts can be written there.",
         lambda blog, tmp: (shutil.rmtree(blog / "posts"), (blog / "posts").write_text("oops"))),
    Case("an existing post without --force", draft("--repo", "{repo}", "--month", "2026-01"), 1,
         "Error: {blog}/posts/2026-01-retrospective.md already exists; pass --force to replace it (the old one is "
         "kept as a backup).", write("posts/2026-01-retrospective.md", "my words\n")),
    Case("mkdocs.yml malformed, building", ["build"], 1,
         "Error: {blog}/mkdocs.yml: MkDocs encountered an error parsing the configuration file: mapping values are "
         "not allowed here in \"{blog}/mkdocs.yml\", line 1, column 13",
         write("mkdocs.yml", "site_name: a: b\n")),
    Case("a post with broken front matter, building", ["build"], 1,
         "Error: the site did not build; posts/bad.md:3: date must be a YAML date like 2026-01-31, "
         "not '2026-01-31 10:00:00 +0900'",
         write("posts/bad.md", "---\ntitle: Bad\ndate: 2026-01-31 10:00:00 +0900\n---\n\nx\n")),
    Case("check a broken post", ["check", "posts/bad.md"], 1, "Error: 1 problem found.",
         write("posts/bad.md", "---\ntitle: Bad\ncategories: oops\ndate: 2026-01-31\n---\n\nx\n")),
]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the blog but what a build makes (public/, and the blog plugin's site/posts/)."""
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not relative.startswith(("public/", "site/posts/")):
            files[relative] = path.read_bytes()
    return files


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_bad_input_ends_in_one_line_and_changes_nothing(case: Case, blog: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", JAN)
    case.setup(blog, tmp_path)
    before = snapshot(blog)
    blob = ""
    if (tmp_path / "damaged").exists():
        blob = git(tmp_path / "damaged", "rev-parse", "HEAD:b.txt").strip()
    fill = {"repo": str(repo), "tmp": str(tmp_path), "blog": str(blog), "blob": blob}
    args = [a.format(**fill) for a in case.args]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == case.code, result.output
    assert result.stderr.strip().splitlines()[-1] == case.message.format(**fill)
    assert "Traceback" not in result.output
    assert snapshot(blog) == before


def test_retro_toml_with_several_mistakes_names_each(blog: Path) -> None:
    (blog / "retro.toml").write_text('timeout = "soon"\nauthors = [1]\n')
    result = CliRunner().invoke(cli, ["collect", "--month", "2026-01"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {blog}/retro.toml: timeout must be a positive whole number, like timeout = 120; "
        'authors must be a list of strings, like authors = ["me@example.com", "me@work.example"].'
    )


@pytest.mark.parametrize("repo_kind", ["empty", "bare", "shallow"])
def test_unusual_repositories_work(repo_kind: str, blog: Path, tmp_path: Path) -> None:
    source = make_repo(tmp_path / "source", JAN)
    path = tmp_path / repo_kind
    if repo_kind == "empty":
        make_repo(path, [])
    elif repo_kind == "bare":
        git(tmp_path, "clone", "-q", "--bare", str(source), str(path))
    else:
        git(tmp_path, "clone", "-q", "--depth", "1", f"file://{source}", str(path))
    result = CliRunner().invoke(cli, draft("--repo", str(path), "--month", "2026-01"), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (blog / "posts" / "2026-01-retrospective.md").exists()
    if repo_kind == "shallow":
        assert "warning: shallow is a shallow clone: its numbers may be partial" in result.stderr


def test_notes_that_are_not_utf8_are_read_with_a_warning(blog: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", JAN)
    (blog / "n.md").write_bytes(b"## Caf\xe9\n- ok\n")
    result = CliRunner().invoke(cli, draft("--repo", str(repo), "--month", "2026-01", "--notes", "n.md"),
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert "warning: n.md is not valid UTF-8; unreadable bytes were replaced with '\ufffd'." in result.stderr


def test_a_missing_posts_folder_is_created(blog: Path, tmp_path: Path) -> None:
    shutil.rmtree(blog / "posts")
    repo = make_repo(tmp_path / "repo", JAN)
    result = CliRunner().invoke(cli, draft("--repo", str(repo), "--month", "2026-01"), catch_exceptions=False)
    assert result.exit_code == 0 and (blog / "posts" / "2026-01-retrospective.md").exists()


@pytest.mark.parametrize("failure", ["disk full", "not writable"])
def test_a_failed_write_keeps_the_old_post(failure: str, blog: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    repo = make_repo(tmp_path / "repo", JAN)
    target = blog / "posts" / "2026-01-retrospective.md"
    target.write_text("the old post\n")
    if failure == "disk full":
        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        monkeypatch.setattr(os, "fsync", full)
        expected = f"Error: cannot write {target}: No space left on device; the previous file is unchanged."
    else:
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
        expected = f"Error: cannot write in {target.parent}: Permission denied; check that the folder is writable."
    result = CliRunner().invoke(cli, draft("--repo", str(repo), "--month", "2026-01", "--force"),
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == expected
    assert target.read_text() == "the old post\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["2026-01-retrospective.md"]
