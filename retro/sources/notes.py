"""The author's notes: a file for the month (notes/YYYY-MM.md), or a folder of daily files; and `retro note`."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from retro.backups import backup_copy
from retro.config import Config
from retro.errors import NotesError, RetroError, setting
from retro.problems import Problem
from retro.sources.facts.notes import Item, Notes, Theme

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")

BULLET = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$")

def daily_files(folder: Path, month: str) -> list[Path]:
    """The month's daily notes (YYYY-MM-DD.md) in `folder`, oldest first."""
    return sorted(p for p in folder.glob(f"{month}-[0-3][0-9].md") if p.is_file())

def read_month(path: Path, month: str) -> Notes:
    """A notes file, or a folder of daily files of which the month's are read, in date order.

    A daily file without headings of its own becomes a theme named by its date.
    """
    if not path.is_dir():
        return read(path)
    days = daily_files(path, month)
    if not days:
        raise NotesError(f"{path}: is a folder with no daily notes for {month} ({month}-DD.md); "
                         f"pass a notes file or the right folder to {setting('notes')}.")
    parts: list[str] = []
    problems: list[Problem] = []
    for day in days:
        notes = read(day)
        problems += notes.problems
        text = notes.text.strip()
        lines = text.splitlines()
        first = next((i for i, line in enumerate(lines) if HEADING.match(line)), len(lines))
        before = "\n".join(lines[:first]).strip()  # words before the file's first heading: the day's own
        parts.append((f"## {day.stem}\n\n{before}\n\n" if before else "") + "\n".join(lines[first:]))
    combined = parse("\n\n".join(parts) + "\n")
    combined.path, combined.problems = path, problems
    return combined

def read(path: Path) -> Notes:
    """Read a notes file; undecodable bytes are replaced, with a warning."""
    if not path.exists():
        raise NotesError(f"{path}: no such notes file; check {setting('notes')} (or leave it out to use none).")
    if path.is_dir():
        raise NotesError(f"{path}: is a folder; pass a Markdown notes file to {setting('notes')}.")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise NotesError(f"{path}: cannot be read ({error.strerror}); check its permissions.") from None
    if b"\0" in raw[:8192]:
        raise NotesError(f"{path}: looks binary, not Markdown; notes are a text file: replace or move it.")
    problems: list[Problem] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", "replace")
        problems.append(Problem(f"{path} is not valid UTF-8; unreadable bytes were replaced with '\ufffd'.",
                                source="notes", file=path))
    notes = parse(text)
    notes.path, notes.problems = path, problems
    return notes

def parse(text: str) -> Notes:
    """Headings become themes; bullets and paragraphs under them stay the author's words."""
    themes: list[Theme] = []
    current: Theme | None = None
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if paragraph and current is not None:
            current.paragraphs.append(" ".join(paragraph))
        paragraph.clear()

    in_fence = False
    for line in text.splitlines():
        if line.strip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = HEADING.match(line)
        if heading:
            close_paragraph()
            if len(heading.group(1)) == 1 and not themes and current is None:
                # A lone top-level title ("# January notes") names the file, not a theme.
                continue
            current = Theme(heading.group(2).strip())
            themes.append(current)
            continue
        if current is None:
            current = Theme("")
            themes.append(current)
        bullet = BULLET.match(line)
        if bullet:
            close_paragraph()
            level = len(bullet.group(1).expandtabs(4)) // 2
            current.items.append(Item(bullet.group(2).strip(), level))
        elif line.strip():
            paragraph.append(line.strip())
        else:
            close_paragraph()
    close_paragraph()
    kept = [t for t in themes if t.items or t.paragraphs]
    return Notes(text=text, themes=kept)

def append(path: Path, text: str, when: datetime) -> None:
    """Add `- YYYY-MM-DD HH:MM text` to a notes file, creating it; a lock keeps concurrent calls whole."""
    try:
        import fcntl
    except ImportError:  # Windows: appends of one short line are not interleaved there either
        fcntl = None

    line = " ".join(text.split())
    if not line:
        raise NotesError("the note is empty; write it in quotes: retro note \"what I did\".")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)  # two `retro note` at once must not interleave or lose a line
            handle.seek(0, 2)
            prefix = "" if handle.tell() else f"# Notes for {when:%Y-%m}\n\n"
            handle.write(f"{prefix}- {when:%Y-%m-%d %H:%M} {line}\n")
            handle.flush()
    except OSError as error:
        raise RetroError(f"cannot write {path}: {error.strerror}; check that the notes folder is writable.") from None


def month_file(config: Config, month) -> Path:
    """The month's notes file, as retro.toml's `notes` names it (notes/YYYY-MM.md): the one notes-path rule."""
    return config.root / config.notes.format(month=month)


def notes_path(config: Config, month, explicit: Path | None) -> Path | None:
    """--notes, else the configured file for the month, else its folder when it holds daily notes."""
    if explicit is not None:
        return explicit
    candidate = month_file(config, month)
    if candidate.is_file():
        return candidate
    folder = candidate.parent
    return folder if folder.is_dir() and daily_files(folder, str(month)) else None

def collect(config: Config, month, explicit: Path | None) -> tuple[Notes, Path | None]:
    """(the month's notes, where they came from); empty notes when there are none."""
    path = notes_path(config, month, explicit)
    return (read_month(path, str(month)) if path else Notes()), path


def append_section(path: Path, heading: str, text: str, month: str, root: Path | None = None) -> None:
    """Add `text` under `## heading` in a notes file, creating it: at the end of that heading's section when the
    file has it (a second interview's answer joins the first), else under a new heading at the end. What is
    there is never changed, only added to.

    Locked as `retro note`'s appends are, so two at once lose nothing.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        fcntl = None

    heading = " ".join(heading.split()).lstrip("#").strip()
    body = text.strip("\n")
    if not heading or not body.strip():
        raise NotesError("an answer needs a heading and some text; nothing was added.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a+b") as handle:  # bytes: what is there comes back byte for byte, whatever its encoding
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            existing = handle.read()
            if not existing:
                handle.write(f"# Notes for {month}\n\n## {heading}\n\n{body}\n".encode())
                return
            text = existing.decode("utf-8", "surrogateescape")
            end = section_end(text, heading)
            if end is None or end == len(text):  # a new heading, or the file's last section: an append
                prefix = "" if existing.endswith(b"\n\n") else "\n" if existing.endswith(b"\n") else "\n\n"
                handle.write((prefix + (f"## {heading}\n\n" if end is None else "") + f"{body}\n").encode())
                return
            # Inside the file: a copy first, then the same file rewritten in place under the lock (its inode,
            # mode and link kept, and an append waiting on the lock lands after, not in a replaced file).
            backup_copy(path, root or path.parent.parent)
            cut = len(text[:end].rstrip("\n").encode("utf-8", "surrogateescape"))
            with open(path, "r+b") as rewrite:
                rewrite.seek(cut)
                rewrite.write(f"\n\n{body}\n\n".encode() + existing[cut:].lstrip(b"\n"))
                rewrite.flush()
                os.fsync(rewrite.fileno())
    except OSError as error:
        raise RetroError(f"cannot write {path}: {error.strerror}; check that the notes folder is writable.") from None


def section_end(text: str, heading: str) -> int | None:
    """Where the section under `## heading` ends in `text` (the next heading of its level or above), if it has one."""
    lines = text.splitlines(keepends=True)
    offset, inside = 0, False
    wanted = " ".join(heading.split()).casefold()
    for line in lines:
        match = HEADING.match(line.rstrip("\n"))
        if match and len(match.group(1)) <= 2:
            if inside:
                return offset
            inside = len(match.group(1)) == 2 and " ".join(match.group(2).split()).casefold() == wanted
        offset += len(line)
    return len(text) if inside else None


def answers_file(config: Config, month, explicit: Path | None = None) -> Path:
    """Where answers for the month go (retro interview, add_notes): the notes file it reads, or, when its notes
    are daily files, the month's last day (a daily file's words before its first heading keep their date)."""
    if explicit is not None and not explicit.is_dir():
        return explicit
    found = notes_path(config, month, explicit)
    if found is not None and found.is_dir():
        return found / f"{month.last_day.isoformat()}.md"
    return month_file(config, month)
