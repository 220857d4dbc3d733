"""Months and time zones: the calendar a retrospective is cut by."""

from __future__ import annotations

import calendar
import os
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTH_NAMES = tuple(calendar.month_name)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        """'2026-01' -> Month(2026, 1); anything else raises ValueError."""
        parts = text.strip().split("-")
        if len(parts) != 2 or len(parts[0]) != 4 or len(parts[1]) != 2 or not all(p.isdigit() for p in parts):
            raise ValueError(f"{text!r} is not a month: use YYYY-MM, for example 2026-01")
        year, month = int(parts[0]), int(parts[1])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a month: the month must be 01-12 (YYYY-MM, for example {year}-01)")
        if year < 1970:
            raise ValueError(f"{text!r} is not a month: the year must be 1970 or later (YYYY-MM)")
        return cls(year, month)

    @classmethod
    def containing(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    def previous(self) -> "Month":
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> "Month":
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def name(self) -> str:
        """English month name, e.g. 'January'."""
        return MONTH_NAMES[self.month]

    def bounds(self, zone: tzinfo) -> tuple[datetime, datetime]:
        """Local midnight on the 1st to local midnight on the 1st of the next month, in `zone`."""
        nxt = self.next()
        return (
            datetime(self.year, self.month, 1, tzinfo=zone),
            datetime(nxt.year, nxt.month, 1, tzinfo=zone),
        )

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def local_zone() -> tzinfo:
    """The machine's time zone, as an IANA zone where it can be found (DST-correct bounds)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            try:
                return ZoneInfo(target.split("zoneinfo/", 1)[1])
            except (ZoneInfoNotFoundError, ValueError):
                pass
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        try:
            return ZoneInfo(timezone_file.read_text().strip())
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    return datetime.now().astimezone().tzinfo or ZoneInfo("UTC")


def zone_named(name: str) -> ZoneInfo:
    """An IANA zone such as 'Asia/Seoul'; ValueError with the fix when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}: use an IANA name such as Asia/Seoul or UTC") from None


def zone_label(zone: tzinfo) -> str:
    return getattr(zone, "key", None) or str(zone)


@dataclass(frozen=True, order=True)
class Year:
    """A calendar year, read the way a month is: local midnight of 1 January to local midnight of the next."""

    year: int

    @classmethod
    def parse(cls, text: str) -> "Year":
        """'2026' -> Year(2026); anything else raises ValueError."""
        text = text.strip()
        if len(text) != 4 or not text.isdigit() or int(text) < 1970:
            raise ValueError(f"{text!r} is not a year: use YYYY, for example 2026")
        return cls(int(text))

    def previous(self) -> "Year":
        return Year(self.year - 1)

    def next(self) -> "Year":
        return Year(self.year + 1)

    @property
    def months(self) -> list[Month]:
        return [Month(self.year, number) for number in range(1, 13)]

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31)

    @property
    def name(self) -> str:
        return str(self.year)

    @property
    def month(self) -> int:
        return 12  # the month a year post is dated in (its last day)

    def bounds(self, zone: tzinfo) -> tuple[datetime, datetime]:
        return (datetime(self.year, 1, 1, tzinfo=zone), datetime(self.year + 1, 1, 1, tzinfo=zone))

    def __str__(self) -> str:
        return f"{self.year}"
