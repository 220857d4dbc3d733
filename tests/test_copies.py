"""A change that stands on two branches (rebased or cherry-picked, and the old branch kept) counts once,
in every figure; two different changes that share a subject both count."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from click.testing import CliRunner

from conftest import ME, Row, commit, git, init_repo
from retro.sources import git as git_source
from retro.sources.git import walk
from retro.sources.facts import commits
from retro.cli import cli
from retro.months import Month

SEOUL = ZoneInfo("Asia/Seoul")


def kept_branch(path: Path) -> Path:
    """main with December and January work; a feature branch rebased onto main, the old branch kept;
    a hotfix cherry-picked from main onto a release branch; two different 'Update README' commits."""
    repo = init_repo(path)
    commit(repo, Row("2025-12-10T10:00:00+09:00", ME, "feat: december", {"dec.txt": "1\n2\n"}))
    git(repo, "branch", "-q", "december-copy")
    git(repo, "checkout", "-q", "december-copy")
    git(repo, "commit", "-q", "--amend", "--no-edit", env={"GIT_COMMITTER_DATE": "2025-12-11T10:00:00+09:00"})
    git(repo, "checkout", "-q", "main")
    commit(repo, Row("2026-01-02T09:00:00+09:00", ME, "feat: base", {"a.py": "1\n"}))
    # A feature branch of two commits, then rebased onto newer main as feature-rebased; `feature` is kept.
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, Row("2026-01-03T10:00:00+09:00", ME, "feat: parser", {"p.py": "1\n2\n3\n"}))
    commit(repo, Row("2026-01-04T10:00:00+09:00", ME, "test: parser", {"tests/t.py": "1\n"}))
    git(repo, "checkout", "-q", "main")
    commit(repo, Row("2026-01-05T10:00:00+09:00", ME, "Update README", {"README.md": "one\n"}))
    git(repo, "checkout", "-q", "-b", "feature-rebased", "feature")
    git(repo, "rebase", "-q", "main", env={"GIT_COMMITTER_DATE": "2026-01-06T10:00:00+09:00"})
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--ff-only", "feature-rebased")
    # A hotfix on main, cherry-picked onto a release branch that is kept.
    git(repo, "branch", "-q", "release", "HEAD~3")
    fix = commit(repo, Row("2026-01-08T10:00:00+09:00", ME, "fix: crash", {"a.py": "1\n2\n"}))
    git(repo, "checkout", "-q", "release")
    git(repo, "cherry-pick", fix, env={"GIT_COMMITTER_DATE": "2026-01-09T10:00:00+09:00"})
    git(repo, "checkout", "-q", "main")
    # Same subject, different change: both stay.
    commit(repo, Row("2026-01-10T10:00:00+09:00", ME, "Update README", {"README.md": "one\ntwo\n"}))
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return kept_branch(tmp_path_factory.mktemp("copies") / "kept")


def test_git_itself_lists_the_copies(repo: Path) -> None:
    """The fixture does what it says: git's own log of the branches holds each copy."""
    subjects = git(repo, "log", "--branches", "--no-merges", "--since=2026-01-01", "--format=%s").splitlines()
    assert sorted(subjects).count("feat: parser") == 2 and subjects.count("fix: crash") == 2
    assert subjects.count("Update README") == 2


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("authors", [(), (ME,)])
def test_each_change_counts_once_on_both_ways_of_reading(repo: Path, workers: int, authors) -> None:
    since, until = Month(2026, 1).bounds(SEOUL)
    previous: Counter[str] = Counter()
    lines, copies = [0, 0], []
    commits = walk.read_month(git_source.open_repo(repo), since, until, SEOUL, authors, workers, previous,
                                  Month(2025, 12).bounds(SEOUL)[0], lines, copies)
    assert [c.subject for c in commits] == [
        "feat: base", "feat: parser", "test: parser", "Update README", "fix: crash", "Update README"]
    assert copies == [3]  # parser, its test, the hotfix
    on_main = set(git(repo, "rev-list", "main").split())
    assert all(c.sha in on_main for c in commits)  # the copy on the checked-out branch is the one kept
    assert dict(previous) == {"2025-12-10": 1} and lines == [2, 0]  # December's amended copy too


def test_every_figure_counts_the_change_once(repo: Path, blog: Path) -> None:
    result = CliRunner().invoke(cli, ["collect", "--month", "2026-01", "--repo", str(repo), "--author", ME,
                                      "--tz", "Asia/Seoul", "--compare", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    totals, one = document["totals"], document["repos"][0]
    assert totals["commits"] == 6 and one["copies"] == 3
    assert (totals["insertions"], totals["deletions"]) == (1 + 3 + 1 + 1 + 1 + 1, 0)
    assert one["days"] == {"2026-01-02": 1, "2026-01-03": 1, "2026-01-04": 1, "2026-01-05": 1,
                           "2026-01-08": 1, "2026-01-10": 1}
    assert one["types"] == {"feat": 2, "fix": 1, "test": 1, "docs": 2}
    assert len(one["log"]) == 6 and len({c["sha"] for c in one["log"]}) == 6
    assert totals["previous_commits"] == 1 and totals["previous_insertions"] == 2
    draft = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(repo), "--author", ME,
                                     "--tz", "Asia/Seoul", "--dry-run"])
    assert draft.exit_code == 0, draft.output
    assert "6 commits" in draft.stdout and "9 commits" not in draft.stdout
