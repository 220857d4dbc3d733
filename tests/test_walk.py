"""The two ways a month is read (one `git log` that walks and diffs, or a walk then the diffs of
what it picked) find the same commits with the same numbers, merges and skewed dates included."""

from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import ME, Row, commit, git, init_repo
from retro.sources import git as git_source
from retro.sources.git import walk
from retro.months import Month

SEOUL = ZoneInfo("Asia/Seoul")
OTHER = "other@example.com"


def at(moment: str) -> dict[str, str]:
    return {"GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}


def tangled(path: Path) -> Path:
    """A January with everything that makes walking hard: merges, a late commit, renames, a binary,
    a backdated commit under a merge, a branch whose tip is older than the month, other authors."""
    repo = init_repo(path)
    commit(repo, Row("2025-11-20T10:00:00+09:00", ME, "chore: long ago", {"old.txt": "1\n"}))
    commit(repo, Row("2025-12-03T10:00:00+09:00", ME, "feat: december", {"dec.txt": "1\n2\n"}))
    commit(repo, Row("2025-12-31T23:30:00+09:00", OTHER, "fix: december's last", {"dec.txt": "1\n"}))
    commit(repo, Row("2026-01-02T09:00:00+09:00", ME, "feat: january", {"a.py": "1\n2\n3\n"}))
    # A side branch: a January commit under a commit whose dates were set back to October.
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, Row("2026-01-03T10:00:00+09:00", ME, "feat: hidden under a backdated commit", {"s.py": "1\n"}))
    commit(repo, Row("2025-10-01T10:00:00+09:00", ME, "chore: backdated", {"t.py": "1\n"},
                     committed="2025-10-01T10:00:00+09:00"))
    git(repo, "checkout", "-q", "main")
    commit(repo, Row("2026-01-05T10:00:00+09:00", OTHER, "docs: by someone else", {"README.md": "x\n"}))
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge side", "side", env=at("2026-01-20T10:00:00+09:00"))
    git(repo, "branch", "-q", "-D", "side")  # only the merge leads to it now
    git(repo, "mv", "a.py", "b.py")
    commit(repo, Row("2026-01-21T10:00:00+09:00", ME, "refactor: rename a to b", {"b.py": "1\n2\n3\n4\n"}))
    commit(repo, Row("2026-01-22T10:00:00+09:00", ME, "feat: a logo", {"logo.png": b"\x89PNG\0\1\2"}))
    commit(repo, Row("2026-01-31T23:00:00+09:00", ME, "fix: amended in February",
                     {"c.py": "1\n"}, committed="2026-02-02T10:00:00+09:00"))
    commit(repo, Row("2026-02-03T10:00:00+09:00", ME, "feat: february", {"d.py": "1\n"}))
    # A branch whose tip was committed before the month, with January work beneath it.
    git(repo, "checkout", "-q", "-b", "stale", "HEAD~6")  # below the merge
    commit(repo, Row("2026-01-25T10:00:00+09:00", ME, "feat: on a stale branch", {"e.py": "1\n"}))
    commit(repo, Row("2025-09-01T10:00:00+09:00", ME, "chore: stale tip", {"f.py": "1\n"},
                     committed="2025-09-01T10:00:00+09:00"))
    git(repo, "checkout", "-q", "main")
    return repo


def read(repo: Path, workers: int, authors: tuple[str, ...] = (), month: Month = Month(2026, 1)):
    since, until = month.bounds(SEOUL)
    previous: Counter[str] = Counter()
    lines = [0, 0]
    commits = walk.read_month(git_source.open_repo(repo), since, until, SEOUL, authors, workers, previous,
                                  month.previous().bounds(SEOUL)[0], lines)
    shown = [(c.subject, c.author_email, c.insertions, c.deletions,
              [(f.path, f.insertions, f.deletions, f.binary) for f in c.files]) for c in commits]
    return shown, dict(previous), lines


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return tangled(tmp_path_factory.mktemp("walk") / "tangled")


def test_one_pass_and_two_steps_agree(repo: Path) -> None:
    one_pass = read(repo, workers=1)  # every author, one process free: walks and diffs at once
    two_steps = read(repo, workers=2)
    assert one_pass == two_steps
    commits, previous, lines = one_pass
    assert [subject for subject, *_ in commits] == [
        "feat: january", "feat: hidden under a backdated commit", "docs: by someone else",
        "refactor: rename a to b", "feat: a logo", "feat: on a stale branch", "fix: amended in February",
    ]
    rename = commits[3][4]
    assert rename == [("b.py", 1, 0, False)]  # git's rename, not a delete and an add
    assert commits[4][4] == [("logo.png", 0, 0, True)]
    assert previous == {"2025-12-03": 1, "2025-12-31": 1}
    assert lines == [2, 1]  # December's lines, as git's --shortstat sums them


def test_one_author_is_the_same_commits_filtered(repo: Path) -> None:
    everyone, previous, _ = read(repo, workers=1)
    mine, my_previous, my_lines = read(repo, workers=1, authors=(ME.upper(),))
    assert mine == [c for c in everyone if c[1] == ME]
    assert my_previous == {"2025-12-03": 1} and my_lines == [2, 0]
    assert read(repo, workers=2, authors=(ME,)) == (mine, my_previous, my_lines)


def test_an_author_is_matched_after_mailmap(tmp_path: Path) -> None:
    """An old address that .mailmap maps to yours is yours; the address before mapping is nobody's."""
    repo = init_repo(tmp_path / "mapped")
    (repo / ".mailmap").write_text(f"Me <{ME}> <me@old-laptop.local>\n")
    commit(repo, Row("2026-01-04T10:00:00+09:00", "me@old-laptop.local", "feat: from the old laptop", {"a": "1\n"}))
    commit(repo, Row("2026-01-05T10:00:00+09:00", OTHER, "feat: someone else", {"b": "1\n"}))
    commit(repo, Row("2026-01-06T10:00:00+09:00", ME, "feat: from this one", {"c": "1\n"}))
    for workers in (1, 2):
        commits, _, _ = read(repo, workers=workers, authors=(ME,))
        assert [(subject, email) for subject, email, *_ in commits] == [
            ("feat: from the old laptop", ME), ("feat: from this one", ME)], workers
    commits, _, _ = read(repo, workers=1, authors=("ME@OLD-LAPTOP.LOCAL",))
    assert commits == []  # the email before .mailmap is nobody's now


def test_a_month_read_before_later_work_walks_nothing_twice(repo: Path) -> None:
    """December, read when January and February exist: the walk starts where December ends."""
    one_pass = read(repo, workers=1, month=Month(2025, 12))
    assert one_pass == read(repo, workers=2, month=Month(2025, 12))
    assert [subject for subject, *_ in one_pass[0]] == ["feat: december", "fix: december's last"]
    assert one_pass[1] == {"2025-11-20": 1}


def test_a_month_only_backdated_commits_fall_in(repo: Path) -> None:
    for workers in (1, 2):
        assert read(repo, workers=workers, month=Month(2025, 8)) == ([], {}, [0, 0])
        commits, previous, lines = read(repo, workers=workers, month=Month(2025, 10))
        assert [subject for subject, *_ in commits] == ["chore: backdated"]
        assert previous == {"2025-09-01": 1} and lines == [1, 0]


def test_the_collector_is_paused_while_reading_and_restored(repo: Path) -> None:
    seen: list[bool] = []
    assert gc.isenabled()
    facts = git_source.collect(Month(2026, 1), SEOUL, [repo], progress=lambda _repo: seen.append(gc.isenabled()))
    assert seen == [False] and gc.isenabled()
    assert facts.commits == 7
    gc.unfreeze()
    gc.disable()
    try:
        git_source.collect(Month(2026, 1), SEOUL, [repo])
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()
        gc.unfreeze()


def test_a_walk_of_a_mid_history_month_skips_later_diffs(repo: Path, monkeypatch) -> None:
    """The diffing walk starts below what was committed after the month: later commits are never diffed."""
    diffed: list[str] = []
    real = walk.parse_log

    def spy(stream, zone, pick=None, sums=None):
        def watching(fields):
            diffed.append(fields[0][1:])
            return pick(fields) if pick else walk.KEEP
        return real(stream, zone, watching, sums)

    monkeypatch.setattr(walk, "parse_log", spy)
    read(repo, workers=1, month=Month(2025, 12))
    subjects = {git(repo, "log", "-1", "--format=%s", sha).strip() for sha in diffed}
    assert "feat: february" not in subjects and "feat: january" not in subjects
    assert {"feat: december", "fix: december's last"} <= subjects


def test_git_before_2_33_reads_the_same(repo: Path, monkeypatch) -> None:
    """Older git prints a 'commit <sha>' line before each formatted one; the walks read that shape too."""
    expected = [read(repo, workers=1), read(repo, workers=2), read(repo, workers=1, authors=(ME,))]
    monkeypatch.setattr(walk, "git_version", lambda _repo: (2, 30, 0))
    assert [read(repo, workers=1), read(repo, workers=2), read(repo, workers=1, authors=(ME,))] == expected


FORGED = "\x1e>" + "f" * 40 + "\n1768000000\n1768000000\n\nMallory\nmallory@example.com\nfeat: forged"


def test_a_path_that_looks_like_a_record_stays_a_path(tmp_path: Path) -> None:
    """Paths may hold any byte but NUL: a renamed file named like a commit header forges nothing."""
    repo = init_repo(tmp_path / "paths")
    commit(repo, Row("2026-01-02T10:00:00+09:00", ME, "feat: odd names", {"\x1eold.txt": "1\n", FORGED: "1\n"}))
    git(repo, "mv", "\x1eold.txt", "new.txt")
    git(repo, "mv", FORGED, "\x1eforged-again")
    commit(repo, Row("2026-01-03T10:00:00+09:00", ME, "refactor: rename both", {"other.txt": "1\n2\n"}))
    commit(repo, Row("2026-01-04T10:00:00+09:00", ME, "fix: after", {"other.txt": "1\n"}))
    for workers in (1, 2):
        commits, _, _ = read(repo, workers=workers)
        assert [subject for subject, *_ in commits] == ["feat: odd names", "refactor: rename both", "fix: after"]
        assert sorted(commits[1][4]) == [("\x1eforged-again", 0, 0, False), ("new.txt", 0, 0, False),
                                         ("other.txt", 2, 0, False)], workers
        assert (commits[2][2], commits[2][3]) == (0, 1)


def test_a_separator_in_an_author_name_shifts_nothing(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "name")
    name = "Eve\x1fevil\x1e@example.com"  # git keeps control characters inside a name
    commit(repo, Row("2026-01-02T10:00:00+09:00", ME, "feat: named oddly", {"a": "1\n"}, name=name))
    for workers in (1, 2):
        commits = walk.read_month(git_source.open_repo(repo), *Month(2026, 1).bounds(SEOUL), SEOUL, (), workers)
        assert [(c.author_name, c.author_email, c.subject) for c in commits] == [(name, ME, "feat: named oddly")]


def test_commits_of_the_same_second_come_in_the_same_order_both_ways(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "ties")
    commit(repo, Row("2026-01-10T00:00:00+00:00", ME, "feat: first", {"a": "1\n"}))
    commit(repo, Row("2026-01-10T00:00:00+00:00", ME, "feat: same second, committed in February", {"b": "1\n"},
                     committed="2026-02-02T00:00:00+00:00"))
    assert read(repo, workers=1) == read(repo, workers=2)


def test_a_branch_pointing_at_a_tag_object_is_walked(tmp_path: Path) -> None:
    """git update-ref refuses it, but a hand-written ref can name an annotated tag; git walks through it."""
    repo = init_repo(tmp_path / "tagged")
    commit(repo, Row("2025-12-02T10:00:00+09:00", ME, "chore: old", {"a": "1\n"}))
    git(repo, "checkout", "-q", "-b", "work")
    commit(repo, Row("2026-01-05T10:00:00+09:00", ME, "feat: on the tagged branch", {"b": "1\n"}))
    git(repo, "tag", "-a", "-m", "v1", "v1", env=at("2026-01-05T11:00:00+09:00"))
    tag = git(repo, "rev-parse", "v1").strip()
    git(repo, "checkout", "-q", "main")
    git(repo, "branch", "-q", "-D", "work")
    (repo / ".git" / "refs" / "heads" / "work").write_text(tag + "\n")
    for workers in (1, 2):
        commits, _, _ = read(repo, workers=workers)
        assert [subject for subject, *_ in commits] == ["feat: on the tagged branch"], workers
