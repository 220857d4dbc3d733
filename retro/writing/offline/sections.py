"""The author's themes with their facts inside, and a format's sections (KPT, 4Ls), as the offline drafter writes them.

A theme's section opens with what joined it (see join.py) in a sentence or two,
then the author's own paragraphs and bullets as written. A format's section holds
the author's words from the notes heading of its name, or, when there are none,
a question for them (see questions.py): never a Keep or a Problem of retro's own.
"""

from __future__ import annotations

from retro.sources.facts.notes import Notes, Theme
from retro.words import code, count, ko_cadence, n, question_block
from retro.writing.formats import format_section, sections
from retro.writing.themed import Join, ThemeFacts
from retro.writing.questions import section_question
from retro.writing.offline.wording import Voice, inline, render_items, told

QUOTED = 3  # subjects and titles a theme's sentence names; the rest are counted


def own_words(theme: Theme) -> list[str]:
    """The author's paragraphs and bullets under a heading, as they wrote them."""
    out = [f"{inline(p)}\n" for p in theme.paragraphs]
    if theme.items:
        out += render_items(theme.items) + [""]
    return out


def names_of(items: list[str], more: int, voice: Voice) -> str:
    shown = ", ".join(items)
    if more > 0:
        shown += f" 외 {n(more)}개" if voice.lang == "ko" else f" and {n(more)} more"
    return shown


def facts_sentences(facts: ThemeFacts, voice: Voice) -> list[str]:
    """What joined a theme, told in a sentence or two in the author's voice."""
    ko = voice.lang == "ko"
    out: list[str] = []
    for repo in facts.repos:
        weightiest = sorted(repo.commits, key=lambda c: (-(c.insertions + c.deletions), c.iso))[:2]
        named = ", ".join(f"“{told(c)}”" for c in weightiest)
        if ko:
            out.append(f"{code(repo.name)}에 커밋 {n(len(repo.commits))}개({n(repo.active_days)}일, "
                       f"+{n(repo.insertions)} / -{n(repo.deletions)}줄)" + voice.ko("를 남겼다", "를 남겼습니다")
                       + f": {named}.")
        else:
            out.append(f"In {code(repo.name)}, {count(len(repo.commits), 'commit')} on "
                       f"{count(repo.active_days, 'active day')}, +{n(repo.insertions)} / -{n(repo.deletions)} lines: "
                       f"{named}.")
    if facts.commits:
        out.append(commits_sentence(facts, voice))
    for series in facts.series:
        if ko:
            how = ko_cadence(series.cadence)
            out.append(f"{inline(series.title)}: {how} 한 번, 모두 {n(series.occurrences)}번"
                       f"({n(series.hours)}시간).")
        else:
            out.append(f"{inline(series.title)}: {count(series.occurrences, 'time')} this month, {series.cadence}, "
                       f"{count(series.hours, 'hour')} in all.")
    if facts.meetings:
        titles = [f"{inline(m.title)} ({m.start.date().isoformat() if hasattr(m.start, 'date') else m.start})"
                  for m in facts.meetings[:QUOTED]]
        out.append(("회의: " if ko else "Meetings: ") + names_of(titles, len(facts.meetings) - QUOTED, voice) + ".")
    for items, en, ko_word in ((facts.merged, "pull request merged", "머지된 풀 리퀘스트"),
                               (facts.opened, "pull request still open", "아직 열린 풀 리퀘스트"),
                               (facts.reviews, "review given", "리뷰"),
                               (facts.issues, "issue", "이슈"),
                               (facts.threads, "thread commented on", "댓글을 단 스레드")):
        if not items:
            continue
        titles = [f"{code(f'{i.repo}#{i.number}')} {inline(i.title)}" for i in items[:QUOTED]]
        listed = names_of(titles, len(items) - QUOTED, voice)
        if ko:
            out.append(f"{ko_word} {n(len(items))}개: {listed}.")
        else:
            many = en.replace(" ", "s ", 1) if len(items) != 1 else en
            out.append(f"{n(len(items))} {many}: {listed}.")
    return out + facts.told(voice.lang, inline)


def commits_sentence(facts: ThemeFacts, voice: Voice) -> str:
    """The commits that named a theme: "elsewhere" only when its repositories were told before, and in which
    repository when there were several and they all came from one."""
    ko = voice.lang == "ko"
    quoted = names_of([f"“{told(c)}”" for c in facts.commits[:QUOTED]], len(facts.commits) - QUOTED, voice)
    total = len(facts.commits)
    origins = {facts.origins.get(c.sha) for c in facts.commits}
    where = next(iter(origins)) if len(origins) == 1 and facts.month_repos > 1 else None
    if ko:
        end = voice.ko("다", "습니다")
        if facts.repos:
            return f"다른 저장소의 커밋 {n(total)}개도 이 주제였{end}: {quoted}."
        at = f"{code(where)}의 " if where else ""
        return f"{at}커밋 {n(total)}개가 이 주제였{end}: {quoted}."
    were = "was" if total == 1 else "were"
    if facts.repos:
        return f"{count(total, 'commit')} elsewhere {were} about it: {quoted}."
    at = f"In {code(where)}, " if where else ""
    return f"{at}{count(total, 'commit')} {were} about it: {quoted}."


def theme_section(facts: ThemeFacts, voice: Voice) -> list[str]:
    """A theme of the notes: its heading, its facts, then the author's words."""
    out = [f"## {inline(facts.title)}", ""]
    told = facts_sentences(facts, voice)
    if told:
        out += [" ".join(told), ""]
    return out + own_words(facts.theme)


def format_section_blocks(notes: Notes, fmt: str, found: Join, voice: Voice) -> list[str]:
    """The format's sections in order: the author's words under each, or a question for them."""
    out: list[str] = []
    for section in sections(fmt):
        out += [f"## {section.names.get(voice.lang, section.names['en'])}", ""]
        written = [t for t in notes.themes if t.title and format_section(t.title, fmt) == section]
        words = [line for theme in written for line in own_words(theme)]
        if words:
            out += words
        else:
            out += [question_block(section_question(section, found.whole, found, voice.lang), voice.lang), ""]
    return out
