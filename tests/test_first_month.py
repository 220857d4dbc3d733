"""A new user's first month (issue 29): the right author counted, and the author's own true words pass the check."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from conftest import Row, git, make_repo
from retro.cli import cli

MINA = "mina@work.example"  # the work repository's own user.email; the global one is maintainer@example.com
NOVEMBER = [
    Row("2026-11-03T10:00:00+09:00", MINA, "feat(api): add the login stub", {"api/login.py": "a\n"}),
    Row("2026-11-04T10:00:00+09:00", MINA, "fix(api): empty password", {"api/login.py": "a\nb\n"}),
    Row("2026-11-10T10:00:00+09:00", MINA, "docs: the login flow", {"README.md": "# proj\n"}),
    Row("2026-11-12T10:00:00+09:00", MINA, "feat: the settings page", {"web/settings.js": "x\n"}),
    Row("2026-11-18T10:00:00+09:00", MINA, "test: login", {"tests/test_login.py": "assert 1\n"}),
    Row("2026-11-19T10:00:00+09:00", MINA, "chore: tidy", {"Makefile": "all:\n"}),
]


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def work_repo(path: Path, email: str = MINA, rows: list[Row] = NOVEMBER) -> Path:
    repo = make_repo(path, rows)
    git(repo, "config", "user.email", email)
    return repo


def test_a_repositorys_own_email_counts_without_authors(blog: Path, tmp_path: Path) -> None:
    repo = work_repo(tmp_path / "proj")
    result = run("draft", "--month", "2026-11", "--repo", str(repo), "--tz", "Asia/Seoul")
    assert result.exit_code == 0, result.output
    assert "found 6 commits in 1 active repository" in result.stderr
    post = (blog / "posts" / "2026-11-retrospective.md").read_text()
    assert "6 commits" in post


def test_a_repository_of_other_authors_is_named_with_the_fix(blog: Path, tmp_path: Path) -> None:
    # The repository's own email is not the one its commits carry: nothing counts, and retro says who did.
    repo = work_repo(tmp_path / "proj", email="someone@else.example")
    warning = ("proj: none of the month's 6 commits is by maintainer@example.com, someone@else.example; "
               f"the authors there: {MINA} (6). To count them, pass --author {MINA}, add it to authors in "
               "retro.toml, or pass --all-authors.")
    drafted = run("draft", "--month", "2026-11", "--repo", str(repo), "--tz", "Asia/Seoul")
    assert drafted.exit_code == 0, drafted.output
    assert f"warning: {warning}" in drafted.stderr.splitlines()
    collected = run("collect", "--month", "2026-11", "--repo", str(repo), "--tz", "Asia/Seoul", "--json")
    assert collected.exit_code == 0, collected.output
    assert json.loads(collected.stdout)["repos"][0]["warnings"] == [warning]


def test_the_authors_own_true_words_pass_the_check(blog: Path, tmp_path: Path) -> None:
    repo = work_repo(tmp_path / "proj")
    (blog / "retro.toml").write_text('format = "kpt"\nlang = "ko"\ntimezone = "Asia/Seoul"\n')
    notes = blog / "notes"
    notes.mkdir()
    (notes / "2026-11.md").write_text(
        "## Keep\n- 11월 3일에 로그인 작업을 시작했다\n\n"
        "## Problem\n- 20일 이후 다른 일로 바빴다\n- 3일 동안 쉬었다\n- after the 20th I was busy, and on 20 Nov too\n\n"
        "## Try\n- 하루 30분씩 리뷰하기\n", encoding="utf-8")
    drafted = run("draft", "--month", "2026-11", "--repo", str(repo))
    assert drafted.exit_code == 0, drafted.output
    post = blog / "posts" / "2026-11-retrospective.md"
    text = post.read_text(encoding="utf-8")
    # Written by hand under the format's sections, not in the notes: still the author's own words.
    text = text.replace("- 3일 동안 쉬었다", "- 3일 동안 쉬었다\n- I rested for 4 days after a 2 hour call")
    text = text.replace("## Try\n", "## Try\n\n- 12 commits were too few\n- 일한 날은 9일이었다\n")
    post.write_text(text, encoding="utf-8")
    checked = run("check", str(post), "--repo", str(repo))
    lines = text.splitlines()
    at = {lines.index("- 12 commits were too few") + 1, lines.index("- 일한 날은 9일이었다") + 1}
    # The figures that name a metric are still checked, in the author's words too; the dates and rests are not.
    assert sorted(checked.stdout.splitlines()) == sorted([
        f"posts/2026-11-retrospective.md:{min(at)}: the draft says 12 commits; the data has 6",
        f"posts/2026-11-retrospective.md:{max(at)}: the draft says 9 active days; the data has 6",
    ]), checked.output
    assert checked.exit_code == 1
    # Without the two false lines the post passes: the author's true words are no finding.
    post.write_text(text.replace("- 12 commits were too few\n", "").replace("- 일한 날은 9일이었다\n", ""),
                    encoding="utf-8")
    passed = run("check", str(post), "--repo", str(repo))
    assert "the draft says" not in passed.output, passed.output


FEBRUARY = [
    Row("2026-02-02T10:00:00+09:00", MINA, "LiteLLM proxy docker compose", {"docker-compose.yml": "a\n"}),
    Row("2026-02-03T10:00:00+09:00", MINA, "Open-WebUI RAG filter pipeline 초안", {"pipelines/rag_filter.py": "a\n"}),
    Row("2026-02-05T10:00:00+09:00", MINA, "RAG filter: 출처 인용 추가", {"pipelines/rag_filter.py": "a\nb\n"}),
    Row("2026-02-09T10:00:00+09:00", MINA, "리랭킹 단계 실험", {"pipelines/rag_filter.py": "a\nb\nc\n"}),
    Row("2026-02-10T10:00:00+09:00", MINA, "model list 정리", {"config.yaml": "x\n"}),
    Row("2026-02-11T10:00:00+09:00", MINA, "fallback 설정", {"config.yaml": "x\ny\n"}),
]
FEBRUARY_NOTES = """\
## LiteLLM
- 프록시를 직접 띄웠다

## Open-WebUI
- 필터 파이프라인을 읽었다

## 인증 (auth)
- 로그인은 다음 달에
"""


def section(text: str, heading: str) -> str:
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0].lstrip("\n")


def test_the_most_specific_fact_wins_the_theme(blog: Path, tmp_path: Path) -> None:
    repo = work_repo(tmp_path / "litellm-lab", rows=FEBRUARY + [
        Row("2026-02-12T10:00:00+09:00", MINA, "feat(auth): add login stub", {"auth/login.py": "x\n"})])
    (blog / "retro.toml").write_text('lang = "ko"\ntimezone = "Asia/Seoul"\n')
    (blog / "notes").mkdir()
    (blog / "notes" / "2026-02.md").write_text(FEBRUARY_NOTES, encoding="utf-8")
    drafted = run("draft", "--month", "2026-02", "--repo", str(repo))
    assert drafted.exit_code == 0, drafted.output
    text = (blog / "posts" / "2026-02-retrospective.md").read_text(encoding="utf-8")
    litellm, webui, auth = section(text, "LiteLLM"), section(text, "Open-WebUI"), section(text, "인증 (auth)")
    assert litellm.startswith("`litellm-lab`에 커밋 3개(3일, +3 / -0줄)를 남겼다: ")
    assert "RAG" not in litellm and "리랭킹" not in litellm
    # One repository: no "다른 저장소" (there is no other), and the three commits told once, here.
    assert webui.startswith("커밋 3개가 이 주제였다: “Open-WebUI RAG filter pipeline 초안”, "
                            "“RAG filter: 출처 인용 추가”, “리랭킹 단계 실험”.")
    assert auth.startswith("커밋 1개가 이 주제였다: “add login stub”.")
    assert text.count("리랭킹 단계 실험") == 1
    checked = run("check", "posts/2026-02-retrospective.md", "--repo", str(repo))
    assert checked.exit_code == 0, checked.output


def test_commits_elsewhere_are_elsewhere_only_beside_a_repository(blog: Path, tmp_path: Path) -> None:
    lab = work_repo(tmp_path / "litellm-lab", rows=FEBRUARY[:1])
    other = work_repo(tmp_path / "homelab", rows=[
        Row("2026-02-04T10:00:00+09:00", MINA, "LiteLLM key rotation", {"keys.py": "x\n"}),
        Row("2026-02-06T10:00:00+09:00", MINA, "Open-WebUI theme", {"ui.css": "x\n"})])
    (blog / "notes").mkdir()
    (blog / "notes" / "2026-02.md").write_text("## LiteLLM\n- a\n\n## Open-WebUI\n- b\n", encoding="utf-8")
    drafted = run("draft", "--month", "2026-02", "--repo", str(lab), "--repo", str(other), "--tz", "Asia/Seoul")
    assert drafted.exit_code == 0, drafted.output
    text = (blog / "posts" / "2026-02-retrospective.md").read_text(encoding="utf-8")
    assert "1 commit elsewhere was about it: “LiteLLM key rotation”." in section(text, "LiteLLM")
    assert section(text, "Open-WebUI").startswith("In `homelab`, 1 commit was about it: “Open-WebUI theme”.")


def test_a_question_names_what_it_counts(blog: Path, tmp_path: Path) -> None:
    repo = work_repo(tmp_path / "litellm-lab", rows=FEBRUARY)
    (blog / "retro.toml").write_text('lang = "ko"\nformat = "kpt"\ntimezone = "Asia/Seoul"\n')
    drafted = run("draft", "--month", "2026-02", "--repo", str(repo))
    assert drafted.exit_code == 0, drafted.output
    text = (blog / "posts" / "2026-02-retrospective.md").read_text(encoding="utf-8")
    # Six commits in the repository, three of them in its top-level files: the question says which it counts.
    assert "Keep: `litellm-lab`의 최상위 파일(커밋 3개)에서 계속 가져갈 것은 무엇인가요?" in text
    assert "`litellm-lab`(커밋 3개)" not in text
    checked = run("check", "posts/2026-02-retrospective.md", "--repo", str(repo))
    assert "the draft says" not in checked.output, checked.output


def test_check_uses_what_the_post_was_drafted_from(blog: Path, tmp_path: Path) -> None:
    repo = work_repo(tmp_path / "proj")
    # The blog is a repository of its own, with a November of other work: the check must not read it instead.
    git(blog, "init", "-q", "-b", "main")
    for day in (2, 9):
        (blog / f"page{day}.md").write_text("x\n")
        git(blog, "add", "-A")
        git(blog, "commit", "-q", "-m", f"blog page {day}",
            env={"GIT_AUTHOR_DATE": f"2026-11-{day:02d}T10:00:00+09:00",
                 "GIT_COMMITTER_DATE": f"2026-11-{day:02d}T10:00:00+09:00"})
    drafted = run("draft", "--month", "2026-11", "--repo", str(repo), "--tz", "Asia/Seoul")
    assert drafted.exit_code == 0, drafted.output
    checked = run("check", "posts/2026-11-retrospective.md")
    assert checked.exit_code == 0, checked.output
    assert (f"checking 2026-11-retrospective.md against what it was drafted from: {repo.resolve()} "
            f"(maintainer@example.com, {MINA}, Asia/Seoul)") in checked.stderr
    assert (blog / ".retro" / "drafted" / "2026-11-retrospective.md.json").is_file()  # under .retro/: local only
    # Named on the command line, the repositories are the ones given, and the check says which it reads.
    blog_only = run("check", "posts/2026-11-retrospective.md", "--repo", str(blog), "--tz", "Asia/Seoul")
    assert "collecting 2026-11 to check 2026-11-retrospective.md against: blog (" in blog_only.stderr
    assert blog_only.exit_code == 1 and "the draft says 6 commits; the data has 2" in blog_only.stdout


def test_the_interview_and_mcp_say_whose_commits_were_left_out(blog: Path, tmp_path: Path) -> None:
    repo = work_repo(tmp_path / "proj", email="someone@else.example")
    asked = run("interview", "--month", "2026-11", "--repo", str(repo), "--tz", "Asia/Seoul", "--dry-run")
    assert asked.exit_code == 0, asked.output
    assert any(line.startswith("warning: proj: none of the month's 6 commits is by ") and f"--author {MINA}" in line
               for line in asked.stderr.splitlines()), asked.stderr
    from test_mcp import session_run

    async def steps(session, found) -> None:
        found["collect"] = await session.call_tool("collect_month", {"month": "2026-11", "repos": [str(repo)],
                                                                     "tz": "Asia/Seoul"})

    found = session_run(blog, steps)
    [repo_facts] = found["collect"].structured_content["repos"]
    assert repo_facts["commits"] == 0 and f"the authors there: {MINA} (6)" in repo_facts["warnings"][0]


LONG = ("Rework the loader so that every plugin is found once, in a fixed order, whatever the entry points say, "
        "and document it; this also fixes the double registration reported twice and adds a test for each case "
        "that the old loader got wrong, with fixtures for the three plugin kinds and the lazy path")


def test_a_long_subject_is_cut_in_prose_and_kept_whole_in_the_facts(blog: Path, tmp_path: Path) -> None:
    repo = work_repo(tmp_path / "proj", rows=[
        Row("2026-11-03T10:00:00+09:00", MINA, LONG, {"loader.py": "x\n" * 30}),
        Row("2026-11-04T10:00:00+09:00", MINA, "한국어로 아주 긴 커밋 제목을 써 보면 어떻게 되는지 확인하기 위해 이 문장을 계속해서 길게 길게 "
            "이어서 쓰고 또 쓰고 또 써서 팔십 자를 넘겨 본다 그래도 끝나지 않는다", {"ko.py": "x\n"})])
    drafted = run("draft", "--month", "2026-11", "--repo", str(repo), "--tz", "Asia/Seoul")
    assert drafted.exit_code == 0, drafted.output
    text = (blog / "posts" / "2026-11-retrospective.md").read_text(encoding="utf-8")
    assert LONG not in text
    assert "- Rework the loader so that every plugin is found once, in a fixed order, whatever… (+30 / -0)" in text
    korean = next(line for line in text.splitlines() if line.startswith("- 한국어로"))
    assert korean.split(" (+")[0].endswith("…") and len(korean.split(" (+")[0]) <= 84
    collected = run("collect", "--month", "2026-11", "--repo", str(repo), "--tz", "Asia/Seoul", "--json")
    assert LONG in [c["subject"] for c in json.loads(collected.stdout)["repos"][0]["log"]]
    assert run("check", "posts/2026-11-retrospective.md", "--repo", str(repo)).exit_code == 0


def test_counts_agree_and_highlights_read_as_phrases(blog: Path, tmp_path: Path) -> None:
    repo = work_repo(tmp_path / "proj", rows=[
        Row("2026-11-03T10:00:00+09:00", MINA, "feat(api): add the login stub", {"api/a.py": "x\ny\n"}),
        Row("2026-11-04T10:00:00+09:00", MINA, "fix(api): hello returns the right value", {"api/a.py": "x\nz\n"}),
        Row("2026-11-05T10:00:00+09:00", MINA, "docs: intro", {"docs/intro.md": "x\n"})])
    drafted = run("draft", "--month", "2026-11", "--repo", str(repo), "--tz", "Asia/Seoul")
    text = (blog / "posts" / "2026-11-retrospective.md").read_text(encoding="utf-8")
    assert "`api/` (4 lines, 2 commits), 1 feature and 1 fix" in text  # neither kind is most: no "mostly"
    assert "Then `docs/` (1 line, 1 commit), a docs change." in text
    assert "- Hello returns the right value (+1 / -1)" in text and "- Docs: intro (+1 / -0)" in text
    assert "mostly" not in text and "1 commits" not in text and "1 lines" not in text, drafted.output
    shown = run("collect", "--month", "2026-11", "--repo", str(repo), "--tz", "Asia/Seoul").stdout
    assert "docs/ (1 line, 1 commit)" in shown and "1 commits" not in shown and "1 lines" not in shown


def test_a_pull_requests_title_wins_over_its_repositorys_name() -> None:
    from datetime import datetime, timezone

    from retro.months import Month
    from retro.sources.facts.forges import ForgeActivity, PullRequest
    from retro.sources.facts.month import MonthFacts
    from retro.sources.notes import parse
    from retro.writing.themed import join

    since, until = Month(2026, 2).bounds(timezone.utc)
    forge = ForgeActivity("github", "mina", "github.com")
    forge.merged = [PullRequest("mina/litellm-lab", 3, "Open-WebUI RAG filter", "merged",
                                merged=datetime(2026, 2, 3, tzinfo=timezone.utc)),
                    PullRequest("mina/litellm-lab", 4, "Proxy fallbacks", "merged",
                                merged=datetime(2026, 2, 4, tzinfo=timezone.utc))]
    month = MonthFacts(Month(2026, 2), since, until, timezone.utc, (MINA,), [], found={"github": forge})
    found = join(month, parse("## LiteLLM\n- a\n\n## Open-WebUI\n- b\n"))
    litellm, webui = found.themes
    assert [p.number for p in webui.merged] == [3]  # its title names Open-WebUI: the most specific fact
    assert [p.number for p in litellm.merged] == [4]  # the rest of the repository's, by its name


def test_one_more_commit_is_one(blog: Path, tmp_path: Path) -> None:
    rows = [Row(f"2026-11-{3 + i:02d}T10:00:00+09:00", MINA, f"feat: part {i}", {f"{area}/x.py": "x\n" * (9 - i)})
            for i, area in enumerate(["api", "web", "cli", "auth"])]
    repo = work_repo(tmp_path / "proj", rows=rows)
    assert run("draft", "--month", "2026-11", "--repo", str(repo), "--tz", "Asia/Seoul").exit_code == 0
    text = (blog / "posts" / "2026-11-retrospective.md").read_text()
    assert "One more commit touched `auth/`." in text and "The other 1 commit" not in text


def test_review_fixes_dates_days_prefixes_and_the_future(blog: Path, tmp_path: Path) -> None:
    """A month's name before a count does not hide it; a Korean verb after a day count makes it a claim; a type
    prefix names no theme; a post dated in a month still to come is said so, not blamed on a flag."""
    repo = work_repo(tmp_path / "webapp", rows=NOVEMBER[:2] + [
        Row("2026-11-05T10:00:00+09:00", MINA, "docs: readme", {"README.md": "x\n"})])
    (blog / "notes").mkdir()
    (blog / "notes" / "2026-11.md").write_text("## webapp\n- a\n\n## Docs\n- the docs site\n")
    assert run("draft", "--month", "2026-11", "--repo", str(repo), "--tz", "Asia/Seoul").exit_code == 0
    post = blog / "posts" / "2026-11-retrospective.md"
    text = post.read_text()
    assert "3 commits" in section(text, "webapp") and "readme" not in section(text, "Docs")
    post.write_text(text + "\nIn March 212 commits landed.\n\n이번 달에는 25일 동안 커밋했다.\n", encoding="utf-8")
    checked = run("check", "posts/2026-11-retrospective.md")
    found = [line.split(": ", 1)[1] for line in checked.stdout.splitlines()]
    assert found == ["the draft says 212 commits; the data has 3", "the draft says 25 active days; the data has 3"]
    (blog / "posts" / "2099-03.md").write_text("---\ntitle: Later\ndate: 2099-03-31\ndraft: true\n---\n\nx\n")
    later = run("check", "posts/2099-03.md")
    assert "2099-03.md is dated 2099-03, a month still to come: its figures were not checked" in later.stderr
    assert "--month" not in later.output and later.exit_code == 0


def test_an_answer_inside_the_notes_keeps_their_bytes_and_mode(tmp_path: Path) -> None:
    import os

    from retro.sources.notes import append_section

    notes = tmp_path / "notes" / "2026-11.md"
    notes.parent.mkdir()
    before = "## Keep\n\n한글 메모\n\n## Try\n- x\n".encode("cp949")  # not UTF-8: still byte for byte
    notes.write_bytes(before)
    notes.chmod(0o600)
    append_section(notes, "Keep", "An answer.", "2026-11", tmp_path)
    assert notes.read_bytes() == before.replace(b"\n\n## Try", b"\n\nAn answer.\n\n## Try")
    assert oct(notes.stat().st_mode & 0o777) == "0o600"
    assert [p.read_bytes() for p in (tmp_path / ".retro" / "backups").iterdir()] == [before]
