"""The month as a whole: git's facts (an Activity) with each other source's facts under its name.

Every writer reads a source's facts through the methods of `Facts`, the base of each source's facts type, so a
source added in one module is told by the offline drafter, the model's digest, the join with the author's
themes, the fact check and `collect --json` without any of them naming it:

    as_json()            its part of `retro collect --json`
    digest(titles)       lines of the model's digest (titles False: counts only)
    parts()              what may join one of the author's themes, each with the texts that may name it
    keeping(parts)       the facts with only these parts (what no theme took)
    told(parts, lang)    a theme's sentence of the parts it took
    rest(lang)           a section of what no theme took: (heading, lines), or None
    figures(parts)       the numbers those sentences tell, by unit, for the fact check
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from retro.sources.facts.commits import Activity
from retro.sources.facts.forges import ForgeActivity
from retro.sources.facts.meetings import CalendarActivity
from retro.sources.facts.told import Facts, Part

__all__ = ["Facts", "MonthFacts", "Part"]


@dataclass
class MonthFacts(Activity):
    """git's Activity and the facts of every other source read, by the source's name."""

    found: dict[str, Any] = field(default_factory=dict)
    # A source that failed, and why: the draft goes on without it.
    source_errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, git: Activity, found: dict[str, Any] | None = None,
           errors: dict[str, str] | None = None) -> MonthFacts:
        values = {one.name: getattr(git, one.name) for one in dataclasses.fields(Activity) if one.init}
        return cls(**values, found=dict(found or {}), source_errors=dict(errors or {}))

    @property
    def forges(self) -> list[ForgeActivity]:
        """GitHub and GitLab, by name."""
        return sorted((f for f in self.found.values() if isinstance(f, ForgeActivity)), key=lambda f: f.forge)

    @property
    def calendar(self) -> CalendarActivity | None:
        return next((f for f in self.found.values() if isinstance(f, CalendarActivity)), None)

    @property
    def others(self) -> dict[str, Facts]:
        """The sources told through `Facts` alone (beside git, the forges and the calendar)."""
        return {name: facts for name, facts in self.found.items()
                if not isinstance(facts, (ForgeActivity, CalendarActivity)) and isinstance(facts, Facts)}
