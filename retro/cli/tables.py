"""`retro collect` for a person at a terminal: totals, a line per repository, then each active one's detail."""

from __future__ import annotations

import re
import unicodedata

from retro.sources.facts.commits import Activity
from retro.sources.facts.forges import ForgeActivity
from retro.sources.facts.meetings import CalendarActivity
from retro.words import FORGE_NAMES, count
from retro.writing.areas import areas


NUMBER = re.compile(r"^[+-]?[\d,.]+$")


def cell_width(text: str) -> int:
    """Columns a text takes on a terminal: a Hangul or other wide character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    """Plain aligned columns by terminal cell width; columns of numbers right-aligned."""
    widths = [max(cell_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    numeric = [i > 0 and bool(rows) and all(NUMBER.match(str(r[i])) for r in rows) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = []
        for i, (cell, width) in enumerate(zip(row, widths, strict=True)):
            pad = " " * (width - cell_width(str(cell)))
            cells.append(pad + str(cell) if numeric[i] else str(cell) + pad)
        return "  ".join(cells).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *map(line, rows)]

def as_text(activity: Activity) -> str:
    """A summary for a terminal: totals, a line per repository, then each active repository's detail."""
    who = ", ".join(activity.authors) or "all authors"
    lines = [f"{activity.month} ({activity.timezone}), {who}", ""]
    rows = [
        (r.name, f"{len(r.commits):,}", f"+{r.insertions:,}", f"-{r.deletions:,}", f"{r.files_changed:,}", f"{r.active_days}")
        for r in activity.repos
    ]
    rows.append(("total", f"{activity.commits:,}", f"+{activity.insertions:,}", f"-{activity.deletions:,}",
                 f"{activity.files_changed:,}", f"{activity.active_days}"))
    lines += table(rows, ("repository", "commits", "added", "removed", "files", "days"))
    for repo in activity.active_repos:
        lines += ["", f"{repo.name}  {repo.path}"]
        lines.append("  types:   " + ", ".join(f"{t} {n}" for t, n in repo.types.items()))
        lines.append("  areas:   " + ", ".join(f"{p} {n:,}" for p, n in repo.top_paths(5)))
        lines.append("  themes:  " + ", ".join(f"{t.name} ({count(t.lines, 'line')}, {count(len(t.commits), 'commit')})"
                                             for t in areas(repo)[:5]))
        languages = list(repo.languages.items())[:5]
        lines.append("  files:   " + ", ".join(f"{ext or '(none)'} {n:,}" for ext, n in languages))
        busiest = sorted(repo.days.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        lines.append("  busiest: " + ", ".join(f"{d} ({n})" for d, n in busiest))
        if repo.tags:
            lines.append("  tags:    " + ", ".join(t.name for t in repo.tags))
    for forge in activity.forges:
        lines += ["", *forge_text(forge)]
    if activity.calendar is not None:
        lines += ["", *calendar_text(activity.calendar)]
    for facts in activity.others.values():  # any other source, as its facts say themselves
        lines += [line for line in facts.digest(titles=True)]
    for repo in activity.repos:
        lines += [f"warning: {problem.message}" for problem in repo.problems]
    lines += [f"skipped {path}: {reason}" for path, reason in activity.skipped]
    return "\n".join(lines)

def forge_text(forge: ForgeActivity) -> list[str]:
    name = FORGE_NAMES[forge.forge]
    lines = [f"{name} {forge.login} ({forge.host})"]
    rows = [
        ("pull requests opened", f"{len(forge.opened):,}", f"{len(forge.still_open):,} still open"),
        ("pull requests merged", f"{len(forge.merged):,}", ""),
        ("reviews given", f"{len(forge.reviews):,}", ", ".join(f"{s} {n}" for s, n in forge.review_states.items())),
        ("issues opened", f"{len(forge.issues_opened):,}", ""),
        ("issues closed", f"{len(forge.issues_closed):,}", ""),
        ("comments", f"{forge.comments:,}", f"in {count(len(forge.threads), 'thread')}"),
        ("releases", f"{len(forge.releases):,}", ", ".join(f"{r.repo} {r.tag}" for r in forge.releases[:5])),
        ("commits", f"{sum(forge.commits.values()):,}", f"in {count(len(forge.commits), 'repository', 'repositories')}"),
    ]
    return lines + table(rows, ("", "count", "detail"))

def calendar_text(calendar: CalendarActivity) -> list[str]:
    lines = [f"calendar ({calendar.sources} read): {count(calendar.count, 'meeting')}, {count(calendar.hours, 'hour')}"]
    rows = [(s.title, s.cadence, f"{s.occurrences:,}", f"{s.minutes / 60:.1f}") for s in calendar.series]
    rows += [(m.title, m.start.date().isoformat() if hasattr(m.start, "date") else str(m.start), "1",
              f"{m.minutes / 60:.1f}") for m in calendar.meetings]
    rows += [(e.title, f"all day from {e.start}", count(e.days, "day"), "") for e in calendar.all_day]
    return lines + (table(rows, ("event", "when", "times", "hours")) if rows else [])
