"""The picture of the month: a self-contained SVG heatmap and bars that say what they show."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from zoneinfo import ZoneInfo

from conftest import ME, Row, make_repo
from retro.sources import git as git_source
from retro.sources.facts import commits
from retro.writing.charts import month as chart
from retro.months import Month

SVG = "{http://www.w3.org/2000/svg}"


def month_of(tmp_path: Path) -> commits.Activity:
    api = make_repo(tmp_path / "api", [
        Row("2026-01-05T10:00:00+09:00", ME, "feat: a", {"a": "1\n"}),
        Row("2026-01-05T11:00:00+09:00", ME, "feat: b", {"b": "1\n"}),
        Row("2026-01-05T12:00:00+09:00", ME, "feat: c <&>", {"c": "1\n"}),
        Row("2026-01-20T10:00:00+09:00", ME, "fix: d", {"d": "1\n"}),
    ])
    web = make_repo(tmp_path / "web & co", [Row("2026-01-31T23:00:00+09:00", ME, "docs: e", {"e": "1\n"})])
    return git_source.collect(Month(2026, 1), ZoneInfo("Asia/Seoul"), [api, web], [ME])


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


def text_boxes(svg_text: str) -> tuple[float, list[tuple[float, float, float, float, str]]]:
    """(the picture's width, a box per drawn text and bar) as (left, top, right, bottom, what)."""
    root = ET.fromstring(svg_text)
    boxes = []
    for element in root.iter():
        if element.tag == f"{SVG}text":
            x, y = float(element.get("x")), float(element.get("y"))
            boxes.append((x, y - chart.FONT_SIZE, x + chart.text_width(element.text), y + 3, element.text))
        elif element.tag == f"{SVG}rect" and element.find(f"{SVG}title") is None:
            x, y = float(element.get("x")), float(element.get("y"))
            boxes.append((x, y, x + float(element.get("width")), y + float(element.get("height")), "bar"))
        elif element.tag == f"{SVG}rect":
            x, y = float(element.get("x")), float(element.get("y"))
            boxes.append((x, y, x + chart.CELL, y + chart.CELL, "cell"))
    return float(root.get("width")), boxes


def crowded_month(month: str, repos: int) -> commits.Activity:
    """A month of `repos` repositories, the first with a very long name, the rest Korean: labels to crowd."""
    from datetime import timedelta

    start = Month.parse(month)
    zone = ZoneInfo("Asia/Seoul")
    since, until = start.bounds(zone)
    made = []
    for index in range(repos):
        name = "a-repository-with-a-rather-long-name-that-goes-on-and-on" if index == 0 else f"리포지토리-{index}"
        repo = commits.RepoActivity(name, Path(name))
        repo.commits = [commits.Commit(f"{index}{day}", since + timedelta(days=day, hours=3), "n", "e", "s")
                        for day in range(0, (until - since).days, 1 + index)]
        made.append(repo)
    from retro.sources.facts.month import MonthFacts

    return MonthFacts(start, since, until, zone, (), made)


@pytest.mark.parametrize("month", ["2026-02", "2026-08", "2026-11", "2026-09"])
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("repos", [1, 3, 12])
def test_no_text_overlaps_at_any_month_length_or_repository_count(month: str, lang: str, repos: int) -> None:
    width, boxes = text_boxes(chart.svg(crowded_month(month, repos), lang))
    for box in boxes:
        assert box[0] >= 0 and box[2] <= width, f"{box[4]!r} runs out of the picture ({box[2]:.0f} > {width:.0f})"
    drawn = [b for b in boxes if b[4] not in ("cell", "bar")]
    for i, a in enumerate(drawn):
        for b in boxes:
            if b is a or (b[4] == "bar" and abs(a[3] - 3 - b[3]) < 4 and a[0] >= b[2]):
                continue
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap, f"{a[4]!r} overlaps {b[4]!r}"


def test_the_alt_text_agrees_in_number(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "one", [Row("2026-01-05T10:00:00+09:00", ME, "feat: a", {"a": "1\n"})])
    facts = git_source.collect(Month(2026, 1), ZoneInfo("Asia/Seoul"), [repo], [ME])
    assert chart.alt_text(facts, "en").startswith("Commits per day in January 2026: 1 commit on 1 day,")
