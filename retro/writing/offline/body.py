"""The embedded offline drafter: Activity + Notes -> Markdown, with no model.

It writes a retrospective, not a changelog: the notes' opening, the month's
numbers against the month before, what the month was about (themes ranked by
weight, each a sentence with its numbers), the weightiest changes with
near-duplicates folded, then the notes' themes, reflection and plans. It only
renders what the facts say: every number comes from git or the notes (see
themes.py, where each is computed), and the author's own text (commit subjects,
notes) is escaped so it cannot break the page's structure or run as HTML.

Voice: "I" for the author's own month, "we" (우리) for all authors or several;
Korean in the plain "-다" style unless `ko_style = "polite"`.
"""

from __future__ import annotations


from retro.months import Month
from retro.sources.facts.commits import Activity, Commit, RepoActivity
from retro.sources.facts.notes import Notes
from retro.words import code, count, n
from retro.writing.offline.other_sources import calendar_section, forge_section
from retro.writing.formats import format_section
from retro.writing.themed import Join, join
from retro.writing.offline.sections import format_section_blocks, theme_section
from retro.writing.offline.wording import HEADINGS, Voice, inline, render_items, told
from retro.writing import areas as areas_module
from retro.writing.areas import AREAS_TOLD, HIGHLIGHTS_SHOWN

GROUP_NAMES = {
    "en": {"features": ("feature", "features"), "fixes": ("fix", "fixes"),
           "performance": ("performance change", "performance changes"), "docs": ("docs change", "docs changes"),
           "tests": ("test change", "test changes"), "maintenance": ("maintenance change", "maintenance changes"),
           "other": ("other change", "other changes")},
    "ko": {"features": "기능", "fixes": "수정", "performance": "성능", "docs": "문서", "tests": "테스트",
           "maintenance": "유지보수", "other": "기타"},
}
# A subject too short to say anything by itself ("intro") is told with its kind: "Docs: intro".
KIND_WORDS = {
    "en": {"feat": "Feature", "fix": "Fix", "docs": "Docs", "perf": "Performance", "refactor": "Refactor",
           "test": "Tests", "build": "Build", "ci": "CI", "style": "Style", "chore": "Chore", "revert": "Revert"},
    "ko": {"feat": "기능", "fix": "수정", "docs": "문서", "perf": "성능", "refactor": "리팩터링", "test": "테스트",
           "build": "빌드", "ci": "CI", "style": "스타일", "chore": "정리", "revert": "되돌림"},
}
COUNT_WORDS = {2: "twice", 3: "three times", 4: "four times", 5: "five times", 6: "six times", 7: "seven times",
               8: "eight times", 9: "nine times", 10: "ten times"}
COUNT_WORDS_KO = {2: "두 배", 3: "세 배", 4: "네 배", 5: "다섯 배", 6: "여섯 배", 7: "일곱 배", 8: "여덟 배",
                  9: "아홉 배", 10: "열 배"}


def month_label(activity: Activity, lang: str, previous: bool = False) -> str:
    month = activity.month.previous() if previous else activity.month
    return f"{month.year}년 {month.month}월" if lang == "ko" else month.name


def comparison(current: int, before: int, voice: Voice, activity: Activity) -> str:
    """'twice as many commits as December (18)'; the words carry the ratio, the numbers are facts.

    `before` is never 0: a month before without commits is its own sentence (see numbers).
    """
    prev = month_label(activity, voice.lang, previous=True)
    if voice.lang == "ko":
        ratio = current / before
        whole = round(ratio)
        if ratio >= 1.9 and whole in COUNT_WORDS_KO and abs(ratio - whole) < 0.15:
            return f"{prev}(커밋 {n(before)}개)의 {COUNT_WORDS_KO[whole]}" + voice.ko("다", "입니다")
        if ratio > 10.5:
            return f"{prev}(커밋 {n(before)}개)의 열 배가 넘" + voice.ko("는다", "습니다")
        if ratio > 1.1:
            return f"{prev}(커밋 {n(before)}개)보다 많" + voice.ko("다", "습니다")
        if ratio >= 0.9:
            return f"{prev}(커밋 {n(before)}개)와 비슷하" + voice.ko("다", "습니다")
        if 0.4 <= ratio <= 0.6:
            return f"{prev}(커밋 {n(before)}개)의 절반쯤이" + voice.ko("다", "었습니다")
        return f"{prev}(커밋 {n(before)}개)보다 적" + voice.ko("다", "습니다")
    ratio = current / before
    whole = round(ratio)
    if ratio >= 1.9 and whole in COUNT_WORDS and abs(ratio - whole) < 0.15:
        return f"{COUNT_WORDS[whole]} as many as {prev} ({n(before)})"
    if ratio > 10.5:
        return f"more than ten times as many as {prev} ({n(before)})"
    if ratio > 1.1:
        return f"more than {prev}'s {n(before)}"
    if ratio >= 0.9:
        return f"about as many as {prev} ({n(before)})"
    if 0.4 <= ratio <= 0.6:
        return f"about half as many as {prev} ({n(before)})"
    return f"fewer than {prev}'s {n(before)}"


def numbers(activity: Activity, notes: Notes, voice: Voice) -> str:
    """The month's headline numbers, in context: the month before, the longest streak, releases."""
    month, repos = activity.month, activity.active_repos
    names = ", ".join(r.name for r in repos)
    streak, streak_start = activity.longest_streak
    tags = [t for r in repos for t in r.tags]
    if voice.lang == "ko":
        when = f"{month.year}년 {month.month}월"
        end = voice.ko("다", "습니다")
        if not activity.commits:
            return f"{when}에는 기록된 커밋이 없었{end}." + (" 이번 달은 메모로 돌아" + voice.ko("본다.", "봅니다.")
                                                          if notes else "")
        who = "에 우리는 " if voice.team else "에는 "
        text = (
            f"{when}{who}저장소 {n(len(repos))}곳({names})에서 커밋 {n(activity.commits)}개를 남겼{end}. "
            f"{n(activity.insertions)}줄을 더하고 {n(activity.deletions)}줄을 지웠으며, 파일 "
            f"{n(activity.files_changed)}개를 바꿨고, 일한 날은 {n(activity.active_days)}일이"
            + voice.ko("다.", "었습니다.")
        )
        if not activity.previous_commits:
            text += f" {month_label(activity, 'ko', previous=True)}에는 커밋이 없었" + voice.ko("다.", "습니다.")
        else:
            text += f" 커밋 수는 {comparison(activity.commits, activity.previous_commits, voice, activity)}."
            text += (f" 일한 날은 {month_label(activity, 'ko', previous=True)}에 {n(activity.previous_active_days)}일, "
                     f"이번 달에 {n(activity.active_days)}일이" + voice.ko("다.", "었습니다.")
                     + f" 더한 줄은 {n(activity.previous_insertions)}줄에서 {n(activity.insertions)}줄이 되었"
                     + voice.ko("다.", "습니다."))
        if streak > 1:
            text += f" 가장 길게 이어서 일한 기간은 {streak_start}부터 {n(streak)}일이" + voice.ko("다.", "었습니다.")
        if tags:
            listed = ", ".join(f"{code(t.name)}({t.date.date().isoformat()})" for t in tags)
            text += f" 릴리스: {listed}."
        return text
    when = f"{month.name} {month.year}"
    if not activity.commits:
        return f"No commits were recorded in {when}." + (" This month is told through my notes." if notes else "")
    subject = voice.we
    text = (
        f"In {when} {subject} made {count(activity.commits, 'commit')} across "
        f"{count(len(repos), 'repository', 'repositories')} ({names}), "
        f"adding {count(activity.insertions, 'line')} and removing {n(activity.deletions)}, "
        f"touching {count(activity.files_changed, 'file')} on {count(activity.active_days, 'active day')}."
    )
    if activity.previous_commits:
        text += (f" That is {comparison(activity.commits, activity.previous_commits, voice, activity)}, on "
                 f"{count(activity.active_days, 'active day')} against {n(activity.previous_active_days)}, with "
                 f"{count(activity.insertions, 'line')} added against {n(activity.previous_insertions)}.")
    else:
        text += f" {month_label(activity, 'en', previous=True)} had none."
    if streak > 1:
        text += f" The longest streak was {n(streak)} days in a row, from {streak_start}."
    if tags:
        listed = ", ".join(f"{code(t.name)} ({t.date.date().isoformat()})" for t in tags)
        text += f" Released: {listed}."
    return text


def opening(activity: Activity, notes: Notes, voice: Voice) -> list[str]:
    """The notes' own opening (text before their first heading), then the month's numbers."""
    parts: list[str] = []
    for theme in notes.themes:
        if not theme.title:
            parts += [inline(p) for p in theme.paragraphs]
            if theme.items:
                parts.append("\n".join(render_items(theme.items)))
    parts.append(numbers(activity, notes, voice))
    return parts


def description(activity: Activity, lang: str) -> str:
    """One line for the front matter and the index card."""
    month, repos = activity.month, len(activity.active_repos)
    if lang == "ko":
        return f"{month.year}년 {month.month}월 회고: 저장소 {n(repos)}곳, 커밋 {n(activity.commits)}개."
    return (
        f"{month.name} {month.year} in review: {count(activity.commits, 'commit')} "
        f"across {count(repos, 'repository', 'repositories')}."
    )


def bare_description(month: Month, lang: str) -> str:
    """The front matter's line when no facts were read: the month, and no figure."""
    return f"{month.year}년 {month.month}월 회고." if lang == "ko" else f"{month.name} {month.year} in review."


def notes_sections(notes: Notes, voice: Voice, found: Join, fmt: str = "free") -> list[str]:
    """The notes' sections in their order: a theme with the facts that joined it, else the author's words alone."""
    out: list[str] = []
    for theme in notes.themes:
        if not theme.title or theme.is_plan or theme.is_reflection or format_section(theme.title, fmt):
            continue
        facts = found.of(theme)
        if facts is not None:
            out += theme_section(facts, voice)
            continue
        out.append(f"## {inline(theme.title) or HEADINGS[voice.lang]['notes']}")
        out.extend(f"\n{inline(p)}" for p in theme.paragraphs)
        if theme.items:
            out.append("")
            out.extend(render_items(theme.items))
        out.append("")
    return out


def groups_phrase(groups: list[tuple[str, int]], voice: Voice, limit: int = 2) -> str:
    """What kinds of change a set of commits held, in words that agree with their numbers: 'all features',
    'mostly 12 features and 5 fixes' (one kind is most), '1 feature and 1 fix' (none is); in Korean
    '모두 기능', '주로 기능(12), 수정(5)', '기능 1개, 수정 1개'; 'among them' when more kinds go untold."""
    names = GROUP_NAMES[voice.lang]
    shown = groups[:limit]
    if not shown:
        return ""
    most = len(groups) > 1 and groups[0][1] > groups[1][1]
    if voice.lang == "ko":
        if len(groups) == 1:
            return f"모두 {names[shown[0][0]]}" if shown[0][1] > 1 else f"{names[shown[0][0]]} 1개"
        if most:
            return "주로 " + ", ".join(f"{names[g]}({n(c)})" for g, c in shown)
        return ("그중 " if len(groups) > limit else "") + ", ".join(f"{names[g]} {n(c)}개" for g, c in shown)
    if len(groups) == 1:
        one, many = names[shown[0][0]]
        return f"all {many}" if shown[0][1] > 1 else f"a {one}"
    items = [count(c, *names[g]) for g, c in shown]
    listed = " and ".join(items)
    return f"mostly {listed}" if most else f"among them {listed}" if len(groups) > limit else listed


def highlight(commit: Commit, voice: Voice) -> str:
    """A highlight as a phrase: a capital first letter, and its kind when the subject alone says nothing."""
    text = told(commit)
    if len(text.split()) < 2 and commit.type in KIND_WORDS[voice.lang]:
        return f"{KIND_WORDS[voice.lang][commit.type]}: {text}"
    return text[:1].upper() + text[1:] if text[:1].isascii() else text


def quoted(commits: list[Commit], voice: Voice) -> str:
    marks = ("“", "”")
    return ", ".join(f"{marks[0]}{told(c)}{marks[1]}" for c in commits)


def theme_name(name: str, voice: Voice) -> str:
    if name == areas_module.TOP_LEVEL:
        return "최상위 파일" if voice.lang == "ko" else "the top-level files"
    return code(name)


def theme_sentences(repo: RepoActivity, voice: Voice) -> list[str]:
    """'Most of the month went into `retro/` (4,663 lines, 25 commits), mostly features (12): “...”, “...”.'"""
    found = areas_module.areas(repo)
    # With few commits every one is a highlight below; examples here would only repeat them.
    examples_wanted = len(repo.commits) > HIGHLIGHTS_SHOWN
    out: list[str] = []
    for index, theme in enumerate(found[:AREAS_TOLD]):
        groups = groups_phrase(theme.groups, voice)
        examples = f": {quoted(theme.weightiest(2), voice)}" if examples_wanted else ""
        name = theme_name(theme.name, voice)
        if voice.lang == "ko":
            lead = "이번 달 가장 많은 시간을 들인 곳은" if index == 0 else "그다음은"
            out.append(f"{lead} {name}(커밋 {n(len(theme.commits))}개, {n(theme.lines)}줄)"
                       + voice.ko("이다", "입니다") + f". {groups}{examples}.")
        else:
            lead = "Most of the month went into" if index == 0 else "Then"
            out.append(f"{lead} {name} ({count(theme.lines, 'line')}, "
                       f"{count(len(theme.commits), 'commit')}), {groups}{examples}.")
    rest = found[AREAS_TOLD:]
    if rest:
        commits = sum(len(t.commits) for t in rest)
        names = ", ".join(theme_name(t.name, voice) for t in rest[:4]) + (", …" if len(rest) > 4 else "")
        if voice.lang == "ko":
            out.append(f"나머지 커밋 {n(commits)}개는 {names} 등에 흩어져 있" + voice.ko("다.", "습니다."))
        else:
            out.append(f"The other {count(commits, 'commit')} touched {names}." if commits > 1 else
                       f"One more commit touched {names}.")
    return out


def highlight_lines(repo: RepoActivity, voice: Voice) -> list[str]:
    """The weightiest changes first, near-duplicates folded; the rest summed up, never a bare 'and N more'."""
    found = areas_module.highlights(repo.commits)
    shown, rest = found[:HIGHLIGHTS_SHOWN], found[HIGHLIGHTS_SHOWN:]
    out = []
    for item in shown:
        lead = item.lead
        line = f"- {highlight(lead, voice)}"
        if len(item.commits) > 1:
            line += (f" (비슷한 커밋 {n(len(item.commits))}개)" if voice.lang == "ko"
                     else f" ({n(len(item.commits))} commits alike)")
        else:
            line += f" (+{n(lead.insertions)} / -{n(lead.deletions)})"
        out.append(line)
    if rest:
        commits = [c for item in rest for c in item.commits]
        groups = groups_phrase(areas_module.group_counts(commits), voice)
        if voice.lang == "ko":
            out.append(f"- 그 밖의 작은 변경 {n(len(commits))}개, {groups}")
        else:
            out.append(f"- {count(len(commits), 'smaller change')}, {groups}")
    return out


def repo_stats(repo: RepoActivity, voice: Voice) -> str:
    if voice.lang == "ko":
        return (
            f"커밋 {n(len(repo.commits))}개, +{n(repo.insertions)} / -{n(repo.deletions)}줄, "
            f"파일 {n(repo.files_changed)}개, {n(repo.active_days)}일."
        )
    return (
        f"{count(len(repo.commits), 'commit')}, +{n(repo.insertions)} / -{n(repo.deletions)} lines, "
        f"{count(repo.files_changed, 'file')}, {count(repo.active_days, 'active day')}."
    )


def work_section(activity: Activity, voice: Voice) -> list[str]:
    repos = sorted(activity.active_repos, key=lambda r: (-len(r.commits), r.name))
    if not repos:
        return []
    words = HEADINGS[voice.lang]
    out = [f"## {words['work'][1 if voice.team else 0]}", ""]
    for repo in repos:
        if len(repos) > 1:
            out += [f"### {inline(repo.name)}", "", repo_stats(repo, voice), ""]
        out += [" ".join(theme_sentences(repo, voice)), ""]
        out += [f"**{words['highlights']}**", ""] + highlight_lines(repo, voice) + [""]
    return out


def closing_sections(notes: Notes, voice: Voice) -> list[str]:
    words = HEADINGS[voice.lang]
    out: list[str] = []
    reflections = [t for t in notes.themes if t.title and t.is_reflection and not t.is_plan]
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


def draft_body(activity: Activity, notes: Notes, lang: str = "en", ko_style: str = "plain", fmt: str = "free") -> str:
    """The post's body in `lang` ('en' or 'ko'): opening, the author's themes with the facts that joined them,
    the work, meetings and forges no theme took, the format's sections (KPT, 4Ls), reflection, next month."""
    voice = Voice(activity, lang, ko_style)
    found = join(activity, notes)
    parts = ["\n\n".join(opening(activity, notes, voice)), "", "<!-- more -->", ""]
    parts += notes_sections(notes, voice, found, fmt)
    parts += work_section(found.rest, voice)
    parts += forge_section(found.rest, voice)
    parts += calendar_section(found.rest, voice)
    for facts in found.rest.others.values():  # any other source: what no theme took, as the source tells it
        section = facts.rest(voice.lang, inline)
        if section:
            parts += [f"## {section[0]}", "", *section[1], ""]
    parts += format_section_blocks(notes, fmt, found, voice)
    parts += closing_sections(notes, voice)
    return "\n".join(parts).strip() + "\n"
