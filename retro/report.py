"""Activity rendered for `retro collect`: a stable JSON document, or tables for a terminal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .activity import Activity, RepoActivity
from .themes import themes

TOP_PATHS = 10


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def repo_json(repo: RepoActivity) -> dict[str, Any]:
    return {
        "name": repo.name,
        "path": str(repo.path),
        "commits": len(repo.commits),
        "insertions": repo.insertions,
        "deletions": repo.deletions,
        "files_changed": repo.files_changed,
        "active_days": repo.active_days,
        "days": repo.days,
        "first": iso(repo.first),
        "last": iso(repo.last),
        "types": repo.types,
        "themes": [{"name": t.name, "lines": t.lines, "commits": len(t.commits)} for t in themes(repo)[:TOP_PATHS]],
        "top_paths": [{"path": path, "lines": lines} for path, lines in repo.top_paths(TOP_PATHS)],
        "languages": repo.languages,
        "tags": [{"name": tag.name, "date": iso(tag.date)} for tag in repo.tags],
        "warnings": repo.warnings,
        "previous_days": repo.previous_days,
        # `commits` is the count, like the totals'; the commits themselves are the log.
        "log": [
            {"sha": c.sha, "date": c.iso, "subject": c.subject, "insertions": c.insertions, "deletions": c.deletions}
            for c in repo.commits
        ],
    }


def as_json(activity: Activity) -> dict[str, Any]:
    """The document `retro collect --json` prints; its shape is documented in the README."""
    return {
        "month": str(activity.month),
        "since": iso(activity.since),
        "until": iso(activity.until),
        "timezone": activity.timezone,
        "authors": list(activity.authors),
        "totals": {
            "commits": activity.commits,
            "insertions": activity.insertions,
            "deletions": activity.deletions,
            "files_changed": activity.files_changed,
            "active_days": activity.active_days,
            "repos": len(activity.repos),
            "previous_commits": activity.previous_commits,
            "previous_active_days": activity.previous_active_days,
            "longest_streak": activity.longest_streak[0],
        },
        "repos": [repo_json(repo) for repo in activity.repos],
        "skipped": [{"path": str(path), "reason": reason} for path, reason in activity.skipped],
    }


def table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    """Plain aligned columns; numbers right-aligned."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = [str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
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
        lines.append("  themes:  " + ", ".join(f"{t.name} ({t.lines:,} lines, {len(t.commits):,} commits)"
                                             for t in themes(repo)[:5]))
        languages = list(repo.languages.items())[:5]
        lines.append("  files:   " + ", ".join(f"{ext or '(none)'} {n:,}" for ext, n in languages))
        busiest = sorted(repo.days.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        lines.append("  busiest: " + ", ".join(f"{d} ({n})" for d, n in busiest))
        if repo.tags:
            lines.append("  tags:    " + ", ".join(t.name for t in repo.tags))
    for repo in activity.repos:
        lines += [f"warning: {w}" for w in repo.warnings]
    lines += [f"skipped {path}: {reason}" for path, reason in activity.skipped]
    return "\n".join(lines)
