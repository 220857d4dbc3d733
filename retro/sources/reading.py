"""The browser's history -> ReadingFacts: the pages of the author's themes read in the month. Off until named.

Chrome and the Chromium family (Chromium, Edge, Brave, Vivaldi: `History`, visits in microseconds since
1601), Firefox (`places.sqlite`, microseconds since 1970) and Safari (`History.db`, seconds since 2001), in
every profile of their default places on Linux, macOS and Windows, and any file named in `[reading] history`
or with `--history`. The browser holds its file open: each is copied (with its `-wal`) into a temporary folder,
read there and removed; the browser's own file is never opened.

Private by default: a visit is kept only when its address matches `[reading] include` or it names one of the
author's themes (its title, host or path, by the join's rule), and `exclude` (and the built-in list: mail,
banking, sign-in and OAuth pages, localhost and private addresses, `file:`) always wins. The query string and
fragment are dropped first. What is not kept is counted, never stored: not in the facts, the cache or a log.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from retro.config import Setting
from retro.errors import SourceError, setting
from retro.matching import naming
from retro.sources.facts.reading import Page, ReadingFacts
from retro.sources.source import Option, Source, Window
from retro.words import count

CHROME_EPOCH = 11_644_473_600  # seconds from 1601-01-01 to 1970-01-01
SAFARI_EPOCH = 978_307_200  # seconds from 1970-01-01 to 2001-01-01
# What is never kept unless `builtin_exclude = false`: hosts and paths where mail, money and sign-ins live.
PRIVATE_HOSTS = ("mail.*", "*.mail.*", "outlook.*", "*.outlook.*", "accounts.*", "login.*", "*.login.*",
                 "signin.*", "auth.*", "*.auth.*", "sso.*", "id.*", "*bank*", "*banking*", "paypal.*", "*.paypal.*",
                 "localhost", "*.localhost", "*.local", "*.internal", "*.lan")
PRIVATE_PATHS = ("/login*", "/signin*", "/sign-in*", "/sign_in*", "/logout*", "/oauth*", "/*/oauth*", "/authorize*",
                 "/*/authorize*", "/sso*", "/saml*", "/session*", "/auth/*", "/account/*", "/settings/*",
                 "/mail/*", "/*/login*")
COURSE_HOSTS = ("fastcampus.co.kr", "inflearn.com", "udemy.com", "coursera.org", "edx.org", "nomadcoders.co",
                "classum.com", "egghead.io", "frontendmasters.com", "deeplearning.ai")
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "twitch.tv")
FORGE_HOSTS = ("github.com", "gitlab.com")
GITHUB_KINDS = {"issues": "issue", "pull": "pull", "pulls": "pull", "discussions": "discussion", "wiki": "wiki",
                "blob": "code", "tree": "code", "commit": "code", "commits": "code"}
GITLAB_KINDS = {"issues": "issue", "merge_requests": "pull", "wikis": "wiki", "blob": "code", "tree": "code",
                "commit": "code", "commits": "code"}
CHROMIUM_FAMILY = {  # folder below each platform's base: (Linux ~/.config, macOS Application Support, Windows)
    "Chrome": ("google-chrome", "Google/Chrome", "Google/Chrome/User Data"),
    "Chromium": ("chromium", "Chromium", "Chromium/User Data"),
    "Edge": ("microsoft-edge", "Microsoft Edge", "Microsoft/Edge/User Data"),
    "Brave": ("BraveSoftware/Brave-Browser", "BraveSoftware/Brave-Browser", "BraveSoftware/Brave-Browser/User Data"),
    "Vivaldi": ("vivaldi", "Vivaldi", "Vivaldi/User Data"),
}


@dataclass(frozen=True)
class ReadingWant:
    history: tuple[str, ...]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    builtin_exclude: bool


@dataclass(frozen=True)
class History:
    path: Path
    browser: str  # Chrome, Firefox, Safari, ... (as found), or "file" for one named


def default_histories(home: Path | None = None) -> list[History]:
    """Every profile's history file in the browsers' default places on this machine."""
    home = home or Path.home()
    found: list[History] = []
    linux, mac = home / ".config", home / "Library" / "Application Support"
    local = Path(os.environ["LOCALAPPDATA"]) if os.environ.get("LOCALAPPDATA") else home / "AppData" / "Local"
    roaming = Path(os.environ["APPDATA"]) if os.environ.get("APPDATA") else home / "AppData" / "Roaming"
    for browser, (on_linux, on_mac, on_windows) in CHROMIUM_FAMILY.items():
        for base in (linux / on_linux, mac / on_mac, local / on_windows):
            found += [History(path, browser) for path in sorted(base.glob("*/History")) if path.is_file()]
    for base in (home / ".mozilla" / "firefox", home / "snap" / "firefox" / "common" / ".mozilla" / "firefox",
                 mac / "Firefox" / "Profiles", roaming / "Mozilla" / "Firefox" / "Profiles"):
        found += [History(path, "Firefox") for path in sorted(base.glob("*/places.sqlite")) if path.is_file()]
    safari = home / "Library" / "Safari" / "History.db"
    if safari.is_file():
        found.append(History(safari, "Safari"))
    return found


def histories(want: ReadingWant, root: Path | None) -> list[History]:
    named = [History(resolve(path, root), "file") for path in want.history]
    known = {h.path for h in named}
    return named + [h for h in default_histories() if h.path not in known]


def resolve(path: str, root: Path | None) -> Path:
    found = Path(path).expanduser()
    return found if found.is_absolute() or root is None else root / found


def kind_of(path: Path, connection: sqlite3.Connection) -> str:
    """chromium, firefox or safari, by the tables the file holds."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if {"urls", "visits"} <= tables:
        return "chromium"
    if {"moz_places", "moz_historyvisits"} <= tables:
        return "firefox"
    if {"history_items", "history_visits"} <= tables:
        return "safari"
    raise SourceError(f"reading: {path} is not a Chrome, Firefox or Safari history (no table of visits); "
                      f"check {setting('reading.history')}.")


def visits(path: Path, since: datetime, until: datetime) -> Iterator[tuple[str, str, datetime]]:
    """(address, title, time) of each visit in [since, until), from a copy of the file made for the read."""
    if not path.is_file():
        raise SourceError(f"reading: {path}: no such history file; check {setting('reading.history')}.")
    with tempfile.TemporaryDirectory(prefix="retro-history-") as folder:
        copy = Path(folder) / "history.sqlite"
        try:
            shutil.copyfile(path, copy)
            for suffix in ("-wal", "-shm"):  # the browser's recent writes live in its write-ahead log
                if Path(f"{path}{suffix}").is_file():
                    shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
        except OSError as error:
            raise SourceError(f"reading: {path} cannot be copied ({error.strerror}); close the browser or check "
                              "the file's permissions.") from None
        connection = sqlite3.connect(copy)
        try:
            kind = kind_of(path, connection)
            start, end = since.timestamp(), until.timestamp()
            if kind == "chromium":
                rows = connection.execute(
                    "SELECT u.url, u.title, v.visit_time FROM visits v JOIN urls u ON u.id = v.url "
                    "WHERE v.visit_time >= ? AND v.visit_time < ?",
                    (int((start + CHROME_EPOCH) * 1e6), int((end + CHROME_EPOCH) * 1e6)))
                moment = lambda value: (value / 1e6) - CHROME_EPOCH  # noqa: E731
            elif kind == "firefox":
                rows = connection.execute(
                    "SELECT p.url, p.title, h.visit_date FROM moz_historyvisits h JOIN moz_places p "
                    "ON p.id = h.place_id WHERE h.visit_date >= ? AND h.visit_date < ?",
                    (int(start * 1e6), int(end * 1e6)))
                moment = lambda value: value / 1e6  # noqa: E731
            else:
                rows = connection.execute(
                    "SELECT i.url, v.title, v.visit_time FROM history_visits v JOIN history_items i "
                    "ON i.id = v.history_item WHERE v.visit_time >= ? AND v.visit_time < ?",
                    (start - SAFARI_EPOCH, end - SAFARI_EPOCH))
                moment = lambda value: value + SAFARI_EPOCH  # noqa: E731
            for url, title, when in rows:
                yield str(url or ""), str(title or ""), datetime.fromtimestamp(moment(when), timezone.utc)
        except sqlite3.DatabaseError as error:
            raise SourceError(f"reading: {path} cannot be read ({error}); the file is damaged or not a history. "
                              f"Leave it out of {setting('reading.history')}.") from None
        finally:
            connection.close()


def private(host: str, path: str) -> bool:
    """The built-in exclude list: mail, banking, sign-in and OAuth pages, this machine and private networks."""
    if any(fnmatch.fnmatch(host, pattern) for pattern in PRIVATE_HOSTS):
        return True
    if any(fnmatch.fnmatch(path, pattern) for pattern in PRIVATE_PATHS):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local


def matches(address: str, host: str, patterns: tuple[str, ...]) -> bool:
    """`docs.example.com` takes the host and its subdomains; `github.com/o/*` an address by its path."""
    for pattern in patterns:
        pattern = pattern.lower().removeprefix("https://").removeprefix("http://").removeprefix("www.")
        if "/" in pattern:
            stem = pattern.rstrip("*").rstrip("/")
            if fnmatch.fnmatch(address, pattern) or address == stem:
                return True
        elif fnmatch.fnmatch(host, pattern) or host.endswith("." + pattern.lstrip("*.")):
            return True
    return False


def page_kind(host: str, path: str) -> tuple[str, str]:
    """(kind, repository) of a page: a forge's issue, pull request, discussion, wiki or code, else its site's."""
    parts = [part for part in path.split("/") if part]
    bare = host.removeprefix("www.")
    if bare in FORGE_HOSTS or bare.startswith(("github.", "gitlab.")):
        if "-" in parts:  # GitLab: /group/project/-/issues/1
            at = parts.index("-")
            repo = "/".join(parts[:at])
            kind = GITLAB_KINDS.get(parts[at + 1], "code") if len(parts) > at + 1 else "code"
            return kind, repo
        if len(parts) >= 2:
            kind = GITHUB_KINDS.get(parts[2], "code") if len(parts) > 2 else "code"
            return kind, f"{parts[0]}/{parts[1]}"
        return "page", ""
    if any(bare == h or bare.endswith("." + h) for h in COURSE_HOSTS):
        return "course", ""
    if any(bare == h or bare.endswith("." + h) for h in VIDEO_HOSTS):
        return "video", ""
    if bare.startswith(("docs.", "doc.", "developer.", "developers.")) or "/docs" in path:
        return "docs", ""
    return "page", ""


def collect(want: ReadingWant, window: Window) -> ReadingFacts:
    """The month's kept pages of every history (see the module's docstring)."""
    facts = ReadingFacts()
    themed = naming(window.themes)
    pages: dict[str, Page] = {}
    days: dict[str, set[str]] = {}
    failures: list[str] = []
    for history in histories(want, window.root):
        try:
            for url, title, when in visits(history.path, window.since, window.until):
                facts.visits_read += 1
                kept = keep(url, title, want, themed)
                if kept is None:
                    facts.not_kept += 1
                    continue
                address, host, path = kept
                page = pages.get(address)
                if page is None:
                    kind, repo = page_kind(host, path)
                    page = pages[address] = Page(address, title, host, kind, repo, 0, [])
                    days[address] = set()
                page.visits += 1
                if title:
                    page.title = title
                days[address].add(when.astimezone(window.zone).date().isoformat())
            facts.histories.append(str(history.path))
        except SourceError as error:
            failures.append(error.text)
    for address, page in pages.items():
        page.days = sorted(days[address])
    facts.pages = sorted(pages.values(), key=lambda p: (-p.visits, p.address))
    if failures and not facts.histories:  # nothing read: the source's one warning
        raise SourceError(" ".join(failures))
    for failure in failures:  # one file of several: a warning each, the rest are told
        window.say(f"warning: {failure} The other histories are read.")
    return facts


def keep(url: str, title: str, want: ReadingWant, themed) -> tuple[str, str, str] | None:
    """(address, host, path) of a visit to keep, else None: the privacy rules, in order."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None  # file:, chrome:, about:, data: ... never kept
    host = parts.hostname.lower()
    path = parts.path or "/"
    host = host.removeprefix("www.")
    address = f"{host}{path}".rstrip("/") if path != "/" else host
    if want.builtin_exclude and private(host, path.lower()):
        return None
    if matches(address.lower(), host, want.exclude):
        return None
    if matches(address.lower(), host, want.include):
        return address, host, path
    words = " ".join(part for part in path.split("/") if part)
    if themed(title) or themed(host.removeprefix("www.")) or (words and themed(words)):
        return address, host, path
    return None


class ReadingSource(Source):
    name, title = "reading", "Browser history"
    local = True
    settings = (
        Setting("include", list, "Addresses whose visits are kept, as patterns (`docs.openwebui.com` takes the host "
                "and its subdomains, `github.com/open-webui/*` addresses below it); a visit whose title, host or "
                "path names one of your themes is kept too. Default: none.",
                '["docs.openwebui.com", "github.com/open-webui/*"]', default=[]),
        Setting("exclude", list, "Addresses never kept, whatever else matches (same patterns).",
                '["news.ycombinator.com"]', default=[]),
        Setting("builtin_exclude", bool, "Leave out mail, banking, sign-in and OAuth pages, localhost and private "
                "addresses (`file:` and other non-web pages are never kept). Default `true`.", "true",
                default=True),
        Setting("history", list, "History files to read besides the browsers' own (Chrome's `History`, Firefox's "
                "`places.sqlite`, Safari's `History.db`); `--history` adds one.", '["~/backup/History"]',
                default=[]),
    )
    options = (
        Option("--reading", "on", "Add what you read: your browsers' history, kept only where a page names one of "
               "your themes or matches [reading] include. Nothing else leaves the history.", switch=True),
        Option("--history", "history", "A browser history file to read (implies --reading); repeat for several.",
               "PATH", adds=True),
    )
    facts = ("reading:Page", "reading:ReadingFacts")

    def wants(self, values, on):
        if not on:
            return None
        return ReadingWant(tuple(values["history"]), tuple(values["include"]), tuple(values["exclude"]),
                           bool(values["builtin_exclude"]))

    def collect(self, want: ReadingWant, window: Window) -> ReadingFacts:
        return collect(want, window)

    def describe(self, want: ReadingWant, facts: ReadingFacts) -> str:
        return (f"{count(len(facts.histories), 'history', 'histories')}: {count(len(facts.pages), 'page')} kept "
                f"({count(facts.visits, 'visit')}); {count(facts.not_kept, 'visit')} not kept")

    def reading(self, want: ReadingWant) -> list[str]:
        found = histories(want, None)
        return [f"{h.browser}: {h.path}" for h in found] or [
            "no browser history found (name a file with --history or [reading] history)"]


SOURCE = ReadingSource()
