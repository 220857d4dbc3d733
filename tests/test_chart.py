"""The picture of the month: a self-contained SVG heatmap and bars that say what they show."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import ME, Row, make_repo
from retro import activity, chart
from retro.months import Month

SVG = "{http://www.w3.org/2000/svg}"


def month_of(tmp_path: Path) -> activity.Activity:
    api = make_repo(tmp_path / "api", [
        Row("2026-01-05T10:00:00+09:00", ME, "feat: a", {"a": "1\n"}),
        Row("2026-01-05T11:00:00+09:00", ME, "feat: b", {"b": "1\n"}),
        Row("2026-01-05T12:00:00+09:00", ME, "feat: c <&>", {"c": "1\n"}),
        Row("2026-01-20T10:00:00+09:00", ME, "fix: d", {"d": "1\n"}),
    ])
    web = make_repo(tmp_path / "web & co", [Row("2026-01-31T23:00:00+09:00", ME, "docs: e", {"e": "1\n"})])
    return activity.collect(Month(2026, 1), ZoneInfo("Asia/Seoul"), [api, web], [ME])


def test_the_svg_has_a_cell_a_day_a_bar_a_repository_and_a_title(tmp_path: Path) -> None:
    facts = month_of(tmp_path)
    root = ET.fromstring(chart.svg(facts, "en"))  # well-formed, names escaped
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == (
        "Commits per day in January 2026: 5 commits on 3 days, busiest 2026-01-05 (3); by repository: api 4, web & co 1"
    )
    cells = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(cells) == 31
    titles = {r.find(f"{SVG}title").text: r.get("fill") for r in cells}
    assert titles["2026-01-05: 3"] == chart.HEAT[4] and titles["2026-01-20: 1"] == chart.HEAT[1]
    assert titles["2026-01-02: 0"] == chart.HEAT[0]
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is None]
    assert [int(b.get("width")) for b in bars] == [220, 55]
    assert "<script" not in chart.svg(facts, "en") and "http://" not in chart.svg(facts, "en").replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_korean_labels_and_the_markdown_line(tmp_path: Path) -> None:
    facts = month_of(tmp_path)
    assert "2026년 1월 날짜별 커밋" in chart.svg(facts, "ko")
    assert chart.markdown(facts, "en").endswith("](assets/2026-01-activity.svg)")
    assert chart.markdown(facts, "en").startswith("![Commits per day in January 2026: 5 commits on 3 days")
