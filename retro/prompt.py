"""Activity + Notes -> the messages a model is sent: facts as a compact digest, never diffs."""

from __future__ import annotations

from .activity import Activity
from .notes import Notes
from .offline import grouped

LANGUAGE_NAMES = {"en": "English", "ko": "Korean (한국어)"}


def system_prompt(lang: str) -> str:
    language = LANGUAGE_NAMES.get(lang, lang)
    return (
        "You write a developer's monthly retrospective blog post from the facts you are given.\n"
        f"- Write in {language}, in the first person, as the developer.\n"
        "- Start with one short opening paragraph with the month's headline numbers, then a line "
        "holding only <!-- more -->.\n"
        "- Then one '## ' section per theme of the notes and per area of work, and end with a short "
        "reflection and a section on next month's plans taken from the notes.\n"
        "- Use only the numbers, names and facts given. Never invent a number, a repository or an event.\n"
        "- Output Markdown only: no front matter, no code fence around the post, no title heading."
    )


def digest(activity: Activity, notes: Notes) -> str:
    """A plain-text digest of the month: headline numbers, each repository's work, the notes verbatim."""
    lines = [
        f"Month: {activity.month} ({activity.month.name} {activity.month.year}), time zone {activity.timezone}",
        f"Totals: {activity.commits} commits in {len(activity.active_repos)} repositories, "
        f"+{activity.insertions} / -{activity.deletions} lines, {activity.files_changed} files changed, "
        f"{activity.active_days} active days",
    ]
    busiest = activity.busiest_days(3)
    if busiest:
        lines.append("Busiest days: " + ", ".join(f"{d} ({c} commits)" for d, c in busiest))
    for repo in activity.active_repos:
        lines += [
            "",
            f"Repository {repo.name}: {len(repo.commits)} commits, +{repo.insertions} / -{repo.deletions} lines, "
            f"{repo.files_changed} files, {repo.active_days} active days",
        ]
        areas = repo.top_paths(3)
        if areas:
            lines.append("  Busiest areas: " + ", ".join(f"{p} ({c} lines)" for p, c in areas))
        if repo.tags:
            lines.append("  Releases: " + ", ".join(f"{t.name} ({t.date.date().isoformat()})" for t in repo.tags))
        for key, commits in grouped(repo.commits):
            lines.append(f"  {key} ({len(commits)}):")
            lines += [f"  - {' '.join(c.summary.split())}" for c in commits]
    if notes:
        lines += ["", "Notes (the author's own words):", notes.text.strip()]
    return "\n".join(lines)


def messages(activity: Activity, notes: Notes, lang: str) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": system_prompt(lang)},
        {"role": "user", "content": digest(activity, notes)},
    ]
