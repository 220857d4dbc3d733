"""The month's bounds reach the APIs as they document them (issue 31): the stubs answer only for the window a
request names, and activity one minute either side of each bound, in a zone east and one west of UTC, is counted
exactly when it falls inside the author's month."""

from __future__ import annotations

from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

import source_stubs
from retro.months import Month
from retro.sources import github, gitlab
from source_stubs import GITHUB_TOKEN, GitHubStub, GitLabStub, pr, repo
from test_sources import hub, lab  # noqa: F401 - the same stubs, signed in

ZONES = [ZoneInfo("Asia/Seoul"), ZoneInfo("America/Los_Angeles")]
MINUTE = timedelta(minutes=1)


def edges(zone: ZoneInfo) -> list[tuple[str, str, bool]]:
    """(label, UTC time, inside the month) one minute either side of each of January 2026's bounds in `zone`."""
    since, until = Month(2026, 1).bounds(zone)
    at = [("before the start", since - MINUTE, False), ("after the start", since + MINUTE, True),
          ("before the end", until - MINUTE, True), ("after the end", until + MINUTE, False)]
    return [(label, moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), inside)
            for label, moment, inside in at]


@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_github_counts_a_minute_inside_and_not_a_minute_outside(zone: ZoneInfo, hub: GitHubStub,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    found = edges(zone)
    opened = [pr(100 + i, label, "org/edge", when, None, "OPEN") for i, (label, when, _) in enumerate(found)]
    merged = [pr(200 + i, label, "org/edge", "2025-11-01T00:00:00Z", when, "MERGED")
              for i, (label, when, _) in enumerate(found)]
    reviews = [{"occurredAt": when, "pullRequestReview": {"state": "APPROVED", "submittedAt": when},
                "pullRequest": {"number": 300 + i, "title": label, "author": {"login": "alice"},
                                "repository": repo("org/edge")}} for i, (label, when, _) in enumerate(found)]
    issues = [{"issue": {"number": 400 + i, "title": label, "state": "CLOSED", "createdAt": when, "closedAt": when,
                         "repository": repo("org/edge")}} for i, (label, when, _) in enumerate(found)]
    monkeypatch.setattr(source_stubs, "OPENED", opened)
    monkeypatch.setattr(source_stubs, "MERGED", merged)
    monkeypatch.setattr(source_stubs, "REVIEWS", reviews)
    monkeypatch.setattr(source_stubs, "ISSUES", issues)
    monkeypatch.setattr(source_stubs, "CLOSED", [i["issue"] for i in issues])
    since, until = Month(2026, 1).bounds(zone)
    facts = github.collect("mina", since, until, hub.url)
    inside = sorted(label for label, _, keep in found if keep)
    assert sorted(p.title for p in facts.opened) == inside
    assert sorted(p.title for p in facts.merged) == inside
    assert sorted(r.title for r in facts.reviews) == inside
    assert sorted(i.title for i in facts.issues_opened) == inside
    assert sorted(i.title for i in facts.issues_closed) == inside


@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_gitlab_counts_a_minute_inside_and_not_a_minute_outside(zone: ZoneInfo, lab: GitLabStub,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    found = edges(zone)
    events = [{"id": 50 + i, "project_id": 101, "action_name": "opened", "target_type": "Issue",
               "target_iid": 60 + i, "target_title": label, "created_at": when.replace("Z", ".000Z")}
              for i, (label, when, _) in enumerate(found)]
    monkeypatch.setattr(source_stubs, "EVENTS", list(reversed(events)))  # newest first, as GitLab pages them
    since, until = Month(2026, 1).bounds(zone)
    facts = gitlab.collect("mina", since, until, lab.url)
    assert sorted(i.title for i in facts.issues_opened) == sorted(label for label, _, keep in found if keep)


def test_the_token_comes_from_gh_when_no_variable_holds_one(hub: GitHubStub, tmp_path, monkeypatch) -> None:
    """A recording `gh` on PATH answers `gh auth token --hostname HOST` as the real one does."""
    import os
    import stat

    calls = tmp_path / "calls"
    gh = tmp_path / "bin" / "gh"
    gh.parent.mkdir()
    gh.write_text(f'#!/bin/sh\necho "$@" >> {calls}\n[ "$1 $2 $3 $4" = "auth token --hostname 127.0.0.1" ] '
                  f'&& echo {GITHUB_TOKEN} && exit 0\necho "no oauth token for $4" >&2\nexit 1\n')
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    monkeypatch.undo()  # the fixture's variables and `which` stand-in: this test wants the real lookup
    for name in ("GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN", "GH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", f"{gh.parent}{os.pathsep}{os.environ['PATH']}")
    since, until = Month(2026, 1).bounds(ZONES[0])
    facts = github.collect("mina", since, until, hub.url)
    assert len(facts.opened) == 3
    assert calls.read_text().splitlines() == ["auth token --hostname 127.0.0.1"]
    sent = [r["headers"].get("authorization") for r in hub.requests]
    assert sent and all((value or "").lower() == f"bearer {GITHUB_TOKEN}".lower() for value in sent)
