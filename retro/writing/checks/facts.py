"""Check a drafted text's numbers and repository names against the collected facts.

A model may round, double or invent a number. Every figure in the post is
looked for in the facts (and the author's own notes and commit subjects, where
a number may legitimately come from); a figure tied to a unit ("212 commits")
must match a fact of that unit, or the author is told what the data says.

Days are read as people write them. A day of the month is a date, not a count
(`20일 이후`, `11월 20일`, `20 Nov`). "N days" claims active days only when it
says so (`active days`, `days in a row`, `일한 날`, `커밋 3개(2일, ...)`, as retro
writes them); any other day count ("I rested for 3 days", `3일 동안`) is the
author's to tell. And the author's own lines (under a format's section such as
Keep or Problem, or a line of the notes) are checked only for figures that name
one of the month's metrics: a count of commits, lines, pull requests, ...
"""

from __future__ import annotations

import re

from retro.problems import FACT, Problem
from retro.sources.facts.commits import Activity
from retro.sources.facts.forges import TITLES_SHOWN
from retro.sources.facts.notes import Notes
from retro.writing import areas
from retro.writing.formats import format_section

# A whole number not part of a date, version, time, sha, issue number or word; Korean counters
# (4개, 12줄) may follow it.
NUMBER = re.compile(r"(?<![\w.\-/:#])(\d{1,3}(?:,\d{3})+|\d+)(?![A-Za-z0-9_]|[.\-/:]\d)")
# Words after a number that say what it counts, in English and Korean.
UNITS: dict[str, tuple[str, ...]] = {
    "commits": ("commit", "commits", "개의 커밋", "커밋"),
    "lines": ("line", "lines", "줄", "라인"),
    "files": ("file", "files", "개의 파일", "파일"),
    "days": ("day", "days", "active day", "active days", "일"),
    "repositories": ("repository", "repositories", "repo", "repos", "개의 저장소", "저장소", "곳"),
    "pull requests": ("pull request", "pull requests", "pr", "prs", "merge request", "merge requests", "mr", "mrs",
                      "풀 리퀘스트"),
    "reviews": ("review", "reviews", "리뷰"),
    "issues": ("issue", "issues", "이슈"),
    "comments": ("comment", "comments", "코멘트", "댓글"),
    "threads": ("thread", "threads", "스레드"),
    "releases": ("release", "releases", "릴리스"),
    "meetings": ("meeting", "meetings", "call", "calls", "회의"),
    "hours": ("hour", "hours", "시간"),
    "times": ("time", "times", "번"),
    # what was read and asked (sources/reading.py, sources/agents.py)
    "pages": ("page", "pages", "페이지"),
    "visits": ("visit", "visits", "방문"),
    "discussions": ("discussion", "discussions", "디스커션", "토론"),
    "sessions": ("session", "sessions", "세션"),
    "prompts": ("prompt", "prompts", "프롬프트"),
}
# The units the month's metrics are counted in: the figures an author's own line is checked for (a page or a
# session the author counts in the notes is theirs to count).
METRICS = frozenset(UNITS) - {"days", "hours", "times", "pages", "visits", "discussions", "sessions",
                              "prompts"} | {"active days"}
MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
              r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# 20일 이후 / 부터 / 까지 / 에 / 쯤 / 경 / 자 / 날: a day of the month (`3일에 걸쳐` is still three days).
KO_DATE_AFTER = re.compile(r"일\s*(?:이후|이전|부터|까지|전후|쯤|경|자|날|에(?!\s*걸쳐))")
KO_MONTH_BEFORE = re.compile(r"\d{1,2}\s*월\s*$")
EN_MONTH_BEFORE = re.compile(r"\b" + MONTH_NAME + r"\.?\s+$", re.IGNORECASE)
EN_MONTH_AFTER = re.compile(r"\s+" + MONTH_NAME + r"\b", re.IGNORECASE)
# What says a day count is one of active days: after the number in English, in its clause in Korean.
EN_ACTIVE_AFTER = re.compile(r"\s*(?:active\s+days?|days?\s+(?:of|with)\s+commits|days?\s+in\s+a\s+row)",
                             re.IGNORECASE)
EN_ACTIVE_BEFORE = re.compile(r"\b(?:commit\w*\b[^.;!?]*\bon|active|coded(?:\s+on)?|committed(?:\s+on)?)\s+$",
                              re.IGNORECASE)
KO_ACTIVE_CLAUSE = re.compile(r"(?:일한|작업한|커밋한|활동한)\s*날|커밋|연속|일했|작업했")
REPO_MENTION = re.compile(
    r"`([\w][\w.\-]*)`\s+(?:repository|repo|저장소)|(?:repository|repo|저장소)\s+`([\w][\w.\-]*)`", re.IGNORECASE
)


def finding(line: int, message: str) -> Problem:
    return Problem(message, FACT, "fact check", line=line)


def fact_values(activity: Activity) -> dict[str, set[int]]:
    """Every number the facts hold, by unit, totals and per repository."""
    values: dict[str, set[int]] = {unit: set() for unit in UNITS}
    values["commits"] |= {activity.commits, *(len(r.commits) for r in activity.repos)}
    values["commits"] |= {n for r in activity.repos for n in r.types.values()}
    values["commits"] |= set(activity.days.values())
    values["lines"] |= {activity.insertions, activity.deletions, activity.insertions + activity.deletions}
    for repo in activity.repos:
        values["lines"] |= {repo.insertions, repo.deletions, repo.insertions + repo.deletions}
        values["lines"] |= {n for _, n in repo.top_paths(10)} | {c.insertions for c in repo.commits}
        values["lines"] |= {c.deletions for c in repo.commits}
        values["files"].add(repo.files_changed)
        values["days"].add(repo.active_days)
    values["files"].add(activity.files_changed)
    values["days"] |= {activity.active_days, activity.month.last_day.day}
    # The month in context and what it was about (themes.py computes each once).
    values["commits"].add(activity.previous_commits)
    values["lines"] |= {activity.previous_insertions, activity.previous_deletions,
                        activity.previous_insertions + activity.previous_deletions}
    values["days"] |= {activity.previous_active_days, activity.longest_streak[0]}
    for repo in activity.active_repos:
        for unit, numbers in areas.figures(repo).items():
            values[unit] |= numbers
    calendar = activity.calendar
    if calendar:  # "회의는 12번": meetings told with the word for times
        values["times"] |= {calendar.count, len(calendar.meetings) - 2 * TITLES_SHOWN}
    values["repositories"] |= {len(forge.threads) for forge in activity.forges}  # "스레드 3곳"
    for source in [*activity.forges, *([activity.calendar] if activity.calendar else []),
                   *activity.others.values()]:
        for unit, numbers in source.figures().items():
            values.setdefault(unit, set()).update(numbers)
    values["repositories"] |= {len(activity.repos), len(activity.active_repos)}
    return values


def allowed_numbers(activity: Activity, notes: Notes, values: dict[str, set[int]] | None = None) -> set[int]:
    """Numbers a post may say without a unit: any fact (`values`, when the caller has them), and any number in
    the notes or commit subjects."""
    allowed = {n for numbers in (values if values is not None else fact_values(activity)).values() for n in numbers}
    texts = [notes.text] + [c.subject for r in activity.repos for c in r.commits]
    texts += [t.name for r in activity.repos for t in r.tags]
    for text in texts:
        allowed |= {to_int(m) for m in NUMBER.findall(text)}
    month = activity.month
    allowed |= {month.year, month.month, month.next().month, month.previous().month, month.next().year,
                month.previous().year}
    return allowed


def to_int(text: str) -> int:
    return int(text.replace(",", ""))


KOREAN_BEFORE = {"커밋": "commits", "파일": "files", "저장소": "repositories", "리퀘스트": "pull requests",
                 "리뷰": "reviews", "이슈": "issues", "코멘트": "comments"}


def unit_of(text: str, start: int, end: int) -> str | None:
    """What the number at text[start:end] counts: the word after it, or in Korean ('커밋 4개') before it."""
    following = text[end:end + 24].lstrip().lower()
    for unit, words in UNITS.items():
        # An English word must end where the unit does ("repo" is not "report"); Korean particles attach.
        if any(re.match(re.escape(word) + (r"(?![a-z])" if word.isascii() else ""), following) for word in words):
            return unit
    if following.startswith("개"):
        before = text[max(0, start - 8):start].rstrip()
        for word, unit in KOREAN_BEFORE.items():
            if before.endswith(word):
                return unit
    return None


def is_date(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] is a day of the month or a year's month, not a count."""
    before, after = text[:start], text[end:]
    if KO_MONTH_BEFORE.search(before) and after.startswith("일"):
        return True
    if after.startswith("일") and KO_DATE_AFTER.match(after):
        return True
    return bool(EN_MONTH_BEFORE.search(before) or EN_MONTH_AFTER.match(after))


def days_unit(text: str, start: int, end: int) -> str:
    """'active days' when a day count says it counts active days (see the module's docstring), else 'days'."""
    after = text[end:]
    if EN_ACTIVE_AFTER.match(after) or EN_ACTIVE_BEFORE.search(text[:start]):
        return "active days"
    if after.lstrip().startswith("일"):
        # The clause around the number: Korean puts the verb after it (25일 동안 커밋했다).
        clause = re.split(r"[.!?。]\s", text[:start])[-1] + re.split(r"[.!?。](?:\s|$)", after)[0]
        if KO_ACTIVE_CLAUSE.search(clause):
            return "active days"
    return "days"


def author_lines(notes: Notes | None) -> set[str]:
    """The lines of the author's notes, as a post repeats them (a bullet's marker gone)."""
    return {stripped(line) for line in (notes.text if notes else "").splitlines() if stripped(line)}


def stripped(line: str) -> str:
    return re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line).strip()


def describe(unit: str, activity: Activity) -> str:
    unit = "days" if unit == "active days" else unit
    totals = {
        "commits": activity.commits, "lines": activity.insertions + activity.deletions,
        "files": activity.files_changed, "days": activity.active_days, "repositories": len(activity.active_repos),
    }
    per_repo = {
        "commits": lambda r: len(r.commits), "lines": lambda r: r.insertions + r.deletions,
        "files": lambda r: r.files_changed, "days": lambda r: r.active_days,
    }
    if unit not in totals:  # a source's figure: say what the sources hold for it
        held = sorted(fact_values(activity)[unit])
        return ", ".join(f"{v:,}" for v in held[:6]) if held else "none"
    text = f"{totals[unit]:,}"
    if unit == "lines":
        text = f"+{activity.insertions:,} / -{activity.deletions:,}"
    if unit in per_repo and len(activity.active_repos) > 1:
        text += " (" + ", ".join(f"{r.name} {per_repo[unit](r):,}" for r in activity.active_repos) + ")"
    return text


def joined_values(activity: Activity, notes: Notes | None) -> dict[str, set[int]]:
    """The month's numbers, and those the author's themes tell once the facts join them (join.py)."""
    from retro.writing.themed import figures, join

    values = fact_values(activity)
    found = join(activity, notes)
    if found.themes:
        for more in (fact_values(found.rest), figures(found)):
            for unit, numbers in more.items():
                values.setdefault(unit, set()).update(numbers)
    return values


def check(text: str, activity: Activity, notes: Notes, extra: dict[str, set[int]] | None = None) -> list[Problem]:
    """Each figure or repository the text names that the facts do not hold, with what the data says.

    `extra` adds figures a writer worked out beyond the month's own (a year's months, say), by unit.
    """
    facts = joined_values(activity, notes)
    for unit, numbers in (extra or {}).items():
        facts.setdefault(unit, set()).update(numbers)
    allowed = allowed_numbers(activity, notes, facts)
    # A figure with a unit ("1,000 commits") must be a fact or the author's own words; a number in a commit
    # subject or another person's title is no proof: it may be an injected instruction to claim it.
    own = {to_int(m) for m in NUMBER.findall(notes.text)} if notes else set()
    facts["active days"] = facts["days"]
    notes_lines = author_lines(notes)
    known_repos = {r.name.lower() for r in activity.repos}
    findings: list[Problem] = []
    in_fence = False
    in_format = False  # under a format's section (Keep, Problem, ...): the author's words, not retro's
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or line.strip().startswith("<!--"):
            continue
        if line.startswith("#"):
            in_format = format_section(line.lstrip("#").strip()) is not None
        if line.startswith("!!! question"):
            in_format = False  # retro's question box (indented below): retro's own words, checked whole
        authors = (in_format and not line.startswith("    ")) or stripped(line) in notes_lines
        for match in NUMBER.finditer(line):
            value = to_int(match.group(1))
            unit = unit_of(line, match.start(), match.end())
            if unit in (None, "days") and value <= 31 and is_date(line, match.start(), match.end()):
                continue
            if unit == "days":
                unit = days_unit(line, match.start(), match.end())
                if unit == "days":
                    continue  # "rested for 3 days": the author's to tell, whatever the facts count
            if authors and unit not in METRICS:
                continue
            if unit and value not in facts[unit] and value not in own:
                findings.append(finding(number, f"the draft says {match.group(1)} {unit}; "
                                                f"the data has {describe(unit, activity)}"))
            elif not unit and value not in allowed and value > 1:
                findings.append(finding(number, f"the draft says {match.group(1)}, "
                                                "which is in none of the facts or notes"))
        for match in REPO_MENTION.finditer(line):
            name = match.group(1) or match.group(2)
            if name.lower() not in known_repos:
                findings.append(finding(number, f"the draft names a repository {name!r}; "
                                                f"the data has {', '.join(sorted(known_repos)) or 'none'}"))
    return findings
