"""Answers of network sources kept under .retro/cache/: a past month never changes, so a redraft is instant and
works offline; the current month's answers expire after an hour. Keys are hashes of what was asked (never of a
token), values JSON written through a temporary file and a rename."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from retro.files import write_json

FRESH_FOR = 3600  # seconds a current month's answer is kept


class Cache:
    def __init__(self, folder: Path | None, final: bool) -> None:
        """`final`: the month is over, so what was answered stays true."""
        self.folder = folder
        self.final = final

    @staticmethod
    def key(*parts: Any) -> str:
        return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]

    def get(self, key: str) -> Any | None:
        if self.folder is None:
            return None
        path = self.folder / f"{key}.json"
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not self.final and time.time() - float(stored.get("saved", 0)) > FRESH_FOR:
            return None
        return stored.get("answer")

    def put(self, key: str, answer: Any) -> None:
        if self.folder is None:
            return
        try:
            write_json(self.folder / f"{key}.json", {"saved": time.time(), "answer": answer})
        except OSError:
            pass  # a cache that cannot be written only costs the next run a request
