"""Nothing lost (issue 31): no backup replaces another, whatever writes through one, however fast."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import ME
from retro.backups import backup_copy
from retro.cli import cli

MINE = "- A line of my own, written after the draft."


def draft(repo: Path, *extra: str):
    return CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(repo), "--author", ME,
                                    "--tz", "Asia/Seoul", *extra])


def kept(blog: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((blog / ".retro" / "backups").glob("*.md"))]


def test_two_forced_drafts_within_a_second_keep_the_authors_line(blog: Path, january_repo: Path) -> None:
    assert draft(january_repo).exit_code == 0
    post = blog / "posts" / "2026-01-retrospective.md"
    post.write_text(post.read_text(encoding="utf-8") + f"\n{MINE}\n", encoding="utf-8")
    first, second = draft(january_repo, "--force"), draft(january_repo, "--force")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert sum(MINE in text for text in kept(blog)) == 1  # kept once: neither lost nor copied twice
    assert MINE not in post.read_text(encoding="utf-8")


def test_a_backup_never_replaces_another(tmp_path: Path) -> None:
    target = tmp_path / "posts" / "a.md"
    target.parent.mkdir()
    copies = []
    for text in ("one", "two", "two", "three"):  # within the same second: distinct texts get distinct names
        target.write_text(text)
        copies.append(backup_copy(target, tmp_path))
    assert copies[1] == copies[2]  # the same bytes: no second copy
    assert len(set(copies)) == 3
    assert sorted(p.read_text() for p in set(copies)) == ["one", "three", "two"]


def test_the_interviews_rewrite_of_the_notes_is_backed_up(blog: Path, january_repo: Path) -> None:
    (blog / "retro.toml").write_text(f'repos = ["{january_repo}"]\nauthors = ["{ME}"]\ntimezone = "Asia/Seoul"\n')
    notes = blog / "notes" / "2026-01.md"
    notes.parent.mkdir()
    before = "## api\n- the login\n\n## Later\n- something\n"
    notes.write_text(before)
    answered = CliRunner().invoke(cli, ["interview", "--month", "2026-01"], input="It went well.\n\n")
    assert answered.exit_code == 0, answered.output
    assert notes.read_text() == "## api\n- the login\n\nIt went well.\n\n## Later\n- something\n"
    assert before in [p.read_text() for p in (blog / ".retro" / "backups").glob("2026-01.*.md")]

