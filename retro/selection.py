"""Which month, repositories, authors and zone a command reads: flags over retro.toml over defaults."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from .activity import find_repo_root, git_config_email
from .config import Config
from .errors import ConfigError, UsageError
from .months import Month, local_zone, zone_named


@dataclass
class Selection:
    month: Month
    zone: tzinfo
    repos: list[Path]
    authors: tuple[str, ...]  # empty: every author


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
        raise UsageError(f"--month {month} is in the future; choose this month or an earlier one.")
    return Selection(month, zone, resolve_repos(config, repos), resolve_authors(config, authors, all_authors))


def resolve_zone(tz: str | None, config: Config) -> tzinfo:
    name = tz or config.get("timezone")
    if not name:
        return local_zone()
    try:
        return zone_named(name)
    except ValueError as error:
        if tz:
            raise UsageError(f"--tz: {error}.") from None
        raise ConfigError(f"{config.path}: timezone: {error}.") from None


def resolve_repos(config: Config, repos: tuple[str, ...]) -> list[Path]:
    if repos:
        return unique([Path(os.path.expanduser(r)) for r in repos])
    patterns = config.get("repos") or []
    if patterns:
        found: list[Path] = []
        for pattern in patterns:
            expanded = os.path.expanduser(pattern)
            if glob.has_magic(expanded):
                found += [Path(m) for m in sorted(glob.glob(expanded)) if Path(m).is_dir()]
            else:
                found.append(Path(expanded))
        if not found:
            raise ConfigError(f"{config.path}: repos matches no folder; fix the paths or pass --repo PATH.")
        return unique(found)
    own = find_repo_root(config.root)
    if own is None:
        raise ConfigError(
            f"{config.root} is not a git repository and no repositories are configured: "
            "pass --repo PATH or set repos in retro.toml."
        )
    return [own]


def resolve_authors(config: Config, authors: tuple[str, ...], all_authors: bool) -> tuple[str, ...]:
    if all_authors:
        return ()
    chosen = authors or tuple(config.get("authors") or ())
    if not chosen:
        email = git_config_email(config.root)
        if not email:
            raise ConfigError(
                "No author to look for: pass --author EMAIL, set authors in retro.toml, "
                "set git's user.email, or pass --all-authors."
            )
        chosen = (email,)
    return tuple(dict.fromkeys(a.strip().lower() for a in chosen if a.strip()))


def unique(paths: list[Path]) -> list[Path]:
    seen: dict[Path, Path] = {}
    for path in paths:
        seen.setdefault(path.resolve(), path)
    return list(seen.values())
