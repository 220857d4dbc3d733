"""A calendar's month: recurring series, one-off meetings, all-day events. Titles are other people's text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from retro.sources.facts.forges import TITLES_SHOWN
from retro.sources.facts.trust import OTHERS, OWN, json_ready
from retro.words import tally


@dataclass
class Series:
    """A recurring meeting: its occurrences in the month."""

    title: str = OTHERS()  # "(busy)" for a private or confidential one
    cadence: str = OWN()  # "weekly", "every 2 weeks", "daily", "monthly", "yearly", or "recurring"
    occurrences: int = 0
    minutes: int = 0

    @property
    def hours(self) -> int:
        return hours(self.minutes)

@dataclass
class Event:
    title: str = OTHERS()
    start: datetime | date
    minutes: int = 0  # timed events; 0 for all-day
    days: int = 0  # all-day events: days within the month

@dataclass
class CalendarActivity:
    series: list[Series] = field(default_factory=list)
    meetings: list[Event] = field(default_factory=list)  # one-off timed events
    all_day: list[Event] = field(default_factory=list)  # conferences, time off
    sources: int = 0  # calendars read

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.series) + sum(m.minutes for m in self.meetings)

    @property
    def hours(self) -> int:
        """Meeting hours, rounded to the nearest hour (the figure a post says)."""
        return hours(self.minutes)

    @property
    def count(self) -> int:
        """Timed meetings, recurring occurrences included."""
        return sum(s.occurrences for s in self.series) + len(self.meetings)

    def figures(self) -> dict[str, set[int]]:
        return {
            "meetings": {self.count, len(self.meetings), *(s.occurrences for s in self.series),
                         len(self.meetings) - 2 * TITLES_SHOWN},
            "hours": {self.hours, *(s.hours for s in self.series), *(hours(m.minutes) for m in self.meetings)},
            "times": {s.occurrences for s in self.series},
            "days": {e.days for e in self.all_day},
        }

    def __bool__(self) -> bool:
        return bool(self.series or self.meetings or self.all_day)

    def as_json(self) -> dict[str, Any]:
        document = asdict(self)
        document.update(meeting_count=self.count, minutes=self.minutes, hours=self.hours)
        return json_ready(document)

    def digest(self, titles: bool = True) -> list[str]:
        """The model's digest of the month's calendars; `titles` False leaves out the one-off meetings."""
        if not self:
            return []
        lines = ["", f"Calendar: {tally(self.count, 'meeting')}, {tally(self.hours, 'hour')} in all"]
        for series in self.series:
            lines.append(f"  Recurring: {' '.join(series.title.split())}, {series.cadence}, "
                         f"{tally(series.occurrences, 'time')}, {tally(series.hours, 'hour')}")
        if titles:
            lines += [f"  Meeting: {' '.join(m.title.split())} ({m.start.date().isoformat()})"
                      for m in self.meetings[:20]]
        lines += [f"  All day: {' '.join(e.title.split())}, {tally(e.days, 'day')} from {e.start}"
                  for e in self.all_day]
        return lines

def hours(minutes: int) -> int:
    """Whole hours, as every figure of meeting time is told."""
    return round(minutes / 60)
