"""A source is one module: a toy source added in one place shows in `retro sources`, `collect --json`, the
model's digest, the join with the author's themes, the offline draft and the fact check (issue 28)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import toy_source
from conftest import ME
from retro import sources
from retro.cli import cli


@pytest.fixture
def with_tea(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sources, "SOURCES", (*sources.SOURCES, toy_source.SOURCE))
    monkeypatch.setattr(sources, "OPTIONAL", (*sources.OPTIONAL, toy_source.SOURCE))


def tea_blog(blog: Path, repo: Path) -> None:
    (blog / "retro.toml").write_text(f'repos = ["{repo}"]\nauthors = ["{ME}"]\ntimezone = "Asia/Seoul"\n\n'
                                     '[tea]\nteas = ["Open-WebUI oolong:3", "late-night chamomile:2"]\n')
    (blog / "notes").mkdir()
    (blog / "notes" / "2026-01.md").write_text("## Open-WebUI\n- read the docs\n")


def test_a_toy_source_in_one_module_is_read_told_and_checked(with_tea, blog: Path, january_repo: Path) -> None:
    tea_blog(blog, january_repo)
    runner = CliRunner()
    listed = runner.invoke(cli, ["sources", "--month", "2026-01"])
    assert listed.exit_code == 0 and "tea       2 teas" in listed.output, listed.output
    document = json.loads(runner.invoke(cli, ["collect", "--month", "2026-01", "--json"]).stdout)
    assert document["tea"] == {"teas": [{"name": "Open-WebUI oolong", "cups": 3},
                                        {"name": "late-night chamomile", "cups": 2}]}
    assert document["themes"][0]["tea"] == ["Open-WebUI oolong"]  # the join, by the same rule as commits
    drafted = runner.invoke(cli, ["draft", "--month", "2026-01"])
    assert drafted.exit_code == 0, drafted.output
    post = (blog / "posts" / "2026-01-retrospective.md").read_text()
    theme = post.split("## Open-WebUI", 1)[1].split("\n## ", 1)[0]
    assert "Drank 3 cups over Open-WebUI oolong." in theme
    assert "## Tea\n\n- late-night chamomile: 2 cups" in post  # what no theme took
    checked = runner.invoke(cli, ["check", "posts/2026-01-retrospective.md"])
    assert checked.exit_code == 0, checked.output
    shown = runner.invoke(cli, ["draft", "--month", "2026-01", "--model", "openai/x", "--dry-run", "--force"])
    assert shown.exit_code == 0, shown.output
    assert "Drank 3 cups over Open-WebUI oolong." in shown.output  # the theme's data in the model's digest
    assert "Tea: 2 cups" in shown.output and "late-night chamomile" in shown.output  # and what no theme took


def test_a_toy_sources_table_is_checked_like_the_others(with_tea, blog: Path) -> None:
    (blog / "retro.toml").write_text('[tea]\ntea = ["x:1"]\n')
    said = CliRunner().invoke(cli, ["sources", "--month", "2026-01"])
    assert said.exit_code == 1 and "unknown key 'tea' in [tea]: did you mean 'teas'?" in said.output
