"""The month beyond commits (issue 13): GitHub, GitLab and calendars behind one seam, over real HTTP to stubs
on 127.0.0.1 shaped like the APIs' documentation, with .ics fixtures for every recurrence feature."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

import frontmatter
import pytest
from click.testing import CliRunner

from conftest import JANUARY, ME, make_repo
from retro import sources
from retro.writing.checks import facts as factcheck
from retro.cli import cli
from retro.errors import SourceError
from retro.months import Month
from retro.sources.facts.notes import Notes
from retro.sources import calendar, github, gitlab
from retro.sources.cache import Cache
from source_stubs import GITHUB_TOKEN, GITLAB_TOKEN, FileStub, GitHubStub, GitLabStub

SEOUL = ZoneInfo("Asia/Seoul")
SINCE, UNTIL = Month(2026, 1).bounds(SEOUL)
ICS = Path(__file__).parent / "fixtures" / "month.ics"


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[GitHubStub]:
    stub = GitHubStub()
    # The stub is another host than github.com: an Enterprise token, as gh names it.
    monkeypatch.setenv("GH_ENTERPRISE_TOKEN", GITHUB_TOKEN)
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_for_github_com_only")
    monkeypatch.delenv("GH_TOKEN", raising=False)
    monkeypatch.setattr(github.shutil, "which", lambda _name: None)  # never the machine's own gh
    yield stub
    stub.stop()


@pytest.fixture
def lab(monkeypatch: pytest.MonkeyPatch) -> Iterator[GitLabStub]:
    stub = GitLabStub()
    monkeypatch.setenv("GITLAB_TOKEN", GITLAB_TOKEN)
    yield stub
    stub.stop()


def test_github_month_follows_every_page(hub: GitHubStub) -> None:
    facts = github.collect("mina", SINCE, UNTIL, hub.url)
    assert [(p.repo, p.number, p.state) for p in facts.opened] == [
        ("org/api", 12, "merged"), ("org/api", 15, "open"), ("org/web", 7, "merged")]
    assert sorted(p.number for p in facts.merged) == [7, 9, 12]  # #9 was opened in December
    assert facts.review_states == {"approved": 2, "changes_requested": 1, "commented": 1}
    assert facts.reviewed_authors == [("alice", 3), ("bob", 1)]
    assert [i.number for i in facts.issues_opened] == [20, 21] and [i.number for i in facts.issues_closed] == [21]
    assert [(t.kind, t.repo, t.number, t.comments) for t in facts.threads] == [
        ("discussion", "modelcontextprotocol/python-sdk", 3, 2), ("issue", "org/api", 20, 2),
        ("pull_request", "org/web", 7, 1)]
    assert [(r.repo, r.tag) for r in facts.releases] == [("org/api", "v1.2.0")]
    assert facts.commits == {"org/api": 20, "org/web": 5}
    operations = [r["body"]["query"].split("(")[0].split()[-1] for r in hub.requests]
    assert operations.count("PullRequests") == 2 and operations.count("Reviews") == 2  # pageInfo followed
    assert all(r["headers"]["Authorization"] == f"bearer {GITHUB_TOKEN}" for r in hub.requests)


def test_github_answers_are_cached_for_a_past_month(hub: GitHubStub, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", final=True)
    first = github.collect("mina", SINCE, UNTIL, hub.url, cache)
    sent = len(hub.requests)
    hub.stop()  # offline now
    again = github.collect("mina", SINCE, UNTIL, hub.url, cache)
    assert again == first and len(hub.requests) == sent
    assert all(GITHUB_TOKEN not in p.read_text() for p in (tmp_path / "cache").iterdir())


def test_the_current_months_cache_expires_after_an_hour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path, final=False)
    cache.put("k", {"a": 1})
    assert cache.get("k") == {"a": 1}
    later = time.time() + 3601
    monkeypatch.setattr("retro.sources.cache.time.time", lambda: later)
    assert cache.get("k") is None
    assert Cache(tmp_path, final=True).get("k") == {"a": 1}


def test_github_enterprise_bases(hub: GitHubStub) -> None:
    assert github.graphql_url("https://api.github.com") == "https://api.github.com/graphql"
    assert github.graphql_url("https://ghe.example.com/api/v3") == "https://ghe.example.com/api/graphql"
    assert github.graphql_url("https://ghe.example.com/api/") == "https://ghe.example.com/api/graphql"
    facts = github.collect("mina", SINCE, UNTIL, hub.url + "/api")
    assert len(facts.opened) == 3 and hub.requests[-1]["path"] == "/api/graphql"
    assert facts.host == "127.0.0.1"


@pytest.mark.parametrize(("fault", "message"), [
    ((401, {"message": "Bad credentials"}), "GitHub rejected the token from GH_ENTERPRISE_TOKEN (401): set a valid "
                                            "one, or run `gh auth login`."),
    ((403, {"message": "Resource not accessible by integration"}),
     "GitHub refused the request (403): the token lacks a scope this needs (read:user, and repo for private "
     "repositories); make one with those scopes."),
    ((200, {"data": None, "errors": [{"type": "INSUFFICIENT_SCOPES", "message": "needs read:org"}]}),
     "the GitHub token lacks a scope this needs (read:user, and repo for private repositories); make one with "
     "those scopes."),
    ((403, {"message": "You have exceeded a secondary rate limit."}, {"retry-after": "600"}),
     "GitHub's rate limit holds requests for 600 s more; draft again then (answers so far are cached)."),
])
def test_github_failures_are_one_line_naming_the_fix(hub: GitHubStub, fault: tuple, message: str) -> None:
    hub.fail(*fault)
    with pytest.raises(SourceError) as caught:
        github.collect("mina", SINCE, UNTIL, hub.url)
    assert caught.value.message == message


def test_an_unknown_login_and_no_network(hub: GitHubStub, refused_port: int) -> None:
    # Below the faces a message names the setting as retro.toml does; the CLI says --github, MCP its argument.
    with pytest.raises(SourceError, match=r"^GitHub has no user 'nobody': check \[github\] login in retro.toml.$"):
        github.collect("nobody", SINCE, UNTIL, hub.url)
    port = refused_port
    with pytest.raises(SourceError, match=rf"^cannot reach GitHub at http://127.0.0.1:{port}/graphql \(ConnectError\)"):
        github.collect("mina", SINCE, UNTIL, f"http://127.0.0.1:{port}")


def test_a_secondary_rate_limit_is_waited_out_within_the_bound(hub: GitHubStub) -> None:
    hub.fail(403, {"message": "You have exceeded a secondary rate limit."}, {"retry-after": "1"})
    said: list[str] = []
    started = time.monotonic()
    facts = github.collect("mina", SINCE, UNTIL, hub.url, say=said.append)
    assert time.monotonic() - started >= 1 and len(facts.opened) == 3
    assert said == ["GitHub asks to wait 1 s (rate limit); waiting"]


def test_without_a_token_it_says_what_is_missing(hub: GitHubStub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GH_ENTERPRISE_TOKEN")
    with pytest.raises(SourceError) as caught:
        github.collect("mina", SINCE, UNTIL, hub.url)
    assert caught.value.message == ("no GitHub token for 127.0.0.1: set GH_ENTERPRISE_TOKEN (or "
                                    "GITHUB_ENTERPRISE_TOKEN), or run `gh auth login --hostname 127.0.0.1`.")
    assert not any("ghp_for_github_com_only" in str(r["headers"]) for r in hub.requests)  # never sent elsewhere
    monkeypatch.delenv("GITHUB_TOKEN")
    monkeypatch.delenv("GH_TOKEN", raising=False)
    with pytest.raises(SourceError, match=r"^no GitHub token for github.com: set GITHUB_TOKEN \(or GH_TOKEN\), or "
                                          r"run `gh auth login`.$"):
        github.collect("mina", SINCE, UNTIL)


def test_a_token_is_never_sent_in_the_clear(hub: GitHubStub) -> None:
    with pytest.raises(SourceError, match=r"^GitHub's API base 'http://ghe.example.com/api' \(\[github\] api in retro.toml\) must be an https:// address"):
        github.collect("mina", SINCE, UNTIL, "http://ghe.example.com/api")


def test_gitlab_month_from_events(lab: GitLabStub) -> None:
    facts = gitlab.collect("mina", SINCE, UNTIL, lab.url)
    assert [(p.repo, p.number, p.state) for p in facts.opened] == [("team/app", 11, "merged")]
    assert [(p.repo, p.number) for p in facts.merged] == [("team/app", 11)]
    assert [(r.repo, r.number, r.author, r.state) for r in facts.reviews] == [("team/infra", 3, "dana", "approved")]
    assert [(i.number, i.state) for i in facts.issues_opened] == [(4, "open")]
    assert [(t.kind, t.number, t.comments) for t in facts.threads] == [("issue", 4, 1), ("pull_request", 11, 1)]
    assert facts.commits == {"team/app": 5}  # the push on Dec 31 (23:00 in Seoul) is December's
    pages = [r["path"] for r in lab.requests if "/events" in r["path"]]
    assert len(pages) == 5  # nine events, two a page


def test_gitlab_failures(lab: GitLabStub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITLAB_TOKEN", "wrong")
    with pytest.raises(SourceError, match=r"rejected the token \(401\): set a valid GITLAB_TOKEN.$"):
        gitlab.collect("mina", SINCE, UNTIL, lab.url)
    monkeypatch.setenv("GITLAB_TOKEN", GITLAB_TOKEN)
    with pytest.raises(SourceError, match=r"has no user 'nobody': check \[gitlab\] username in retro.toml.$"):
        gitlab.collect("nobody", SINCE, UNTIL, lab.url)
    monkeypatch.delenv("GITLAB_TOKEN")
    with pytest.raises(SourceError, match=r"^no GitLab token: set GITLAB_TOKEN"):
        gitlab.collect("mina", SINCE, UNTIL, lab.url)


def test_a_calendar_month_with_every_recurrence_feature() -> None:
    facts = calendar.collect([str(ICS)], SINCE, UNTIL, SEOUL)
    # Weekly on Wednesday 19:00 in New York = Thursday 09:00 in Seoul: Jan 1, 8 (15 excluded), 22 (moved, 90 min), 29.
    assert [(s.title, s.cadence, s.occurrences, s.minutes) for s in facts.series] == [
        ("Conference Call with the US team", "weekly", 4, 270),
        ("MCP study group", "every 2 weeks", 3, 360),  # Jan 10, 24 by the rule, Jan 17 by RDATE
    ]
    assert [(m.title, m.minutes) for m in facts.meetings] == [
        ("Project kickoff", 30), ("Team lunch", 60), ("(busy)", 60)]  # the dentist is private: busy time only
    assert [(e.title, e.days) for e in facts.all_day] == [("PyCon Korea", 3)]  # Jan 29-31 of a five-day event
    assert (facts.count, facts.minutes, facts.hours) == (10, 780, 13)
    assert "Dentist" not in json.dumps(facts.as_json())


def test_the_same_calendar_in_new_yorks_month() -> None:
    zone = ZoneInfo("America/New_York")
    since, until = Month(2026, 1).bounds(zone)
    facts = calendar.collect([str(ICS)], since, until, zone)
    # In New York's own January the call on Dec 31 (Jan 1 in Seoul) is December's: Jan 7, 22 (moved) and 28.
    calls = next(s for s in facts.series if s.title.startswith("Conference"))
    assert (calls.occurrences, calls.minutes) == (3, 210)


def test_include_and_exclude_patterns() -> None:
    facts = calendar.collect([str(ICS)], SINCE, UNTIL, SEOUL, include=["*call*", "*study*", "*lunch*"],
                             exclude=["team lunch"])
    assert [s.title for s in facts.series] == ["Conference Call with the US team", "MCP study group"]
    assert [m.title for m in facts.meetings] == ["(busy)"]  # private time counts whatever its title
    assert facts.all_day == []


def test_a_calendar_address_is_fetched_with_limits_and_cached(tmp_path: Path) -> None:
    server = FileStub(ICS.read_bytes())
    try:
        url = server.url + "/secret/basic.ics"
        cache = Cache(tmp_path, final=True)
        assert calendar.collect([url], SINCE, UNTIL, SEOUL, cache).count == 10
        assert calendar.collect([url], SINCE, UNTIL, SEOUL, cache).count == 10
        assert len(server.requests) == 1
        with pytest.raises(SourceError) as caught:
            calendar.collect([server.url + "/secret/gone.ics"], SINCE, UNTIL, SEOUL)
        assert caught.value.message == (f"calendar {server.url}/… answered 404; check the address (a secret iCal "
                                        "address may have been reset).")  # the secret path is never shown
    finally:
        server.stop()
    with pytest.raises(SourceError, match="only .ics files and http"):
        calendar.collect(["ftp://example.com/cal.ics"], SINCE, UNTIL, SEOUL)


def test_a_malformed_calendar_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:not-a-date\nEND:VEVENT\nEND:VCALENDAR\n")
    with pytest.raises(SourceError, match=r"is not a valid iCalendar file"):
        calendar.collect([str(bad)], SINCE, UNTIL, SEOUL)


def write_config(blog: Path, hub: GitHubStub, lab: GitLabStub) -> None:
    (blog / "retro.toml").write_text(
        f'github = "mina"\ngithub_api = "{hub.url}"\ngitlab = "mina"\ngitlab_url = "{lab.url}"\n'
        f'calendars = ["{ICS}"]\ntimezone = "Asia/Seoul"\n')


def test_one_draft_from_every_source_at_once(blog: Path, january_repo: Path, hub: GitHubStub,
                                             lab: GitLabStub) -> None:
    write_config(blog, hub, lab)
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    body = frontmatter.load(blog / "posts" / "2026-01-retrospective.md").content
    assert ("On GitHub, I opened 3 pull requests and merged 3 (1 still open). I gave 4 reviews (approved 2, asked "
            "for changes 1, commented 1) on pull requests by alice (3), bob (1). I opened 2 issues and closed 1. I "
            "left 5 comments in 3 threads. Released: org/api `v1.2.0`.") in body
    assert "On GitLab, I opened 1 pull request and merged 1." in body
    assert "- org/api#15 Docs for the proxy" in body
    assert ("## Meetings and events\n\n10 meetings, 13 hours in all.\n\n"
            "- Conference Call with the US team: weekly, 4 times, 4 hours\n"
            "- MCP study group: every 2 weeks, 3 times, 6 hours\n") in body
    assert "- PyCon Korea (3 days from 2026-01-29)" in body
    assert "Dentist" not in body
    checked = CliRunner().invoke(cli, ["check", "posts/2026-01-retrospective.md", "--repo", str(january_repo),
                                       "--author", ME], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output  # every source figure is known to the fact check


def test_korean_sections(blog: Path, january_repo: Path, hub: GitHubStub, lab: GitLabStub) -> None:
    write_config(blog, hub, lab)
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME,
                                      "--lang", "ko"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    body = frontmatter.load(blog / "posts" / "2026-01-retrospective.md").content
    assert "## 리뷰와 풀 리퀘스트" in body and "GitHub에서 풀 리퀘스트 3개를 열고 3개를 머지했다" in body
    assert "## 회의와 일정\n\n회의는 10번, 모두 13시간이었다." in body
    assert "- Conference Call with the US team: 매주, 4번, 4시간" in body


def test_a_failing_source_costs_only_itself(blog: Path, january_repo: Path, hub: GitHubStub, lab: GitLabStub,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(blog, hub, lab)
    monkeypatch.setenv("GH_ENTERPRISE_TOKEN", "ghp_wrong")
    (blog / "broken.ics").write_text("not a calendar")
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME,
                                      "--calendar", "broken.ics"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: github: GitHub rejected the token from GH_ENTERPRISE_TOKEN (401): set a valid one, or run "
        "`gh auth login`. The draft goes on without it.",
        "warning: calendar: calendar broken.ics is not a valid iCalendar file (ValueError); export it again. The "
        "draft goes on without it.",
    ]
    body = frontmatter.load(blog / "posts" / "2026-01-retrospective.md").content
    assert "On GitLab" in body and "On GitHub" not in body and "In January 2026 I made 4 commits" in body
    assert "ghp_wrong" not in result.output


def test_sources_are_read_at_the_same_time(blog: Path, january_repo: Path, hub: GitHubStub, lab: GitLabStub) -> None:
    hub.delay = lab.delay = 0.5
    from retro.usecases import selection
    from retro.usecases.selection import load

    write_config(blog, hub, lab)
    config = load(blog)
    chosen = selection.resolve(config, Month(2026, 1), (str(january_repo),), (ME,), False, None)
    facts = sources.collect(chosen, sources.wanted(config), None)
    assert facts.forges and facts.source_errors == {}
    # At the same time: some GitHub answer was still being made while a GitLab one was (how much faster that
    # makes a draft is measured by benchmarks/run.py, not asserted here).
    assert any(a < d and c < b for a, b in hub.spans for c, d in lab.spans), (hub.spans, lab.spans)


def test_the_model_digest_carries_the_sources_redacted_and_fenced(
    blog: Path, january_repo: Path, hub: GitHubStub, lab: GitLabStub, stub
) -> None:
    from source_stubs import OPENED

    OPENED[1]["title"] = "Docs for the proxy, key AKIAIOSFODNN7EXAMPLE"
    try:
        write_config(blog, hub, lab)
        result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME,
                                          "--model", "openai/stub-model", "--dry-run"], catch_exceptions=False)
    finally:
        OPENED[1]["title"] = "Docs for the proxy"
    assert result.exit_code == 0, result.output
    data = result.stdout.split("<<<RETRO DATA>>>\n")[1]
    assert "GitHub account mina (127.0.0.1): 3 pull requests opened (1 still open), 3 merged" in data
    assert "Still open: org/api#15 Docs for the proxy, key [redacted]" in data
    assert "Recurring: Conference Call with the US team, weekly, 4 times, 4 hours" in data
    assert "AKIAIOSFODNN7EXAMPLE" not in result.stdout


def test_collect_json_and_tables_and_the_sources_command(blog: Path, january_repo: Path, hub: GitHubStub,
                                                        lab: GitLabStub) -> None:
    write_config(blog, hub, lab)
    args = ["--month", "2026-01", "--repo", str(january_repo), "--author", ME]
    document = json.loads(CliRunner().invoke(cli, ["collect", *args, "--json"], catch_exceptions=False).stdout)
    assert document["github"]["login"] == "mina" and document["github"]["still_open"] == 1
    assert document["github"]["review_states"] == {"approved": 2, "changes_requested": 1, "commented": 1}
    assert document["gitlab"]["commits"] == {"team/app": 5}
    assert document["calendar"]["hours"] == 13 and document["calendar"]["series"][0]["occurrences"] == 4
    text = CliRunner().invoke(cli, ["collect", *args], catch_exceptions=False).stdout
    assert "GitHub mina (127.0.0.1)" in text
    assert [line.split() for line in text.splitlines() if line.startswith("reviews given")][0] == [
        "reviews", "given", "4", "approved", "2,", "changes_requested", "1,", "commented", "1"]
    assert "calendar (1 read): 10 meetings, 13 hours" in text
    listed = CliRunner().invoke(cli, ["sources", *args], catch_exceptions=False)
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0] == "git       1 repository: 4 commits in 2026-01"
    assert lines[2] == ("github    signed in as mina (token from GH_ENTERPRISE_TOKEN); 3 pull requests opened, 3 merged, "
                        "4 reviews, 2 issues opened, 5 comments")
    assert lines[3].startswith("gitlab    signed in as mina (token from GITLAB_TOKEN); 1 pull request opened")
    assert lines[4] == "calendar  1 calendar: 10 meetings, 13 hours, 1 all-day event"


def test_the_fact_check_knows_source_figures(hub: GitHubStub) -> None:
    from retro.sources.facts.month import MonthFacts

    facts = MonthFacts(Month(2026, 1), SINCE, UNTIL, SEOUL, (ME,), [],
                       found={"github": github.collect("mina", SINCE, UNTIL, hub.url)})
    text = "I merged 3 pull requests and gave 4 reviews.\n\nI merged 12 pull requests."
    assert [str(f) for f in factcheck.check(text, facts, Notes())] == [
        "line 3: the draft says 12 pull requests; the data has 1, 3"]
