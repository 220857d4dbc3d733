"""A picture of the month: commits per day as a calendar heatmap, and a bar per repository, as SVG.

The SVG is self-contained (no script, no font or network at view time), has a
transparent background and mid-tone colours that read on a light and a dark
page, and says what it shows in its <title> and in the image's alt text.
"""

from __future__ import annotations

import calendar
import unicodedata
from html import escape

from retro.sources.facts.commits import Activity
from retro.words import count

CELL, GAP = 18, 3
LEFT, TOP = 34, 30
BAR_HEIGHT, BAR_GAP, BAR_WIDTH = 14, 6, 220
# Light to strong, all visible on white and on Material's dark slate.
HEAT = ("#9aa4b1", "#7cc4a4", "#3fae7f", "#1f8f5f", "#0b6e45")
TEXT = "#8a8f98"
BAR = "#4a90d9"
DAY_NAMES = {"en": ("Mon", "", "Wed", "", "Fri", "", "Sun"), "ko": ("월", "", "수", "", "금", "", "일")}


def level(count: int, busiest: int) -> int:
    """0 for no commits, 1 for one, 4 for the busiest day, and in between in proportion."""
    if count <= 0:
        return 0
    return 1 + round(3 * (count - 1) / max(busiest - 1, 1))


FONT_SIZE = 11
LABEL_LIMIT = 40  # characters of a repository's name beside its bar


def text_width(text: str) -> float:
    """A generous estimate of `text`'s width in px at FONT_SIZE: wide (CJK) characters count double."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in ("W", "F"))
    return (len(text) - wide) * FONT_SIZE * 0.62 + wide * FONT_SIZE * 1.05


def label(name: str) -> str:
    return name if len(name) <= LABEL_LIMIT else name[:LABEL_LIMIT - 1] + "…"


def alt_text(activity: Activity, lang: str) -> str:
    month = activity.month
    busiest = activity.busiest_days(1)
    repos = ", ".join(f"{r.name} {len(r.commits)}" for r in sorted(activity.active_repos, key=lambda r: -len(r.commits)))
    if lang == "ko":
        text = f"{month.year}년 {month.month}월 날짜별 커밋: {activity.active_days}일 동안 커밋 {activity.commits}개"
        if busiest:
            text += f", 가장 많은 날 {busiest[0][0]} ({busiest[0][1]}개)"
        return text + (f"; 저장소별: {repos}" if repos else "")
    text = (f"Commits per day in {month.name} {month.year}: {count(activity.commits, 'commit')} on "
            f"{count(activity.active_days, 'day')}")
    if busiest:
        text += f", busiest {busiest[0][0]} ({busiest[0][1]})"
    return text + (f"; by repository: {repos}" if repos else "")


def svg(activity: Activity, lang: str = "en") -> str:
    """The month's picture as an SVG document."""
    month = activity.month
    days = activity.days
    busiest = max(days.values(), default=0)
    first_weekday, length = calendar.monthrange(month.year, month.month)  # Monday is 0
    weeks = (first_weekday + length + 6) // 7
    repos = sorted(activity.active_repos, key=lambda r: -len(r.commits))
    most = max((len(r.commits) for r in repos), default=0)
    grid_width = LEFT + weeks * (CELL + GAP)
    # The bars start clear of the grid and of the heading above it, however long the month's name is.
    bars_left = round(max(grid_width, LEFT + text_width(heading(activity, lang))) + 30)
    labels = [f"{label(r.name)} {len(r.commits)}" for r in repos]
    bars_title = "저장소별 커밋" if lang == "ko" else "Commits by repository"
    right = max([bars_left + BAR_WIDTH + 6 + text_width(t) for t in labels]
                + [bars_left + text_width(bars_title)], default=bars_left)
    width = round(right + 10) if repos else round(max(grid_width, LEFT + text_width(heading(activity, lang))) + 10)
    height = max(TOP + 7 * (CELL + GAP), TOP + len(repos) * (BAR_HEIGHT + BAR_GAP)) + 10
    title = alt_text(activity, lang)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="title">',
        f'<title id="title">{escape(title)}</title>',
        "<style>text{font:%dpx -apple-system,Segoe UI,Roboto,sans-serif;fill:%s}</style>" % (FONT_SIZE, TEXT),
        f'<text x="{LEFT}" y="{TOP - 12}">{escape(heading(activity, lang))}</text>',
    ]
    for row, name in enumerate(DAY_NAMES.get(lang, DAY_NAMES["en"])):
        if name:
            parts.append(f'<text x="0" y="{TOP + row * (CELL + GAP) + CELL - 5}">{name}</text>')
    for day in range(1, length + 1):
        slot = first_weekday + day - 1
        x, y = LEFT + (slot // 7) * (CELL + GAP), TOP + (slot % 7) * (CELL + GAP)
        key = f"{month}-{day:02d}"
        count = days.get(key, 0)
        fill = HEAT[level(count, busiest)]
        opacity = ' fill-opacity="0.35"' if not count else ""
        parts.append(f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="3" fill="{fill}"{opacity}>'
                     f"<title>{key}: {count}</title></rect>")
    if repos:
        parts.append(f'<text x="{bars_left}" y="{TOP - 12}">{bars_title}</text>')
    for index, (repo, text) in enumerate(zip(repos, labels)):
        y = TOP + index * (BAR_HEIGHT + BAR_GAP)
        length_px = max(2, round(BAR_WIDTH * len(repo.commits) / most))
        parts.append(f'<rect x="{bars_left}" y="{y}" width="{length_px}" height="{BAR_HEIGHT}" rx="2" fill="{BAR}"/>')
        parts.append(f'<text x="{bars_left + length_px + 6}" y="{y + BAR_HEIGHT - 3}">{escape(text)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def heading(activity: Activity, lang: str) -> str:
    month = activity.month
    if lang == "ko":
        return f"{month.year}년 {month.month}월 날짜별 커밋"
    return f"Commits per day, {month.name} {month.year}"


def image_path(month: str) -> str:
    """Where a month's picture goes, relative to posts/."""
    return f"assets/{month}-activity.svg"


def markdown(activity: Activity, lang: str) -> str:
    """The image line a post carries; the alt text says what the picture shows."""
    alt = alt_text(activity, lang).replace("[", "(").replace("]", ")")
    return f"![{alt}]({image_path(str(activity.month))})"
