"""Backups: the copy of a file kept before retro replaces it, under .retro/backups/. No backup replaces another.

A copy is named by the file and the time (`2026-01-retrospective.20260131-101500.md`); a second copy
within the same second takes the next free name (`...-101500-1.md`), made with O_EXCL so two runs at
once cannot take the same one. When the newest copy already holds the same bytes, it is the backup: two
`--force` runs in a row keep the author's text once, not zero times.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
from datetime import datetime
from pathlib import Path

BACKUP_DIR = Path(".retro") / "backups"


def backup_copy(path: Path, root: Path) -> Path:
    """Copy `path` into root/.retro/backups/ and return the copy (or the newest one that holds the same bytes)."""
    folder = root / BACKUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    data = path.read_bytes()
    earlier = sorted(folder.glob(f"{glob.escape(path.stem)}.*{glob.escape(path.suffix)}"),
                     key=lambda p: p.stat().st_mtime_ns)
    for kept in reversed(earlier[-5:]):
        if kept.stat().st_size == len(data) and kept.read_bytes() == data:
            return kept
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for number in itertools.count():
        target = folder / f"{path.stem}.{stamp}{f'-{number}' if number else ''}{path.suffix}"
        try:
            handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(handle, "wb") as copy:
            copy.write(data)
        shutil.copystat(path, target)
        return target
    raise AssertionError("unreachable")
