"""The author's notes for the month: their themes, kept as they wrote them. Data, no prose."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from retro.problems import Problem
from retro.sources.facts.trust import OTHERS, TRUST

# A theme or an item that reads as a plan for next month.
PLAN_HEADING = re.compile(r"\b(next|plans?|todo|goals?|upcoming)\b|다음|계획|목표|할 일", re.IGNORECASE)

PLAN_ITEM = re.compile(r"^\s*(next|plan|todo|goal)\s*[:\-]|^\[ \]|다음 달|다음달|계획|할 것", re.IGNORECASE)

# A theme the author meant as the month's reflection.
REFLECTION_HEADING = re.compile(r"\b(reflection|retro(spective)?|lessons?|thoughts)\b|회고|느낀|소감|돌아보", re.IGNORECASE)

@dataclass
class Item:
    text: str = OTHERS()
    level: int = 0  # nesting depth of the bullet

@dataclass
class Theme:
    title: str = OTHERS()
    items: list[Item] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list, metadata={TRUST: "others"})

    @property
    def is_plan(self) -> bool:
        return bool(PLAN_HEADING.search(self.title))

    @property
    def is_reflection(self) -> bool:
        return bool(REFLECTION_HEADING.search(self.title))

@dataclass
class Notes:
    path: Path | None = None
    text: str = OTHERS("")  # the author's, but as likely to hold a secret as anyone's: redacted, fenced
    themes: list[Theme] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # what reading them found (not valid UTF-8, ...)

    @property
    def plans(self) -> list[Item]:
        """Items under a plan heading, and stray items elsewhere that read as plans."""
        found: list[Item] = []
        for theme in self.themes:
            if theme.is_plan:
                found.extend(theme.items)
            else:
                found.extend(i for i in theme.items if PLAN_ITEM.search(i.text))
        return found

    def __bool__(self) -> bool:
        return bool(self.text.strip())
