"""Notes parsing and retro.toml validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from retro import config
from retro.sources import notes
from retro.errors import ConfigError, NotesError

ROOT = Path(__file__).resolve().parent.parent


def test_headings_become_themes_with_their_bullets_and_paragraphs() -> None:
    parsed = notes.parse(
        "# Title of the file\n\nintro line\n\n## Tools\n- ran **Ollama** at home\n    - llama3.1\n\n"
        "### Meetings\n1. kickoff\n\n```\n## not a heading\n```\n## 다음 달 계획\n- 블로그 이전\n"
    )
    assert [t.title for t in parsed.themes] == ["", "Tools", "Meetings", "다음 달 계획"]
    assert parsed.themes[0].paragraphs == ["intro line"]
    assert [(i.text, i.level) for i in parsed.themes[1].items] == [("ran **Ollama** at home", 0), ("llama3.1", 2)]
    assert [i.text for i in parsed.themes[2].items] == ["kickoff"]
    assert [i.text for i in parsed.plans] == ["블로그 이전"]


def test_plan_items_are_found_outside_plan_headings() -> None:
    parsed = notes.parse("## Work\n- shipped v1\n- next: ship v2\n- [ ] write docs\n")
    assert [i.text for i in parsed.plans] == ["next: ship v2", "[ ] write docs"]


def test_notes_that_are_not_utf8_are_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_bytes(b"## Caf\xe9\n- ok\n")
    read = notes.read(path)
    assert read.themes[0].title == "Caf\ufffd"
    assert [p.message for p in read.problems] == [f"{path} is not valid UTF-8; unreadable bytes were replaced with '\ufffd'."]


@pytest.mark.parametrize("make, message", [
    (lambda p: p, "no such notes file"),
    (lambda p: (p.mkdir(), p)[1], "is a folder"),
    (lambda p: (p.write_bytes(b"\x00\x01\x02"), p)[1], "looks binary"),
])
def test_unreadable_notes_are_errors(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(NotesError, match=message):
        notes.read(make(tmp_path / "notes.md"))


def test_config_reads_every_documented_key(tmp_path: Path) -> None:
    (tmp_path / "retro.toml").write_text(
        'lang = "ko"\ntimezone = "Asia/Seoul"\nauthors = "me@example.com"\nrepos = ["~/code/*"]\n'
        'notes = "journal/{month}.md"\nmodel = "ollama/llama3.1"\napi_base = "http://127.0.0.1:4000"\n'
        'timeout = 30\ntitle = "{month} 회고"\ncategories = ["회고록"]\ntags = ["diary"]\n'
    )
    loaded = config.load(tmp_path)
    assert loaded.lang == "ko" and loaded.authors == ["me@example.com"]
    assert loaded.title == "{month} 회고" and loaded.timeout == 30
    assert loaded.model == "ollama/llama3.1"


def test_defaults_follow_the_language(tmp_path: Path) -> None:
    (tmp_path / "retro.toml").write_text('lang = "ko"\n')
    loaded = config.load(tmp_path)
    assert (loaded.title, loaded.categories, loaded.tags) == ("{month} 개발 회고", ["회고록"], ["diary"])
    assert config.load(tmp_path / "nowhere").title == "{month} Dev Retrospective"


def test_environment_overrides_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "retro.toml").write_text('model = "openai/gpt-4o-mini"\n')
    monkeypatch.setenv("RETRO_MODEL", "ollama/llama3.1")
    assert config.load(tmp_path).model == "ollama/llama3.1"


def test_malformed_toml_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "retro.toml").write_text('lang = "en"\ntimezone = \n')
    with pytest.raises(ConfigError) as caught:
        config.load(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'retro.toml'}: Invalid value (at line 2, column 12)")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "retro.toml").write_text('modle = "x"\nlang = "fr"\ntags = 3\n')
    with pytest.raises(ConfigError) as caught:
        config.load(tmp_path)
    message = str(caught.value)
    assert "unknown key 'modle'" in message
    assert "lang must be one of en, ko, not 'fr'" in message
    assert 'tags must be a list of strings, like tags = ["diary"]' in message


def test_the_docs_document_every_setting() -> None:
    # Regenerate with: python3 dev.py docs
    from retro.sources import tables

    assert config.markdown_table(tables()) in (ROOT / "docs" / "pages" / "configuration.md").read_text()


def test_the_machines_zone_comes_from_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    from retro.months import local_zone, zone_label

    monkeypatch.setenv("TZ", "Asia/Seoul")
    assert zone_label(local_zone()) == "Asia/Seoul"
    monkeypatch.setenv("TZ", ":America/New_York")
    assert zone_label(local_zone()) == "America/New_York"


def test_month_bounds_follow_daylight_saving() -> None:
    from zoneinfo import ZoneInfo

    from retro.months import Month

    since, until = Month(2026, 3).bounds(ZoneInfo("America/New_York"))
    assert since.isoformat() == "2026-03-01T00:00:00-05:00" and until.isoformat() == "2026-04-01T00:00:00-04:00"
    assert Month(2026, 1).previous() == Month(2025, 12) and Month(2025, 12).next() == Month(2026, 1)
