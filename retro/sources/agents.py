"""Sessions with AI coding agents -> AgentFacts, per project: Claude Code, Codex CLI, Aider. Off until named.

    Claude Code  every *.jsonl below $CLAUDE_CONFIG_DIR (comma-separated), ~/.config/claude/projects/ and
                 ~/.claude/projects/, sub-agents' files too; grouped by the `cwd` each line carries (the folder's
                 name cannot be decoded). A prompt is a `user` line whose content is a string and not `isMeta`;
                 a `summary` names the session holding its `leafUuid`, the last `ai-title` names its own.
    Codex CLI    ${CODEX_HOME:-~/.codex}/sessions/YYYY/MM/DD/rollout-*.jsonl and archived_sessions/:
                 `session_meta`, `turn_context` (the model), `response_item` messages; the `event_msg` copies
                 and the <environment_context> / <user_instructions> boilerplate are not prompts; the early flat
                 header form is read too.
    Aider        .aider.chat.history.md in each repository read (`# aider chat started at` local time,
                 `#### ` prompts).

The month is cut by the times inside the lines, in the month's zone; a file that cannot hold the month (by its
modification time or its date folder) is not opened. A session's time is the sum of the gaps between its lines
in the month, each capped (a session left open overnight is not a day's work). Prompts are kept only with
`[agents] prompts = true`, secrets redacted first; nothing of them otherwise.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from retro.config import Setting
from retro.errors import SourceError
from retro.sources.facts.agents import AgentFacts, Project, Session
from retro.sources.jsonl import lines, stamp, text_of
from retro.sources.source import Option, Source, Window
from retro.words import count

AGENTS = ("claude", "codex", "aider")
GAP_CAP = timedelta(minutes=30)  # the most one pause between two lines of a session counts
BOILERPLATE = ("<environment_context>", "<user_instructions>", "<user_shell_command>", "# AGENTS.md instructions")
# A slash command's record, a background task's notice, a shell command's echo: Claude Code's, not the person's.
COMMAND = re.compile(r"^\s*<(?:command-|local-command-|task-notification>|bash-)")
CWD = re.compile(r"<environment_context>.*?<cwd>([^<]+)</cwd>", re.DOTALL)
AIDER_START = re.compile(r"^# aider chat started at (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})")
CLEANUP_DAYS = 30  # Claude Code's cleanupPeriodDays, unless its settings say otherwise


@dataclass(frozen=True)
class AgentsWant:
    agents: tuple[str, ...]
    folders: tuple[str, ...]
    prompts: bool
    keep: bool = False  # `retro collect --keep`: save the month so far under .retro/cache/agents/


@dataclass
class Building:
    """A session being read: what is kept of it, and the last line's time (for the capped gaps)."""

    agent: str
    id: str
    cwd: str = ""
    title: str = ""
    summary: str = ""
    prompts: int = 0
    copies: int = 0  # Codex's event_msg copies: counted only when a session has no response_item prompt
    moments: list[datetime] = field(default_factory=list)  # its lines' times in the month (a sub-agent's too)
    branch: str = ""  # Codex's session_meta: the git branch, the repository, the model provider
    repository: str = ""
    provider: str = ""
    models: set[str] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)

    def saw(self, moment: datetime, zone) -> None:
        self.moments.append(moment)

    def days_in(self, zone, quarters: dict[int, str]) -> list[str]:
        """The days of its lines in the month's zone (a quarter hour's day is worked out once: every zone's
        offset falls on a quarter hour)."""
        found = set()
        for moment in self.moments:
            quarter = int(moment.timestamp() // 900)
            if quarter not in quarters:
                quarters[quarter] = datetime.fromtimestamp(quarter * 900, zone).date().isoformat()
            found.add(quarters[quarter])
        return sorted(found)

    @property
    def minutes(self) -> int:
        """The gaps between its lines in time order, each capped: a pause overnight is not a day's work."""
        ordered = sorted(self.moments)
        return round(sum(min(b - a, GAP_CAP).total_seconds() for a, b in zip(ordered, ordered[1:])) / 60)


def claude_roots() -> list[Path]:
    roots = [Path(part.strip()).expanduser() / "projects"
             for part in os.environ.get("CLAUDE_CONFIG_DIR", "").split(",") if part.strip()]
    roots += [Path.home() / ".config" / "claude" / "projects", Path.home() / ".claude" / "projects"]
    return list(dict.fromkeys(root for root in roots if root.is_dir()))


def codex_root() -> Path:
    return Path(os.environ.get("CODEX_HOME") or Path.home() / ".codex").expanduser()


class Reader:
    """Reads every wanted agent's sessions of one month (see the module's docstring)."""

    def __init__(self, want: AgentsWant, window: Window) -> None:
        self.want, self.window = want, window
        # in UTC, as the lines' times are: comparing times of one zone is the quick comparison
        self.since, self.until = window.since.astimezone(timezone.utc), window.until.astimezone(timezone.utc)
        self.sessions: dict[tuple[str, str], Building] = {}
        self.leaves: dict[str, tuple[str, str]] = {}  # a line's uuid (in the month) -> its session
        self.summaries: list[tuple[str, str]] = []  # (leafUuid, summary)
        self.titles: dict[tuple[str, str], str] = {}  # a session's last ai-title
        self.files = self.skipped = 0
        self.earliest: datetime | None = None  # the first line of Claude Code's read in this month's files
        self.older = False  # a Claude Code file older than the month is still on disk

    def session(self, agent: str, id: str) -> Building:
        key = (agent, id)
        if key not in self.sessions:
            self.sessions[key] = Building(agent, id)
        return self.sessions[key]

    def kept(self, building: Building, text: str) -> None:
        """A person's prompt: counted; kept (secrets redacted) only when the author allowed it."""
        building.prompts += 1
        if self.want.prompts:
            from retro.secrets import redact

            building.texts.append(redact(" ".join(text.split())).text[:2000])  # cut after: a cut key escapes

    # Claude Code ------------------------------------------------------------------------------------------------
    def claude(self) -> None:
        for root in claude_roots():
            for path in sorted(root.rglob("*.jsonl")):
                self.claude_file(path)

    def claude_file(self, path: Path) -> None:
        try:
            modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
        except OSError:
            return
        if modified < self.since:  # last written before the month began
            self.skipped += 1
            self.older = True  # so something from before the month is still on disk: nothing was cleaned up
            return
        self.files += 1
        try:
            for line in lines(path):
                self.claude_line(line, path)
        except OSError as error:
            self.window.say(f"warning: agents: {path} cannot be read ({error.strerror}); it is left out.")

    def claude_line(self, line: dict[str, Any], path: Path) -> None:
        kind = line.get("type")
        if kind not in ("user", "assistant", "system"):  # the bookkeeping lines, most of them, first
            if kind == "summary":
                summary, leaf = line.get("summary"), line.get("leafUuid")
                if isinstance(summary, str) and isinstance(leaf, str):
                    self.summaries.append((leaf, summary))
            elif kind in ("ai-title", "custom-title"):
                title = line.get("title") or line.get("aiTitle") or line.get("customTitle")
                if isinstance(title, str) and title.strip():  # the last one a session has names it
                    self.titles[("claude", str(line.get("sessionId") or path.stem))] = " ".join(title.split())
            return  # progress, attachment, file-history-snapshot, queue-operation: skipped
        moment = stamp(line.get("timestamp"))
        if moment is None:
            return
        if self.earliest is None or moment < self.earliest:
            self.earliest = moment  # what Claude Code's cleanup left: the oldest line on disk
        if not self.since <= moment < self.until:
            return
        cwd = line.get("cwd")
        if not isinstance(cwd, str) or (self.want.folders and not self.in_folders(cwd)):
            return
        id = str(line.get("sessionId") or path.stem)
        building = self.session("claude", id)
        if not building.cwd:
            building.cwd = cwd
        building.moments.append(moment)
        uuid = line.get("uuid")
        if isinstance(uuid, str):
            self.leaves[uuid] = ("claude", id)
        message = line.get("message")
        if not isinstance(message, dict):
            return
        if kind == "assistant":
            model = message.get("model")
            if isinstance(model, str) and model and not model.startswith("<"):
                building.models.add(model)
        elif kind == "user" and not (line.get("isMeta") or line.get("isSidechain") or line.get("isCompactSummary")):
            content = message.get("content")
            if isinstance(content, str) and content.strip() and not COMMAND.match(content):
                self.kept(building, content)

    # Codex ------------------------------------------------------------------------------------------------------
    def codex(self) -> None:
        root = codex_root()
        first_day = (self.since - timedelta(days=1)).date()
        last_day = (self.until + timedelta(days=1)).date()
        for folder in (root / "sessions", root / "archived_sessions"):
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("rollout-*.jsonl")):
                day = folder_day(path, folder)
                if day is not None and day > last_day:  # started after the month ended
                    self.skipped += 1
                    continue
                try:
                    modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
                except OSError:
                    continue
                if modified < self.since and (day is None or day < first_day):
                    self.skipped += 1
                    continue
                self.files += 1
                try:
                    self.codex_file(path)
                except OSError as error:
                    self.window.say(f"warning: agents: {path} cannot be read ({error.strerror}); it is left out.")

    def codex_file(self, path: Path) -> None:
        building: Building | None = None
        cwd, model, moment = "", "", None
        for line in lines(path):
            kind = line.get("type")
            payload = line.get("payload") if isinstance(line.get("payload"), dict) else None
            moment = stamp(line.get("timestamp")) or moment
            if kind == "session_meta" and payload is not None or (kind is None and "id" in line and
                                                                     "timestamp" in line and building is None):
                meta = payload if payload is not None else line  # the early flat header
                building = self.session("codex", str(meta.get("id") or path.stem))
                cwd = str(meta.get("cwd") or cwd)
                git_meta = meta.get("git") if isinstance(meta.get("git"), dict) else {}
                building.branch = str(git_meta.get("branch") or "")
                building.repository = str(git_meta.get("repository_url") or "")
                building.provider = str(meta.get("model_provider") or "")
                moment = stamp(meta.get("timestamp")) or moment
                continue
            if building is None:
                building = self.session("codex", path.stem)
            if kind == "turn_context" and payload is not None:
                model = str(payload.get("model") or model)
                cwd = str(payload.get("cwd") or cwd)
                continue
            item = payload if kind == "response_item" else (line if kind == "message" else None)
            copy = payload if kind == "event_msg" and payload and payload.get("type") == "user_message" else None
            if (item is None and copy is None) or moment is None or not self.in_month(moment):
                continue
            building.cwd = building.cwd or cwd  # [agents] folders is applied once the folder is known (facts)
            building.saw(moment, self.window.zone)
            if model:
                building.models.add(model)
            if copy is not None:
                building.copies += 1
                continue
            if item.get("type") == "message" and item.get("role") == "user":
                text = text_of(item.get("content"))
                if not building.cwd and (where := CWD.search(text)):  # the early form says it only here
                    building.cwd = where.group(1).strip()
                if text.strip() and not text.lstrip().startswith(BOILERPLATE):
                    self.kept(building, text)

    # Aider ------------------------------------------------------------------------------------------------------
    def aider(self) -> None:
        for repo in self.window.repos:
            path = Path(repo) / ".aider.chat.history.md"
            if path.is_file():
                self.files += 1
                self.aider_file(path, Path(repo))

    def aider_file(self, path: Path, repo: Path) -> None:
        building: Building | None = None
        try:
            handle = path.open(encoding="utf-8", errors="replace")
        except OSError as error:
            self.window.say(f"warning: agents: {path} cannot be read ({error.strerror}); it is left out.")
            return
        from retro.months import local_zone

        here = local_zone()  # Aider writes the machine's local time
        prompt: list[str] = []  # a prompt of several lines is several `#### ` lines in a row

        def ended() -> None:
            if building is not None and prompt:
                self.kept(building, "\n".join(prompt))
            prompt.clear()

        with handle:
            for text in handle:
                started = AIDER_START.match(text)
                if started:
                    ended()
                    building = None
                    try:
                        moment = datetime.fromisoformat(started.group(1)).replace(tzinfo=here)
                    except ValueError:  # a time that is no time: that session is passed over
                        continue
                    if self.in_month(moment) and self.in_folders(str(repo)):
                        building = self.session("aider", f"{repo}@{started.group(1)}")
                        building.cwd = str(repo)
                        building.saw(moment, self.window.zone)
                    continue
                if text.startswith("#### "):
                    prompt.append(text[5:].rstrip("\n"))
                else:
                    ended()
            ended()

    # ------------------------------------------------------------------------------------------------------------
    def in_month(self, moment: datetime | None) -> bool:
        return moment is not None and self.since <= moment < self.until

    def in_folders(self, cwd: str) -> bool:
        if not self.want.folders:
            return True
        if not cwd:
            return False
        here = Path(cwd)
        return any(here == folder or folder in here.parents
                   for folder in (Path(f).expanduser() for f in self.want.folders))

    def facts(self) -> AgentFacts:
        for leaf, summary in self.summaries:
            key = self.leaves.get(leaf)
            if key in self.sessions:
                self.sessions[key].summary = " ".join(summary.split())
        for key, title in self.titles.items():
            if key in self.sessions:
                self.sessions[key].title = title
        repos = sorted((Path(r).resolve() for r in self.window.repos), key=lambda p: -len(p.parts))
        projects: dict[str, Project] = {}
        quarters: dict[int, str] = {}
        for building in self.sessions.values():
            if not building.moments or not self.in_folders(building.cwd):
                continue
            cwd = Path(building.cwd) if building.cwd else None
            home = next((r for r in repos if cwd is not None and (cwd == r or r in cwd.parents)), None)
            where = home or cwd
            name = where.name if where is not None and where.name else (building.cwd or "(no folder)")
            key = str(where) if where is not None else name
            project = projects.setdefault(key, Project(name, key, []))
            prompts = building.prompts or (building.copies if building.agent == "codex" else 0)
            project.sessions.append(Session(building.agent, building.id, building.title or building.summary,
                                            building.days_in(self.window.zone, quarters), prompts,
                                            building.minutes, sorted(building.models), building.texts,
                                            building.branch, building.repository, building.provider))
        found = sorted(projects.values(), key=lambda p: (-len(p.sessions), -p.prompts, p.name))
        for project in found:
            project.sessions.sort(key=lambda s: (s.days[0], s.id))
        # Claude Code deletes what is older than cleanupPeriodDays: when that reaches into the month and nothing
        # older is left on disk, the month's first days may be gone.
        cutoff = datetime.now(timezone.utc) - timedelta(days=cleanup_days())
        earliest = self.earliest.astimezone(self.window.zone).date() if self.earliest else None
        gone = earliest.isoformat() if earliest and "claude" in self.want.agents and cutoff > self.since and \
            not self.older and earliest > self.since.astimezone(self.window.zone).date() else ""
        return AgentFacts(found, self.files, self.skipped, gone)


def folder_day(path: Path, root: Path) -> date | None:
    """The date of Codex's YYYY/MM/DD folder a file lies in, if it does."""
    try:
        year, month, day = path.relative_to(root).parts[:3]
        return date(int(year), int(month), int(day))
    except (ValueError, TypeError):
        return None


def collect(want: AgentsWant, window: Window) -> AgentFacts:
    reader = Reader(want, window)
    if "claude" in want.agents:
        reader.claude()
    if "codex" in want.agents:
        reader.codex()
    if "aider" in want.agents:
        reader.aider()
    facts = reader.facts()
    if window.root is not None:
        from retro.sources import kept

        reader_folders = Reader(want, window).in_folders
        facts = kept.merged(window, facts, save=want.keep,
                            wanted=lambda session, path: session.agent in want.agents and reader_folders(path))
    if not want.prompts:  # kept before with prompts on: not told now
        for project in facts.projects:
            for session in project.sessions:
                session.texts = []
    return facts


def cleanup_days() -> int:
    """Claude Code's cleanupPeriodDays from its settings, else its default."""
    for root in [*(Path(p.strip()).expanduser() for p in os.environ.get("CLAUDE_CONFIG_DIR", "").split(",")
                   if p.strip()), Path.home() / ".claude"]:
        try:
            days = json.loads((root / "settings.json").read_text(encoding="utf-8")).get("cleanupPeriodDays")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(days, int) and days > 0:
            return days
    return CLEANUP_DAYS


class AgentsSource(Source):
    name, title = "agents", "AI coding sessions"
    local = True
    settings = (
        Setting("agents", list, "Which agents' sessions to read: `claude` (Claude Code), `codex` (Codex CLI), "
                "`aider` (Aider, in the repositories read). Default: all three.", '["claude", "codex"]',
                default=list(AGENTS), choices=AGENTS),
        Setting("folders", list, "Only sessions run in these folders (or below them); `~` allowed. Default: "
                "every folder.", '["~/code"]', default=[]),
        Setting("prompts", bool, "Send your prompts to a model that drafts (secrets redacted first). Default "
                "`false`: no prompt is kept at all, a model is sent counts and titles only, and the offline "
                "drafter never quotes a prompt.", "false", default=False),
    )
    options = (Option("--agents", "on", "Add your sessions with AI coding agents (Claude Code, Codex, Aider): "
                      "sessions, days, prompts and titles by project.", switch=True),)
    facts = ("agents:Session", "agents:Project")

    def wanted(self, values, flags, written=False):
        want = super().wanted(values, flags, written)
        keep = bool(flags.of(self.name).get("keep"))  # `retro collect --keep`
        return AgentsWant(want.agents, want.folders, want.prompts, keep) if want is not None else None

    def wants(self, values, on):
        if not on:
            return None
        return AgentsWant(tuple(values["agents"]), tuple(values["folders"]), bool(values["prompts"]))

    def collect(self, want: AgentsWant, window: Window) -> AgentFacts:
        return collect(want, window)

    def describe(self, want: AgentsWant, facts: AgentFacts) -> str:
        said = (f"{count(facts.sessions, 'session')} in {count(len(facts.projects), 'project')} "
                f"({count(facts.files, 'file')} read, {count(facts.skipped_files, 'file')} outside the month)")
        if facts.earliest:
            said += (f"; Claude Code's sessions before {facts.earliest} are gone (it keeps {cleanup_days()} days: "
                     "raise cleanupPeriodDays in ~/.claude/settings.json, or run `retro collect --keep` mid-month)")
        return said

    def reading(self, want: AgentsWant) -> list[str]:
        found = []
        if "claude" in want.agents:
            found += [f"Claude Code: {root}" for root in claude_roots()]
        if "codex" in want.agents and (codex_root() / "sessions").is_dir():
            found.append(f"Codex: {codex_root() / 'sessions'}")
        if "aider" in want.agents:
            found.append("Aider: .aider.chat.history.md in each repository read")
        return found


SOURCE = AgentsSource()
