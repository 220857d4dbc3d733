"""Calendars (.ics files or secret iCal addresses) -> CalendarActivity: the month's meetings and events.

icalendar reads the files and recurring-ical-events expands them (RRULE, RDATE,
EXDATE, moved occurrences, all-day and multi-day events, time zones); each
occurrence is cut at the month's bounds in the retrospective's zone. Recurring
series are grouped ("Conference call, weekly, 4 times, 4 hours"), all-day
events listed by their days in the month, one-off meetings kept apart. An event
marked CLASS:PRIVATE or CONFIDENTIAL counts as busy time and never shows its
title. `include` / `exclude` are title patterns (fnmatch, any case).
"""

from __future__ import annotations

import fnmatch
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlparse

from dataclasses import dataclass

from retro.config import Setting
from retro.errors import SourceError
from retro.sources.cache import Cache
from retro.sources.source import Option, Source
from retro.words import count
from retro.sources.facts.meetings import CalendarActivity, Event, Series

MAX_BYTES = 5 * 1024 * 1024  # a calendar larger than this is refused
TIMEOUT = 20.0
BUSY = "(busy)"
PRIVATE = ("PRIVATE", "CONFIDENTIAL")


def display(location: str) -> str:
    """A calendar named for messages: a file's path, or a URL without its secret path and query."""
    parsed = urlparse(location)
    if parsed.scheme in ("http", "https"):
        return f"{parsed.scheme}://{parsed.hostname}{':' + str(parsed.port) if parsed.port else ''}/…"
    return location


def fetch(location: str, cache: Cache, base: Path) -> bytes:
    """The calendar's bytes: a file (relative to the blog), or an http(s) address fetched with limits."""
    parsed = urlparse(location)
    if parsed.scheme in ("http", "https", "webcal"):
        url = "https://" + location[len("webcal://"):] if parsed.scheme == "webcal" else location
        key = Cache.key("calendar", url)
        hit = cache.get(key)
        if hit is not None:
            return hit.encode("utf-8")
        data = download(url)
        cache.put(key, data.decode("utf-8", "replace"))
        return data
    if parsed.scheme and len(parsed.scheme) > 1:
        raise SourceError(f"calendar {display(location)}: only .ics files and http(s) addresses are read.")
    path = Path(location).expanduser()
    path = path if path.is_absolute() else base / path
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SourceError(f"calendar {location}: larger than {MAX_BYTES // 1024 // 1024} MB; export a shorter range.")
        return path.read_bytes()
    except OSError as error:
        raise SourceError(f"calendar {location}: cannot be read ({error.strerror}); check the path.") from None


def download(url: str) -> bytes:
    import httpx

    try:
        with httpx.stream("GET", url, timeout=TIMEOUT, follow_redirects=True,
                          headers={"User-Agent": "retro-monthly"}) as response:
            if response.status_code >= 400:
                raise SourceError(f"calendar {display(url)} answered {response.status_code}; check the address "
                                  "(a secret iCal address may have been reset).")
            final = urlparse(str(response.url)).scheme
            if final not in ("http", "https"):
                raise SourceError(f"calendar {display(url)} redirected away from http(s); not followed.")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise SourceError(f"calendar {display(url)}: larger than {MAX_BYTES // 1024 // 1024} MB; "
                                      "not read.")
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.TimeoutException:
        raise SourceError(f"calendar {display(url)} did not answer within {TIMEOUT:g} s; try again later.") from None
    except httpx.HTTPError as error:
        raise SourceError(f"cannot reach calendar {display(url)} ({type(error).__name__}); check the address "
                          "and the network.") from None


def cadence(component: Any) -> str:
    rule = component.get("RRULE")
    if not rule:
        return "recurring"
    freq = str((rule.get("FREQ") or ["?"])[0]).lower()
    interval = int((rule.get("INTERVAL") or [1])[0])
    unit = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}.get(freq)
    if unit is None:
        return "recurring"
    return freq if interval == 1 else f"every {interval} {unit}s"


def as_datetime(value: date | datetime, zone: tzinfo) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)
    return datetime.combine(value, time(), zone)


def wanted(title: str, include: list[str], exclude: list[str]) -> bool:
    lowered = title.lower()
    if include and not any(fnmatch.fnmatch(lowered, p.lower()) for p in include):
        return False
    return not any(fnmatch.fnmatch(lowered, p.lower()) for p in exclude)


def collect(locations: Iterable[str], since: datetime, until: datetime, zone: tzinfo, cache: Cache | None = None,
            include: list[str] | None = None, exclude: list[str] | None = None,
            base: Path | None = None) -> CalendarActivity:
    """The month [since, until) of every calendar, one after another; one that fails stops with its name."""
    import icalendar
    import recurring_ical_events

    include, exclude = include or [], exclude or []
    series: dict[tuple[str, str], Series] = {}
    facts = CalendarActivity()
    all_day: dict[tuple[str, str], Event] = {}
    for location in locations:
        raw = fetch(location, cache or Cache(None, False), base or Path.cwd())
        try:
            calendar = icalendar.Calendar.from_ical(raw)
            occurrences = recurring_ical_events.of(calendar).between(since, until)
        except Exception as error:  # icalendar raises ValueError and friends for a malformed file
            raise SourceError(f"calendar {display(location)} is not a valid iCalendar file "
                              f"({type(error).__name__}); export it again.") from None
        facts.sources += 1
        # Which events repeat, and how: read from the masters (every expanded occurrence carries a RECURRENCE-ID).
        rules = {str(c.get("UID")): cadence(c) for c in calendar.walk("VEVENT") if c.get("RRULE") or c.get("RDATE")}
        for event in occurrences:
            if event.name != "VEVENT" or str(event.get("STATUS", "")).upper() == "CANCELLED":
                continue
            private = str(event.get("CLASS", "PUBLIC")).upper() in PRIVATE
            title = BUSY if private else " ".join(str(event.get("SUMMARY", "")).split()) or "(untitled)"
            if not private and not wanted(title, include, exclude):
                continue
            start_value = event["DTSTART"].dt
            end_value = event["DTEND"].dt if event.get("DTEND") else None
            if not isinstance(start_value, datetime):  # all-day, perhaps several days
                end_day = end_value if isinstance(end_value, date) else start_value + timedelta(days=1)
                first = max(start_value, since.astimezone(zone).date())
                last = min(end_day, until.astimezone(zone).date())
                days = (last - first).days
                if days > 0:
                    key = (str(event.get("UID", title)), title)
                    known = all_day.setdefault(key, Event(title, first, 0, 0))
                    known.days += days
                continue
            start = as_datetime(start_value, zone)
            end = as_datetime(end_value, zone) if isinstance(end_value, datetime) else start + (
                event["DURATION"].dt if event.get("DURATION") else timedelta())
            minutes = max(0, int((min(end, until) - max(start, since)).total_seconds() // 60))
            uid = str(event.get("UID", ""))
            if uid in rules:
                known = series.setdefault((uid, title), Series(title, rules[uid]))
                known.occurrences += 1
                known.minutes += minutes
            else:
                facts.meetings.append(Event(title, start, minutes))
    facts.series = sorted(series.values(), key=lambda s: (-s.occurrences, -s.minutes, s.title))
    facts.meetings.sort(key=lambda e: e.start)
    facts.all_day = sorted(all_day.values(), key=lambda e: e.start)
    return facts


@dataclass(frozen=True)
class CalendarWant:
    locations: list[str]
    include: list[str]
    exclude: list[str]


class CalendarSource(Source):
    name, title = "calendar", "Calendars"
    settings = (
        Setting("locations", list, "Calendars to read: `.ics` files (relative to the blog) or secret iCal addresses "
                "(http or https). `--calendar` adds to them.", '["calendars/work.ics"]', default=[],
                alias="calendars"),
        Setting("include", list, "Only events whose title matches one of these patterns (`*` wildcards, any case). "
                "Default: every event.", '["*call*", "*study*"]', default=[], alias="calendar_include"),
        Setting("exclude", list, "Events whose title matches one of these patterns are left out.",
                '["Lunch*", "Focus time"]', default=[], alias="calendar_exclude"),
    )
    options = (Option("--calendar", "locations", "An .ics file or a secret iCal address to read meetings from; "
                      "repeat for several. Added to retro.toml's [calendar] locations.", "PATH_OR_URL", adds=True),)
    facts = ("meetings:Series", "meetings:Event")

    def wants(self, values, on):
        locations = list(dict.fromkeys(values["locations"]))
        return CalendarWant(locations, list(values["include"]), list(values["exclude"])) if locations else None

    def collect(self, want: CalendarWant, window) -> CalendarActivity:
        return collect(want.locations, window.since, window.until, window.zone, window.cache("calendar"),
                       want.include, want.exclude, window.root)

    def describe(self, want: CalendarWant, facts: CalendarActivity) -> str:
        return (f"{count(len(want.locations), 'calendar')}: {count(facts.count, 'meeting')}, "
                f"{count(facts.hours, 'hour')}, {count(len(facts.all_day), 'all-day event')}")


SOURCE = CalendarSource()
