"""The model path in depth: streaming, retries, fallbacks, dry runs, budget, voice, fact check, revise, ping."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import frontmatter
import pytest
from click.testing import CliRunner, Result

from conftest import MODEL_KEY as KEY, ME, model_draft as draft
from retro.sources.facts import commits as activity
from retro.writing.model import llm
from retro.writing.model import prompt
from retro.cli import cli
from retro.months import Month
from retro.sources.facts.notes import Notes
from stub_server import StubServer

SEOUL = ZoneInfo("Asia/Seoul")




def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)




def written(blog: Path) -> frontmatter.Post:
    return frontmatter.load(blog / "posts" / "2026-01-retrospective.md")


def test_streaming_hands_over_the_text_as_it_arrives(stub: StubServer) -> None:
    stub.enqueue("one two three four five")
    pieces: list[str] = []
    answer = llm.complete([{"role": "user", "content": "hi"}], "openai/stub-model", stub.base_url, 10,
                          stream=pieces.append)
    assert pieces == ["one ", "two ", "three ", "four ", "five"]
    assert answer.text == "one two three four five"
    assert stub.requests[0].body["stream"] is True


def test_a_rate_limit_is_retried_then_succeeds(blog: Path, january_repo: Path, stub: StubServer) -> None:
    stub.enqueue_error(429, "slow down")
    stub.enqueue_error(503, "overloaded")
    stub.enqueue("A calm month.\n\nDetails.")
    result = draft(january_repo)
    assert result.exit_code == 0, result.output
    assert written(blog)["drafted_by"] == "openai/stub-model"
    assert len(stub.requests) == 3
    assert "openai/stub-model: " in result.stderr and "Retrying in 0.01 s." in result.stderr
    assert "openai/stub-model: 11 tokens in, 7 out," in result.stderr  # usage after drafting


def test_a_bad_key_is_never_retried(blog: Path, january_repo: Path, stub: StubServer) -> None:
    post = blog / "posts" / "2026-01-retrospective.md"
    post.write_bytes(b"---\ntitle: Mine\ndate: 2026-01-31\n---\n\nMy own words.\n")
    stub.enqueue_error(401, "bad key")
    result = draft(january_repo, "--force")
    assert len(stub.requests) == 1  # asked once: a rejected key is no outage to wait out
    assert result.exit_code == 1 and result.stderr.strip().splitlines()[-1].endswith("Nothing was written.")
    assert post.read_bytes() == b"---\ntitle: Mine\ndate: 2026-01-31\n---\n\nMy own words.\n"  # --force or not
    assert not (blog / ".retro" / "backups").exists()


def test_fallbacks_are_tried_in_turn(blog: Path, january_repo: Path, stub: StubServer) -> None:
    (blog / "retro.toml").write_text('fallbacks = ["openai/second-model", "offline"]\n')
    for _ in range(3):  # an outage: a server error, after the retries
        stub.enqueue_error(500, "upstream is down")
    stub.enqueue("Second model's month.\n\nMore.")
    result = draft(january_repo)
    assert result.exit_code == 0, result.output
    assert "had a server error (500); try again later. Trying openai/second-model." in result.stderr
    assert written(blog)["drafted_by"] == "openai/second-model"
    assert [r.body["model"] for r in stub.requests] == ["stub-model"] * 3 + ["second-model"]  # retried, then the next


def test_without_offline_in_fallbacks_a_failure_writes_nothing(blog: Path, january_repo: Path, stub: StubServer) -> None:
    (blog / "retro.toml").write_text("fallbacks = []\n")
    for _ in range(3):
        stub.enqueue_error(503, "overloaded")
    result = draft(january_repo)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: every model failed (openai/stub-model); nothing was written. Add \"offline\" to fallbacks in "
        "retro.toml to always get a draft."
    )
    assert not (blog / "posts" / "2026-01-retrospective.md").exists()


def test_dry_run_prints_the_messages_and_sends_and_writes_nothing(blog: Path, january_repo: Path, stub: StubServer) -> None:
    (blog / "posts" / "2026-01-retrospective.md").write_text("keep me\n")
    result = draft(january_repo, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("----- system -----\nYou write a developer's monthly retrospective")
    assert "<<<RETRO DATA>>>\nMonth: 2026-01 (January 2026), time zone Asia/Seoul" in result.stdout
    assert result.stdout.rstrip().endswith("tokens; nothing was sent and nothing written -----")
    assert stub.requests == []
    assert (blog / "posts" / "2026-01-retrospective.md").read_text() == "keep me\n"


def test_an_offline_dry_run_prints_the_whole_post_and_writes_nothing(blog: Path, january_repo: Path) -> None:
    result = run("draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME, "--tz", "Asia/Seoul",
                 "--dry-run")
    assert result.exit_code == 0, result.output
    printed = frontmatter.loads(result.stdout)
    assert printed["title"] == "2026-01 Dev Retrospective" and printed["drafted_by"] == "offline"
    assert printed.content.startswith("In January 2026 I made 4 commits across 1 repository (api)")
    assert "(assets/2026-01-activity.svg)" in printed.content
    assert result.stderr.strip().splitlines()[-1] == (
        "dry run: this is the post posts/2026-01-retrospective.md would hold; nothing was written")
    assert list((blog / "posts").iterdir()) == []


def test_the_fact_check_flags_an_invented_number(blog: Path, january_repo: Path, stub: StubServer) -> None:
    stub.enqueue("In January I made 212 commits in the `billing` repository.\n\nI worked 3 active days.")
    result = draft(january_repo)
    assert "fact check: line 1: the draft says 212 commits; the data has 4" in result.stderr
    assert "fact check: line 1: the draft names a repository 'billing'; the data has api" in result.stderr
    assert "3 active days" not in result.stderr  # true: nothing to say

    check = run("check", "posts/2026-01-retrospective.md", "--repo", str(january_repo), "--author", ME,
                "--tz", "Asia/Seoul")
    assert check.exit_code == 1
    assert check.stdout.splitlines()[0] == (
        "posts/2026-01-retrospective.md:13: the draft says 212 commits; the data has 4"
    )


def test_the_system_prompt_names_the_language_and_carries_the_authors_voice(
    blog: Path, january_repo: Path, stub: StubServer
) -> None:
    def post(name: str, day: str, body: str, category: str = "회고록", draft: bool = False) -> None:
        (blog / "posts" / name).write_text(
            f"---\ntitle: {name}\ndate: {day}\ncategories: [{category}]\ndraft: {str(draft).lower()}\n---\n\n{body}\n"
        )

    post("2025-10.md", "2025-10-31", "시월 회고: 천천히 걸었다.")
    post("2025-11.md", "2025-11-30", "십일월 회고: 조금 더 빨리.")
    post("2025-12.md", "2025-12-31", "십이월 회고: 초안.", draft=True)
    post("other.md", "2025-12-01", "A talk I gave.", category="Talks")
    stub.enqueue("1월 회고.\n\n내용.")
    result = draft(january_repo, "--lang", "ko")
    assert result.exit_code == 0, result.output
    system = stub.requests[0].body["messages"][0]["content"]
    assert "Write in Korean (한국어), in the first person" in system
    assert system.index("십일월 회고") < system.index("시월 회고")  # newest first
    assert "초안" not in system and "A talk I gave" not in system


def heavy_month(commits: int = 2000, repos: int = 20) -> activity.Activity:
    """A generated month: `commits` commits spread over `repos` repositories."""
    month = Month(2026, 1)
    since, until = month.bounds(SEOUL)
    found = []
    for r in range(repos):
        repo = activity.RepoActivity(f"service-{r:02d}", Path(f"/code/service-{r:02d}"))
        for i in range(commits // repos):
            kind = ("feat", "fix", "docs", "refactor", "chore")[i % 5]
            change = activity.FileChange(f"src/module_{i % 40}/handler_{i}.py", 10 + i % 7, i % 5)
            repo.commits.append(activity.Commit(
                f"{r:02d}{i:038d}", datetime(2026, 1, 1 + i % 31, 10, tzinfo=SEOUL), "Me", ME,
                f"{kind}(module-{i % 40}): change number {i} in the request handling of service {r}",
                files=[change], insertions=change.insertions, deletions=change.deletions,
            ))
        found.append(repo)
    from retro.sources.facts.month import MonthFacts

    return MonthFacts(month, since, until, SEOUL, (ME,), found)


def test_a_heavy_month_fits_an_8k_model_and_says_what_was_left_out() -> None:
    litellm = llm.import_litellm()
    facts = heavy_month()
    notes = Notes(text="## Course\n- Finished the distributed systems course\n\n## Next month\n- Ship v2\n")
    examples = ["A previous post. " * 300, "Another previous post. " * 300]
    built = prompt.build(facts, notes, "en", examples,
                         lambda m: litellm.token_counter(model="openai/gpt-4o-mini", messages=m), 8192, 2000)
    assert built.fits and built.tokens <= 8192 - 2000
    assert built.left_out[:2] == ["2 of 2 style examples", "per-commit lines"]
    user = built.messages[1]["content"]
    assert "Totals: 2,000" not in user and "Totals: 2000 commits in 20 repositories" in user
    assert all(f"Repository service-{r:02d}: 100 commits" in user for r in range(20))
    assert "Finished the distributed systems course" in user and "Ship v2" in user


def test_a_roomy_window_keeps_everything() -> None:
    litellm = llm.import_litellm()
    facts = heavy_month(commits=40, repos=2)
    built = prompt.build(facts, Notes(), "en", ["An earlier post."],
                         lambda m: litellm.token_counter(model="openai/gpt-4o-mini", messages=m), 128_000, 2000)
    assert built.left_out == []
    assert "An earlier post." in built.messages[0]["content"]
    assert "  - 2026-01-01 feat(module-0): change number 0" in built.messages[1]["content"]


def test_notes_too_long_for_the_window_is_one_clear_error(blog: Path, january_repo: Path, stub: StubServer) -> None:
    (blog / "retro.toml").write_text("context_window = 2500\nanswer_tokens = 2000\nfallbacks = []\n")
    (blog / "notes.md").write_text("## Long\n" + "- a long note about many things\n" * 300)
    result = draft(january_repo, "--notes", "notes.md")
    assert result.exit_code == 1
    assert "alone take" in result.stderr and "more than the 500 this window leaves" in result.stderr
    assert stub.requests == []


def test_revise_keeps_the_front_matter_and_a_backup(blog: Path, stub: StubServer) -> None:
    path = blog / "posts" / "2026-01-retrospective.md"
    original = "---\ntitle: My January\ndate: 2026-01-31\ncategories: [회고록]\ndraft: true\n---\n\nLong text.\n\n<!-- more -->\n\nMore long text.\n"
    path.write_text(original)
    stub.enqueue("```markdown\nShort text.\n\nLess.\n```")
    result = run("revise", "posts/2026-01-retrospective.md", "shorter", "--model", "openai/stub-model")
    assert result.exit_code == 0, result.output
    assert path.read_text() == (
        "---\ntitle: My January\ndate: 2026-01-31\ncategories: [회고록]\ndraft: true\n---\n\n"
        "Short text.\n\n<!-- more -->\n\nLess.\n"
    )
    [backup] = (blog / ".retro" / "backups").iterdir()
    assert backup.read_text() == original
    assert "How to revise it: shorter" in stub.requests[0].body["messages"][1]["content"]


def test_revise_with_a_rejected_key_changes_nothing(blog: Path, stub: StubServer) -> None:
    path = blog / "posts" / "2026-01-retrospective.md"
    path.write_bytes(b"---\ntitle: My January\n---\n\nLong text.\n")
    stub.enqueue_error(401, "Incorrect API key provided")
    result = run("revise", "posts/2026-01-retrospective.md", "shorter", "--model", "openai/stub-model")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: openai/stub-model at {stub.base_url} rejected the API key: check RETRO_API_KEY or the "
        "provider's key variable.")
    assert path.read_bytes() == b"---\ntitle: My January\n---\n\nLong text.\n"
    assert not (blog / ".retro" / "backups").exists()


def test_ping_reports_the_answer_time(stub: StubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    stub.enqueue("pong")
    result = run("ping", "--model", "openai/stub-model")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"openai/stub-model at {stub.base_url} answered in ")
    assert result.stdout.rstrip().endswith("s: pong")
    assert stub.requests[0].body["max_tokens"] == 5


def test_ping_without_a_model_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("ping")
    assert result.exit_code == 2
    assert "no model to check: pass --model NAME" in result.stderr


def test_a_broken_post_is_named_while_drafting(blog: Path, january_repo: Path, stub: StubServer) -> None:
    (blog / "posts" / "old.md").write_text("---\ntitle: Old\ndate: [2025\n---\n\nx\n")
    stub.enqueue("A month.\n\nMore.")
    result = draft(january_repo)
    assert result.exit_code == 0
    assert "warning: posts/old.md:4: the front matter is not valid YAML" in result.stderr
    assert "skipped as an example of your voice" in result.stderr


def test_draft_streams_the_text_where_a_person_watches(blog: Path, january_repo: Path, stub: StubServer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from retro import cli as cli_module

    pieces: list[str] = []
    monkeypatch.setattr(cli_module, "stream_target", lambda: pieces.append)  # as on a terminal
    stub.enqueue("January in three words.\n\nMore.")
    result = draft(january_repo)
    assert result.exit_code == 0, result.output
    assert "".join(pieces) == "January in three words.\n\nMore."
    assert len(pieces) > 1 and stub.requests[0].body["stream"] is True
    assert written(blog)["drafted_by"] == "openai/stub-model"


def test_the_fact_check_reads_korean() -> None:
    from retro.writing.checks import facts as factcheck

    facts = heavy_month(commits=40, repos=2)
    text = "1월에는 커밋 40개를 남겼고, 저장소 2곳에서 일했다.\n\n커밋 400개라니.\n\n3개의 커밋이 가장 많았다."
    findings = [str(f) for f in factcheck.check(text, facts, Notes())]
    # "3" stands in commit subjects, but a subject is no proof of a count of commits (issue 11: injection).
    assert findings == ["line 3: the draft says 400 commits; the data has 40 (service-00 20, service-01 20)",
                        "line 5: the draft says 3 commits; the data has 40 (service-00 20, service-01 20)"]
