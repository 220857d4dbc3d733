"""The embedded offline drafter: Activity + Notes -> Markdown, with no model.

It only renders what the facts say: every number comes from git or the notes,
and the author's own text (commit subjects, notes) is escaped so it cannot
break the page's structure or run as HTML.
"""

from __future__ import annotations

import html
import re

from .activity import Activity, Commit, RepoActivity
from .notes import Item, Notes

# Groups of a repository's work, in the order they are told.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("features", ("feat",)),
    ("fixes", ("fix", "revert")),
    ("performance", ("perf",)),
    ("docs", ("docs",)),
    ("maintenance", ("refactor", "test", "build", "ci", "style", "chore")),
    ("other", ("other",)),
)
MAX_SUBJECTS = 12  # per group; the rest are counted, not listed

TEXT = {
    "en": {
        "features": "Features", "fixes": "Fixes", "performance": "Performance", "docs": "Docs",
        "maintenance": "Maintenance", "other": "Other",
        "work": "What I built", "next": "Next month", "reflection": "Reflection", "notes": "Notes",
        "more": "and {n} more",
        "busiest": "Busiest days: {days}.",
        "areas": "Busiest areas: {areas}.",
        "releases": "Released: {tags}.",
    },
    "ko": {
        "features": "기능", "fixes": "수정", "performance": "성능", "docs": "문서",
        "maintenance": "유지보수", "other": "기타",
        "work": "한 일", "next": "다음 달", "reflection": "회고", "notes": "메모",
        "more": "외 {n}건",
        "busiest": "가장 바빴던 날: {days}.",
        "areas": "가장 많이 바뀐 곳: {areas}.",
        "releases": "릴리스: {tags}.",
    },
}


UNSAFE_LINK = re.compile(r"\[([^\]]*)\]\(\s*((?:javascript|vbscript|data|file):)", re.IGNORECASE)


def n(value: int) -> str:
    return f"{value:,}"


def count(value: int, word: str, plural: str | None = None) -> str:
    """'1 commit', '2 commits', '1,204 repositories'."""
    return f"{n(value)} {word if value == 1 else plural or word + 's'}"


def inline(text: str) -> str:
    """The author's one-line text made safe for a Markdown list item or paragraph.

    HTML is escaped (no <script>, no stray <!-- more -->), and a leading character
    that would start a heading, quote or list is escaped.
    """
    text = " ".join(text.split())
    text = html.escape(text, quote=False)
    text = re.sub(r"^([#>+\-=|]|\d+[.)])", r"\\\1", text)
    # A link stays a link unless its address would run code: then it is shown as text.
    text = UNSAFE_LINK.sub(lambda m: "\\[" + m.group(1) + "\\](" + m.group(2), text)
    # Jinja/Liquid-style braces are harmless in mkdocs, but a theme override could render them.
    return text.replace("{{", "{\u200b{").replace("{%", "{\u200b%")


def opening(activity: Activity, notes: Notes, lang: str) -> str:
    """The headline paragraph: the month's numbers, nothing else."""
    month, repos = activity.month, activity.active_repos
    names = ", ".join(r.name for r in repos)
    if lang == "ko":
        when = f"{month.year}년 {month.month}월"
        if not activity.commits:
            return f"{when}에는 기록된 커밋이 없습니다." + (" 이번 달은 메모로 돌아봅니다." if notes else "")
        return (
            f"{when}에는 저장소 {n(len(repos))}곳({names})에서 커밋 {n(activity.commits)}개를 남겼습니다. "
            f"{n(activity.insertions)}줄을 더하고 {n(activity.deletions)}줄을 지웠고, "
            f"파일 {n(activity.files_changed)}개를 바꿨으며, 일한 날은 {n(activity.active_days)}일입니다."
        )
    when = f"{month.name} {month.year}"
    if not activity.commits:
        return f"No commits were recorded in {when}." + (" This month is told through my notes." if notes else "")
    return (
        f"In {when} I made {count(activity.commits, 'commit')} across "
        f"{count(len(repos), 'repository', 'repositories')} ({names}), "
        f"adding {count(activity.insertions, 'line')} and removing {n(activity.deletions)}, "
        f"touching {count(activity.files_changed, 'file')} on {count(activity.active_days, 'active day')}."
    )


def description(activity: Activity, lang: str) -> str:
    """One line for the front matter and the index card."""
    month, repos = activity.month, len(activity.active_repos)
    if lang == "ko":
        return f"{month.year}년 {month.month}월 회고: 저장소 {n(repos)}곳, 커밋 {n(activity.commits)}개."
    return (
        f"{month.name} {month.year} in review: {count(activity.commits, 'commit')} "
        f"across {count(repos, 'repository', 'repositories')}."
    )


def render_items(items: list[Item]) -> list[str]:
    return [f"{'  ' * min(item.level, 3)}- {inline(item.text)}" for item in items]


def notes_sections(notes: Notes, lang: str) -> list[str]:
    out: list[str] = []
    for theme in notes.themes:
        if theme.is_plan or theme.is_reflection:
            continue
        out.append(f"## {inline(theme.title) or TEXT[lang]['notes']}")
        out.extend(f"\n{inline(p)}" for p in theme.paragraphs)
        if theme.items:
            out.append("")
            out.extend(render_items(theme.items))
        out.append("")
    return out


def repo_stats(repo: RepoActivity, lang: str) -> str:
    if lang == "ko":
        return (
            f"커밋 {n(len(repo.commits))}개, +{n(repo.insertions)} / -{n(repo.deletions)}줄, "
            f"파일 {n(repo.files_changed)}개, {n(repo.active_days)}일."
        )
    return (
        f"{count(len(repo.commits), 'commit')}, +{n(repo.insertions)} / -{n(repo.deletions)} lines, "
        f"{count(repo.files_changed, 'file')}, {count(repo.active_days, 'active day')}."
    )


def grouped(commits: list[Commit]) -> list[tuple[str, list[Commit]]]:
    out = []
    for key, types in GROUPS:
        members = [c for c in commits if c.type in types]
        if members:
            out.append((key, members))
    return out


def repo_section(repo: RepoActivity, lang: str) -> list[str]:
    words = TEXT[lang]
    out = [f"### {inline(repo.name)}", "", repo_stats(repo, lang)]
    areas = repo.top_paths(3)
    if areas:
        listed = ", ".join(f"`{inline(path)}` ({n(lines)})" for path, lines in areas)
        out += ["", words["areas"].format(areas=listed)]
    if repo.tags:
        tags = ", ".join(f"`{inline(t.name)}` ({t.date.date().isoformat()})" for t in repo.tags)
        out += ["", words["releases"].format(tags=tags)]
    for key, commits in grouped(repo.commits):
        out += ["", f"**{words[key]}** ({n(len(commits))})", ""]
        seen: set[str] = set()
        unique = [c for c in commits if not (c.summary.lower() in seen or seen.add(c.summary.lower()))]
        out += [f"- {inline(c.summary)}" for c in unique[:MAX_SUBJECTS]]
        if len(unique) > MAX_SUBJECTS:
            out.append(f"- {words['more'].format(n=n(len(unique) - MAX_SUBJECTS))}")
    out.append("")
    return out


def work_section(activity: Activity, lang: str) -> list[str]:
    repos = activity.active_repos
    if not repos:
        return []
    words = TEXT[lang]
    out = [f"## {words['work']}", ""]
    busiest = activity.busiest_days(3)
    if busiest and busiest[0][1] > 1:
        if lang == "ko":
            days = ", ".join(f"{d} (커밋 {n(c)}개)" for d, c in busiest)
        else:
            days = ", ".join(f"{d} ({count(c, 'commit')})" for d, c in busiest)
        out += [words["busiest"].format(days=days), ""]
    for repo in sorted(repos, key=lambda r: -len(r.commits)):
        out += repo_section(repo, lang)
    return out


def closing_sections(notes: Notes, lang: str) -> list[str]:
    words = TEXT[lang]
    out: list[str] = []
    reflections = [t for t in notes.themes if t.is_reflection and not t.is_plan]
    if reflections:
        out += [f"## {words['reflection']}", ""]
        for theme in reflections:
            out += [inline(p) + "\n" for p in theme.paragraphs]
            out += render_items(theme.items)
        out.append("")
    plans = notes.plans
    if plans:
        out += [f"## {words['next']}", ""]
        out += render_items(plans)
        out.append("")
    return out


def draft_body(activity: Activity, notes: Notes, lang: str = "en") -> str:
    """The post's body in `lang` ('en' or 'ko'): opening, notes themes, work, next month."""
    lang = lang if lang in TEXT else "en"
    parts = [opening(activity, notes, lang), "", "<!-- more -->", ""]
    parts += notes_sections(notes, lang)
    parts += work_section(activity, lang)
    parts += closing_sections(notes, lang)
    return "\n".join(parts).strip() + "\n"
