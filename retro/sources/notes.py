"""The author's notes for the month: a file, or a folder of daily notes."""

from __future__ import annotations

from pathlib import Path

from .. import notes as notes_module
from ..config import Config


def notes_path(config: Config, month, explicit: Path | None) -> Path | None:
    """--notes, else the configured file for the month, else its folder when it holds daily notes."""
    if explicit is not None:
        return explicit
    candidate = config.root / str(config.get("notes")).format(month=month)
    if candidate.is_file():
        return candidate
    folder = candidate.parent
    return folder if folder.is_dir() and notes_module.daily_files(folder, str(month)) else None


def collect(config: Config, month, explicit: Path | None) -> tuple[notes_module.Notes, Path | None]:
    """(the month's notes, where they came from); empty notes when there are none."""
    path = notes_path(config, month, explicit)
    return (notes_module.read_month(path, str(month)) if path else notes_module.Notes()), path
