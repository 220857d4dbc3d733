"""The agents' session logs as JSON lines: read a megabyte at a time, a line that is not JSON passed over."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator


def stamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)  # "Z" too, since Python 3.11
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def lines(path: Path) -> Iterator[dict[str, Any]]:
    """Each JSON object of a JSONL file; a line that is not one is passed over (a file cut mid-write). Read a
    line at a time, so memory does not grow with the logs; orjson, as a session's lines are most of its bytes."""
    import orjson

    with path.open("rb") as handle:
        rest = b""
        while True:
            block = handle.read(1 << 20)  # a megabyte at a time: a long session never sits in memory whole
            raws = (rest + block).split(b"\n")
            rest = raws.pop() if block else b""  # at the end, the last line (no newline after it) is whole
            for raw in raws:
                try:
                    line = orjson.loads(raw)
                except orjson.JSONDecodeError:
                    continue
                if isinstance(line, dict):
                    yield line
            if not block:
                return


def text_of(content: Any, kinds: tuple[str, ...] = ("text", "input_text")) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(part.get("text", "") for part in content if isinstance(part, dict)
                         and part.get("type") in kinds and isinstance(part.get("text"), str))
    return ""
