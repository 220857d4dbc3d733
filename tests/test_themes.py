"""The month told by the author's themes: facts of every source join the notes' headings, once each; KPT and 4Ls
with the author's words or a question for them; a post with a question is not ready, not published."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from conftest import ME, Row, make_repo
from retro.cli import cli

ICS = Path(__file__).parent / "fixtures" / "month.ics"
NOTES_EN = ("January was a month of learning.\n\n## LiteLLM\n- Ran the proxy in docker myself\n\n"
            "## Open WebUI\n- Read its docs, issues and discussions\n\n## Conference Call\n- Good practice for English\n\n"
            "## MCP\n- Finished the course on MCP and A2A\n\n## Next month\n- Tidy the lab\n")
NOTES_KO = ("1월은 배우는 달이었다.\n\n## LiteLLM\n- 도커로 프록시를 직접 띄워 봤다\n\n## Open-WebUI\n- 문서, 이슈, 디스커션을 읽었다\n\n"
            "## Conference Call\n- 영어로 말하는 연습이 됐다\n\n## MCP\n- MCP와 A2A 강의를 끝냈다\n\n## 다음 달 계획\n- 랩 정리\n")


@pytest.fixture
def month(tmp_path: Path, blog: Path) -> list[str]:
    """A lab repository named like a theme, a site repository with one commit about another theme, a calendar."""
    lab = make_repo(tmp_path / "litellm-lab", [
        Row("2026-01-04T10:00:00+09:00", ME, "Run the proxy in docker compose", {"compose.yml": "a\nb\n"}),
        Row("2026-01-06T10:00:00+09:00", ME, "Add a config for two providers", {"config.yaml": "a\nb\nc\n"}),
        Row("2026-01-11T10:00:00+09:00", ME, "Fix the master key", {"config.yaml": "a\nb\nd\n"}),
    ])
    site = make_repo(tmp_path / "notes-site", [
        Row("2026-01-05T10:00:00+09:00", ME, "docs: what I learned reading open-webui pipelines", {"owu.md": "x\ny\n"}),
        Row("2026-01-20T10:00:00+09:00", ME, "feat: dark mode", {"app.css": "x\n"}),
        Row("2026-01-21T10:00:00+09:00", ME, "fix: header overlap", {"app.css": "y\n"}),
    ])
    (blog / "notes").mkdir()
    return ["--month", "2026-01", "--repo", str(lab), "--repo", str(site), "--author", ME, "--tz", "Asia/Seoul",
            "--calendar", str(ICS)]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def sections(body: str) -> dict[str, str]:
    parts = body.split("\n## ")
    return {part.split("\n", 1)[0]: part.split("\n", 1)[1] if "\n" in part else "" for part in parts[1:]}


def test_facts_join_the_authors_themes_once_each(blog: Path, month: list[str]) -> None:
    (blog / "notes" / "2026-01.md").write_text(NOTES_EN)
    result = run("draft", *month)
    assert result.exit_code == 0, result.output
    body = frontmatter.load(blog / "posts" / "2026-01-retrospective.md").content
    found = sections(body)
    assert list(found) == ["LiteLLM", "Open WebUI", "Conference Call", "MCP", "What I built", "Meetings and events",
                           "Next month"]
    assert found["LiteLLM"].startswith("\nIn `litellm-lab`, 3 commits on 3 active days, +6 / -1 lines: “Add a config "
                                       "for two providers”, “Run the proxy in docker compose”.\n\n- Ran the proxy")
    assert "In `notes-site`, 1 commit was about it: “what I learned reading open-webui pipelines”." in found["Open WebUI"]
    assert ("Conference Call with the US team: 4 times this month, weekly, 4 hours in all.\n\n- Good practice"
            in found["Conference Call"])
    assert "MCP study group: 3 times this month, every 2 weeks, 6 hours in all." in found["MCP"]
    # Told once: what a theme took is not told again below.
    assert "litellm-lab" not in found["What I built"] and "open-webui" not in found["What I built"]
    assert "Dark mode" in found["What I built"] and "Header overlap" in found["What I built"]
    assert "Conference Call" not in found["Meetings and events"] and "MCP study" not in found["Meetings and events"]
    assert "Team lunch (2026-01-09)" in found["Meetings and events"]
    (blog / "retro.toml").write_text(f'calendars = ["{ICS}"]\n')  # retro check reads retro.toml's sources
    check = run("check", "posts/2026-01-retrospective.md", *month[2:-2])
    assert check.exit_code == 0, check.output  # every figure the themes tell is a fact the check knows


def test_the_same_in_korean(blog: Path, month: list[str]) -> None:
    (blog / "notes" / "2026-01.md").write_text(NOTES_KO)
    result = run("draft", *month, "--lang", "ko", "--dry-run")
    assert result.exit_code == 0, result.output
    found = sections(result.stdout)
    assert list(found)[:4] == ["LiteLLM", "Open-WebUI", "Conference Call", "MCP"]
    assert found["LiteLLM"].startswith("\n`litellm-lab`에 커밋 3개(3일, +6 / -1줄)를 남겼다:")
    assert "`notes-site`의 커밋 1개가 이 주제였다: “what I learned reading open-webui pipelines”." in found["Open-WebUI"]
    assert "Conference Call with the US team: 매주 한 번, 모두 4번(4시간).\n\n- 영어로 말하는 연습이 됐다" in found["Conference Call"]
    assert "litellm-lab" not in found["한 일"] and "Conference Call" not in found["회의와 일정"]


def test_collect_json_gives_the_join(blog: Path, month: list[str]) -> None:
    (blog / "notes" / "2026-01.md").write_text(NOTES_EN)
    result = run("collect", *month, "--json")
    assert result.exit_code == 0, result.output
    themes = {t["theme"]: t for t in json.loads(result.stdout)["themes"]}
    assert list(themes) == ["LiteLLM", "Open WebUI", "Conference Call", "MCP"]
    assert themes["LiteLLM"]["repos"] == ["litellm-lab"] and len(themes["Open WebUI"]["commits"]) == 1
    assert themes["Conference Call"]["series"] == ["Conference Call with the US team"]
    assert themes["MCP"]["series"] == ["MCP study group"]


def test_kpt_with_the_authors_words_and_a_question_where_there_are_none(blog: Path, month: list[str]) -> None:
    (blog / "notes" / "2026-01.md").write_text(
        NOTES_KO + "\n## 잘한 점\n- 매주 콜에 빠지지 않았다\n\n## Try\n- 랩을 블로그 글로 정리하기\n")
    result = run("draft", *month, "--lang", "ko", "--format", "kpt")
    assert result.exit_code == 0, result.output
    path = blog / "posts" / "2026-01-retrospective.md"
    found = sections(frontmatter.load(path).content)
    assert list(found)[-4:] == ["Keep", "Problem", "Try", "다음 달"]  # the facts first, the format's sections after
    assert found["Keep"].strip() == "- 매주 콜에 빠지지 않았다"  # the author's words, from 잘한 점
    assert found["Try"].strip() == "- 랩을 블로그 글로 정리하기"
    assert found["Problem"].strip() == ('!!! question "회고 질문"\n\n    Problem: `litellm-lab`는 2026-01-11 이후 커밋이 '
                                        '없었어요. 무엇이 막았나요?')
    text = path.read_text()
    line = text.splitlines().index('!!! question "회고 질문"') + 1
    ready = run("ready", "posts/2026-01-retrospective.md")
    assert ready.exit_code == 1
    assert ready.stderr.strip().splitlines()[-1] == (
        f"Error: posts/2026-01-retrospective.md: not ready: Problem (line {line}) still holds retro's question; write "
        "your own words there in place of it, then run retro ready again.")
    assert "draft: true" in path.read_text()
    check = run("check", "--no-figures")
    assert check.exit_code == 0  # a draft may wait for its answers...
    assert (f"posts/2026-01-retrospective.md:{line}: warning: Problem is unanswered: retro's question is still "
            "there; answer it in your own words") in check.stderr
    path.write_text(text.replace("draft: true", "draft: false"))  # ...a post published by hand may not
    check = run("check", "--no-figures")
    assert check.exit_code == 1
    assert (f"posts/2026-01-retrospective.md:{line}: Problem is unanswered: retro's question is still there; answer "
            "it in your own words") in check.stdout
    built = run("build")
    assert built.exit_code == 1
    assert (f"posts/2026-01-retrospective.md:{line}: Problem is unanswered: retro's question is still there; answer "
            "it in your own words") in built.stderr
    answered = text.replace('!!! question "회고 질문"\n\n    Problem: `litellm-lab`는 2026-01-11 이후 커밋이 없었어요. '
                            '무엇이 막았나요?', "- 강의 과제에 밀렸다")
    path.write_text(answered)
    assert run("ready", "posts/2026-01-retrospective.md").exit_code == 0
    assert run("build").exit_code == 0


def test_4ls_in_english_asks_for_every_unfilled_section(blog: Path, month: list[str]) -> None:
    (blog / "notes" / "2026-01.md").write_text(NOTES_EN + "\n## Learned\n- Proxies are mostly config\n")
    result = run("draft", *month, "--format", "4ls", "--dry-run")
    assert result.exit_code == 0, result.output
    found = sections(result.stdout)
    assert [name for name in found if name in ("Liked", "Learned", "Lacked", "Longed for")] == [
        "Liked", "Learned", "Lacked", "Longed for"]
    assert found["Learned"].strip() == "- Proxies are mostly config"
    assert "Liked: in `litellm-lab` (3 commits), what did you like?" in found["Liked"]
    assert "Lacked: `litellm-lab` had no commits after 2026-01-11; what got in the way?" in found["Lacked"]
    assert "Longed for: 6 commits this month against 0 in December; what will you try next month?" in found["Longed for"]


def test_format_is_a_setting_too(blog: Path, month: list[str]) -> None:
    (blog / "retro.toml").write_text('format = "kpt"\n')
    result = run("draft", *month, "--dry-run")
    assert result.exit_code == 0 and "\n## Keep\n" in result.stdout
    (blog / "retro.toml").write_text('format = "scrum"\n')
    result = run("draft", *month, "--dry-run")
    assert result.exit_code == 1 and "format must be one of free, kpt, 4ls, not 'scrum'" in result.stderr


def test_a_model_is_asked_for_the_themes_and_the_formats_sections(blog: Path, month: list[str], stub) -> None:
    (blog / "notes" / "2026-01.md").write_text(NOTES_EN + "\n## Keep\n- The weekly calls\n")
    result = run("draft", *month, "--format", "kpt", "--model", "openai/stub-model", "--dry-run")
    assert result.exit_code == 0, result.output
    system, user = result.stdout.split("----- user -----")
    assert "one '## ' section per theme of the author's (4 in the data, each as «Theme ...»), in the order" in system
    assert "Open WebUI" not in system  # the author's headings are data, inside the fence, never instructions
    assert "the sections ## Keep, ## Problem, ## Try, in that order" in system and "copy that block" in system
    assert user.index("Theme «LiteLLM»:") < user.index("Repository litellm-lab: 3 commits") < user.index(
        "Theme «Open WebUI»:") < user.index("What joined no theme:") < user.index("Repository notes-site: 2 commits")
    assert "    - Ran the proxy in docker myself" in user  # the author's words, under their theme
    assert "Section «Keep», the author's words:\n    - The weekly calls" in user
    assert 'Section «Problem»: no words from the author; copy this question block as it is:\n!!! question "Retro asks"' \
           in user
