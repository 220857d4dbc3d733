"""Formats people write retrospectives in: free (the default), KPT (Keep, Problem, Try) and 4Ls.

A format is its sections, in order, after the facts sections. The author's words
for a section come from the notes heading of that name (any case; common Korean
names too: 잘한 점, 아쉬운 점, 시도, 배운 점, ...) or from `retro interview`. retro
never writes a Keep or a Problem itself: a section the author has not filled holds
a question for them, grounded in the month, which keeps the post from being
published (`retro ready`, `retro check` and the build look for it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from retro.words import tokens

from retro.config import FORMATS  # noqa: E402,F401 - the one list, in the settings schema


@dataclass(frozen=True)
class Section:
    key: str  # keep, problem, try, liked, learned, lacked, longed
    names: dict[str, str]  # the heading, by language
    aliases: tuple[str, ...]  # notes headings that hold the author's words for it (normalised)


SECTIONS = {
    "kpt": (
        Section("keep", {"en": "Keep", "ko": "Keep"}, ("keep", "keeps", "잘한점", "유지할점", "계속할것")),
        Section("problem", {"en": "Problem", "ko": "Problem"},
                ("problem", "problems", "문제", "문제점", "아쉬운점", "어려웠던점")),
        Section("try", {"en": "Try", "ko": "Try"}, ("try", "tries", "시도", "시도할점", "해볼것", "개선할점")),
    ),
    "4ls": (
        Section("liked", {"en": "Liked", "ko": "Liked (좋았던 점)"}, ("liked", "좋았던점", "좋았던것")),
        Section("learned", {"en": "Learned", "ko": "Learned (배운 점)"}, ("learned", "learnt", "배운점", "배운것")),
        Section("lacked", {"en": "Lacked", "ko": "Lacked (부족했던 점)"}, ("lacked", "부족했던점", "부족한점", "아쉬운점")),
        Section("longed", {"en": "Longed for", "ko": "Longed for (바랐던 점)"},
                ("longedfor", "longed", "바랐던점", "바라는점")),
    ),
}


def normal(heading: str) -> str:
    """A heading as the aliases are written: case, spaces, punctuation and a trailing '(...)' gloss gone."""
    return "".join(tokens(re.sub(r"\(.*?\)", "", heading)))


def format_section(heading: str, fmt: str | None = None) -> Section | None:
    """The format's section a notes heading holds the author's words for (any format when `fmt` is None)."""
    name = normal(heading)
    for key in ((fmt,) if fmt else ("kpt", "4ls")):
        for section in SECTIONS.get(key, ()):
            if name in section.aliases or name == normal(section.names["en"]):
                return section
    return None


def sections(fmt: str) -> tuple[Section, ...]:
    return SECTIONS.get(fmt, ())


def quiet_stretch(days: list[str], first: date, last: date) -> tuple[str, str] | None:
    """The longest run of days without a commit inside the month, as (first quiet day, last quiet day), if 4+."""
    active = sorted(date.fromisoformat(d) for d in days)
    best: tuple[date, date] | None = None
    edges = [first - timedelta(days=1), *active, last + timedelta(days=1)]
    for before, after in zip(edges, edges[1:]):
        gap = (after - before).days - 1
        if gap >= 4 and (best is None or gap > (best[1] - best[0]).days + 1):
            best = (before + timedelta(days=1), after - timedelta(days=1))
    return (best[0].isoformat(), best[1].isoformat()) if best else None
