"""The offline drafter writes a retrospective, not a changelog (issue 12): themes and highlights with their
numbers, near-duplicates folded, the rest said rather than counted, the month before, the notes' opening,
and exact months on histories whose committer dates run backwards."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import frontmatter
from click.testing import CliRunner

from conftest import ME, Row, make_repo
from retro.sources import git as git_source
from retro.writing.checks import facts as factcheck
from retro.cli import cli
from retro.months import Month
from retro.sources.facts.notes import Notes

SEOUL = ZoneInfo("Asia/Seoul")


def busy_month(tmp_path: Path) -> Path:
    rows = [Row("2025-12-10T10:00:00+09:00", ME, "Start the project", {"README.md": "x\n"})]
    rows += [Row(f"2026-01-{d:02d}T10:00:00+09:00", ME, f"Add the {name} page", {f"web/{name}.js": "x\n" * size})
             for d, name, size in [(5, "login", 300), (6, "profile", 120), (7, "settings", 60)]]
    rows += [Row(f"2026-01-{d:02d}T11:00:00+09:00", ME, f"Fix typo in {name}", {f"docs/{name}.md": f"{name}\n"})
             for d, name in [(8, "intro"), (9, "setup"), (10, "usage"), (12, "faq"), (13, "api")]]
    rows += [Row(f"2026-01-{d:02d}T12:00:00+09:00", ME, f"api: handle {what}", {f"api/{what}.py": "y\n" * 40})
             for d, what in [(14, "timeouts"), (15, "retries")]]
    rows += [Row(f"2026-01-{16 + i:02d}T09:00:00+09:00", ME, f"Test case {i}", {f"tests/test_{i}.py": "t\n"})
             for i in range(9)]
    return make_repo(tmp_path / "app", rows)


def draft(repo: Path, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(repo), "--author", ME, "--tz",
                                      "Asia/Seoul", *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return frontmatter.load(Path("posts/2026-01-retrospective.md")).content


def test_themes_highlights_folding_and_the_rest(blog: Path, tmp_path: Path) -> None:
    body = draft(busy_month(tmp_path))
    assert ("Most of the month went into `web/` (480 lines, 3 commits), all features: “Add the login page”, "
            "“Add the profile page”. Then `api/` (80 lines, 2 commits), all fixes: “handle timeouts”, "
            "“handle retries”. Then `tests/` (9 lines, 9 commits), all test changes: “Test case 0”, “Test case 1”. "
            "The other 5 commits touched `docs/`.") in body
    highlights = body.split("**Highlights**\n\n")[1].strip().splitlines()
    assert highlights == [
        "- Add the login page (+300 / -0)",
        "- Add the profile page (+120 / -0)",
        "- Add the settings page (+60 / -0)",
        "- Handle retries (+40 / -0)",
        "- Handle timeouts (+40 / -0)",
        "- Test case 0 (9 commits alike)",
        "- Fix typo in intro (5 commits alike)",
    ]
    assert "more" not in body.split("**Highlights**")[1]  # never a bare "and 26 more"
    assert "December had" not in body and "more than ten times as many as December (1)" in body


def test_the_rest_is_said_not_counted(blog: Path, tmp_path: Path) -> None:
    rows = [Row(f"2026-01-{1 + i % 28:02d}T10:00:00+09:00", ME, f"{verb} module {chr(97 + i)}",
                {f"f{i}.py": "x\n" * (50 - i)})
            for i, verb in enumerate(["Add", "Implement", "Rename", "Bump", "Document", "Support", "Refactor",
                                      "Fix", "Introduce", "Clean"] * 2)]
    body = draft(make_repo(tmp_path / "r", rows))
    last = body.split("**Highlights**\n\n")[1].strip().splitlines()[-1]
    assert last == "- 12 smaller changes, among them 5 features and 5 maintenance changes"  # a tie: not "mostly"


def test_the_notes_opening_opens_the_post(blog: Path, january_repo: Path) -> None:
    Path("notes.md").write_text("January was about the login flow, and a course on MCP.\n\n## Course\n- MCP\n")
    body = draft(january_repo, "--notes", "notes.md")
    opening, more, _ = body.partition("<!-- more -->")
    paragraphs = opening.strip().split("\n\n")
    assert paragraphs[0] == "January was about the login flow, and a course on MCP."
    assert paragraphs[1].startswith("In January 2026 I made 4 commits")
    assert "## Notes" not in body and "## Course\n\n- MCP" in body


def test_the_fact_check_knows_every_figure_the_offline_drafter_writes(tmp_path: Path) -> None:
    from retro.writing.offline import body as offline

    facts = git_source.collect(Month(2026, 1), SEOUL, [busy_month(tmp_path)], [ME])
    for lang in ("en", "ko"):
        body = offline.draft_body(facts, Notes(), lang)
        assert factcheck.check(body, facts, Notes()) == [], lang


def test_a_backdated_tip_loses_nothing(tmp_path: Path) -> None:
    """The tip's committer date is older than the month: git's --since would stop at once."""
    repo = make_repo(tmp_path / "skew", [
        Row("2026-01-05T10:00:00+09:00", ME, "feat: in the month", {"a": "1\n"}),
        Row("2026-01-10T10:00:00+09:00", ME, "feat: also in the month", {"b": "1\n"}),
        Row("2025-11-01T10:00:00+09:00", ME, "chore: backdated on top", {"c": "1\n"},
            committed="2025-11-01T10:00:00+09:00"),
    ])
    facts = git_source.collect(Month(2026, 1), SEOUL, [repo], [ME])
    assert [c.subject for c in facts.repos[0].commits] == ["feat: in the month", "feat: also in the month"]


def test_a_backdated_commit_in_the_middle_hides_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "skew", [
        Row("2026-01-05T10:00:00+09:00", ME, "feat: in the month", {"a": "1\n"}),
        Row("2025-10-01T10:00:00+09:00", ME, "chore: rebased with old dates", {"c": "1\n"},
            committed="2025-10-01T10:00:00+09:00"),
        Row("2026-01-20T10:00:00+09:00", ME, "feat: after it", {"d": "1\n"}),
        Row("2026-03-01T10:00:00+09:00", ME, "feat: next quarter", {"e": "1\n"}),
    ])
    facts = git_source.collect(Month(2026, 1), SEOUL, [repo], [ME])
    assert [c.subject for c in facts.repos[0].commits] == ["feat: in the month", "feat: after it"]


def test_the_month_before_is_counted_for_comparison(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", [
        Row("2025-12-01T00:00:00+09:00", ME, "dec 1", {"a": "1\n"}),
        Row("2025-12-01T10:00:00+09:00", ME, "dec 1 again", {"b": "1\n"}),
        Row("2025-12-31T23:59:00+09:00", ME, "dec 31", {"c": "1\n"}),
        Row("2026-01-02T10:00:00+09:00", ME, "jan", {"d": "1\n"}),
    ])
    facts = git_source.collect(Month(2026, 1), SEOUL, [repo], [ME])
    assert (facts.previous_commits, facts.previous_active_days) == (3, 2)
    assert (facts.previous_insertions, facts.previous_deletions) == (3, 0)  # git's --shortstat, summed
    assert facts.repos[0].previous_days == {"2025-12-01": 2, "2025-12-31": 1}


def test_a_scope_that_names_a_path_joins_its_folder() -> None:
    from retro.sources.facts.commits import Commit, FileChange
    from retro.writing.areas import area

    def commit(subject: str, *paths: str) -> Commit:
        return Commit("0" * 40, None, "n", "e", subject, files=[FileChange(p, 3, 1) for p in paths])  # type: ignore[arg-type]

    assert area(commit("benchmarks/run.py: a dense case", "benchmarks/run.py")) == "benchmarks/"
    assert area(commit("feat(api): login", "api/login.py", "README.md")) == "api/"
    assert area(commit("web: redirect", "api/x.py")) == "web"  # a scope that names no path stays a scope
