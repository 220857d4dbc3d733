"""`retro sources`: each source, whether it can be read (and sign in), and what it found, as records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from retro import sources
from retro.config import Config
from retro.errors import RetroError, SourceError
from retro.sources import notes as notes_source
from retro.usecases.selection import Selection
from retro.words import count
from retro.writing.themed import themes_of

READ, CANNOT_READ, CANNOT_SIGN_IN = "read", "cannot read", "cannot sign in"


@dataclass(frozen=True)
class SourceState:
    name: str
    state: str  # READ, CANNOT_READ or CANNOT_SIGN_IN
    detail: str  # what it found, or why it cannot
    signed_in: str = ""  # who it signed in as, when it signs in
    reads: list[str] = field(default_factory=list)  # what it would read (files, profiles), when it says

    @property
    def failed(self) -> bool:
        return self.state != READ


def report(config: Config, selection: Selection, flags: sources.Flags | None = None,
           progress: Callable[[str], None] | None = None) -> list[SourceState]:
    """One state a source: git and notes always, then each source wanted by flags or retro.toml."""
    from retro.usecases.collect import theme_titles

    want = sources.wanted(config, flags)
    repos = len(selection.repos) + len(selection.found)
    blog = config.root if (config.root / "mkdocs.yml").is_file() else None  # answers are cached in a blog only
    themes = theme_titles(config, selection) if any(sources.named(name).local for name in want) else ()
    try:
        facts = sources.collect(selection, want, blog, progress, themes=themes)
    except RetroError as error:
        return [SourceState("git", CANNOT_READ, error.text)]
    states = [SourceState("git", READ, f"{count(repos, 'repository', 'repositories')}: {count(facts.commits, 'commit')} in "
                                       f"{selection.month}")]
    notes, path = notes_source.collect(config, selection.month, None)
    states.append(SourceState("notes", READ, f"{path}: {count(len(themes_of(notes)), 'theme')}" if path else
                              f"none for {selection.month} (write {config.notes.format(month=selection.month)})"))
    for name, wanted in want.items():
        source = sources.named(name)
        if name in facts.source_errors:
            states.append(SourceState(name, CANNOT_READ, facts.source_errors[name], reads=source.reading(wanted)))
            continue
        try:
            signed = source.sign_in(wanted) or ""
        except SourceError as error:
            states.append(SourceState(name, CANNOT_SIGN_IN, error.text))
            continue
        states.append(SourceState(name, READ, source.describe(wanted, facts.found.get(name)), signed,
                                  source.reading(wanted)))
    return states
