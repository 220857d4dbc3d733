"""Edges a review of the themes, interview, year and schedule work found, each held here."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import ME, Row, make_repo
from retro.cli import cli
from retro.months import Month


def test_an_answer_appends_after_korean_without_a_final_newline(tmp_path: Path) -> None:
    from retro.sources.notes import append_section

    notes = tmp_path / "ko.md"
    notes.write_bytes("# 노트\n\n오늘은 프록시를 띄웠다".encode())
    append_section(notes, "잘한 점", "매주 콜", "2026-11")
    assert notes.read_text() == "# 노트\n\n오늘은 프록시를 띄웠다\n\n## 잘한 점\n\n매주 콜\n"


def test_answers_to_daily_notes_keep_each_days_words_under_its_date(blog: Path) -> None:
    from retro import config
    from retro.sources import notes

    daily = blog / "notes"
    daily.mkdir()
    (daily / "2026-11-29.md").write_text("- did A\n")
    (daily / "2026-11-30.md").write_text("- did B\n")
    target = notes.answers_file(config.load(blog), Month(2026, 11))
    assert target == daily / "2026-11-30.md"
    notes.append_section(target, "Keep", "the pace", "2026-11")
    read = notes.read_month(daily, "2026-11")
    assert [(t.title, [i.text for i in t.items], t.paragraphs) for t in read.themes] == [
        ("2026-11-29", ["did A"], []), ("2026-11-30", ["did B"], []), ("Keep", [], ["the pace"])]


def test_with_no_retrospective_category_only_the_months_own_file_is_its_post(blog: Path) -> None:
    from retro.blog import post

    (blog / "posts" / "2026-11-12-jeju.md").write_text("---\ntitle: Jeju\ndate: 2026-11-12\n---\n\nA trip.\n")
    assert post.month_post(blog / "posts", Month(2026, 11), None) == blog / "posts" / "2026-11-retrospective.md"


def test_a_theme_with_more_than_it_quotes_passes_its_own_fact_check(blog: Path, tmp_path: Path) -> None:
    rows = [Row(f"2026-01-{day:02d}T10:00:00+09:00", ME, f"webui: step {day}", {f"w{day}.py": "x\n"})
            for day in range(1, 12)]
    repo = make_repo(tmp_path / "site", rows + [Row("2026-01-20T10:00:00+09:00", ME, "feat: other", {"o.py": "1\n"})])
    (blog / "notes").mkdir()
    (blog / "notes" / "2026-01.md").write_text("## WebUI\n- read the code\n")
    args = ["--month", "2026-01", "--repo", str(repo), "--author", ME, "--tz", "Asia/Seoul"]
    assert CliRunner().invoke(cli, ["draft", *args]).exit_code == 0
    text = (blog / "posts" / "2026-01-retrospective.md").read_text()
    assert "11 commits were about it: “step 1”, “step 2”, “step 3” and 8 more." in text  # one repository
    check = CliRunner().invoke(cli, ["check", "posts/2026-01-retrospective.md", *args])
    assert check.exit_code == 0, check.output


def test_an_interview_in_a_dry_run_draft_writes_nothing(blog: Path, january_repo: Path) -> None:
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME,
                                      "--tz", "Asia/Seoul", "--interview", "--dry-run"], input="An answer.\n\n")
    assert result.exit_code == 0, result.output
    assert not (blog / "notes").exists() and not (blog / "posts" / "2026-01-retrospective.md").exists()


def test_a_question_shows_a_scope_as_code_it_cannot_leave(blog: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "api", [Row("2026-01-03T10:00:00+09:00", ME, "feat(x` <img src=x onerror=alert`1`> `y): add",
                                            {"a.py": "1\n"})])
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(repo), "--author", ME, "--tz",
                                      "Asia/Seoul", "--format", "kpt", "--dry-run"])
    assert result.exit_code == 0, result.output
    from retro.markup import rendered, running_html

    assert running_html(rendered(result.stdout.split("---\n", 2)[2])) == []


def test_the_pull_request_never_shows_the_api_base(tmp_path: Path) -> None:
    from test_schedule import outputs, run_step, steps

    from conftest import commit, git, init_repo, make_blog

    blog = make_blog(tmp_path / "blog")
    init_repo(blog)
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "fresh"), "--schedule"]).exit_code == 0
    (blog / ".github").mkdir()
    (tmp_path / "fresh" / ".github").rename(blog / ".github")
    (blog / "retro.toml").write_text(f'authors = ["{ME}"]\n')
    commit(blog, Row("2026-11-03T10:00:00+09:00", ME, "feat: x", {"site/x.md": "x\n"}))
    git(tmp_path, "init", "-q", "--bare", str(tmp_path / "origin.git"))
    git(blog, "remote", "add", "origin", str(tmp_path / "origin.git"))
    base = "http://127.0.0.1:9/secret-path-7/v1"
    drafted = run_step(steps(blog)[0], blog, {"inputs.month": "2026-11", "vars.RETRO_MODEL": "openai/some-model",
                                             "secrets.RETRO_API_BASE": base, "secrets.RETRO_API_KEY": "sk-x"}, tmp_path)
    assert drafted.returncode == 0, drafted.stdout + drafted.stderr
    notes = (tmp_path / "runner" / "retro-notes.md").read_text()
    assert "(the API base)" in notes and base not in notes
    assert outputs(tmp_path)["post"] == "posts/2026-11-retrospective.md"
