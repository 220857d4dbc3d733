"""What a source is: one object that owns its settings table, its options, what it wants, how it reads the month,
signs in and says what it found, and the types of its facts.

A source's settings are its table in retro.toml (`[github]`, `[reading]`); its options are the flags and tool
arguments that set them for one command (each names a key of the table). `wants` turns the table and the
options into what to read, or None when the source is off; `collect` reads the month into its facts, one value
of a type under sources/facts/ that the writers read through that type's own methods (see sources/facts/__init__).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Mapping

from retro.config import Setting, value_problem
from retro.errors import SettingError

Say = Callable[[str], None]


@dataclass(frozen=True)
class Window:
    """What a source reads: the month's bounds in the author's zone, where answers are cached, who listens."""

    month: Any  # months.Month
    since: datetime
    until: datetime
    zone: Any  # tzinfo
    root: Path | None  # the blog (answers are cached under its .retro/cache/); None: not cached
    say: Say
    themes: tuple[str, ...] = ()  # the notes' headings: a private source keeps only what names one of them
    repos: tuple[Path, ...] = ()  # the repositories read (a session run in one joins it)

    def cache(self, source: str):
        from retro.sources.cache import Cache

        final = self.until <= datetime.now(timezone.utc)
        return Cache(self.root / ".retro" / "cache" / source if self.root else None, final)


@dataclass(frozen=True)
class Option:
    """A source's option for one command: `--github LOGIN` on the command line, a tool argument over MCP.

    It sets `key` of the source's table; `adds` (for a list) adds to retro.toml's values instead of replacing
    them; `switch` is a flag with no value that turns the source on."""

    flag: str  # "--github"
    key: str  # the table's key it sets ("login")
    help: str
    metavar: str = ""
    adds: bool = False
    switch: bool = False

    @property
    def name(self) -> str:
        """The Python name the option's value travels under (`--github-api` -> github_api)."""
        return self.flag.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class Flags:
    """What a command asked of the sources, by source and key ({"github": {"login": "octocat"}}); empty: nothing."""

    asked: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def of(self, source: str) -> Mapping[str, Any]:
        return self.asked.get(source, {})

    @classmethod
    def given(cls, **values: Any) -> Flags:
        """Flags from options by their names (`github="octocat", calendar=("a.ics",)`), as a face holds them."""
        from retro.sources import SOURCES

        asked: dict[str, dict[str, Any]] = {}
        for source in SOURCES:
            for option in source.options:
                value = values.get(option.name)
                if value not in (None, (), [], False):
                    asked.setdefault(source.name, {})[option.key] = list(value) if option.adds else value
        unknown = set(values) - {option.name for source in SOURCES for option in source.options}
        if unknown:
            raise TypeError(f"no source has the option {', '.join(sorted(unknown))}")
        return cls(asked)


class Source:
    """One source of facts. A subclass sets the class attributes and the methods it needs."""

    name: str = ""
    title: str = ""  # as a reader says it: "GitHub", "Browser history"
    settings: tuple[Setting, ...] = ()  # its table in retro.toml, [name]; a setting's `alias` is its old flat key
    options: tuple[Option, ...] = ()
    facts: tuple[str, ...] = ()  # its facts' dataclasses, as "module:Class" under sources/facts (for the trust marks)
    local: bool = False  # reads the author's own machine only (not in the scheduled workflow)
    reads: bool = True  # False for git and notes, which every month reads its own way

    def wanted(self, values: Mapping[str, Any], flags: Flags, written: bool = False) -> Any | None:
        """What to read, from retro.toml's table (its defaults filled in) and the command's options, each checked
        as the file's are. `written`: retro.toml has this source's table (or its flat keys)."""
        asked = dict(flags.of(self.name))
        known = {one.name: one for one in self.settings}
        values = dict(values)
        for option in self.options:
            if option.key not in asked:
                continue
            value = asked[option.key]
            if option.switch:
                continue
            problem = value_problem(known[option.key], value)
            if problem:
                raise SettingError(f"{self.name}.{option.key}", f"{{setting}}: {problem}.")
            if option.adds:
                value = list(dict.fromkeys([*values.get(option.key, []), *value]))
            values[option.key] = value
        return self.wants(values, on=written or bool(asked))

    def wants(self, values: Mapping[str, Any], on: bool) -> Any | None:
        """What to read from the table's values (the options applied), or None when off. `on`: retro.toml has
        the source's table, or an option of this command named it (a private source reads only then)."""
        return None

    def collect(self, want: Any, window: Window) -> Any:
        raise NotImplementedError

    def sign_in(self, want: Any) -> str | None:
        """For `retro sources`: who it signs in as (SourceError when it cannot), None when it needs no sign-in."""
        return None

    def describe(self, want: Any, facts: Any) -> str:
        """For `retro sources`: what it found, one line."""
        return ""

    def reading(self, want: Any) -> list[str]:
        """For `retro sources`: what it would read (files, profiles found), when that is worth a line each."""
        return []

    def __repr__(self) -> str:
        return f"<source {self.name}>"
