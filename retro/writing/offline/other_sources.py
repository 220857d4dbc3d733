"""The month beyond commits, told by the offline drafter: a forge's pull requests, reviews, issues, threads and
releases, and a calendar's meetings and events."""

from __future__ import annotations

from retro.sources.facts.commits import Activity
from retro.sources.facts.forges import TITLES_SHOWN
from retro.words import FORGE_NAMES, code, count, n
from retro.writing.offline.wording import Voice, inline


REVIEW_WORDS = {
    "en": {"approved": "approved", "changes_requested": "asked for changes", "commented": "commented"},
    "ko": {"approved": "승인", "changes_requested": "변경 요청", "commented": "코멘트"},
}


def titled(items: list, voice: Voice) -> list[str]:
    """'- repo#12 Title' lines for the first TITLES_SHOWN, the rest counted by what they are."""
    out = [f"- {inline(i.repo)}#{i.number} {inline(i.title)}" for i in items[:TITLES_SHOWN]]
    rest = len(items) - TITLES_SHOWN
    if rest > 0:
        out.append(f"- 그 밖에 {n(rest)}개" if voice.lang == "ko" else f"- {count(rest, 'other')}")
    return out


def forge_section(activity: Activity, voice: Voice) -> list[str]:
    """'Reviews and pull requests': what the forges say, in the author's voice."""
    forges = [f for f in activity.forges if f]
    if not forges:
        return []
    ko = voice.lang == "ko"
    out = ["## " + ("리뷰와 풀 리퀘스트" if ko else "Reviews and pull requests"), ""]
    for forge in forges:
        where = FORGE_NAMES[forge.forge]
        if len(forges) > 1:
            out += [f"### {where}", ""]
        sentences = []
        if ko:
            if forge.opened or forge.merged:
                sentences.append(f"{where}에서 풀 리퀘스트 {n(len(forge.opened))}개를 열고 {n(len(forge.merged))}개를 "
                                 f"머지했" + voice.ko("다", "습니다") +
                                 (f"(아직 열려 있는 것 {n(len(forge.still_open))}개)." if forge.still_open else "."))
            if forge.reviews:
                states = ", ".join(f"{REVIEW_WORDS['ko'][k]} {n(v)}" for k, v in forge.review_states.items())
                whose = ", ".join(f"{inline(a)}({n(c)})" for a, c in forge.reviewed_authors[:5])
                sentences.append(f"리뷰 {n(len(forge.reviews))}개를 남겼" + voice.ko("다", "습니다") +
                                 f"({states}; {whose}의 풀 리퀘스트).")
            if forge.issues_opened or forge.issues_closed:
                sentences.append(f"이슈는 {n(len(forge.issues_opened))}개를 열고 {n(len(forge.issues_closed))}개를 "
                                 "닫았" + voice.ko("다.", "습니다."))
            if forge.threads:
                sentences.append(f"스레드 {n(len(forge.threads))}곳에 코멘트 {n(forge.comments)}개를 남겼"
                                 + voice.ko("다.", "습니다."))
            if forge.releases:
                sentences.append("릴리스: " + ", ".join(f"{inline(r.repo)} {code(r.tag)}" for r in forge.releases) + ".")
        else:
            subject = voice.we.capitalize()  # opening a sentence
            if forge.opened or forge.merged:
                sentence = (f"On {where}, {voice.we} opened "
                            f"{count(len(forge.opened), 'pull request')} and merged {n(len(forge.merged))}")
                sentence += f" ({n(len(forge.still_open))} still open)." if forge.still_open else "."
                sentences.append(sentence)
            if forge.reviews:
                states = ", ".join(f"{REVIEW_WORDS['en'][k]} {n(v)}" for k, v in forge.review_states.items())
                whose = ", ".join(f"{inline(a)} ({n(c)})" for a, c in forge.reviewed_authors[:5])
                sentences.append(f"{subject} gave {count(len(forge.reviews), 'review')} ({states}) on pull requests "
                                 f"by {whose}.")
            if forge.issues_opened or forge.issues_closed:
                sentences.append(f"{subject} opened {count(len(forge.issues_opened), 'issue')} and closed "
                                 f"{n(len(forge.issues_closed))}.")
            if forge.threads:
                sentences.append(f"{subject} left {count(forge.comments, 'comment')} in "
                                 f"{count(len(forge.threads), 'thread')}.")
            if forge.releases:
                sentences.append("Released: " + ", ".join(f"{inline(r.repo)} {code(r.tag)}" for r in forge.releases)
                                 + ".")
        out += [" ".join(sentences), ""]
        merged = forge.merged or [p for p in forge.opened if p.state == "merged"]
        if merged:
            out += [f"**{'머지한 풀 리퀘스트' if ko else 'Merged'}**", ""] + titled(merged, voice) + [""]
        if forge.still_open:
            out += [f"**{'열려 있는 풀 리퀘스트' if ko else 'Still open'}**", ""] + titled(forge.still_open, voice) + [""]
        if forge.threads:
            busiest = forge.threads[:TITLES_SHOWN]
            out += [f"**{'가장 많이 이야기한 곳' if ko else 'Most discussed'}**", ""]
            out += [f"- {inline(t.repo)}#{t.number} {inline(t.title)} ({n(t.comments)})" for t in busiest] + [""]
    return out


def calendar_section(activity: Activity, voice: Voice) -> list[str]:
    """'Meetings and events': recurring series, one-off meetings and all-day events, with their hours."""
    calendar = activity.calendar
    if not calendar:
        return []
    ko = voice.lang == "ko"
    out = ["## " + ("회의와 일정" if ko else "Meetings and events"), ""]
    if calendar.count:
        if ko:
            out += [f"회의는 {n(calendar.count)}번, 모두 {n(calendar.hours)}시간이었" + voice.ko("다.", "습니다."), ""]
        else:
            out += [f"{count(calendar.count, 'meeting')}, {count(calendar.hours, 'hour')} in all.", ""]
    cadence_ko = {"weekly": "매주", "daily": "매일", "monthly": "매달", "yearly": "매년", "recurring": "반복"}
    for series in calendar.series:
        hours = series.hours
        if ko:
            how = cadence_ko.get(series.cadence) or series.cadence.replace("every ", "").replace(" weeks", "주마다")
            out.append(f"- {inline(series.title)}: {how}, {n(series.occurrences)}번, {n(hours)}시간")
        else:
            out.append(f"- {inline(series.title)}: {series.cadence}, {count(series.occurrences, 'time')}, "
                       f"{count(hours, 'hour')}")
    for meeting in calendar.meetings[:TITLES_SHOWN * 2]:
        day = meeting.start.date().isoformat() if hasattr(meeting.start, "date") else str(meeting.start)
        out.append(f"- {inline(meeting.title)} ({day})")
    if len(calendar.meetings) > TITLES_SHOWN * 2:
        rest = len(calendar.meetings) - TITLES_SHOWN * 2
        out.append(f"- 그 밖의 회의 {n(rest)}번" if ko else f"- {count(rest, 'other meeting')}")
    for event in calendar.all_day:
        if ko:
            out.append(f"- {inline(event.title)} ({event.start}부터 {n(event.days)}일)")
        else:
            out.append(f"- {inline(event.title)} ({count(event.days, 'day')} from {event.start})")
    out.append("")
    return out
