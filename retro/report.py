"""Activity rendered for `retro collect`: a stable JSON document, or tables for a terminal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .activity import Activity, RepoActivity
from .sources.model import CalendarActivity, ForgeActivity
from .themes import themes

TOP_PATHS = 10


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def repo_json(repo: RepoActivity, compared: bool = True) -> dict[str, Any]:
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
        "top_paths": [{"path": path, "lines": lines} for path, lines in repo.top_paths(TOP_PATHS)],
        "languages": repo.languages,
        "tags": [{"name": tag.name, "date": iso(tag.date)} for tag in repo.tags],
        "warnings": repo.warnings,
        "previous_days": repo.previous_days if compared else None,
        # Commits left out as copies of a change already counted (a rebased or cherry-picked branch kept).
        "copies": repo.copies,
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
            "previous_commits": activity.previous_commits if activity.compared else None,
            "previous_active_days": activity.previous_active_days if activity.compared else None,
            "previous_insertions": activity.previous_insertions if activity.compared else None,
            "previous_deletions": activity.previous_deletions if activity.compared else None,
            "longest_streak": activity.longest_streak[0],
        },
        "repos": [repo_json(repo, activity.compared) for repo in activity.repos],
        "skipped": [{"path": str(path), "reason": reason} for path, reason in activity.skipped],
        "github": forge_json(activity, "github"),
        "gitlab": forge_json(activity, "gitlab"),
        "calendar": activity.calendar.as_json() if activity.calendar is not None else None,
        "source_warnings": list(activity.source_warnings),
    }


def forge_json(activity: Activity, forge: str) -> dict[str, Any] | None:
    found = [f for f in activity.forges if f.forge == forge]
    return found[0].as_json() if found else None


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
    for forge in activity.forges:
        lines += ["", *forge_text(forge)]
    if activity.calendar is not None:
        lines += ["", *calendar_text(activity.calendar)]
    for repo in activity.repos:
        lines += [f"warning: {w}" for w in repo.warnings]
    lines += [f"skipped {path}: {reason}" for path, reason in activity.skipped]
    return "\n".join(lines)


def forge_text(forge: ForgeActivity) -> list[str]:
    name = {"github": "GitHub", "gitlab": "GitLab"}[forge.forge]
    lines = [f"{name} {forge.login} ({forge.host})"]
    rows = [
        ("pull requests opened", f"{len(forge.opened):,}", f"{len(forge.still_open):,} still open"),
        ("pull requests merged", f"{len(forge.merged):,}", ""),
        ("reviews given", f"{len(forge.reviews):,}", ", ".join(f"{s} {n}" for s, n in forge.review_states.items())),
        ("issues opened", f"{len(forge.issues_opened):,}", ""),
        ("issues closed", f"{len(forge.issues_closed):,}", ""),
        ("comments", f"{forge.comments:,}", f"in {len(forge.threads):,} threads"),
        ("releases", f"{len(forge.releases):,}", ", ".join(f"{r.repo} {r.tag}" for r in forge.releases[:5])),
        ("commits", f"{sum(forge.commits.values()):,}", f"in {len(forge.commits):,} repositories"),
    ]
    return lines + table(rows, ("", "count", "detail"))


def calendar_text(calendar: CalendarActivity) -> list[str]:
    lines = [f"calendar ({calendar.sources} read): {calendar.count:,} meetings, {calendar.hours:,} hours"]
    rows = [(s.title, s.cadence, f"{s.occurrences:,}", f"{s.minutes / 60:.1f}") for s in calendar.series]
    rows += [(m.title, m.start.date().isoformat() if hasattr(m.start, "date") else str(m.start), "1",
              f"{m.minutes / 60:.1f}") for m in calendar.meetings]
    rows += [(e.title, f"all day from {e.start}", f"{e.days} days", "") for e in calendar.all_day]
    return lines + (table(rows, ("event", "when", "times", "hours")) if rows else [])


def sources_report(config, selection, want, say) -> tuple[list[str], int]:
    """`retro sources`: (a line a source, how many cannot be read)."""
    from . import sources
    from .errors import RetroError
    from .sources import github, gitlab
    from .sources import notes as notes_source

    lines: list[str] = []
    failed = 0
    repos = len(selection.repos) + len(selection.found)
    blog = config.root if (config.root / "mkdocs.yml").is_file() else None  # answers are cached in a blog only
    try:
        facts = sources.collect(selection, want, blog, say)
    except RetroError as error:
        return [f"git       cannot read: {error.message}"], 1
    lines.append(f"git       {repos} repositor{'y' if repos == 1 else 'ies'}: {facts.commits:,} commits in "
                 f"{selection.month}")
    notes, path = notes_source.collect(config, selection.month, None)
    lines.append(f"notes     {path}: {len(notes.themes)} themes" if path else
                 f"notes     none for {selection.month} (write {str(config.get('notes')).format(month=selection.month)})")
    checks = {"github": lambda: github.check(want.github_api), "gitlab": lambda: gitlab.check(want.gitlab_url)}
    for name in want.names:
        if name in facts.source_errors:
            failed += 1
            lines.append(f"{name:<9} cannot read: {facts.source_errors[name]}")
            continue
        signed = ""
        if name in checks:
            try:
                signed = " signed in " + checks[name]() + ";"
            except RetroError as error:
                failed += 1
                lines.append(f"{name:<9} cannot sign in: {error.message}")
                continue
        if name == "calendar":
            calendar = facts.calendar
            lines.append(f"calendar  {len(want.calendars)} calendar(s): {calendar.count:,} meetings, "
                         f"{calendar.hours:,} hours, {len(calendar.all_day):,} all-day events")
        else:
            forge = next(f for f in facts.forges if f.forge == name)
            lines.append(f"{name:<9}{signed} {len(forge.opened):,} pull requests opened, {len(forge.merged):,} "
                         f"merged, {len(forge.reviews):,} reviews, {len(forge.issues_opened):,} issues opened, "
                         f"{forge.comments:,} comments")
    if not want.names:
        lines.append("(no GitHub, GitLab or calendar configured: see `retro sources --help` and retro.toml)")
    return lines, failed

