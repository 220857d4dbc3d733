"""What the month read and asked: browser history and AI coding sessions, private by default (issue 27)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ME, Row, make_repo
from histories import at, chrome, claude_lines, codex_lines, firefox, safari, write_jsonl
from retro.cli import cli
from retro.months import Month, zone_named
from retro.sources import Flags, Window, agents, reading

SEOUL = zone_named("Asia/Seoul")
SINCE, UNTIL = Month(2026, 1).bounds(SEOUL)
SECRET = "sk-live-PLEASEDONOTLEAK0123456789abcdef"
# What must never be kept, anywhere: private pages, pages no theme or pattern took, tokens in queries.
NEVER = ("mail.google.com", "Inbox (3)", "mybank.example.com", "accounts.google.com", "oauth", "localhost",
         "notes.html", "news.ycombinator.com", "Show HN", SECRET, "PLEASEDONOTLEAK", "utm_source", "#frag")

VISITS = [
    ("https://docs.openwebui.com/pipelines", "Pipelines | Open WebUI", "2026-01-05T10:00:00+09:00"),
    ("https://docs.openwebui.com/pipelines", "Pipelines | Open WebUI", "2026-01-06T11:00:00+09:00"),
    ("https://docs.openwebui.com/features/rag?token=" + SECRET + "#frag", "RAG | Open WebUI",
     "2026-01-06T11:05:00+09:00"),
    ("https://docs.openwebui.com/pipelines/filters", "Filters | Open WebUI", "2026-01-09T09:00:00+09:00"),
    ("https://docs.openwebui.com/pipelines/filters", "Filters | Open WebUI", "2026-01-09T09:30:00+09:00"),
    ("https://docs.openwebui.com/pipelines/filters", "Filters | Open WebUI", "2026-01-12T09:30:00+09:00"),
    ("https://github.com/open-webui/open-webui/issues/123", "Filter breaks streaming · Issue #123 · "
     "open-webui/open-webui", "2026-01-09T10:00:00+09:00"),
    ("https://github.com/open-webui/open-webui/issues/456?utm_source=x", "RAG ignores files · Issue #456 · "
     "open-webui/open-webui", "2026-01-10T10:00:00+09:00"),
    ("https://github.com/open-webui/open-webui/discussions/78", "Pipelines vs functions · open-webui · "
     "Discussion #78", "2026-01-10T11:00:00+09:00"),
    ("https://fastcampus.co.kr/dev_online_mcp", "MCP와 A2A로 만드는 AI 에이전트 | 패스트캠퍼스",
     "2026-01-03T20:00:00+09:00"),
    ("https://fastcampus.co.kr/dev_online_mcp", "MCP와 A2A로 만드는 AI 에이전트 | 패스트캠퍼스",
     "2026-01-17T20:00:00+09:00"),
    # never kept: private, unmatched, or outside the month
    ("https://mail.google.com/mail/u/0/#inbox", "Inbox (3) - Open WebUI digest", "2026-01-05T09:00:00+09:00"),
    ("https://mybank.example.com/accounts", "My bank: Open WebUI subscription", "2026-01-05T09:10:00+09:00"),
    ("https://accounts.google.com/o/oauth2/auth?client_id=1&token=" + SECRET, "Sign in - Open WebUI",
     "2026-01-05T09:20:00+09:00"),
    ("http://localhost:3000/admin", "Open WebUI admin", "2026-01-05T09:30:00+09:00"),
    ("file:///home/me/open-webui-notes.html", "Open WebUI notes", "2026-01-05T09:40:00+09:00"),
    ("https://news.ycombinator.com/item?id=1", "Show HN: a thing", "2026-01-07T09:00:00+09:00"),
    ("https://docs.openwebui.com/pipelines", "Pipelines | Open WebUI", "2025-12-31T23:59:00+09:00"),
    ("https://docs.openwebui.com/pipelines", "Pipelines | Open WebUI", "2026-02-01T00:00:00+09:00"),
]
NOTES = """# 2026-01

## Open-WebUI
- Pipelines 구조를 이해했다.

## MCP 강의 (fastcampus)
- A2A 파트까지 들었다.

## LiteLLM
- 프록시를 docker로 띄웠다.
"""


def visits(rows=VISITS):
    return [(url, title, at(when)) for url, title, when in rows]


def window(tmp_path: Path, themes=("Open-WebUI", "MCP 강의 (fastcampus)", "LiteLLM"), repos=()) -> Window:
    said: list[str] = []
    found = Window(Month(2026, 1), SINCE, UNTIL, SEOUL, None, said.append, tuple(themes), tuple(repos))
    return found


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of our own: the browsers' and agents' default places are looked for there only."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    for variable in ("CLAUDE_CONFIG_DIR", "CODEX_HOME", "LOCALAPPDATA", "APPDATA"):
        monkeypatch.delenv(variable, raising=False)
    return folder


def want(**changes) -> reading.ReadingWant:
    values = {"history": (), "include": ("fastcampus.co.kr/*",), "exclude": (), "builtin_exclude": True}
    return reading.ReadingWant(**{**values, **changes})


def test_every_browser_family_is_read_from_a_copy_while_the_browser_holds_it(tmp_path: Path, home: Path) -> None:
    """Chrome held open with its rows in the -wal file, Firefox and Safari: each visit in the month once."""
    held = chrome(home / ".config" / "google-chrome" / "Default" / "History", visits(VISITS[:6]), keep_open=True)
    firefox(home / ".mozilla" / "firefox" / "abc.default" / "places.sqlite", visits(VISITS[6:9]))
    safari(home / "Library" / "Safari" / "History.db", visits(VISITS[9:]))
    assert held is not None and Path(f"{home}/.config/google-chrome/Default/History-wal").stat().st_size > 0
    before = sorted(p.name for p in (home / ".config" / "google-chrome" / "Default").iterdir())
    try:
        facts = reading.collect(want(), window(tmp_path))
    finally:
        held.close()
    assert [Path(h).name for h in facts.histories] == ["History", "places.sqlite", "History.db"]
    assert before == ["History", "History-shm", "History-wal"]  # nothing written beside the browser's file
    assert facts.visits_read == 17  # the month's visits; December's and February's are not read at all
    by_address = {p.address: (p.visits, p.days, p.kind, p.repo) for p in facts.pages}
    assert by_address == {
        "docs.openwebui.com/pipelines/filters": (3, ["2026-01-09", "2026-01-12"], "docs", ""),
        "docs.openwebui.com/pipelines": (2, ["2026-01-05", "2026-01-06"], "docs", ""),
        "fastcampus.co.kr/dev_online_mcp": (2, ["2026-01-03", "2026-01-17"], "course", ""),
        "docs.openwebui.com/features/rag": (1, ["2026-01-06"], "docs", ""),
        "github.com/open-webui/open-webui/discussions/78": (1, ["2026-01-10"], "discussion",
                                                            "open-webui/open-webui"),
        "github.com/open-webui/open-webui/issues/123": (1, ["2026-01-09"], "issue", "open-webui/open-webui"),
        "github.com/open-webui/open-webui/issues/456": (1, ["2026-01-10"], "issue", "open-webui/open-webui"),
    }
    assert facts.not_kept == 6 and facts.visits == 11 and facts.days == 7
    dumped = json.dumps(facts.as_json(), ensure_ascii=False)
    assert not [word for word in NEVER if word in dumped]


def test_without_include_only_the_themes_keep_a_visit_and_exclude_always_wins(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "History"
    chrome(path, visits())
    facts = reading.collect(want(history=(str(path),), include=()), window(tmp_path))
    assert {p.address for p in facts.pages} >= {"docs.openwebui.com/pipelines",
                                                 "github.com/open-webui/open-webui/issues/123"}
    assert "fastcampus.co.kr/dev_online_mcp" in {p.address for p in facts.pages}  # "fastcampus" names a theme
    narrowed = reading.collect(want(history=(str(path),), exclude=("github.com/open-webui/*",)), window(tmp_path))
    assert not [p for p in narrowed.pages if p.host == "github.com"]
    # The built-in list switched off: localhost and the bank are kept as they name the theme; file: never is.
    opened = reading.collect(want(history=(str(path),), builtin_exclude=False), window(tmp_path))
    kept = {p.host for p in opened.pages}
    assert {"localhost", "mybank.example.com"} <= kept and not [p for p in opened.pages if "notes.html" in p.address]


def test_korean_theme_joins_by_title(tmp_path: Path) -> None:
    path = tmp_path / "History"
    chrome(path, visits([("https://wikidocs.net/1", "랭체인 입문: 체인 만들기", "2026-01-04T10:00:00+09:00"),
                         ("https://example.com/x", "다른 이야기", "2026-01-04T11:00:00+09:00")]))
    facts = reading.collect(want(history=(str(path),), include=()), window(tmp_path, themes=("랭체인",)))
    assert [p.address for p in facts.pages] == ["wikidocs.net/1"] and facts.not_kept == 1


@pytest.mark.parametrize("content", [b"", b"this is not sqlite at all" * 100])
def test_a_corrupt_or_missing_history_is_one_warning_and_the_rest_goes_on(tmp_path: Path, home: Path,
                                                                          content: bytes) -> None:
    bad = tmp_path / "Broken"
    bad.write_bytes(content)
    good = tmp_path / "History"
    chrome(good, visits())
    said: list[str] = []
    spot = Window(Month(2026, 1), SINCE, UNTIL, SEOUL, None, said.append, ("Open-WebUI",))
    facts = reading.collect(want(history=(str(bad), str(good))), spot)
    assert facts.pages and len(said) == 1 and str(bad) in said[0] and "reading.history" in said[0]
    from retro.errors import SourceError

    with pytest.raises(SourceError, match="Broken"):
        reading.collect(want(history=(str(bad),)), spot)
    with pytest.raises(SourceError, match="no such history file"):
        reading.collect(want(history=(str(tmp_path / "nowhere"),)), spot)


SESSION_CWD = "/home/me/code/litellm-lab"
KOREAN_CWD = "/home/me/코드/오픈웹UI-실험"


def agent_logs(home: Path, repo: Path | None = None) -> None:
    """Claude Code and Codex sessions around January 2026 (Seoul), and what they write beside them."""
    projects = home / ".claude" / "projects"
    cwd = str(repo) if repo else SESSION_CWD
    write_jsonl(projects / "-home-me-code-litellm-lab" / "s1.jsonl", [
        *claude_lines("s1", cwd, [
            ("2026-01-05T10:00:00+09:00", "user", "Run the proxy in docker compose with " + SECRET),
            ("2026-01-05T10:01:00+09:00", "assistant", "Here is a compose file."),
            ("2026-01-05T10:10:00+09:00", "tool", "docker output"),
            ("2026-01-05T10:20:00+09:00", "meta", "Caveat: the messages below were generated by the user"),
            ("2026-01-05T10:25:00+09:00", "user", "<command-name>/clear</command-name>"),
            ("2026-01-05T10:30:00+09:00", "user", "Add a fallback to gpt-4o-mini"),
            ("2026-01-05T10:31:00+09:00", "assistant", "Done."),
            # left open overnight: a gap of hours counts as 30 minutes
            ("2026-01-06T09:00:00+09:00", "user", "Now route by cost"),
            ("2026-01-06T09:05:00+09:00", "assistant", "Routed."),
        ], title="Run the proxy in docker compose"),
        {"type": "summary", "summary": "LiteLLM proxy setup", "leafUuid": "s1-8"},
        {"type": "queue-operation", "operation": "enqueue", "timestamp": "2026-01-05T01:00:00Z"},
    ])
    # a sub-agent of s1: its lines count as the session's time, its prompts are the agent's, not the person's
    write_jsonl(projects / "-home-me-code-litellm-lab" / "agent-1.jsonl", claude_lines("s1", cwd, [
        ("2026-01-05T10:02:00+09:00", "user", "Search the docs for compose"),
        ("2026-01-05T10:03:00+09:00", "assistant", "Found it."),
    ], sidechain=True))
    # a session across the month's end: only January's lines count
    write_jsonl(projects / "-home-me-code-litellm-lab" / "s2.jsonl", claude_lines("s2", cwd, [
        ("2026-01-31T23:50:00+09:00", "user", "Last prompt of January"),
        ("2026-01-31T23:55:00+09:00", "assistant", "ok"),
        ("2026-02-01T00:10:00+09:00", "user", "First prompt of February"),
        ("2026-02-01T00:12:00+09:00", "assistant", "ok"),
    ]))
    # a Korean folder, a session outside the month (never opened: written in December)
    write_jsonl(projects / "-home-me------UI---" / "s3.jsonl", claude_lines("s3", KOREAN_CWD, [
        ("2026-01-09T21:00:00+09:00", "user", "오픈웹UI 파이프라인 필터 예제를 만들어줘"),
        ("2026-01-09T21:20:00+09:00", "assistant", "만들었습니다."),
    ], title="Open-WebUI 필터 예제"))
    write_jsonl(projects / "-home-me-old" / "s0.jsonl", claude_lines("s0", "/home/me/old", [
        ("2025-12-20T10:00:00+09:00", "user", "December work"),
    ]))
    write_jsonl(projects / "-home-me-dotfiles" / "s4.jsonl", claude_lines("s4", "/home/me/dotfiles", [
        ("2026-01-20T22:00:00+09:00", "user", "fix my zsh prompt"),
        ("2026-01-20T22:05:00+09:00", "assistant", "Fixed."),
    ]))
    codex = home / ".codex" / "sessions"
    write_jsonl(codex / "2026" / "01" / "07" / "rollout-2026-01-07T10-00-00-c1.jsonl", codex_lines("c1", cwd, [
        ("2026-01-07T10:00:00+09:00", "user", "Why does the proxy return 429?"),
        ("2026-01-07T10:02:00+09:00", "assistant", "Rate limits."),
        ("2026-01-07T10:10:00+09:00", "user", "Add retries"),
        ("2026-01-07T10:12:00+09:00", "assistant", "Added."),
    ]))
    # the early flat header form: no type, no payload; lines without their own time
    early = codex / "2026" / "01" / "08" / "rollout-2026-01-08T09-00-00-c2.jsonl"
    write_jsonl(early, [
        {"id": "c2", "timestamp": "2026-01-08T00:00:00Z", "instructions": None, "git": {"branch": "main"}},
        {"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": f"<environment_context>\n  <cwd>{cwd}</cwd>\n</environment_context>"}]},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Explain LiteLLM routing"}]},
        {"record_type": "state"},
        {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Sure."}]},
    ], modified=at("2026-01-08T09:30:00+09:00"))
    # started after the month: its date folder says so, it is not opened
    write_jsonl(codex / "2026" / "02" / "03" / "rollout-2026-02-03T10-00-00-c3.jsonl", codex_lines("c3", cwd, [
        ("2026-02-03T10:00:00+09:00", "user", "February"),
    ]))


def agents_want(**changes) -> agents.AgentsWant:
    values = {"agents": ("claude", "codex", "aider"), "folders": (), "prompts": False}
    return agents.AgentsWant(**{**values, **changes})


def test_agent_sessions_are_counted_exactly_by_project(tmp_path: Path, home: Path) -> None:
    agent_logs(home)
    aider_repo = make_repo(tmp_path / "aider-app", [Row("2026-01-02T10:00:00+09:00", ME, "feat: start", {"a": "1"})])
    (aider_repo / ".aider.chat.history.md").write_text(
        "\n# aider chat started at 2025-12-30 10:00:00\n\n#### old prompt\n\n"
        "# aider chat started at 2026-01-15 14:00:00\n\n> Aider v0.80\n\n#### add a README\n\nDone.\n\n"
        "#### and a licence\n\nDone.\n", encoding="utf-8")
    facts = agents.collect(agents_want(), window(tmp_path, repos=(aider_repo,)))
    by_name = {p.name: p for p in facts.projects}
    assert sorted(by_name) == ["aider-app", "dotfiles", "litellm-lab", "오픈웹UI-실험"]
    lab = by_name["litellm-lab"]
    assert [(s.agent, s.id, s.prompts) for s in lab.sessions] == [
        ("claude", "s1", 3), ("codex", "c1", 2), ("codex", "c2", 1), ("claude", "s2", 1)]
    s1 = lab.sessions[0]
    assert s1.title == "Run the proxy in docker compose"  # the ai-title before the summary
    assert s1.days == ["2026-01-05", "2026-01-06"] and s1.models == ["claude-sonnet-4-5-20250929"]
    assert s1.minutes == 31 + 30 + 5  # 10:00-10:31, the night capped at 30, 09:00-09:05
    assert s1.texts == []  # prompts are not kept unless [agents] prompts = true
    assert lab.sessions[1].models == ["gpt-5-codex"] and lab.days == 5
    assert by_name["오픈웹UI-실험"].sessions[0].title == "Open-WebUI 필터 예제"
    assert [(s.days, s.prompts) for s in by_name["aider-app"].sessions] == [(["2026-01-15"], 2)]
    assert facts.files == 8 and facts.skipped_files == 2  # December's Claude session, February's Codex folder
    assert SECRET not in json.dumps(facts.as_json(), ensure_ascii=False)


def test_prompts_are_kept_only_when_allowed_and_then_redacted(tmp_path: Path, home: Path) -> None:
    agent_logs(home)
    facts = agents.collect(agents_want(prompts=True, agents=("claude",)), window(tmp_path))
    texts = [t for p in facts.projects for s in p.sessions for t in s.texts]
    assert "Add a fallback to gpt-4o-mini" in texts
    assert not [t for t in texts if "PLEASEDONOTLEAK" in t] and any("[redacted]" in t for t in texts)


def test_a_session_is_joined_to_the_repository_holding_its_folder(tmp_path: Path, home: Path) -> None:
    repo = make_repo(tmp_path / "litellm-lab", [Row("2026-01-05T09:00:00+09:00", ME, "feat: proxy", {"a": "1"})])
    (repo / "sub").mkdir()
    agent_logs(home, repo / "sub")
    facts = agents.collect(agents_want(agents=("claude",)), window(tmp_path, repos=(repo,)))
    assert facts.projects[0].path == str(repo.resolve()) and facts.projects[0].name == "litellm-lab"
    only = agents.collect(agents_want(agents=("claude",), folders=(str(tmp_path / "elsewhere"),)), window(tmp_path))
    assert only.projects == []


def month_blog(blog: Path, tmp_path: Path, home: Path, extra: str = "") -> Path:
    """The month of the issue: notes with three themes, a repository, a browser history and agent sessions."""
    repo = make_repo(tmp_path / "litellm-lab", [
        Row("2026-01-05T09:00:00+09:00", ME, "feat: proxy compose file", {"compose.yml": "services: {}\n"}),
        Row("2026-01-06T09:00:00+09:00", ME, "feat: cost routing", {"router.py": "x = 1\n"}),
    ])
    (blog / "notes").mkdir(exist_ok=True)
    (blog / "notes" / "2026-01.md").write_text(NOTES, encoding="utf-8")
    chrome(home / ".config" / "google-chrome" / "Default" / "History", visits())
    agent_logs(home, repo)
    (blog / "retro.toml").write_text(
        f'repos = ["{repo}"]\nauthors = ["{ME}"]\ntimezone = "Asia/Seoul"\nlang = "ko"\n\n'
        '[reading]\ninclude = ["fastcampus.co.kr/*"]\n\n[agents]\nagents = ["claude", "codex"]\n' + extra,
        encoding="utf-8")
    return repo


def everything_written(blog: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in blog.rglob("*")
                     if p.is_file() and ".git" not in p.parts and p.suffix in (".md", ".json", ".toml", ""))


def test_the_month_drafts_offline_into_its_themes_and_nothing_else_leaves(blog: Path, tmp_path: Path,
                                                                          home: Path) -> None:
    month_blog(blog, tmp_path, home)
    runner = CliRunner()
    drafted = runner.invoke(cli, ["draft", "--month", "2026-01"])
    assert drafted.exit_code == 0, drafted.output
    post = (blog / "posts" / "2026-01-retrospective.md").read_text(encoding="utf-8")
    webui = post.split("## Open-WebUI", 1)[1].split("\n## ", 1)[0]
    assert ("읽은 것: docs.openwebui.com의 페이지 3개(4일), `open-webui/open-webui`의 이슈 2개와 디스커션 1개. "
            "가장 많이 본 것은 *Filters*, *Pipelines*. `오픈웹UI-실험`에서 Claude Code 세션 1개(1일, 프롬프트 "
            "1개), 그중 *Open-WebUI 필터 예제*.") in webui
    course = post.split("## MCP 강의 (fastcampus)", 1)[1].split("\n## ", 1)[0]
    assert "fastcampus.co.kr의 페이지 1개(2일)" in course
    litellm = post.split("## LiteLLM", 1)[1].split("\n## ", 1)[0]
    assert "`litellm-lab`에서 Claude Code / Codex 세션 4개(5일, 프롬프트 7개), 그중 *Run the proxy in docker compose*" \
        in litellm
    rest = post.split("## 에이전트와 나눈 세션", 1)[1]  # a project no theme took
    assert "- `dotfiles`에서 Claude Code 세션 1개(1일, 프롬프트 1개)." in rest
    assert not [word for word in NEVER if word in everything_written(blog)]
    document = runner.invoke(cli, ["collect", "--month", "2026-01", "--json"])
    assert document.exit_code == 0
    parsed = json.loads(document.stdout)
    assert parsed["reading"]["visits"] == 11 and parsed["agents"]["sessions"] == 6
    assert [t["theme"] for t in parsed["themes"] if t.get("reading")] == ["Open-WebUI", "MCP 강의 (fastcampus)"]
    assert not [word for word in NEVER if word in document.stdout]
    checked = runner.invoke(cli, ["check", "posts/2026-01-retrospective.md"])
    assert checked.exit_code == 0 and "fact check" not in checked.output, checked.output


def test_retro_sources_says_what_it_would_read_and_what_was_left_out(blog: Path, tmp_path: Path,
                                                                     home: Path) -> None:
    month_blog(blog, tmp_path, home)
    shown = CliRunner().invoke(cli, ["sources", "--month", "2026-01"])
    assert shown.exit_code == 0, shown.output
    assert "reading   1 history: 7 pages kept (11 visits); 6 visits not kept" in shown.output
    assert f"Chrome: {home}/.config/google-chrome/Default/History" in shown.output
    assert "agents    6 sessions in 3 projects (7 files read, 2 files outside the month)" in shown.output
    assert f"Claude Code: {home}/.claude/projects" in shown.output
    assert not [word for word in NEVER if word in shown.output]


def test_a_model_is_sent_no_prompt_and_no_page_it_was_not_allowed(blog: Path, tmp_path: Path, home: Path,
                                                                  stub) -> None:
    month_blog(blog, tmp_path, home)
    stub.enqueue("## Open-WebUI\n\nRead the pipelines docs.\n")
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--model", "openai/stub-model"])
    assert result.exit_code == 0, result.output
    sent = json.dumps([r.body for r in stub.requests], ensure_ascii=False)
    assert "docs.openwebui.com" in sent and "Run the proxy in docker compose" in sent
    assert "Add a fallback to gpt-4o-mini" not in sent  # a prompt, and prompts = false
    assert not [word for word in NEVER if word in sent]


def test_with_prompts_allowed_a_model_sees_them_redacted(blog: Path, tmp_path: Path, home: Path, stub) -> None:
    month_blog(blog, tmp_path, home, extra="prompts = true\n")
    stub.enqueue("## LiteLLM\n\nSet up the proxy.\n")
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--model", "openai/stub-model"])
    assert result.exit_code == 0, result.output
    sent = json.dumps([r.body for r in stub.requests], ensure_ascii=False)
    assert "Add a fallback to gpt-4o-mini" in sent and "PLEASEDONOTLEAK" not in sent


def test_mcp_collect_month_keeps_the_same_privacy(blog: Path, tmp_path: Path, home: Path) -> None:
    from test_mcp import session_run

    month_blog(blog, tmp_path, home)

    async def steps(session, found) -> None:
        found["collect"] = await session.call_tool("collect_month", {"month": "2026-01"})

    answer = session_run(blog, steps)["collect"]
    text = json.dumps(answer.structured_content, ensure_ascii=False)
    assert not answer.is_error and '"visits": 11' in text
    assert not [word for word in NEVER if word in text]


def test_collect_keep_saves_the_sessions_claude_code_will_delete(blog: Path, tmp_path: Path, home: Path) -> None:
    month_blog(blog, tmp_path, home)
    runner = CliRunner()
    kept = runner.invoke(cli, ["collect", "--month", "2026-01", "--keep", "--json"])
    assert kept.exit_code == 0 and json.loads(kept.stdout)["agents"]["sessions"] == 6
    saved = blog / ".retro" / "cache" / "agents" / "2026-01.json"
    assert saved.is_file() and SECRET not in saved.read_text(encoding="utf-8")
    for path in (home / ".claude" / "projects").rglob("s1.jsonl"):
        path.unlink()  # Claude Code's cleanup
    again = runner.invoke(cli, ["collect", "--month", "2026-01", "--json"])
    projects = json.loads(again.stdout)["agents"]["projects"]
    assert sorted(s["id"] for p in projects for s in p["sessions"]) == ["c1", "c2", "s1", "s2", "s3", "s4"]


def test_settings_of_the_new_tables_are_checked_before_anything_is_read(blog: Path) -> None:
    runner = CliRunner()
    (blog / "retro.toml").write_text('[reading]\nincluded = ["x"]\n')
    said = runner.invoke(cli, ["collect", "--month", "2026-01"])
    assert said.exit_code == 1 and "unknown key 'included' in [reading]: did you mean 'include'?" in said.output
    (blog / "retro.toml").write_text('[agents]\nagents = ["cursor"]\n')
    said = runner.invoke(cli, ["collect", "--month", "2026-01"])
    assert "[agents] agents: takes claude, codex, aider, not 'cursor'" in said.output
    (blog / "retro.toml").write_text('github = "octocat"\ngithub_api = "ftp://x"\n')  # the old flat keys
    said = runner.invoke(cli, ["collect", "--month", "2026-01"])
    assert "[github] api: 'ftp://x' is not an http or https address" in said.output
    (blog / "retro.toml").write_text("")
    said = runner.invoke(cli, ["collect", "--month", "2026-01", "--github", "me", "--github-api", "ftp://x"])
    assert said.exit_code == 2 and "--github-api: 'ftp://x' is not an http or https address" in said.output


def test_a_flag_names_its_source_and_an_unknown_one_is_refused() -> None:
    assert Flags.given(github="me", calendar=("a.ics",), reading=True).asked == {
        "github": {"login": "me"}, "calendar": {"locations": ["a.ics"]}, "reading": {"on": True}}
    with pytest.raises(TypeError, match="no source has the option gthub"):
        Flags.given(gthub="me")



def test_the_interview_asks_about_the_sessions_and_the_reading(blog: Path, tmp_path: Path, home: Path) -> None:
    month_blog(blog, tmp_path, home)
    (blog / "notes" / "2026-01.md").write_text("## LiteLLM\n- 프록시\n", encoding="utf-8")
    asked = CliRunner().invoke(cli, ["interview", "--month", "2026-01", "--dry-run"])
    assert asked.exit_code == 0, asked.output
    assert "dotfiles에서 Claude Code와 세션 1개를 보냈어요. 무엇을 알아냈나요?" in asked.output
    assert "fastcampus.co.kr의 페이지 1개(2일)를 읽었어요. 무엇이 남았나요?" in asked.output
    assert "litellm-lab: Claude Code / Codex 세션 4개" in asked.output  # the LiteLLM theme's question's fact


def test_the_year_tells_what_was_read_and_asked_by_theme(blog: Path, tmp_path: Path, home: Path) -> None:
    month_blog(blog, tmp_path, home)
    runner = CliRunner()
    drafted = runner.invoke(cli, ["draft", "--year", "2026"])
    assert drafted.exit_code == 0, drafted.output
    post = (blog / "posts" / "2026-year-in-review.md").read_text(encoding="utf-8")
    section = post.split("## 읽고 물은 것", 1)[1].split("\n## ", 1)[0]
    assert "- **Open-WebUI**: 읽은 것: docs.openwebui.com의 페이지 3개(5일)" in section  # February 1st too
    assert "- **LiteLLM**: `litellm-lab`에서 Claude Code / Codex 세션 5개(7일, 프롬프트 9개)" in section  # February too
    assert not [word for word in NEVER if word in post]
    checked = runner.invoke(cli, ["check", "posts/2026-year-in-review.md"])
    assert checked.exit_code == 0 and "fact check" not in checked.output, checked.output


def test_the_scheduled_workflow_says_these_sources_are_local_only(blog: Path) -> None:
    (blog / "retro.toml").write_text("[reading]\n\n[agents]\nprompts = false\n")
    said = CliRunner().invoke(cli, ["schedule"])
    assert said.exit_code == 0, said.output
    assert "note: [reading] (Browser history) is local only" in said.output
    assert "note: [agents] (AI coding sessions) is local only" in said.output


def test_a_page_is_known_for_what_it_is() -> None:
    assert reading.page_kind("github.com", "/open-webui/open-webui/pull/9") == ("pull", "open-webui/open-webui")
    assert reading.page_kind("github.com", "/open-webui/open-webui/wiki/Home") == ("wiki", "open-webui/open-webui")
    assert reading.page_kind("github.com", "/open-webui/open-webui") == ("code", "open-webui/open-webui")
    assert reading.page_kind("gitlab.com", "/group/sub/proj/-/merge_requests/4") == ("pull", "group/sub/proj")
    assert reading.page_kind("gitlab.com", "/group/proj/-/issues/1") == ("issue", "group/proj")
    assert reading.page_kind("www.youtube.com", "/watch") == ("video", "")
    assert reading.page_kind("fastcampus.co.kr", "/dev_online_mcp") == ("course", "")
    assert reading.page_kind("example.com", "/docs/intro") == ("docs", "")
    assert reading.page_kind("example.com", "/about") == ("page", "")


def test_the_english_post_tells_the_same_month(blog: Path, tmp_path: Path, home: Path) -> None:
    month_blog(blog, tmp_path, home)
    toml = blog / "retro.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('lang = "ko"', 'lang = "en"'), encoding="utf-8")
    drafted = CliRunner().invoke(cli, ["draft", "--month", "2026-01"])
    assert drafted.exit_code == 0, drafted.output
    post = (blog / "posts" / "2026-01-retrospective.md").read_text(encoding="utf-8")
    assert ("Read: 3 pages of docs.openwebui.com on 4 days, 2 issues and 1 discussion of `open-webui/open-webui`, "
            "most of all *Filters* and *Pipelines*.") in post
    assert ("4 Claude Code / Codex sessions on 5 days in `litellm-lab` (7 prompts), among them *Run the proxy in "
            "docker compose*.") in post
    assert "## Sessions with coding agents\n\n- 1 Claude Code session on 1 day in `dotfiles` (1 prompt)." in post


def test_a_broken_history_or_session_log_is_a_warning_and_the_draft_comes_out(blog: Path, tmp_path: Path,
                                                                             home: Path) -> None:
    month_blog(blog, tmp_path, home)
    for path in (home / ".config" / "google-chrome" / "Default").iterdir():
        path.write_bytes(b"\x00not a database\x00" * 64)
    with (home / ".claude" / "projects" / "-home-me-code-litellm-lab" / "s1.jsonl").open("a") as log:
        log.write('{"type": "user", "cut mid-wri\n')  # a line cut mid-write is passed over
    drafted = CliRunner().invoke(cli, ["draft", "--month", "2026-01"])
    assert drafted.exit_code == 0, drafted.output
    assert "warning: reading:" in drafted.output and "History cannot be read" in drafted.output
    post = (blog / "posts" / "2026-01-retrospective.md").read_text(encoding="utf-8")
    assert "세션 4개(5일, 프롬프트 7개)" in post and "읽은 것" not in post


def test_retro_sources_says_when_claude_code_has_deleted_the_months_first_days(tmp_path: Path, home: Path) -> None:
    """Claude Code keeps 30 days: last month began before that, and with nothing older left, lost its first days.
    (Last month, whenever the test runs: 30 days back from any day always reach into it, 90 never past it.)"""
    from datetime import date

    month = Month.containing(date.today()).previous()
    day = f"{month}-20"
    write_jsonl(home / ".claude" / "projects" / "-p" / "late.jsonl", claude_lines("late", "/p", [
        (f"{day}T10:00:00+09:00", "user", "late in the month"),
        (f"{day}T10:05:00+09:00", "assistant", "ok"),
    ]))
    since, until = month.bounds(SEOUL)
    spot = Window(month, since, until, SEOUL, None, lambda _: None)
    facts = agents.collect(agents_want(agents=("claude",)), spot)
    said = agents.SOURCE.describe(agents_want(), facts)
    assert facts.earliest == day
    assert (f"Claude Code's sessions before {day} are gone (it keeps 30 days: raise cleanupPeriodDays in "
            "~/.claude/settings.json, or run `retro collect --keep` mid-month)") in said
    (home / ".claude" / "settings.json").write_text('{"cleanupPeriodDays": 90}')
    assert agents.collect(agents_want(agents=("claude",)), spot).earliest == ""


@pytest.mark.parametrize("forked", [True, False])
def test_a_private_source_reads_the_same_in_a_process_of_its_own_or_a_thread(tmp_path: Path, home: Path,
                                                                            monkeypatch, forked: bool) -> None:
    """On Linux the private sources run in a forked process when nothing else runs; in a thread otherwise (a draft
    importing LiteLLM meanwhile). The facts, the warnings and a failure come back the same either way."""
    from retro import sources
    from retro.usecases.selection import Selection

    agent_logs(home)
    good, bad = tmp_path / "History", tmp_path / "Broken"
    chrome(good, visits())
    bad.write_bytes(b"not a database" * 100)
    monkeypatch.setattr(sources, "forking", lambda: forked)
    said: list[str] = []
    repo = make_repo(tmp_path / "repo", [Row("2026-01-05T09:00:00+09:00", ME, "feat: x", {"a": "1"})])
    chosen = Selection(Month(2026, 1), SEOUL, [repo], (ME,))
    want = {"reading": want_of(history=(str(good), str(bad))), "agents": agents_want(agents=("claude",))}
    facts = sources.collect(chosen, want, None, said.append, themes=("Open-WebUI", "LiteLLM"))
    assert facts.found["reading"].visits == 9 and facts.found["agents"].sessions == 4  # s1-s4: Claude Code only
    assert [line for line in said if "Broken" in line] and facts.source_errors == {}
    failed = sources.collect(chosen, {"reading": want_of(history=(str(bad),))}, None, said.append)
    assert "Broken" in failed.source_errors["reading"] and "reading" not in failed.found


def want_of(**changes) -> reading.ReadingWant:
    return want(**{"include": (), **changes})


def test_more_private_addresses_are_never_kept(tmp_path: Path) -> None:
    rules = reading.Rules(want(include=()), ("Open-WebUI",))
    for url in ("http://100.100.1.2/open-webui", "http://localhost.localdomain:3000/open-webui",
                "https://open-webui.tail1234.ts.net/c/abc", "https://webmail.example.com/open-webui",
                "https://mail.example.org/open-webui", "http://192.168.0.10:8080/open-webui",
                "http://[::1]:3000/open-webui", "https://open-webui.home.arpa/"):
        assert rules.keep(url, "Open WebUI") is None, url
    kept = rules.keep("https://docs.openwebui.com/reset;jsessionid=SECRET?x=1#y", "Open WebUI reset")
    assert kept == ("docs.openwebui.com/reset", "docs.openwebui.com", "/reset")


def test_kept_sessions_follow_the_agents_and_folders_asked_now(blog: Path, tmp_path: Path, home: Path) -> None:
    month_blog(blog, tmp_path, home)
    assert CliRunner().invoke(cli, ["collect", "--month", "2026-01", "--keep", "--json"]).exit_code == 0
    since, until = Month(2026, 1).bounds(SEOUL)
    spot = Window(Month(2026, 1), since, until, SEOUL, blog, lambda _: None)
    narrowed = agents.collect(agents_want(agents=("codex",)), spot)
    assert {s.agent for p in narrowed.projects for s in p.sessions} == {"codex"}  # the saved Claude ones too
    elsewhere = agents.collect(agents_want(folders=(str(tmp_path / "nowhere"),)), spot)
    assert elsewhere.projects == []


def test_collect_keep_outside_a_blog_writes_nothing(tmp_path: Path, home: Path, monkeypatch) -> None:
    repo = make_repo(tmp_path / "repo", [Row("2026-01-05T09:00:00+09:00", ME, "feat: x", {"a": "1"})])
    monkeypatch.chdir(repo)
    said = CliRunner().invoke(cli, ["collect", "--month", "2026-01", "--keep"])
    assert said.exit_code == 2 and "run it inside your blog" in said.output
    assert not (repo / ".retro").exists()


def test_a_prompt_is_redacted_before_it_is_cut(tmp_path: Path, home: Path) -> None:
    token = "ghp_" + "aB3dE5fG7hI9jK1lM2nO4pQ6rS8tU0vW1xY3z"
    long = "word " * 397 + token + " and more"  # the token straddles the 2,000th character
    write_jsonl(home / ".claude" / "projects" / "-p" / "s.jsonl", claude_lines("s", "/p", [
        ("2026-01-05T10:00:00+09:00", "user", long)]))
    facts = agents.collect(agents_want(agents=("claude",), prompts=True), window(tmp_path))
    [text] = facts.projects[0].sessions[0].texts
    assert "aB3dE5fG" not in text and len(text) <= 2000


def test_aider_prompts_of_several_lines_and_claude_codes_own_records(tmp_path: Path, home: Path) -> None:
    repo = make_repo(tmp_path / "app", [Row("2026-01-02T10:00:00+09:00", ME, "feat: start", {"a": "1"})])
    (repo / ".aider.chat.history.md").write_text(
        "# aider chat started at 2026-01-15 14:00:00\n\n#### first line\n#### second line\n#### third line\n\n"
        "Done.\n\n#### one more\n\nOk.\n\n# aider chat started at 2026-02-30 10:00:00\n\n#### never\n",
        encoding="utf-8")
    write_jsonl(home / ".claude" / "projects" / "-p" / "c.jsonl", claude_lines("c", "/p", [
        ("2026-01-05T10:00:00+09:00", "user", "a real prompt"),
        ("2026-01-05T10:01:00+09:00", "user", "<task-notification>done</task-notification>"),
        ("2026-01-05T10:02:00+09:00", "user", "<bash-input>ls</bash-input>"),
    ]) + [{"type": "user", "isCompactSummary": True, "sessionId": "c", "cwd": "/p", "uuid": "x",
           "timestamp": "2026-01-05T01:03:00Z", "message": {"role": "user", "content": "This session is being "
                                                                                       "continued from a summary"}}])
    facts = agents.collect(agents_want(prompts=True), window(tmp_path, repos=(repo,)))
    by_agent = {s.agent: s for p in facts.projects for s in p.sessions}
    assert by_agent["aider"].prompts == 2 and by_agent["aider"].texts == ["first line second line third line",
                                                                           "one more"]
    assert by_agent["claude"].prompts == 1 and by_agent["claude"].texts == ["a real prompt"]


def test_codexs_early_form_keeps_its_folder_when_folders_are_named(tmp_path: Path, home: Path) -> None:
    agent_logs(home)
    facts = agents.collect(agents_want(agents=("codex",), folders=("/home/me/code",)), window(tmp_path))
    assert sorted(s.id for p in facts.projects for s in p.sessions) == ["c1", "c2"]
    meta = next(s for p in facts.projects for s in p.sessions if s.id == "c1")
    assert (meta.branch, meta.repository, meta.provider) == ("main", "git@github.com:me/x.git", "openai")


@pytest.mark.parametrize("toml, said", [
    ("reading = true\n", "reading is a table: write [reading] on a line of its own, then its keys (include, "),
    ('github_api = "https://a.example/api"\n[github]\napi = "https://b.example/api"\n',
     "github_api and [github] api are the same setting; keep one"),
    ('[github]\nlogin = "a"\nlogin = "b"\n', "[github] login is given twice (again at line 3); keep one"),
])
def test_a_sources_table_written_wrong_is_named(blog: Path, toml: str, said: str) -> None:
    (blog / "retro.toml").write_text(toml)
    result = CliRunner().invoke(cli, ["sources", "--month", "2026-01"])
    assert result.exit_code == 1 and said in result.output, result.output
