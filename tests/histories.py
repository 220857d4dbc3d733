"""Browser histories and agent session logs, made with the real schemas (for the tests and the benchmark).

Chrome's `History` (urls, visits: microseconds since 1601), Firefox's `places.sqlite` (moz_places,
moz_historyvisits: microseconds since 1970) and Safari's `History.db` (history_items, history_visits: seconds
since 2001), each with the indexes the browsers keep; Claude Code and Codex sessions as JSONL lines.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

CHROME_EPOCH = 11_644_473_600
SAFARI_EPOCH = 978_307_200

Visit = tuple[str, str, datetime]  # address, title, when


def chrome(path: Path, visits: Iterable[Visit], keep_open: bool = False) -> sqlite3.Connection | None:
    """A Chrome History file. With `keep_open`, the connection stays open with the rows in its -wal file, as a
    running browser holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    if keep_open:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA wal_autocheckpoint=0")
    db.executescript("""
        CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT, url LONGVARCHAR, title LONGVARCHAR,
            visit_count INTEGER DEFAULT 0 NOT NULL, typed_count INTEGER DEFAULT 0 NOT NULL,
            last_visit_time INTEGER NOT NULL, hidden INTEGER DEFAULT 0 NOT NULL);
        CREATE INDEX urls_url_index ON urls (url);
        CREATE TABLE visits(id INTEGER PRIMARY KEY, url INTEGER NOT NULL, visit_time INTEGER NOT NULL,
            from_visit INTEGER, transition INTEGER DEFAULT 0 NOT NULL, segment_id INTEGER,
            visit_duration INTEGER DEFAULT 0 NOT NULL);
        CREATE INDEX visits_url_index ON visits (url);
        CREATE INDEX visits_time_index ON visits (visit_time);
    """)
    ids: dict[str, int] = {}
    for url, title, when in visits:
        micro = int((when.timestamp() + CHROME_EPOCH) * 1_000_000)
        if url not in ids:
            ids[url] = db.execute("INSERT INTO urls(url, title, visit_count, last_visit_time) VALUES (?, ?, 0, ?)",
                                  (url, title, micro)).lastrowid
        db.execute("UPDATE urls SET visit_count = visit_count + 1, last_visit_time = max(last_visit_time, ?) "
                   "WHERE id = ?", (micro, ids[url]))
        db.execute("INSERT INTO visits(url, visit_time, visit_duration) VALUES (?, ?, 0)", (ids[url], micro))
    db.commit()
    if keep_open:
        return db
    db.close()
    return None


def firefox(path: Path, visits: Iterable[Visit]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR,
            rev_host LONGVARCHAR, visit_count INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0 NOT NULL,
            typed INTEGER DEFAULT 0 NOT NULL, frecency INTEGER DEFAULT -1 NOT NULL, last_visit_date INTEGER,
            guid TEXT, url_hash INTEGER DEFAULT 0 NOT NULL);
        CREATE TABLE moz_historyvisits(id INTEGER PRIMARY KEY, from_visit INTEGER, place_id INTEGER,
            visit_date INTEGER, visit_type INTEGER, session INTEGER);
        CREATE INDEX moz_historyvisits_dateindex ON moz_historyvisits (visit_date);
    """)
    ids: dict[str, int] = {}
    for url, title, when in visits:
        micro = int(when.timestamp() * 1_000_000)
        if url not in ids:
            ids[url] = db.execute("INSERT INTO moz_places(url, title, last_visit_date) VALUES (?, ?, ?)",
                                  (url, title, micro)).lastrowid
        db.execute("INSERT INTO moz_historyvisits(place_id, visit_date, visit_type) VALUES (?, ?, 1)",
                   (ids[url], micro))
    db.commit()
    db.close()


def safari(path: Path, visits: Iterable[Visit]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE history_items(id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE,
            domain_expansion TEXT NULL, visit_count INTEGER NOT NULL);
        CREATE TABLE history_visits(id INTEGER PRIMARY KEY AUTOINCREMENT, history_item INTEGER NOT NULL,
            visit_time REAL NOT NULL, title TEXT NULL, load_successful BOOLEAN NOT NULL DEFAULT 1);
        CREATE INDEX history_visits__last_visit ON history_visits (visit_time);
    """)
    ids: dict[str, int] = {}
    for url, title, when in visits:
        if url not in ids:
            ids[url] = db.execute("INSERT INTO history_items(url, visit_count) VALUES (?, 0)", (url,)).lastrowid
        db.execute("INSERT INTO history_visits(history_item, visit_time, title) VALUES (?, ?, ?)",
                   (ids[url], when.timestamp() - SAFARI_EPOCH, title))
    db.commit()
    db.close()


def at(text: str) -> datetime:
    """An ISO time with its offset, as UTC."""
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def claude_lines(session: str, cwd: str, turns: list[tuple[str, str, str]], title: str = "",
                 model: str = "claude-sonnet-4-5-20250929", sidechain: bool = False) -> list[dict]:
    """A Claude Code session: (when, who, text) turns, `user` prompts as strings, `assistant` answers; the
    bookkeeping lines Claude Code writes between them."""
    out: list[dict] = []
    parent = None
    for index, (when, who, text) in enumerate(turns):
        uuid = f"{session}-{index}"
        base = {"parentUuid": parent, "isSidechain": sidechain, "userType": "external", "cwd": cwd,
                "sessionId": session, "version": "2.0.30", "gitBranch": "main", "uuid": uuid,
                "timestamp": iso(at(when))}
        if who == "user":
            out.append({**base, "type": "user", "message": {"role": "user", "content": text}})
        elif who == "meta":
            out.append({**base, "type": "user", "isMeta": True, "message": {"role": "user", "content": text}})
        elif who == "tool":
            out.append({**base, "type": "user", "message": {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "t1", "content": text}]}})
        else:
            out.append({**base, "type": "assistant", "message": {
                "id": f"msg_{index}", "type": "message", "role": "assistant", "model": model,
                "content": [{"type": "text", "text": text}]}})
            out.append({"type": "progress", "timestamp": iso(at(when)), "sessionId": session,
                        "data": {"type": "hook_progress"}})
        parent = uuid
    out.append({"type": "file-history-snapshot", "messageId": parent, "snapshot": {}, "isSnapshotUpdate": False})
    if title:
        out.append({"type": "ai-title", "title": title, "sessionId": session, "timestamp": turns[-1][0]})
    return out


def codex_lines(session: str, cwd: str, turns: list[tuple[str, str, str]], model: str = "gpt-5-codex") -> list[dict]:
    """A Codex rollout: session_meta, turn_context, response_item messages and their event_msg copies."""
    start = iso(at(turns[0][0]))
    out: list[dict] = [
        {"timestamp": start, "type": "session_meta", "payload": {
            "id": session, "timestamp": start, "cwd": cwd, "originator": "codex_cli_rs", "cli_version": "0.46.0",
            "model_provider": "openai", "git": {"branch": "main", "repository_url": "git@github.com:me/x.git"}}},
        {"timestamp": start, "type": "response_item", "payload": {"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": f"<environment_context>\n  <cwd>{cwd}</cwd>\n</environment_context>"}]}},
        {"timestamp": start, "type": "turn_context", "payload": {"cwd": cwd, "model": model,
                                                                  "approval_policy": "on-request"}},
    ]
    for when, who, text in turns:
        stamp = iso(at(when))
        kind = "input_text" if who == "user" else "output_text"
        out.append({"timestamp": stamp, "type": "response_item", "payload": {
            "type": "message", "role": who, "content": [{"type": kind, "text": text}]}})
        if who == "user":
            out.append({"timestamp": stamp, "type": "event_msg", "payload": {"type": "user_message",
                                                                           "message": text, "kind": "plain"}})
        else:
            out.append({"timestamp": stamp, "type": "event_msg", "payload": {"type": "agent_message",
                                                                           "message": text}})
    return out


def write_jsonl(path: Path, rows: list[dict], modified: datetime | None = None) -> Path:
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    last = modified or max((at(r["timestamp"]) for r in rows if isinstance(r.get("timestamp"), str)), default=None)
    if last is not None:
        os.utime(path, (last.timestamp(), last.timestamp()))
    return path
