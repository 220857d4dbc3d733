"""The year in review, offline: the year against the one before, its twelve months, its themes and releases,
the meetings and pull requests across it, and what each month was in the author's own words (the first
paragraph of each monthly post, quoted, never invented)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from retro.sources.facts.commits import Activity
from retro.words import MORE, code, count, n
from retro.writing.areas import areas
from retro.writing.offline.wording import Voice, inline

MONTHS_KO = [f"{m}월" for m in range(1, 13)]
BUSIEST = 3  # busiest months named
QUOTE_LIMIT = 280  # characters of a month's first paragraph quoted


@dataclass
class MonthRow:
    month: str  # YYYY-MM
    name: str  # January
    commits: int = 0
    days: int = 0
    insertions: int = 0
    deletions: int = 0
    post: str | None = None  # the month's post, relative to posts/, when published
    title: str = ""
    opening: str = ""  # the post's first paragraph, the author's words


@dataclass
class YearFacts:
    activity: Activity  # the year, as git and the sources read it
    months: list[MonthRow]
    themes: Counter = field(default_factory=Counter)  # the notes' themes: months each appeared in

    @property
    def busiest(self) -> list[MonthRow]:
        return sorted((m for m in self.months if m.commits), key=lambda m: (-m.commits, m.month))[:BUSIEST]

    def figures(self) -> dict[str, set[int]]:
        """Every number the year post tells beyond the year's own facts, by unit (for the fact check)."""
        return {"commits": {m.commits for m in self.months}, "days": {m.days for m in self.months},
                "months of the year": set(range(1, 13)),  # 2월, 3월, ...: the months' own names
                "lines": {v for m in self.months for v in (m.insertions, m.deletions, m.insertions + m.deletions)},
                "months": {len([m for m in self.months if m.commits]), *self.themes.values()}}


def month_rows(activity: Activity, names: list[str]) -> list[MonthRow]:
    """The twelve months of the year, each with its commits, active days and lines."""
    rows = {f"{activity.month.year}-{number:02d}": MonthRow(f"{activity.month.year}-{number:02d}", names[number - 1])
            for number in range(1, 13)}
    days: dict[str, set[str]] = {key: set() for key in rows}
    for repo in activity.repos:
        for commit in repo.commits:
            key = commit.iso[:7]
            if key in rows:
                row = rows[key]
                row.commits += 1
                row.insertions += commit.insertions
                row.deletions += commit.deletions
                days[key].add(commit.iso[:10])
    for key, row in rows.items():
        row.days = len(days[key])
    return list(rows.values())


def opening_paragraph(body: str) -> str:
    """A post's first paragraph of prose, in one line: no heading, picture, list or the excerpt marker."""
    for block in body.strip().split("\n\n"):
        text = block.strip()
        if text and not text.startswith(("#", "!", "<", "-", "*", "|", ">", "```")) and text != MORE:
            line = " ".join(text.split())
            return line if len(line) <= QUOTE_LIMIT else line[:QUOTE_LIMIT - 1].rstrip() + "…"
    return ""


def year_body(year: YearFacts, lang: str = "en", ko_style: str = "plain") -> str:
    activity = year.activity
    voice = Voice(activity, lang, ko_style)
    ko = voice.lang == "ko"
    parts = [opening(year, voice), "", MORE, ""]
    parts += ["## " + ("달마다" if ko else "Month by month"), ""]
    parts += ["| " + (" | ".join(["달", "커밋", "일한 날", "줄", "글"] if ko else
                                 ["Month", "Commits", "Active days", "Lines", "Post"])) + " |",
              "| --- | ---: | ---: | ---: | --- |"]
    for row in year.months:
        post = f"[{inline(row.title) or row.month}]({row.post})" if row.post else ""
        parts.append(f"| {row.name} | {n(row.commits)} | {n(row.days)} | +{n(row.insertions)} / -{n(row.deletions)}"
                     f" | {post} |")
    parts.append("")
    parts += about(year, voice)
    releases = sorted(((t.date, r.name, t.name) for r in activity.repos for t in r.tags))
    if releases:
        parts += ["## " + ("릴리스" if ko else "Releases"), ""]
        parts += [f"- {inline(repo)} {code(tag)} ({when.date().isoformat()})" for when, repo, tag in releases]
        parts.append("")
    parts += beyond(activity, voice)
    parts += read_and_asked(activity, year.themes, voice)
    said = [row for row in year.months if row.opening]
    if said:
        parts += ["## " + ("그 달은" if ko else "What each month was"), ""]
        parts += [f"- **{row.name}**: “{inline(row.opening)}”" for row in said]
        parts.append("")
    return "\n".join(parts).strip() + "\n"


def opening(year: YearFacts, voice: Voice) -> str:
    activity = year.activity
    y, before = activity.month.year, activity.month.year - 1
    repos = len(activity.active_repos)
    streak, start = activity.longest_streak
    busiest = year.busiest
    if voice.lang == "ko":
        subject = "우리는" if voice.team else "나는"
        text = (f"{y}년 한 해 동안 {subject} 저장소 {n(repos)}곳에서 커밋 {n(activity.commits)}개를 남겼"
                + voice.ko("다. ", "습니다. ") + f"{n(activity.insertions)}줄을 더하고 {n(activity.deletions)}줄을 "
                f"지웠고, 일한 날은 {n(activity.active_days)}일이" + voice.ko("다.", "었습니다."))
        if activity.compared:
            text += f" {before}년에는 커밋 {n(activity.previous_commits)}개, 일한 날 {n(activity.previous_active_days)}일이었" \
                    + voice.ko("다.", "습니다.")
        if streak > 1:
            text += f" 가장 길게 이어서 일한 기간은 {start}부터 {n(streak)}일이" + voice.ko("다.", "었습니다.")
        if busiest:
            text += " 가장 바빴던 달은 " + ", ".join(f"{r.name}({n(r.commits)})" for r in busiest) + voice.ko("이다.", "입니다.")
        return text
    text = (f"In {y} {voice.we} made {count(activity.commits, 'commit')} across "
            f"{count(repos, 'repository', 'repositories')}, adding {n(activity.insertions)} lines and removing "
            f"{n(activity.deletions)}, on {count(activity.active_days, 'active day')}.")
    if activity.compared:
        text += (f" {before} had {count(activity.previous_commits, 'commit')} on "
                 f"{count(activity.previous_active_days, 'active day')}.")
    if streak > 1:
        text += f" The longest streak was {n(streak)} days in a row, from {start}."
    if busiest:
        text += " The busiest months were " + ", ".join(f"{r.name} ({n(r.commits)})" for r in busiest) + "."
    return text


def about(year: YearFacts, voice: Voice) -> list[str]:
    """What the year was about: areas of work across it, and the themes of the author's notes."""
    ko = voice.lang == "ko"
    repos = year.activity.active_repos
    merged: dict[tuple[str, str], list[int]] = {}
    for repo in repos:
        for theme in areas(repo):
            name = "the top-level files" if theme.name == "." else theme.name.rstrip("/")
            figures = merged.setdefault((repo.name, name), [0, 0])
            figures[0] += theme.lines
            figures[1] += len(theme.commits)
    weightiest = sorted(merged.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:5]
    if not weightiest and not year.themes:
        return []
    out = ["## " + ("한 해의 주제" if ko else "What the year was about"), ""]
    for (repo, name), (lines, commits) in weightiest:
        where = code(name) + (f" ({inline(repo)})" if len(repos) > 1 else "")
        out.append(f"- {where}: " + (f"커밋 {n(commits)}개, {n(lines)}줄" if ko else
                                     f"{count(commits, 'commit')}, {count(lines, 'line')}"))
    if year.themes:
        listed = ", ".join(f"{inline(title)} ({n(months)}{'달' if ko else (' month' if months == 1 else ' months')})"
                           for title, months in year.themes.most_common(8))
        out += ["", ("노트의 주제: " if ko else "From my notes: ") + listed + "."]
    out.append("")
    return out


def read_and_asked(activity: Activity, themes, voice: Voice) -> list[str]:
    """Every other source across the year (what was read, the sessions with coding agents), by the year's themes
    first, then what no theme took, as each source tells it."""
    others = getattr(activity, "others", {})
    if not others:
        return []
    from retro.sources.facts.notes import Notes, Theme
    from retro.writing.themed import join

    found = join(activity, Notes(text="\n".join(themes), themes=[Theme(title) for title, _ in themes.most_common()]))
    out = ["## " + ("읽고 물은 것" if voice.lang == "ko" else "What I read and asked"), ""]
    for theme in found.themes:
        said = theme.told(voice.lang, inline)
        if said:
            out.append(f"- **{inline(theme.title)}**: " + " ".join(said))
    for facts in found.rest.others.values():
        section = facts.rest(voice.lang, inline)
        if section:
            out += [f"- {section[0]}:", *(f"  {line}" for line in section[1])]
    return out + [""] if len(out) > 2 else []


def beyond(activity: Activity, voice: Voice) -> list[str]:
    """Meetings and pull requests across the year, when those sources are on."""
    ko = voice.lang == "ko"
    out: list[str] = []
    calendar = activity.calendar
    merged = sum(len(f.merged) for f in activity.forges)
    reviews = sum(len(f.reviews) for f in activity.forges)
    if not calendar and not activity.forges:
        return out
    out += ["## " + ("회의와 풀 리퀘스트" if ko else "Meetings and pull requests"), ""]
    if calendar:
        out.append(f"- 회의 {n(calendar.count)}번, 모두 {n(calendar.hours)}시간" if ko else
                   f"- {count(calendar.count, 'meeting')}, {count(calendar.hours, 'hour')} in all")
        out += [f"  - {inline(s.title)}: " + (f"{n(s.occurrences)}번, {n(s.hours)}시간" if ko else
                                              f"{count(s.occurrences, 'time')}, {count(s.hours, 'hour')}")
                for s in calendar.series[:5]]
    if activity.forges:
        out.append(f"- 머지된 풀 리퀘스트 {n(merged)}개, 리뷰 {n(reviews)}개" if ko else
                   f"- {count(merged, 'pull request')} merged, {count(reviews, 'review')} given")
    out.append("")
    return out
