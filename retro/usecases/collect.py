"""Collect a month's facts, and the stable JSON document `retro collect --json` and `collect_month` give."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from retro import sources
from retro.config import Config
from retro.errors import named
from retro.sources.facts.commits import RepoActivity
from retro.sources.facts.month import MonthFacts
from retro.sources import notes as notes_source
from retro.sources.facts.notes import Notes
from retro.usecases.selection import Request, Selection

TOP_PATHS = 10


def collect(config: Config, selection: Selection, request: Request,
            progress: Callable[[str], None] | None = None, advance: Callable[[Any], None] | None = None) -> MonthFacts:
    """The month's facts from git and every source the request wants over retro.toml; `selection` is the
    request resolved (the CLI has it first, for its progress bar). The same request gives the same document,
    from `retro collect --json` and from MCP's collect_month alike."""
    return read(config, selection, request.sources, progress, advance, request.compare)


def read(config: Config, selection: Selection, flags: sources.Flags | None = None,
         progress: Callable[[str], None] | None = None, advance: Callable[[Any], None] | None = None,
         compare: bool = True, notes: Notes | None = None, want: dict[str, Any] | None = None) -> MonthFacts:
    """Every wanted source for the selection's month (or year), with the notes' themes handed to the sources
    that keep only what names one (the private ones); what every use case reads a month by."""
    want = sources.wanted(config, flags) if want is None else want
    themes: tuple[str, ...] = ()
    if any(sources.named(name).local for name in want):
        themes = theme_titles(config, selection, notes)
    return sources.collect(selection, want, config.root, progress, progress=advance, compare=compare,
                           themes=themes)


def theme_titles(config: Config, selection: Selection, notes: Notes | None = None) -> tuple[str, ...]:
    """The notes' themes for the month, or for each month of a year."""
    from retro.writing.themed import themes_of

    months = list(selection.month.months) if hasattr(selection.month, "months") else [selection.month]
    found = [notes] if notes is not None else [notes_source.collect(config, month, None)[0] for month in months]
    return tuple(dict.fromkeys(theme.title for one in found for theme in themes_of(one)))


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None

def repo_json(repo: RepoActivity, compared: bool = True, say: Callable[[str], str] = named) -> dict[str, Any]:
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
        "warnings": [say(problem.message) for problem in repo.problems],
        "previous_days": repo.previous_days if compared else None,
        # Commits left out as copies of a change already counted (a rebased or cherry-picked branch kept).
        "copies": repo.copies,
        # `commits` is the count, like the totals'; the commits themselves are the log.
        "log": [
            {"sha": c.sha, "date": c.iso, "subject": c.subject, "insertions": c.insertions, "deletions": c.deletions}
            for c in repo.commits
        ],
    }


def as_json(activity: MonthFacts, notes: Notes | None = None, say: Callable[[str], str] = named) -> dict[str, Any]:
    """The document `retro collect --json` prints; its shape is documented in the README. `say` is how its
    warnings name a setting (the face's way: a flag, a tool argument; by default retro.toml's key).

    With the month's notes, `themes` is the join: each theme of the notes and the facts it took.
    """
    document = {
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
        "repos": [repo_json(repo, activity.compared, say) for repo in activity.repos],
        "skipped": [{"path": str(path), "reason": say(reason)} for path, reason in activity.skipped],
    }
    for source in sources.OPTIONAL:  # each registered source's own part, under its name (null when not read)
        facts = activity.found.get(source.name)
        document[source.name] = facts.as_json() if facts is not None else None
    document["source_warnings"] = [say(f"{name}: {why}") for name, why in activity.source_errors.items()]
    if notes:
        from retro.writing.themed import join  # only a month with notes has themes to join

        document["themes"] = [theme.as_json() for theme in join(activity, notes).themes]
    else:
        document["themes"] = []
    return document


def month_notes(config: Config, selection: Selection) -> Notes:
    """The month's notes, as a draft reads them (none when there are none)."""
    return notes_source.collect(config, selection.month, None)[0]
