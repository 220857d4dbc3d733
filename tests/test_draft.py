"""`retro draft` end to end, offline: the post's front matter and body, and the files it leaves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner, Result

from conftest import ME, OTHER, Row, git, make_repo
from retro.cli import cli

NOTES = """\
# January notes

## Course: Rust in Action
- Finished chapters 1-6
  - ownership finally clicked
- Wrote a small CLI

## Read the source of mkdocs-material
The blog plugin is smaller than I thought.

## Reflection
I spent too long on the login bug.

## Next month
- Ship the web client
- Start the LiteLLM proxy at home
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def draft_args(repo: Path, *extra: str) -> list[str]:
    return ["draft", "--month", "2026-01", "--repo", str(repo), "--author", ME, "--tz", "Asia/Seoul", *extra]


def test_draft_writes_a_post_with_retros_front_matter(blog: Path, january_repo: Path) -> None:
    result = run(*draft_args(january_repo))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "posts/2026-01-retrospective.md"
    post = frontmatter.load(blog / "posts" / "2026-01-retrospective.md")
    assert post.metadata == {
        "title": "2026-01 Dev Retrospective",
        "date": date(2026, 1, 31),
        "categories": ["Retrospective"],
        "tags": ["diary"],
        "description": "January 2026 in review: 4 commits across 1 repository.",
        "draft": True,
        "drafted_by": "offline",
    }
    text = (blog / "posts" / "2026-01-retrospective.md").read_text()
    assert "date: 2026-01-31\n" in text  # a YAML date, not a string
    first, more, rest = post.content.partition("<!-- more -->")
    assert more and first.strip() == (
        "In January 2026 I made 4 commits across 1 repository (api), adding 8 lines and removing 0, "
        "touching 3 files on 3 active days. That is four times as many as December (1), on 3 active days "
        "against 1, with 8 lines added against 1."
    )
    assert "## What I built\n\nMost of the month went into the top-level files (4 lines, 2 commits), " \
           "1 docs change and 1 maintenance change. Then `api/` (4 lines, 2 commits), 1 feature and 1 fix." in rest
    assert rest.rstrip().endswith(
        "**Highlights**\n\n- Add login endpoint (+3 / -0)\n- Explain the login flow (+3 / -0)\n"
        "- Tidy the build script (+1 / -0)\n- Handle empty password (+1 / -0)")
    assert "someone else" not in post.content and "next month's work" not in post.content


def test_progress_goes_to_stderr_and_only_the_path_to_stdout(blog: Path, january_repo: Path) -> None:
    result = run(*draft_args(january_repo))
    assert result.stdout == "posts/2026-01-retrospective.md\n"
    assert "found 4 commits in 1 active repository" in result.stderr


def test_notes_become_themes_and_plans_become_next_month(blog: Path, january_repo: Path) -> None:
    (blog / "notes").mkdir()
    (blog / "notes" / "2026-01.md").write_text(NOTES)
    result = run(*draft_args(january_repo))
    assert result.exit_code == 0, result.output
    body = frontmatter.load(blog / "posts" / "2026-01-retrospective.md").content
    assert "## Course: Rust in Action\n\n- Finished chapters 1-6\n  - ownership finally clicked\n- Wrote a small CLI" in body
    assert "## Read the source of mkdocs-material\n\nThe blog plugin is smaller than I thought." in body
    assert "## Reflection\n\nI spent too long on the login bug." in body
    assert body.rstrip().endswith("## Next month\n\n- Ship the web client\n- Start the LiteLLM proxy at home")
    # The notes' themes come before the repositories, as they often weigh more.
    assert body.index("## Course") < body.index("## What I built")


def test_korean_post(blog: Path, january_repo: Path) -> None:
    (blog / "notes.md").write_text("## 강의\n- 러스트 강의 완강\n\n## 다음 달 계획\n- 블로그 이전\n")
    result = run(*draft_args(january_repo, "--lang", "ko", "--notes", "notes.md"))
    assert result.exit_code == 0, result.output
    post = frontmatter.load(blog / "posts" / "2026-01-retrospective.md")
    assert post["title"] == "2026-01 개발 회고"
    assert post["categories"] == ["회고록"]
    assert post.content.startswith(
        "2026년 1월에는 저장소 1곳(api)에서 커밋 4개를 남겼다. 8줄을 더하고 0줄을 지웠으며, 파일 3개를 바꿨고, "
        "일한 날은 3일이다. 커밋 수는 2025년 12월(커밋 1개)의 네 배다. 일한 날은 2025년 12월에 1일, 이번 달에 3일이다. "
        "더한 줄은 1줄에서 8줄이 되었다.")
    assert "습니다" not in post.content  # the plain style, as Korean dev blogs write
    assert "## 강의\n\n- 러스트 강의 완강" in post.content
    assert "## 다음 달\n\n- 블로그 이전" in post.content
    assert "## 한 일\n\n이번 달 가장 많은 시간을 들인 곳은 최상위 파일(커밋 2개, 4줄)이다. 문서 1개, 유지보수 1개." \
        in post.content
    assert "**주요 변경**\n\n- Add login endpoint (+3 / -0)" in post.content


def test_korean_in_the_polite_style_when_asked(blog: Path, january_repo: Path) -> None:
    (blog / "retro.toml").write_text('ko_style = "polite"\n')
    assert run(*draft_args(january_repo, "--lang", "ko")).exit_code == 0
    body = frontmatter.load(blog / "posts" / "2026-01-retrospective.md").content
    assert body.startswith("2026년 1월에는 저장소 1곳(api)에서 커밋 4개를 남겼습니다.")
    assert "일한 날은 3일이었습니다." in body


def test_an_existing_post_is_never_replaced_without_force(blog: Path, january_repo: Path) -> None:
    target = blog / "posts" / "2026-01-retrospective.md"
    target.write_text("my edited post\n")
    result = run(*draft_args(january_repo))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {target} already exists; pass --force to replace it (the old one is kept as a backup)."
    )
    assert target.read_text() == "my edited post\n"

    result = run(*draft_args(january_repo, "--force"))
    assert result.exit_code == 0, result.output
    assert "drafted_by: offline" in target.read_text()
    backups = list((blog / ".retro" / "backups").iterdir())
    assert [b.read_text() for b in backups] == ["my edited post\n"]
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_all_authors_and_several_authors_write_as_we(blog: Path, january_repo: Path) -> None:
    run("draft", "--month", "2026-01", "--repo", str(january_repo), "--all-authors", "--tz", "Asia/Seoul")
    body = frontmatter.load(blog / "posts" / "2026-01-retrospective.md").content
    assert body.startswith("In January 2026 we made 5 commits across 1 repository (api)")
    assert "## What we built" in body and "- Someone else's feature (+1 / -0)" in body
    run("draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME, "--author", OTHER,
        "--tz", "Asia/Seoul", "--lang", "ko", "--force")
    body = frontmatter.load(blog / "posts" / "2026-01-retrospective.md").content
    assert body.startswith("2026년 1월에 우리는 저장소 1곳(api)에서 커밋 5개를 남겼다.")
    assert "## 우리가 한 일" in body


def test_defaults_come_from_retro_toml(blog: Path, january_repo: Path) -> None:
    (blog / "retro.toml").write_text(
        f'authors = ["{OTHER}"]\nrepos = ["{january_repo}"]\ntimezone = "Asia/Seoul"\n'
        'title = "Looking back on {month_name} {year}"\ncategories = ["회고록"]\ntags = ["diary", "dev"]\n'
    )
    result = run("draft", "--month", "2026-01")
    assert result.exit_code == 0, result.output
    post = frontmatter.load(blog / "posts" / "2026-01-retrospective.md")
    assert post["title"] == "Looking back on January 2026"
    assert post["categories"] == ["회고록"] and post["tags"] == ["diary", "dev"]
    assert "1 commit across 1 repository" in post.content


def test_the_blogs_own_repository_is_the_default(blog: Path) -> None:
    make_repo(blog, [Row("2026-01-02T10:00:00+09:00", ME, "feat: write the blog", {"posts/.keep": ""})])
    result = run("draft", "--month", "2026-01", "--author", ME, "--tz", "Asia/Seoul")
    assert result.exit_code == 0, result.output
    added = sum(int(line.split()[0]) for line in git(blog, "show", "--numstat", "--format=", "HEAD").splitlines())
    assert f"- Write the blog (+{added} / -0)" in (blog / "posts" / "2026-01-retrospective.md").read_text()


def test_a_month_without_commits_still_drafts(blog: Path, january_repo: Path) -> None:
    result = run("draft", "--month", "2025-06", "--repo", str(january_repo), "--author", ME)
    assert result.exit_code == 0, result.output
    assert "No commits were recorded in June 2025." in (blog / "posts" / "2025-06-retrospective.md").read_text()


def test_commit_text_cannot_inject_html_or_markdown_structure(blog: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "evil", [
        Row("2026-01-02T10:00:00+09:00", ME, "feat: <script>alert(1)</script> <!-- more --> {{ x }}", {"a": "1\n"}),
        Row("2026-01-03T10:00:00+09:00", ME, "# not a heading", {"b": "1\n"}),
    ])
    run(*draft_args(repo))
    text = (blog / "posts" / "2026-01-retrospective.md").read_text()
    assert "<script>" not in text and text.count("<!-- more -->") == 1
    assert "- &lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- more --&gt;" in text
    assert "- \\# not a heading" in text


@pytest.mark.parametrize("args, code, message", [
    (["--month", "2026-13"], 2, "Error: Invalid value for '--month': '2026-13' is not a month: the month must be 01-12 (YYYY-MM, for example 2026-01)"),
    (["--month", "26-01"], 2, "Error: Invalid value for '--month': '26-01' is not a month: use YYYY-MM, for example 2026-01"),
    (["--month", "2999-01"], 2, "Error: --month 2999-01 is in the future; choose this month or an earlier one."),
    (["--month", "2026-01", "--tz", "Mars/Olympus"], 2,
     "Error: --tz: unknown time zone 'Mars/Olympus': use an IANA name such as Asia/Seoul or UTC."),
    (["--month", "2026-01", "--notes", "missing.md"], 1,
     "Error: missing.md: no such notes file; check --notes (or leave it out to use none)."),
])
def test_usage_mistakes_give_one_line_and_change_nothing(
    blog: Path, january_repo: Path, args: list[str], code: int, message: str
) -> None:
    result = run("draft", "--repo", str(january_repo), "--author", ME, *args)
    assert result.exit_code == code
    assert result.stderr.strip().splitlines()[-1] == message
    assert "Traceback" not in result.output
    assert list((blog / "posts").iterdir()) == []


def test_outside_a_blog_the_error_says_where_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("draft", "--month", "2026-01")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: No mkdocs.yml in {tmp_path.resolve()} or any folder above it: run retro inside your blog "
        "(the folder holding mkdocs.yml and posts/)."
    )


def test_the_post_tells_releases_and_the_longest_streak(blog: Path, tmp_path: Path) -> None:
    from conftest import git

    rows = [Row(f"2026-01-{day:02d}T10:00:00+09:00", ME, f"feat: step {day}", {f"s{day}.py": "x\n"})
            for day in (3, 4, 5, 6, 20)]
    repo = make_repo(tmp_path / "api", rows)
    git(repo, "tag", "-a", "-m", "first release", "v0.1.0", "HEAD~1")
    run(*draft_args(repo))
    body = frontmatter.load(blog / "posts" / "2026-01-retrospective.md").content
    assert "The longest streak was 4 days in a row, from 2026-01-03. Released: `v0.1.0` (2026-01-06)." in body
    assert "on 5 active days. December had none. The longest streak" in body
