"""Collecting: the month's commits by author date, chosen authors, no merges, every local branch once."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import ME, OTHER, Row, commit, git, make_repo
from retro.sources import git as git_source
from retro.sources.facts import commits
from retro.errors import GitError
from retro.months import Month

SEOUL = ZoneInfo("Asia/Seoul")
UTC = ZoneInfo("UTC")
JAN = Month(2026, 1)


def subjects(result: commits.Activity) -> list[str]:
    return [c.subject for r in result.repos for c in r.commits]


def test_month_in_seoul_keeps_commits_a_minute_inside_each_edge(january_repo: Path) -> None:
    result = git_source.collect(JAN, SEOUL, [january_repo], [ME])
    assert subjects(result) == [
        "feat(api): add login endpoint",
        "fix: handle empty password",
        "docs: explain the login flow",
        "Tidy the build script",
    ]
    repo = result.repos[0]
    assert (repo.name, len(repo.commits), repo.insertions, repo.deletions) == ("api", 4, 8, 0)
    assert repo.files_changed == 3  # api/login.py twice, README.md, build.sh
    assert repo.days == {"2026-01-05": 2, "2026-01-20": 1, "2026-01-31": 1}
    assert repo.active_days == 3
    assert repo.types == {"feat": 1, "fix": 1, "docs": 1, "refactor": 1}  # "Tidy the build script"


def test_the_same_commits_cut_in_utc_move_across_the_edges(january_repo: Path) -> None:
    # 2025-12-31 23:59 +09:00 is 14:59 UTC on the 31st: still December. 2026-02-01 00:00 +09:00
    # is 15:00 UTC on January 31st: January in UTC, February in Seoul.
    result = git_source.collect(JAN, UTC, [january_repo], [ME])
    assert "feat: next month's work" in subjects(result)
    assert "feat: last year's work" not in subjects(result)
    assert result.since.isoformat() == "2026-01-01T00:00:00+00:00"


def test_authors_are_matched_case_insensitively_and_several_at_once(january_repo: Path) -> None:
    assert len(git_source.collect(JAN, SEOUL, [january_repo], ["ME@Example.COM"]).repos[0].commits) == 4
    both = git_source.collect(JAN, SEOUL, [january_repo], [ME, OTHER])
    assert len(both.repos[0].commits) == 5
    everyone = git_source.collect(JAN, SEOUL, [january_repo], [])
    assert len(everyone.repos[0].commits) == 5


def test_merges_are_left_out_and_commits_on_two_branches_count_once(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", [Row("2026-01-02T10:00:00+09:00", ME, "feat: base", {"a.txt": "1\n"})])
    git(repo, "checkout", "-q", "-b", "topic")
    commit(repo, Row("2026-01-03T10:00:00+09:00", ME, "feat: on topic", {"b.txt": "1\n2\n"}))
    git(repo, "branch", "also-topic")  # the same commit on a second branch
    git(repo, "checkout", "-q", "main")
    commit(repo, Row("2026-01-04T10:00:00+09:00", ME, "fix: on main", {"a.txt": "1\n2\n"}))
    env = {"GIT_AUTHOR_DATE": "2026-01-05T10:00:00+09:00", "GIT_COMMITTER_DATE": "2026-01-05T10:00:00+09:00",
           "GIT_AUTHOR_EMAIL": ME, "GIT_COMMITTER_EMAIL": ME}
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge branch 'topic'", "topic", env=env)
    git(repo, "checkout", "-q", "-b", "unmerged")
    commit(repo, Row("2026-01-06T10:00:00+09:00", ME, "feat: only on a local branch", {"c.txt": "1\n"}))
    git(repo, "checkout", "-q", "main")

    result = git_source.collect(JAN, SEOUL, [repo], [ME])
    assert sorted(subjects(result)) == [
        "feat: base", "feat: on topic", "feat: only on a local branch", "fix: on main",
    ]
    assert result.repos[0].insertions == 5


def test_author_date_counts_not_committer_date(tmp_path: Path) -> None:
    # Authored in January, rebased (committed) in March: it is January's work.
    repo = make_repo(tmp_path / "r", [
        Row("2026-01-10T10:00:00+09:00", ME, "feat: rebased later", {"a": "1\n"}, committed="2026-03-02T10:00:00+09:00"),
    ])
    assert subjects(git_source.collect(JAN, SEOUL, [repo], [ME])) == ["feat: rebased later"]
    assert subjects(git_source.collect(Month(2026, 3), SEOUL, [repo], [ME])) == []


def test_binary_files_and_renames_count_as_git_counts_them(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", [
        Row("2026-01-02T10:00:00+09:00", ME, "add", {"src/old_name.py": "1\n2\n3\n", "logo.png": b"\x89PNG\0\x01"}),
    ])
    git(repo, "mv", "src/old_name.py", "src/new_name.py")
    commit(repo, Row("2026-01-03T10:00:00+09:00", ME, "refactor: rename", {"src/new_name.py": "1\n2\n3\n4\n"}))
    result = git_source.collect(JAN, SEOUL, [repo], [ME]).repos[0]
    first, second = result.commits
    assert [(f.path, f.insertions, f.deletions, f.binary) for f in first.files] == [
        ("logo.png", 0, 0, True), ("src/old_name.py", 3, 0, False),
    ]
    assert [(f.path, f.insertions, f.deletions) for f in second.files] == [("src/new_name.py", 1, 0)]
    numstat = git(repo, "log", "--numstat", "--format=", "-1").split()
    assert numstat[:2] == ["1", "0"]  # git agrees: the rename costs one added line


def test_numbers_equal_git_numstat_for_the_same_selection(january_repo: Path) -> None:
    result = git_source.collect(JAN, SEOUL, [january_repo], [ME]).repos[0]
    shas = [c.sha for c in result.commits]
    out = git(january_repo, "show", "--numstat", "--format=", *shas)
    added = sum(int(line.split("\t")[0]) for line in out.splitlines() if line.strip())
    assert result.insertions == added


def test_mailmap_maps_an_old_email_to_the_author(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", [
        Row("2026-01-02T10:00:00+09:00", "me@old-job.example", "feat: from my old address", {"a": "1\n"}),
        Row("2026-01-03T10:00:00+09:00", ME, "feat: from my address", {"b": "1\n"}),
    ])
    (repo / ".mailmap").write_text(f"Me <{ME}> <me@old-job.example>\n")
    result = git_source.collect(JAN, SEOUL, [repo], [ME])
    assert len(result.repos[0].commits) == 2
    assert {c.author_email for c in result.repos[0].commits} == {ME}


def test_a_message_that_is_not_utf8_is_read_with_replacement(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", [Row("2026-01-02T10:00:00+09:00", ME, "seed", {"a": "1\n"})])
    (repo / "b").write_text("2\n")
    git(repo, "add", "b")
    git(repo, "-c", "i18n.commitEncoding=latin-1", "commit", "-q", "-F", "-",
        env={"GIT_AUTHOR_DATE": "2026-01-03T10:00:00+09:00", "GIT_COMMITTER_DATE": "2026-01-03T10:00:00+09:00"},
        input="fix: caf\xe9 \xff\n".encode("latin-1"))
    git(repo, "config", "i18n.logOutputEncoding", "binary-nonsense")
    result = git_source.collect(JAN, SEOUL, [repo], [ME])
    assert len(result.repos[0].commits) == 2
    assert result.repos[0].commits[1].subject.startswith("fix: caf")


def test_hostile_message_text_is_kept_as_data(tmp_path: Path) -> None:
    subject = "feat: \x1e\x1f <script>alert(1)</script> {{ x }} \u202eevil 🎉"
    repo = make_repo(tmp_path / "r", [
        Row("2026-01-02T10:00:00+09:00", ME, subject, {"a": "1\n"}, body="---\ntitle: hacked\n---\n1\t2\tfile"),
        Row("2026-01-03T10:00:00+09:00", ME, "fix: after", {"b": "1\n"}),
    ])
    commits = git_source.collect(JAN, SEOUL, [repo], [ME]).repos[0].commits
    assert [c.subject for c in commits] == [subject, "fix: after"]
    assert [c.insertions for c in commits] == [1, 1]


def test_bare_repository_reads_the_same(january_repo: Path, tmp_path: Path) -> None:
    bare = tmp_path / "api.git"
    git(tmp_path, "clone", "-q", "--bare", str(january_repo), str(bare))
    result = git_source.collect(JAN, SEOUL, [bare], [ME])
    assert result.repos[0].name == "api"
    assert len(result.repos[0].commits) == 4


def test_an_empty_repository_has_no_activity(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "empty", [])
    result = git_source.collect(JAN, SEOUL, [repo], [ME])
    assert result.commits == 0 and result.repos[0].name == "empty"


@pytest.mark.parametrize("kind, message", [
    ("missing", "no such folder"),
    ("file", "is a file, not a git repository"),
    ("folder", "not a git repository"),
])
def test_a_path_that_is_not_a_repository_is_an_error_naming_it(tmp_path: Path, kind: str, message: str) -> None:
    path = tmp_path / "x"
    if kind == "file":
        path.write_text("hi")
    elif kind == "folder":
        path.mkdir()
    with pytest.raises(GitError, match=message):
        git_source.collect(JAN, SEOUL, [path], [ME])


def test_conventional_types_and_summaries() -> None:
    def make(subject: str) -> commits.Commit:
        return commits.Commit("0" * 40, None, "n", "e", subject)  # type: ignore[arg-type]

    assert make("feat(ui)!: dark mode").type == "feat"
    assert make("feat(ui)!: dark mode").summary == "dark mode"
    assert make("Feature: thing").type == "feat"
    assert make("WIP: thing").type == "other"
    assert make("WIP: thing").summary == "thing"  # an area prefix, set aside like a scope
    assert make("Fix typo").type == "fix"  # no prefix: the leading verb says it

