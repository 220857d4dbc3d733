"""Questions for the author, grounded in the month's facts: for a format's unfilled section, and for the interview.

retro asks; it never answers. Each question names the fact it comes from (a
repository and its work, a recurring meeting, merged pull requests, a busy or a
quiet stretch, the month before) so the author knows what it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from retro.sources.facts.commits import Activity
from retro.words import code, count, ko_cadence, n
from retro.writing.formats import Section, quiet_stretch, sections
from retro.writing.themed import Join
from retro.writing.areas import areas


@dataclass(frozen=True)
class Question:
    heading: str  # the notes heading its answer goes under
    text: str  # the question itself
    fact: str = ""  # the fact it comes from, shown beside it


@dataclass(frozen=True)
class Heaviest:
    """The repository with the most commits, or with one repository its busiest area, and what it counts."""

    repo: str
    area: str  # '' for the whole repository, 'api/' for a folder, '.' for its top-level files
    commits: int

    def label(self, lang: str) -> str:
        """What the count is of, as a question names it: `proj`, `proj/api/`, the top-level files of `proj`."""
        if not self.area:
            return code(self.repo)
        if self.area == ".":
            return f"{code(self.repo)}의 최상위 파일" if lang == "ko" else f"the top-level files of {code(self.repo)}"
        return code(f"{self.repo}/{self.area}")

    @property
    def heading(self) -> str:
        """The notes heading an answer about it goes under, one the join reads as it: `api`, or the repository."""
        return self.area.rstrip("/") if self.area not in ("", ".") else self.repo


def heaviest(activity: Activity) -> Heaviest | None:
    """The repository or area with the most commits, and its commits."""
    repos = sorted(activity.active_repos, key=lambda r: (-len(r.commits), r.name))
    if not repos:
        return None
    repo = repos[0]
    found = areas(repo)
    if len(activity.active_repos) == 1 and found and len(found) > 1:
        return Heaviest(repo.name, found[0].name, len(found[0].commits))
    return Heaviest(repo.name, "", len(repo.commits))


def stalled(activity: Activity) -> tuple[str, str] | None:
    """A repository whose commits stopped a week or more before the month ended, as 'NAME had no commits after DAY'."""
    end = activity.month.last_day
    for repo in sorted(activity.active_repos, key=lambda r: (-len(r.commits), r.name)):
        last = max(repo.days)
        if (end - date.fromisoformat(last)).days >= 7:
            return repo.name, last
    return None


def section_question(section: Section, activity: Activity, found: Join, lang: str) -> str:
    """The question a format's section holds until the author fills it, in the post's language."""
    ko = lang == "ko"
    name = section.names["en"]
    top = heaviest(activity)
    if section.key in ("keep", "liked", "learned"):
        if top:
            what = top.label(lang)
            if ko:
                verb = {"keep": "계속 가져갈 것은", "liked": "좋았던 것은", "learned": "배운 것은"}[section.key]
                return f"{name}: {what}(커밋 {n(top.commits)}개)에서 {verb} 무엇인가요?"
            verb = {"keep": "is worth keeping", "liked": "did you like", "learned": "did you learn"}[section.key]
            return f"{name}: in {what} ({count(top.commits, 'commit')}), what {verb}?"
        return f"{name}: 이번 달에서 무엇을 꼽겠어요?" if ko else f"{name}: what from this month would you name here?"
    if section.key in ("problem", "lacked"):
        stopped = stalled(activity)
        if stopped:
            repo, day = stopped
            return (f"{name}: {code(repo)}는 {day} 이후 커밋이 없었어요. 무엇이 막았나요?" if ko else
                    f"{name}: {code(repo)} had no commits after {day}; what got in the way?")
        quiet = quiet_stretch(list(activity.days), activity.month.first_day, activity.month.last_day)
        if quiet:
            return (f"{name}: {quiet[0]}부터 {quiet[1]}까지 커밋이 없었어요. 무엇이 막았나요?" if ko else
                    f"{name}: no commits from {quiet[0]} to {quiet[1]}; what got in the way?")
        return f"{name}: 이번 달 무엇이 발목을 잡았나요?" if ko else f"{name}: what slowed you down this month?"
    previous = activity.month.previous()
    if ko:
        return (f"{name}: 이번 달 커밋 {n(activity.commits)}개, {previous.month}월에는 {n(activity.previous_commits)}개. "
                "다음 달에는 무엇을 해 볼까요?")
    return (f"{name}: {count(activity.commits, 'commit')} this month against {n(activity.previous_commits)} in "
            f"{previous.name}; what will you try next month?")


def interview(activity: Activity, found: Join, fmt: str, lang: str) -> list[Question]:
    """Four to eight questions: the heaviest work, meetings, pull requests, a stretch, the month before; then the
    format's sections and next month's plans."""
    ko = lang == "ko"
    asked: list[Question] = []
    for theme in found.themes:
        if theme:
            others = [one[2] for name, parts in theme.found.items()
                      if (one := theme.tellers[name].question(parts, lang))]
            told = ", ".join([*(f"`{r.name}`" for r in theme.repos), *(s.title for s in theme.series), *others][:3])
            asked.append(Question(theme.title, f"{theme.title}: 이번 달 무엇을 배우고 느꼈나요?" if ko else
                                  f"{theme.title}: what did you learn or make of it this month?", told))
    top = heaviest(activity)
    if top and not any(f"`{top.repo}`" in q.fact for q in asked):
        what = top.label(lang)
        asked.append(Question(top.heading, f"{what}에서 한 일 중 가장 중요했던 것은?" if ko else
                              f"What mattered most in your work on {what}?",
                              f"{what}: " + (f"커밋 {n(top.commits)}개" if ko else count(top.commits, "commit"))))
    calendar = found.rest.calendar
    if calendar and calendar.series:
        series = max(calendar.series, key=lambda s: (s.occurrences, s.minutes))
        asked.append(Question(series.title, f"{series.title}: 이 회의에서 무엇이 남았나요?" if ko else
                              f"{series.title}: what came out of these meetings?",
                              f"{ko_cadence(series.cadence)}, {n(series.occurrences)}번, {n(series.hours)}시간" if ko
                              else f"{series.cadence}, {count(series.occurrences, 'time')}, "
                              f"{count(series.hours, 'hour')}"))
    merged = [p for forge in found.rest.forges for p in forge.merged]
    reviews = [r for forge in found.rest.forges for r in forge.reviews]
    if merged or reviews:
        if ko:
            fact = ", ".join(part for part in (f"머지된 풀 리퀘스트 {n(len(merged))}개" if merged else "",
                                               f"리뷰 {n(len(reviews))}개" if reviews else "") if part)
        else:
            fact = ", ".join(part for part in (count(len(merged), "pull request") + " merged" if merged else "",
                                               count(len(reviews), "review") + " given" if reviews else "") if part)
        asked.append(Question("Pull requests" if not ko else "풀 리퀘스트",
                              "머지되거나 리뷰한 풀 리퀘스트 중 기억에 남는 것은?" if ko else
                              "Which merged pull request or review stays with you, and why?", fact))
    for facts in found.rest.others.values():  # what another source found that no theme took
        one = facts.question(None, lang)
        if one:
            asked.append(Question(*one))
    busiest = activity.busiest_days(1)
    quiet = quiet_stretch(list(activity.days), activity.month.first_day, activity.month.last_day)
    if quiet:
        asked.append(Question("Quiet stretch" if not ko else "조용했던 때",
                              f"{quiet[0]}~{quiet[1]}에는 커밋이 없었어요. 그때 무엇을 했나요?" if ko else
                              f"No commits from {quiet[0]} to {quiet[1]}: what were those days about?",
                              f"{quiet[0]}~{quiet[1]}" if ko else f"{quiet[0]} to {quiet[1]}"))
    elif busiest and busiest[0][1] > 1:
        day, commits = busiest[0]
        asked.append(Question("Busiest day" if not ko else "가장 바빴던 날",
                              f"{day}에 커밋이 {n(commits)}개였어요. 무슨 날이었나요?" if ko else
                              f"{day} had {count(commits, 'commit')}: what happened that day?", day))
    if activity.compared and activity.previous_commits != activity.commits:
        previous = activity.month.previous()
        asked.append(Question("The month before" if not ko else "지난달과 비교",
                              f"지난달 {n(activity.previous_commits)}개에서 이번 달 {n(activity.commits)}개로 바뀌었어요. 왜일까요?"
                              if ko else f"{previous.name} had {n(activity.previous_commits)} commits, this month "
                              f"{n(activity.commits)}: what changed?",
                              f"{previous.month}월 커밋 {n(activity.previous_commits)}개, 이번 달 {n(activity.commits)}개"
                              if ko else f"{previous.name}: {n(activity.previous_commits)}, now {n(activity.commits)}"))
    asked = asked[:5]
    for section in sections(fmt):
        asked.append(Question(section.names["en"], section_question(section, activity, found, lang),
                              section.names.get(lang, section.names["en"])))
    if fmt == "free":
        asked.append(Question("Reflection" if not ko else "회고",
                              "이번 달을 돌아보면 어떤가요?" if ko else "Looking back, how was this month?"))
    asked.append(Question("Next month" if not ko else "다음 달 계획",
                          "다음 달에는 무엇을 할 계획인가요?" if ko else "What are your plans for next month?"))
    while len(asked) < 4:
        asked.insert(0, Question("This month" if not ko else "이번 달", "이번 달 가장 기억에 남는 일은?" if ko else
                                 "What do you most want to remember about this month?"))
    return asked[:8]
