"""Notes files -> Notes: the author's own themes, kept as they wrote them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .errors import NotesError, RetroError

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$")
# A theme or an item that reads as a plan for next month.
PLAN_HEADING = re.compile(r"\b(next|plans?|todo|goals?|upcoming)\b|다음|계획|목표|할 일", re.IGNORECASE)
PLAN_ITEM = re.compile(r"^\s*(next|plan|todo|goal)\s*[:\-]|^\[ \]|다음 달|다음달|계획|할 것", re.IGNORECASE)
# A theme the author meant as the month's reflection.
REFLECTION_HEADING = re.compile(r"\b(reflection|retro(spective)?|lessons?|thoughts)\b|회고|느낀|소감|돌아보", re.IGNORECASE)


@dataclass
class Item:
    text: str
    level: int = 0  # nesting depth of the bullet


@dataclass
class Theme:
    title: str
    items: list[Item] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)

    @property
    def is_plan(self) -> bool:
        return bool(PLAN_HEADING.search(self.title))

    @property
    def is_reflection(self) -> bool:
        return bool(REFLECTION_HEADING.search(self.title))


@dataclass
class Notes:
    path: Path | None = None
    text: str = ""
    themes: list[Theme] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def plans(self) -> list[Item]:
        """Items under a plan heading, and stray items elsewhere that read as plans."""
        found: list[Item] = []
        for theme in self.themes:
            if theme.is_plan:
                found.extend(theme.items)
            else:
                found.extend(i for i in theme.items if PLAN_ITEM.search(i.text))
        return found

    def __bool__(self) -> bool:
        return bool(self.text.strip())


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
                         "pass a notes file or the right folder to --notes.")
    parts: list[str] = []
    warnings: list[str] = []
    for day in days:
        notes = read(day)
        warnings += notes.warnings
        text = notes.text.strip()
        parts.append(text if any(HEADING.match(l) for l in text.splitlines()) else f"## {day.stem}\n\n{text}")
    combined = parse("\n\n".join(parts) + "\n")
    combined.path, combined.warnings = path, warnings
    return combined


def read(path: Path) -> Notes:
    """Read a notes file; undecodable bytes are replaced, with a warning."""
    if not path.exists():
        raise NotesError(f"{path}: no such notes file; check --notes (or leave it out to use none).")
    if path.is_dir():
        raise NotesError(f"{path}: is a folder; pass a Markdown notes file to --notes.")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise NotesError(f"{path}: cannot be read ({error.strerror}); check its permissions.") from None
    if b"\0" in raw[:8192]:
        raise NotesError(f"{path}: looks binary, not Markdown; pass a text notes file to --notes.")
    warnings: list[str] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", "replace")
        warnings.append(f"{path} is not valid UTF-8; unreadable bytes were replaced with '\ufffd'.")
    notes = parse(text)
    notes.path, notes.warnings = path, warnings
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
