"""What a command asks for (a Request, built once by each face) and what it resolves to against retro.toml (a
Selection): flags over retro.toml over defaults, in this one place.

    CLI   the shared options (--month --repo --author --all-authors --tz and the sources') -> Request
    MCP   the tools' arguments (month, repos, authors, all_authors, tz)                   -> Request
    cron  the scheduled workflow's inputs (its month), through the CLI                    -> Request
"""

from __future__ import annotations

import glob
import os
import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Iterable

from retro.config import Config
from retro.errors import ConfigError, GitError, NoRepositoryError, SettingError, setting
from retro.months import Month, Year, local_zone, zone_named
from retro.sources.git.repos import DEPTH, discover, find_repo_root, git_config_email, is_repository


@dataclass(frozen=True)
class Request:
    """Which month (or year), whose commits, in which zone, from which sources: what every use case takes.

    Empty means "as retro.toml says" (and then the defaults): a face fills only what it was given.
    """

    month: Month | None = None
    year: Year | None = None
    repos: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    all_authors: bool = False
    tz: str | None = None
    sources: Any = None  # sources.Flags: the source options given (None: retro.toml's alone)
    compare: bool = True  # count the month before too (retro collect asks for it with --compare)

    @property
    def names_who(self) -> bool:
        """Whether it names repositories, authors or a zone itself (else a post's own record or retro.toml)."""
        return bool(self.repos or self.authors or self.all_authors or self.tz)

    def with_who(self, repos: tuple[str, ...], authors: tuple[str, ...], tz: str | None) -> "Request":
        return dataclasses.replace(self, repos=repos, authors=authors, all_authors=not authors, tz=tz)


def load(root: Path) -> Config:
    """retro.toml at `root` with every source's table checked against its settings: what every face reads."""
    from retro import config as config_module
    from retro.sources import tables

    return config_module.load(root, tables())


def selected(config: Config, request: Request) -> "Selection":
    """The request against retro.toml: the month's (or the year's) selection. The sources' options are checked
    here too, before anything is read."""
    if request.sources is not None:
        from retro import sources

        sources.wanted(config, request.sources)
    if request.year is not None:
        return resolve_year(config, request.year, request.repos, request.authors, request.all_authors, request.tz)
    return resolve(config, request.month, request.repos, request.authors, request.all_authors, request.tz)


@dataclass
class Selection:
    month: Month
    zone: tzinfo
    repos: list[Path]  # named by the user: an unreadable one is an error
    authors: tuple[str, ...]  # empty: every author
    found: list[Path] = field(default_factory=list)  # found inside a folder: an unreadable one is skipped


def resolve(
    config: Config,
    month: Month | None,
    repos: tuple[str, ...],
    authors: tuple[str, ...],
    all_authors: bool,
    tz: str | None,
) -> Selection:
    zone = resolve_zone(tz, config)
    today = datetime.now(zone).date()
    month = month or Month.containing(today).previous()
    if month > Month.containing(today):
        raise SettingError("month", f"{{setting}} {month} is in the future; choose this month or an earlier one.")
    named, found = resolve_repos(config, repos)
    return Selection(month, zone, named, resolve_authors(config, authors, all_authors, named + found), found)


def resolve_year(config: Config, year: Year, repos: tuple[str, ...], authors: tuple[str, ...], all_authors: bool,
                 tz: str | None) -> Selection:
    """The same selection as a month's, for a whole year (read in one walk a repository)."""
    zone = resolve_zone(tz, config)
    if year.year > datetime.now(zone).year:
        raise SettingError("year", f"{{setting}} {year} is in the future; choose this year or an earlier one.")
    named, found = resolve_repos(config, repos)
    return Selection(year, zone, named, resolve_authors(config, authors, all_authors, named + found),  # type: ignore[arg-type]
                     found)


def resolve_zone(tz: str | None, config: Config) -> tzinfo:
    name = tz or config.timezone
    if not name:
        return local_zone()
    try:
        return zone_named(name)
    except ValueError as error:
        if tz:
            raise SettingError("timezone", f"{{setting}}: {error}.") from None
        raise ConfigError(f"{config.path}: timezone: {error}.") from None


def resolve_repos(config: Config, repos: tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    """(named, found): repositories named directly, and those found inside named folders or globs."""
    named: list[Path] = []
    found: list[Path] = []
    patterns = [(r, False) for r in repos] or [(p, True) for p in config.repos]
    for pattern, from_config in patterns:
        expanded = os.path.expanduser(pattern)
        if glob.has_magic(expanded):
            matches = [Path(m) for m in sorted(glob.glob(expanded)) if Path(m).is_dir()]
            found += [repo for match in matches for repo in discover(match)]
            continue
        path = Path(expanded)
        if from_config and not path.is_dir():
            what = "is a file, not a repository's folder" if path.exists() else "does not exist"
            raise ConfigError(f"{config.path}: repos names {pattern}, which {what}; fix the path there.")
        if not path.is_dir() or is_repository(path):
            named.append(path)  # collecting it says what is wrong with a bad path
            continue
        inside = discover(path)
        if not inside:
            text = f"{{setting}}: {path} is not a git repository and holds none (looked {DEPTH} levels down)."
            if from_config:
                raise GitError(text.replace("{setting}", f"{config.path}: repos"))
            raise SettingError("repos", text, exit_code=1)
        found += inside
    if patterns and not named and not found:
        raise ConfigError(f"{config.path}: repos matches no folder; fix the paths there, or name a repository.")
    if not patterns:
        own = find_repo_root(config.root)
        if own is None:
            raise NoRepositoryError(
                f"{config.root} is not a git repository and no repositories are configured: "
                f"pass {setting('repos', 'PATH')} or set repos in retro.toml."
            )
        named.append(own)
    named = unique(named)
    return named, [p for p in unique(found) if p.resolve() not in {n.resolve() for n in named}]


def resolve_authors(config: Config, authors: tuple[str, ...], all_authors: bool,
                    repos: Iterable[Path] = ()) -> tuple[str, ...]:
    """The authors whose commits count: flags, else retro.toml, else git's user.email.

    With neither, the global user.email, git's answer in the blog and each
    repository's own answer all count: work repositories often set their own.
    """
    if all_authors:
        return ()
    chosen = authors or tuple(config.authors)
    if not chosen:
        emails = [git_config_email(None, scope="--global"), git_config_email(config.root),
                  *(git_config_email(repo) for repo in repos if repo.is_dir())]
        chosen = tuple(email for email in emails if email)
        if not chosen:
            raise ConfigError(
                f"No author to look for: pass {setting('authors', 'EMAIL')}, set authors in retro.toml, "
                f"set git's user.email, or pass {setting('all_authors')}."
            )
    return tuple(dict.fromkeys(a.strip().lower() for a in chosen if a.strip()))


def unique(paths: list[Path]) -> list[Path]:
    seen: dict[Path, Path] = {}
    for path in paths:
        seen.setdefault(path.resolve(), path)
    return list(seen.values())
