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
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from retro.config import Setting
from retro.errors import SourceError, setting
from retro.matching import could_name, naming
from retro.sources.facts.reading import Page, ReadingFacts
from retro.sources.source import Option, Source, Window
from retro.words import count

CHROME_EPOCH = 11_644_473_600  # seconds from 1601-01-01 to 1970-01-01
SAFARI_EPOCH = 978_307_200  # seconds from 1970-01-01 to 2001-01-01
# What is never kept unless `builtin_exclude = false`: hosts and paths where mail, money and sign-ins live.
PRIVATE_HOSTS = ("mail.*", "*.mail.*", "outlook.*", "*.outlook.*", "accounts.*", "login.*", "*.login.*",
                 "signin.*", "auth.*", "*.auth.*", "sso.*", "id.*", "*bank*", "*banking*", "paypal.*", "*.paypal.*",
                 "*mail.*", "localhost", "localhost.*", "*.localhost", "*.local", "*.internal", "*.lan", "*.home.arpa",
                 "*.ts.net", "*.tailscale.net")  # mail and webmail, this machine, home and tailnet names
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT, Tailscale's addresses: not public either
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


def visits(path: Path, since: datetime, until: datetime) -> Iterator[tuple[str, str, int, Callable[[], list[float]]]]:
    """(address, title, visits, their Unix times) of each address visited in [since, until), from a copy of the
    file made for the read: SQLite groups the visits, so only what is kept has its times read."""
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
                    "SELECT u.url, u.title, count(*), group_concat(v.visit_time) FROM visits v JOIN urls u "
                    "ON u.id = v.url WHERE v.visit_time >= ? AND v.visit_time < ? GROUP BY v.url",
                    (int((start + CHROME_EPOCH) * 1e6), int((end + CHROME_EPOCH) * 1e6)))
                moment = lambda value: (float(value) / 1e6) - CHROME_EPOCH  # noqa: E731
            elif kind == "firefox":
                rows = connection.execute(
                    "SELECT p.url, p.title, count(*), group_concat(h.visit_date) FROM moz_historyvisits h "
                    "JOIN moz_places p ON p.id = h.place_id WHERE h.visit_date >= ? AND h.visit_date < ? "
                    "GROUP BY h.place_id", (int(start * 1e6), int(end * 1e6)))
                moment = lambda value: float(value) / 1e6  # noqa: E731
            else:  # Safari keeps a title with each visit
                rows = connection.execute(
                    "SELECT i.url, v.title, count(*), group_concat(v.visit_time) FROM history_visits v "
                    "JOIN history_items i ON i.id = v.history_item WHERE v.visit_time >= ? AND v.visit_time < ? "
                    "GROUP BY v.history_item, v.title", (start - SAFARI_EPOCH, end - SAFARI_EPOCH))
                moment = lambda value: float(value) + SAFARI_EPOCH  # noqa: E731
            for url, title, number, times in rows:
                yield (url or "", title or "", number,
                       lambda times=times: [moment(value) for value in str(times).split(",")])
        except sqlite3.DatabaseError as error:
            raise SourceError(f"reading: {path} cannot be read ({error}); the file is damaged or not a history. "
                              f"Leave it out of {setting('reading.history')}.") from None
        finally:
            connection.close()


def glob(patterns) -> re.Pattern:
    """Shell patterns as one compiled regular expression (fnmatch's rule, any case)."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p.lower())})" for p in patterns) or "(?!)")


PRIVATE_HOST = glob(PRIVATE_HOSTS)
PRIVATE_PATH = glob(PRIVATE_PATHS)


def private(host: str, path: str) -> bool:
    """The built-in exclude list: mail, banking, sign-in and OAuth pages, this machine and private networks."""
    if PRIVATE_HOST.match(host) or PRIVATE_PATH.match(path):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or (
        address.version == 4 and address in SHARED)


class Patterns:
    """`docs.example.com` takes the host and its subdomains; `github.com/o/*` the addresses below it."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        bare = [p.lower().removeprefix("https://").removeprefix("http://").removeprefix("www.") for p in patterns]
        paths = [p for p in bare if "/" in p]
        hosts = [p for p in bare if "/" not in p]
        self.paths = glob([*paths, *(p.rstrip("*").rstrip("/") for p in paths)])
        self.hosts = glob([*hosts, *(f"*.{p.lstrip('*.')}" for p in hosts)])

    def match(self, address: str, host: str) -> bool:
        return bool(self.hosts.match(host) or self.paths.match(address))


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
    rules = Rules(want, window.themes)
    pages: dict[str, Page] = {}
    days: dict[str, set[str]] = {}
    quarters: dict[int, str] = {}  # a quarter hour since 1970 -> its day in the month's zone (every zone's
    # offset, and every change of it, falls on a quarter hour: Nepal's +5:45 too)
    failures: list[str] = []
    for history in histories(want, window.root):
        try:
            for url, title, number, times in visits(history.path, window.since, window.until):
                facts.visits_read += number
                kept = rules.keep(url, title)
                if kept is None:
                    facts.not_kept += number
                    continue
                address, host, path = kept
                page = pages.get(address)
                if page is None:
                    kind, repo = page_kind(host, path)
                    page = pages[address] = Page(address, title, host, kind, repo, 0, [])
                    days[address] = set()
                page.visits += number
                if title:
                    page.title = title
                for when in times():
                    quarter = int(when // 900)
                    if quarter not in quarters:
                        quarters[quarter] = datetime.fromtimestamp(quarter * 900, window.zone).date().isoformat()
                    days[address].add(quarters[quarter])
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


def web_address(url: str) -> tuple[str, str] | None:
    """(host without www., path) of an http(s) address, its query, fragment, user and port dropped; else None.
    (urllib's urlsplit, by hand: a history holds tens of thousands.)"""
    scheme, found, rest = url.partition("://")
    if not found or scheme.lower() not in ("http", "https"):
        return None
    rest = rest.partition("#")[0].partition("?")[0].partition(";")[0]  # ;jsessionid=... is a token too
    netloc, slash, path = rest.partition("/")
    host = netloc.rpartition("@")[2]
    host = host[1:host.find("]")] if host.startswith("[") else host.partition(":")[0]
    host = host.lower().removeprefix("www.")
    return (host, "/" + path if slash else "/") if host else None


class Rules:
    """The privacy rules of one read, in order, with what they decided remembered (a history visits the same
    hosts and titles again and again)."""

    def __init__(self, want: ReadingWant, themes: tuple[str, ...]) -> None:
        self.want = want
        self.include, self.exclude = Patterns(want.include), Patterns(want.exclude)
        self.named = naming(themes)
        self.might = could_name(themes)
        self.hosts: dict[str, bool] = {}
        self.texts: dict[str, bool] = {}
        self.seen: dict[tuple[str, str], tuple[str, str, str] | None] = {}

    def themed(self, text: str) -> bool:
        found = self.texts.get(text)
        if found is None:
            found = self.texts[text] = bool(text) and self.named(text) is not None
        return found

    def keep(self, url: str, title: str) -> tuple[str, str, str] | None:
        """(address, host, path) of a visit to keep, else None; each address and title decided once."""
        key = (url.partition("#")[0].partition("?")[0].partition(";")[0], title)
        if key not in self.seen:
            self.seen[key] = self.decide(url, title)
        return self.seen[key]

    def decide(self, url: str, title: str) -> tuple[str, str, str] | None:
        split = web_address(url)
        if split is None:
            return None  # file:, chrome:, about:, data: ... never kept
        host, path = split
        address = f"{host}{path}".rstrip("/") if path != "/" else host
        lowered = address.lower()
        if self.want.builtin_exclude:
            hidden = self.hosts.get(host)
            if hidden is None:
                hidden = self.hosts[host] = private(host, "")
            if hidden or PRIVATE_PATH.match(path.lower()):
                return None
        if self.exclude.match(lowered, host):
            return None
        if self.include.match(lowered, host):
            return address, host, path
        words = " ".join(part for part in path.split("/") if part)
        if not self.might(f"{title} {host} {words}"):  # most of a history names no theme: one cheap look
            return None
        if self.themed(title) or self.themed(host) or self.themed(words):
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
