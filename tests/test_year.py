"""`retro draft --year`: the year read in one walk, its figures equal to git's, its months linked to their posts,
its picture drawn with no label over another, and its figures checked by `retro check`."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from conftest import ME, OTHER, Row, git, make_repo
from retro.cli import cli

JANUARY_POST = ("---\ntitle: January, at last\ndate: 2026-01-31\ncategories: [Retrospective]\ndraft: false\n---\n\n"
                "January was about the API, and 7 commits in all.\n\n<!-- more -->\n\nMore.\n")
MARCH_POST = ("---\ntitle: March\ndate: 2026-03-31\ncategories: [Retrospective]\ndraft: true\n---\n\n"
              "March was a quiet month.\n")


def history(path: Path) -> Path:
    """Two years of work, the second busier; someone else's commits; a release."""
    rows = []
    for year in (2025, 2026):
        for month in range(1, 13):
            days = (3, 4, 10, 20) if year == 2026 and month % 3 == 1 else (5,) if month % 2 else (5, 6)
            for day in days:
                rows.append(Row(f"{year}-{month:02d}-{day:02d}T10:00:00+09:00", ME, f"feat(api): step {year}-{month}-{day}",
                                {f"api/m{month}.py": f"{year}{day}\n" * day}))
            rows.append(Row(f"{year}-{month:02d}-12T10:00:00+09:00", OTHER, "docs: by someone else", {"README.md": f"{month}\n"}))
    repo = make_repo(path, rows)
    git(repo, "tag", "v1.0", "HEAD~2")  # 2026-12-05
    return repo


@pytest.fixture
def year(tmp_path: Path, blog: Path) -> list[str]:
    repo = history(tmp_path / "api")
    (blog / "posts" / "2026-01-retrospective.md").write_text(JANUARY_POST)
    (blog / "posts" / "2026-03-retrospective.md").write_text(MARCH_POST)
    return ["--repo", str(repo), "--author", ME, "--tz", "Asia/Seoul"]


def git_count(repo: str, since: str, until: str) -> int:
    out = git(Path(repo), "log", "--branches", "--no-merges", f"--author={ME}", "--date=iso-strict",
              "--format=%ad", f"--since={since}T00:00:00+09:00", f"--until={until}T00:00:00+09:00")
    return len([line for line in out.splitlines() if since[:4] in line[:4]])


def test_the_year_post_tells_gits_figures_and_links_its_months(blog: Path, year: list[str]) -> None:
    result = CliRunner().invoke(cli, ["draft", "--year", "2026", *year])
    assert result.exit_code == 0, result.output
    path = blog / "posts" / "2026-year-in-review.md"
    post = frontmatter.load(path)
    assert post["title"] == "2026 Year in Review" and post["draft"] is True and str(post["date"]) == "2026-12-31"
    assert post["categories"] == ["Retrospective"]
    commits = git_count(year[1], "2026-01-01", "2027-01-01")
    before = git_count(year[1], "2025-01-01", "2026-01-01")
    assert commits == 4 * 4 + 4 * 1 + 4 * 2 and before == 6 * 1 + 6 * 2  # the fixture is what it says
    body = post.content
    assert body.startswith(f"In 2026 I made {commits} commits across 1 repository, adding ")
    assert f"2025 had {before} commits on {before} active days." in body
    assert "| January | 4 | 4 |" in body and "[January, at last](2026-01-retrospective.md) |" in body
    assert "| March | 1 | 1 |" in body and "(2026-03-retrospective.md)" not in body  # a draft is not linked
    assert "- **January**: “January was about the API, and 7 commits in all.”" in body
    assert "- **March**: “March was a quiet month.”" in body
    assert "- api `v1.0` (2026-12-05)" in body
    assert (blog / "posts" / "assets" / "2026-activity.svg").read_text().startswith("<svg")
    check = CliRunner().invoke(cli, ["check", "posts/2026-year-in-review.md", *year])
    assert check.exit_code == 0, check.output
    path.write_text(path.read_text().replace(f"I made {commits} commits", f"I made {commits + 100} commits"))
    check = CliRunner().invoke(cli, ["check", "posts/2026-year-in-review.md", *year])
    assert check.exit_code == 1
    assert f"the draft says {commits + 100} commits; the data has {commits}" in check.stdout
    path.write_text(path.read_text().replace(f"I made {commits + 100} commits", f"I made {commits} commits"))
    built = CliRunner().invoke(cli, ["build", "--drafts"])
    assert built.exit_code == 0, built.output  # the month links resolve in the strict build
    [page] = Path("public").glob("2026/12/31/*/index.html")
    assert 'href="../../../01/31/january-at-last/"' in page.read_text()


def test_the_year_in_korean_and_its_title_setting(blog: Path, year: list[str]) -> None:
    result = CliRunner().invoke(cli, ["draft", "--year", "2026", "--lang", "ko", "--dry-run", *year])
    assert result.exit_code == 0, result.output
    assert "title: 2026 연말 회고" in result.stdout and "2026년 한 해 동안 나는 저장소 1곳에서 커밋 28개를 남겼다." in result.stdout
    assert "| 1월 | 4 | 4 |" in result.stdout and "## 그 달은" in result.stdout
    (blog / "retro.toml").write_text('year_title = "{year}, 돌아보며"\n')
    result = CliRunner().invoke(cli, ["draft", "--year", "2026", "--lang", "ko", "--dry-run", *year])
    assert "title: 2026, 돌아보며" in result.stdout
    assert not (blog / "posts" / "2026-year-in-review.md").exists()


def test_a_year_post_is_never_lost(blog: Path, year: list[str]) -> None:
    path = blog / "posts" / "2026-year-in-review.md"
    path.write_text("---\ntitle: mine\n---\n\nMy words.\n")
    refused = CliRunner().invoke(cli, ["draft", "--year", "2026", *year])
    assert refused.exit_code == 1 and "already exists; pass --force" in refused.stderr
    assert path.read_text() == "---\ntitle: mine\n---\n\nMy words.\n"
    forced = CliRunner().invoke(cli, ["draft", "--year", "2026", "--force", *year])
    assert forced.exit_code == 0
    [backup] = (blog / ".retro" / "backups").iterdir()
    assert backup.read_text() == "---\ntitle: mine\n---\n\nMy words.\n"
    both = CliRunner().invoke(cli, ["draft", "--year", "2026", "--month", "2026-01", *year])
    assert both.exit_code == 2 and "--year drafts a whole year: leave out --month and --interview." in both.stderr
    future = CliRunner().invoke(cli, ["draft", "--year", "2999", *year])
    assert future.exit_code == 2 and "--year 2999 is in the future" in future.stderr


def test_the_models_digest_is_the_year_then_the_posts_most_recent_first(blog: Path, year: list[str], stub) -> None:
    result = CliRunner().invoke(cli, ["draft", "--year", "2026", "--model", "openai/stub-model", "--dry-run", *year])
    assert result.exit_code == 0, result.output
    user = result.stdout.split("----- user -----")[1]
    assert "  2026-01: 4, 4, +" in user and "Monthly posts, most recent first:" in user
    assert user.index("--- 2026-03 (the author's post) ---") < user.index("--- 2026-01 (the author's post) ---")
    (blog / "retro.toml").write_text("context_window = 2600\nanswer_tokens = 600\n")
    (blog / "posts" / "2026-01-retrospective.md").write_text(JANUARY_POST + "\nA long tail. " * 400)
    tight = CliRunner().invoke(cli, ["draft", "--year", "2026", "--model", "openai/stub-model", "--dry-run", *year])
    user = tight.stdout.split("----- user -----")[1]
    assert "--- 2026-03 (the author's post) ---" in user  # the most recent kept whole
    assert "--- 2026-01 (its first paragraph) ---\nJanuary was about the API, and 7 commits in all." in user


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("busiest", [0, 1, 9, 1234])
def test_the_year_picture_has_no_label_over_another(lang: str, busiest: int) -> None:
    from datetime import timezone

    from retro.months import Year
    from retro.sources.facts.month import MonthFacts as Activity
    from retro.writing.charts import year as year_chart
    from retro.writing.offline.year_post import YearFacts, month_rows

    since, until = Year(2026).bounds(timezone.utc)
    facts = YearFacts(Activity(Year(2026), since, until, timezone.utc, (ME,), []), month_rows(
        Activity(Year(2026), since, until, timezone.utc, (ME,), []), [f"{m}월" for m in range(1, 13)]))
    for index, row in enumerate(facts.months):
        row.commits = busiest * (index % 4) // 3
    boxes = year_chart.boxes(facts, lang)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    drawn = year_chart.svg(facts, lang)
    assert drawn.count("<rect") >= 365 and "<title id=\"title\">" in drawn
    assert year_chart.alt_text(facts, lang) in drawn


def test_meetings_across_the_year_when_a_calendar_is_on(blog: Path, year: list[str]) -> None:
    ics = Path(__file__).parent / "fixtures" / "month.ics"
    (blog / "retro.toml").write_text(f'calendars = ["{ics}"]\n')
    result = CliRunner().invoke(cli, ["draft", "--year", "2026", *year])
    assert result.exit_code == 0, result.output
    body = frontmatter.load(blog / "posts" / "2026-year-in-review.md").content
    meetings = body.split("## Meetings and pull requests\n\n", 1)[1].split("\n\n", 1)[0]
    assert meetings.startswith("- ") and " meetings, " in meetings.splitlines()[0]
    assert "  - Conference Call with the US team: " in meetings
    check = CliRunner().invoke(cli, ["check", "posts/2026-year-in-review.md", *year])
    assert check.exit_code == 0, check.output  # the year's meetings are facts the check knows
