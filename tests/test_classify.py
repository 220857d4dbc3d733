"""Commits understood without conventional prefixes: leading verbs and keywords in English and Korean, then paths."""

from __future__ import annotations

import pytest

from retro.sources.facts.kinds import classify, path_kind, scope

CASES = [
    # conventional prefixes and scopes come first
    ("feat(api)!: add login", [], "feat"),
    ("fix: crash on empty input", [], "fix"),
    ("Docs: explain the flow", [], "docs"),
    # the leading verb, in any tense
    ("Add a --json flag", [], "feat"),
    ("Implemented streaming", [], "feat"),
    ("Introduce the blog plugin", [], "feat"),
    ("Support Python 3.13", [], "feat"),
    ("Fixed a crash in the parser", [], "fix"),
    ("Handle empty notes", [], "fix"),
    ("Refactor the walk into two steps", [], "refactor"),
    ("Rename Activity.days", [], "refactor"),
    ("Bump litellm to 1.60", [], "build"),
    ("Upgrade mkdocs-material", [], "build"),
    ("Release 2.3.0", [], "chore"),
    ("Revert \"Add caching\"", [], "revert"),
    ("Speed up the numstat parser", [], "perf"),
    # an area prefix is set aside before the verb is read
    ("api: fix the token refresh", [], "fix"),
    ("[ui] add dark mode", [], "feat"),
    ("docs: guide for the proxy", [], "docs"),
    # keywords anywhere
    ("Typo in the README", [], "docs"),
    ("More tests for the month bounds", [], "test"),
    ("Regression in 2.1 when no notes", [], "fix"),
    # Korean: the verb ends the sentence, so keywords decide
    ("로그인 기능 추가", [], "feat"),
    ("빈 입력에서 생기는 버그 수정", [], "fix"),
    ("설치 문서 보강", [], "docs"),
    ("테스트 보강", [], "test"),
    ("모듈 구조 리팩터링", [], "refactor"),
    ("의존성 업그레이드", [], "build"),
    # the paths, when the words say nothing (or only something generic)
    ("Update README.md", ["README.md"], "docs"),
    ("Polish", ["docs/guide.md", "docs/index.md"], "docs"),
    ("More", ["tests/test_a.py", "tests/conftest.py"], "test"),
    ("Update", [".github/workflows/ci.yml"], "ci"),
    ("Polish", ["src/app.py", "README.md"], "feat"),  # code with its docs: changed behaviour
    ("Polish", ["src/app.py"], "other"),
    ("WIP", [], "other"),
    # no verb, but a thing of the program's surface named: an option, a method, property, call or class,
    # a command, an issue closed (simonw/llm's May 2025 writes them so)
    ("--chain-limit option, closes #1025", ["llm/cli.py"], "feat"),
    ("Experimental --since parameter for llm logs", ["llm/cli.py"], "feat"),
    ("First working prototype of llm -T toolname", ["llm/cli.py"], "feat"),
    ("Prompt.tool_results property", ["llm/models.py"], "feat"),
    ("response.tool_calls() methods", ["llm/models.py"], "feat"),
    ("tool_calls_or_raise()", ["llm/models.py"], "feat"),
    ("ToolResult dataclass", ["llm/models.py"], "feat"),
    ("WIP Tool definition class", ["llm/models.py"], "feat"),
    ("llm tools and llm tools --json, closes #994", ["llm/cli.py"], "feat"),
    ("Get the mechanism working again, closes #839", ["app.py"], "feat"),
    ("Better output for --ta/--tools-approve", ["llm/cli.py"], "feat"),
    ("dict() is now model_dump()", ["llm/plugins.py"], "refactor"),
    ("Ditch SimpleEcho entirely for Echo", ["tests/test_llm.py", "llm/models.py"], "refactor"),
    # ... yet the weakest signs: unanimous paths, a fix's words and a file's name speak first
    ("Link to the saved-queries plugin, closes #852", ["docs/plugins.rst"], "docs"),
    ("Better link", ["docs/index.md"], "docs"),
    ("Better error messages in CLI, closes #309", ["cli.py"], "fix"),
    ("Don't show inheritance for Database class", ["docs/reference.rst"], "docs"),
    ("Don't wait for the stream to close", ["httpx/dispatch.py"], "fix"),
    ("setup.py and app.js", [], "other"),  # file names are no code names
]


@pytest.mark.parametrize(("subject", "paths", "kind"), CASES, ids=[c[0] for c in CASES])
def test_classify(subject: str, paths: list[str], kind: str) -> None:
    assert classify(subject, paths) == kind


def test_path_kinds() -> None:
    assert [path_kind(p) for p in ["docs/a.md", "README", "src/x_test.go", "tests/t.py", "pyproject.toml",
                                   ".github/workflows/ci.yml", "src/app.py"]] == \
        ["docs", "docs", "test", "test", "build", "ci", ""]


def test_scopes() -> None:
    assert [scope(s) for s in ["feat(api): x", "web: fix y", "[ui] z", "Fix: y", "plain words"]] == \
        ["api", "web", "ui", "", ""]
