"""A picture of the year: commits per day as a 53-week heatmap, and a bar per month under it, as SVG.

Drawn with the monthly chart's care: self-contained, colours that read on a light
and a dark page, the text measured so no label overlaps another, and what it
shows in its <title> and the image's alt text.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from retro.words import count, n
from retro.writing.charts.month import FONT_SIZE, HEAT, TEXT, BAR, level, text_width
from retro.writing.offline.year_post import MONTHS_KO, YearFacts

CELL, GAP = 11, 2
LEFT, TOP = 34, 30
BARS_HEIGHT = 90  # the tallest month's bar
MONTH_NAMES_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAY_NAMES = {"en": ("Mon", "", "Wed", "", "Fri", "", "Sun"), "ko": ("월", "", "수", "", "금", "", "일")}


def heading(year: int, lang: str) -> str:
    return f"{year}년 날짜별 커밋" if lang == "ko" else f"Commits per day, {year}"


def alt_text(facts: YearFacts, lang: str) -> str:
    activity = facts.activity
    year = activity.month.year
    busiest = facts.busiest[:1]
    months = ", ".join(f"{m.name} {m.commits}" for m in facts.months if m.commits)
    if lang == "ko":
        text = f"{year}년 날짜별 커밋: {n(activity.active_days)}일 동안 커밋 {n(activity.commits)}개"
        if busiest:
            text += f", 가장 바빴던 달 {busiest[0].name} ({n(busiest[0].commits)}개)"
        return text + (f"; 달마다: {months}" if months else "")
    text = (f"Commits per day in {year}: {count(activity.commits, 'commit')} on "
            f"{count(activity.active_days, 'day')}")
    if busiest:
        text += f", busiest month {busiest[0].name} ({n(busiest[0].commits)})"
    return text + (f"; by month: {months}" if months else "")


def layout(facts: YearFacts, lang: str) -> dict:
    """Every shape's place, and every text's box (x, y, width, height), so a test can see nothing overlaps."""
    year = facts.activity.month.year
    first = date(year, 1, 1)
    start = first - timedelta(days=first.weekday())  # the Monday of the first week
    weeks = ((date(year, 12, 31) - start).days // 7) + 1
    grid_width = LEFT + weeks * (CELL + GAP)
    names = MONTHS_KO if lang == "ko" else MONTH_NAMES_EN
    slot = (grid_width - LEFT) / 12
    bars_top = TOP + 7 * (CELL + GAP) + 30
    busiest = max((m.commits for m in facts.months), default=0)
    texts = [(LEFT, TOP - 12, heading(year, lang))]
    texts += [(0, TOP + row * (CELL + GAP) + CELL - 2, name)
              for row, name in enumerate(DAY_NAMES.get(lang, DAY_NAMES["en"])) if name]
    bars = []
    for index, month in enumerate(facts.months):
        height = round(BARS_HEIGHT * month.commits / busiest) if busiest else 0
        x = LEFT + index * slot + slot * 0.2
        bars.append((round(x, 1), bars_top + BARS_HEIGHT - height, round(slot * 0.6, 1), height))
        label_x = LEFT + index * slot + (slot - text_width(names[index])) / 2
        texts.append((round(label_x, 1), bars_top + BARS_HEIGHT + 14, names[index]))
        if month.commits:
            value = n(month.commits)
            texts.append((round(LEFT + index * slot + (slot - text_width(value)) / 2, 1),
                          bars_top + BARS_HEIGHT - height - 4, value))
    width = round(max(grid_width, LEFT + text_width(heading(year, lang))) + 10)
    return {"start": start, "weeks": weeks, "bars": bars, "texts": texts, "width": width,
            "height": bars_top + BARS_HEIGHT + 24}


def boxes(facts: YearFacts, lang: str) -> list[tuple[float, float, float, float]]:
    """Each text's box (left, top, right, bottom), for the test that no two overlap."""
    return [(x, y - FONT_SIZE, x + text_width(text), y + 3) for x, y, text in layout(facts, lang)["texts"]]


def svg(facts: YearFacts, lang: str = "en") -> str:
    """The year's picture as an SVG document."""
    year = facts.activity.month.year
    days = facts.activity.days
    busiest_day = max(days.values(), default=0)
    placed = layout(facts, lang)
    width, height = placed["width"], placed["height"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="title">',
        f'<title id="title">{escape(alt_text(facts, lang))}</title>',
        "<style>text{font:%dpx -apple-system,Segoe UI,Roboto,sans-serif;fill:%s}</style>" % (FONT_SIZE, TEXT),
    ]
    day = placed["start"]
    for week in range(placed["weeks"]):
        for row in range(7):
            current = day + timedelta(days=week * 7 + row)
            if current.year != year:
                continue
            key = current.isoformat()
            commits = days.get(key, 0)
            opacity = ' fill-opacity="0.35"' if not commits else ""
            parts.append(f'<rect x="{LEFT + week * (CELL + GAP)}" y="{TOP + row * (CELL + GAP)}" width="{CELL}" '
                         f'height="{CELL}" rx="2" fill="{HEAT[level(commits, busiest_day)]}"{opacity}>'
                         f"<title>{key}: {commits}</title></rect>")
    for x, y, bar_width, bar_height in placed["bars"]:
        if bar_height:
            parts.append(f'<rect x="{x}" y="{y}" width="{bar_width}" height="{bar_height}" rx="2" fill="{BAR}"/>')
    for x, y, text in placed["texts"]:
        parts.append(f'<text x="{x}" y="{y}">{escape(text)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def image_path(year: str) -> str:
    """Where a year's picture goes, relative to posts/."""
    return f"assets/{year}-activity.svg"


def markdown(facts: YearFacts, lang: str) -> str:
    alt = alt_text(facts, lang).replace("[", "(").replace("]", ")")
    return f"![{alt}]({image_path(str(facts.activity.month.year))})"
