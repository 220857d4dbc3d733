"""`retro collect --keep`: the month's agent sessions so far, saved under the blog's .retro/cache/agents/.

Claude Code deletes sessions older than its cleanupPeriodDays (30 by default), so a draft on the 1st can miss
the first days of the month. A mid-month `retro collect --keep` saves what is there; every later read merges
it back, each session once (by agent and id: a session read again replaces what was saved of it). It stays
under .retro/, which the blog's .gitignore keeps out of the repository, and holds counts and titles (and
prompts, redacted, only with `[agents] prompts = true`).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from retro.files import write_json
from retro.sources.facts.agents import AgentFacts, Project, Session
from retro.sources.source import Window


def merged(window: Window, facts: AgentFacts, save: bool = False, wanted=lambda session, path: True) -> AgentFacts:
    """The sessions read now, and those saved before that are not among them and that `wanted` still takes (the
    agents and folders of [agents] as they are now)."""
    path = window.root / ".retro" / "cache" / "agents" / f"{window.month}.json"
    saved: dict[str, Any] = {}
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pass
    except (OSError, ValueError):
        window.say(f"warning: agents: {path} cannot be read; the sessions kept there are left out.")
    projects = {project.path: project for project in facts.projects}
    seen = {(s.agent, s.id) for project in facts.projects for s in project.sessions}
    for data in saved.get("projects", []):
        try:
            kept = [Session(**one) for one in data["sessions"]]
            project = projects.setdefault(data["path"], Project(data["name"], data["path"], []))
        except (KeyError, TypeError):
            continue
        project.sessions += [s for s in kept if (s.agent, s.id) not in seen and wanted(s, data["path"])]
    projects = {path: project for path, project in projects.items() if project.sessions}
    result = dataclasses.replace(facts, projects=sorted(projects.values(), key=lambda p: (-len(p.sessions),
                                                                                         -p.prompts, p.name)))
    if save:
        write_json(path, {"month": str(window.month),
                          "projects": [dataclasses.asdict(project) for project in result.projects]})
    return result
