"""How the offline drafter speaks: I or we, Korean plain or polite, and text made safe for a Markdown line."""

from __future__ import annotations

import html
import re

from retro.sources.facts.commits import Activity
from retro.sources.facts.notes import Item
from retro.words import short


HEADINGS = {
    "en": {"work": ("What I built", "What we built"), "highlights": "Highlights", "next": "Next month",
           "reflection": "Reflection", "notes": "Notes"},
    "ko": {"work": ("한 일", "우리가 한 일"), "highlights": "주요 변경", "next": "다음 달", "reflection": "회고",
           "notes": "메모"},
}


UNSAFE_LINK = re.compile(r"\[([^\]]*)\]\(\s*((?:javascript|vbscript|data|file):)", re.IGNORECASE)


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


def told(commit) -> str:
    """A commit's subject as prose tells it: without its prefix, its first clause, about 80 characters at most."""
    return inline(short(commit.summary))


class Voice:
    """Who speaks and how sentences end: en I/we; ko plain (-다) or polite (-습니다), 우리 for a team."""

    def __init__(self, activity: Activity, lang: str, ko_style: str = "plain") -> None:
        self.lang = lang if lang in HEADINGS else "en"
        self.polite = ko_style == "polite"
        self.team = activity.team

    def ko(self, plain: str, polite: str) -> str:
        return polite if self.polite else plain

    @property
    def we(self) -> str:
        return "we" if self.team else "I"


def render_items(items: list[Item]) -> list[str]:
    return [f"{'  ' * min(item.level, 3)}- {inline(item.text)}" for item in items]
