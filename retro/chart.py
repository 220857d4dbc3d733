"""A picture of the month: commits per day as a calendar heatmap, and a bar per repository, as SVG.

The SVG is self-contained (no script, no font or network at view time), has a
transparent background and mid-tone colours that read on a light and a dark
page, and says what it shows in its <title> and in the image's alt text.
"""

from __future__ import annotations

import calendar
from html import escape

from .activity import Activity

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


def alt_text(activity: Activity, lang: str) -> str:
    month = activity.month
    busiest = activity.busiest_days(1)
    repos = ", ".join(f"{r.name} {len(r.commits)}" for r in sorted(activity.active_repos, key=lambda r: -len(r.commits)))
    if lang == "ko":
        text = f"{month.year}년 {month.month}월 날짜별 커밋: {activity.active_days}일 동안 커밋 {activity.commits}개"
        if busiest:
            text += f", 가장 많은 날 {busiest[0][0]} ({busiest[0][1]}개)"
        return text + (f"; 저장소별: {repos}" if repos else "")
    text = f"Commits per day in {month.name} {month.year}: {activity.commits} commits on {activity.active_days} days"
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
    bars_left = grid_width + 40
    width = bars_left + (BAR_WIDTH + 160 if repos else 0)
    height = max(TOP + 7 * (CELL + GAP), TOP + len(repos) * (BAR_HEIGHT + BAR_GAP)) + 10
    title = alt_text(activity, lang)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="title">',
        f'<title id="title">{escape(title)}</title>',
        "<style>text{font:11px -apple-system,Segoe UI,Roboto,sans-serif;fill:%s}</style>" % TEXT,
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
        parts.append(f'<text x="{bars_left}" y="{TOP - 12}">{"저장소별 커밋" if lang == "ko" else "Commits by repository"}</text>')
    for index, repo in enumerate(repos):
        y = TOP + index * (BAR_HEIGHT + BAR_GAP)
        length_px = max(2, round(BAR_WIDTH * len(repo.commits) / most))
        parts.append(f'<rect x="{bars_left}" y="{y}" width="{length_px}" height="{BAR_HEIGHT}" rx="2" fill="{BAR}"/>')
        parts.append(f'<text x="{bars_left + length_px + 6}" y="{y + BAR_HEIGHT - 3}">'
                     f"{escape(repo.name)} {len(repo.commits)}</text>")
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
