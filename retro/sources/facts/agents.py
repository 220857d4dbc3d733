"""What the month asked (sources/agents.py): sessions with AI coding agents, by project.

A session's title or summary and the assistant's words are machine-written: OTHERS. A prompt is the author's
own but is where pasted keys and other people's data turn up: it is kept (secrets redacted) only when
`[agents] prompts = true`, and the offline drafter never quotes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from retro.sources.facts.told import Facts, Part
from retro.sources.facts.trust import OTHERS, OWN, json_ready
from retro.words import code, n, tally

AGENT_NAMES = {"claude": "Claude Code", "codex": "Codex", "aider": "Aider"}
TITLES_TOLD = 2


@dataclass
class Session:
    agent: str = OWN()  # claude, codex, aider
    id: str = OWN()
    title: str = OTHERS()  # the agent's title or summary of it, "" when it has none
    days: list[str] = OWN(factory=list)  # ISO dates with a line of it in the month
    prompts: int = 0
    minutes: int = 0  # between its first and last line in the month, each gap capped
    models: list[str] = OWN(factory=list)
    texts: list[str] = OTHERS(factory=list)  # its prompts, secrets redacted: only with [agents] prompts = true
    branch: str = OWN("")  # Codex's session_meta: the git branch, the repository's address, the model provider
    repository: str = OTHERS("")
    provider: str = OWN("")


@dataclass
class Project:
    """The sessions run in one folder: a repository read this month (by its path), else the folder's name."""

    name: str = OTHERS()
    path: str = OTHERS()
    sessions: list[Session] = field(default_factory=list)

    @property
    def days(self) -> int:
        return len({d for s in self.sessions for d in s.days})

    @property
    def prompts(self) -> int:
        return sum(s.prompts for s in self.sessions)

    @property
    def hours(self) -> int:
        return round(sum(s.minutes for s in self.sessions) / 60)

    @property
    def agents(self) -> list[str]:
        return sorted({s.agent for s in self.sessions})

    @property
    def models(self) -> list[str]:
        return sorted({m for s in self.sessions for m in s.models})

    def titles(self, many: int) -> list[str]:
        return [s.title for s in sorted(self.sessions, key=lambda s: (-s.prompts, s.id)) if s.title][:many]


@dataclass
class AgentFacts(Facts):
    projects: list[Project] = field(default_factory=list)
    files: int = 0  # session files opened (the rest could not hold the month)
    skipped_files: int = 0  # left unopened: by their time or their date folder, they cannot hold the month
    earliest: str = OWN("")  # the first day of any Claude Code session kept on disk, when it is inside the month

    @property
    def sessions(self) -> int:
        return sum(len(p.sessions) for p in self.projects)

    def as_json(self) -> dict[str, Any]:
        from dataclasses import asdict

        document = asdict(self)
        document["sessions"] = self.sessions
        for project, data in zip(self.projects, document["projects"]):
            data.update(days=project.days, prompts=project.prompts, hours=project.hours, agents=project.agents,
                        models=project.models)
        return json_ready(document)

    def digest(self, titles: bool = True) -> list[str]:
        if not self.projects:
            return []
        lines = ["", f"Sessions with AI coding agents: {tally(self.sessions, 'session')} in "
                     f"{tally(len(self.projects), 'project')}"]
        for project in self.projects:
            lines += project_data(project, titles)
        return lines

    def data(self, parts: list[Part]) -> list[str]:
        return [line for part in parts for line in project_data(part.value, titles=True)]

    def parts(self) -> list[Part]:
        return [Part((project.name, *project.titles(50)), project) for project in self.projects]

    def keeping(self, parts: list[Part]) -> AgentFacts:
        return AgentFacts([part.value for part in parts], self.files, self.skipped_files, self.earliest)

    def told(self, parts: list[Part], lang: str, inline: Callable[[str], str]) -> str:
        return " ".join(sentence(part.value, lang, inline) for part in parts)

    def rest(self, lang: str, inline: Callable[[str], str]) -> tuple[str, list[str]] | None:
        if not self.projects:
            return None
        heading = "에이전트와 나눈 세션" if lang == "ko" else "Sessions with coding agents"
        return heading, [f"- {sentence(project, lang, inline)}" for project in self.projects]

    def question(self, parts: list[Part] | None, lang: str) -> tuple[str, str, str] | None:
        projects = [part.value for part in parts] if parts is not None else self.projects
        if not projects:
            return None
        top = max(projects, key=lambda p: (len(p.sessions), p.prompts))
        sessions = len(top.sessions)
        if lang == "ko":
            fact = f"{top.name}: {agent_words(top)} 세션 {n(sessions)}개"
            return top.name, f"{top.name}에서 {agent_words(top)}와 세션 {n(sessions)}개를 보냈어요. 무엇을 알아냈나요?", fact
        fact = f"{top.name}: {n(sessions)} {agent_words(top)} session{'s' if sessions != 1 else ''}"
        return (top.name, f"You spent {n(sessions)} session{'s' if sessions != 1 else ''} on {top.name} with "
                f"{agent_words(top)}: what did you work out?", fact)

    def figures(self, parts: list[Part] | None = None) -> dict[str, set[int]]:
        projects = [part.value for part in parts] if parts is not None else self.projects
        return {"sessions": {len(p.sessions) for p in projects} | {sum(len(p.sessions) for p in projects)},
                "days": {p.days for p in projects}, "prompts": {p.prompts for p in projects},
                "hours": {p.hours for p in projects}, "repositories": {len(projects)}}


def project_data(project: Project, titles: bool) -> list[str]:
    """A project as lines of a model's digest: its counts, with `titles` its sessions' titles and the prompts
    kept (only with [agents] prompts = true, redacted)."""
    lines = [f"  {project_line(project)}" + (f"; titles: {'; '.join(project.titles(8))}" if titles and
                                             project.titles(1) else "")]
    if titles:
        lines += [f"    Prompt: {' '.join(text.split())[:300]}" for s in project.sessions for text in s.texts]
    return lines


def agent_words(project: Project) -> str:
    return " / ".join(AGENT_NAMES.get(agent, agent) for agent in project.agents)


def project_line(project: Project) -> str:
    return (f"{project.name} ({project.path}): {tally(len(project.sessions), 'session')} with "
            f"{agent_words(project)} on {tally(project.days, 'day')}, {tally(project.prompts, 'prompt')}, "
            f"about {tally(project.hours, 'hour')}; models: {', '.join(project.models) or 'not said'}")


def sentence(project: Project, lang: str, inline: Callable[[str], str]) -> str:
    """"9 Claude Code sessions on 6 days in `litellm-lab`, among them *Run the proxy in docker compose*"."""
    sessions = len(project.sessions)
    titles = project.titles(TITLES_TOLD)
    named = (", " if lang == "ko" else " and ").join(f"*{inline(title)}*" for title in titles)
    if lang == "ko":
        said = (f"{code(project.name)}에서 {agent_words(project)} 세션 {n(sessions)}개({n(project.days)}일, "
                f"프롬프트 {n(project.prompts)}개)")
        return said + (f", 그중 {named}." if named else ".")
    said = (f"{n(sessions)} {agent_words(project)} session{'s' if sessions != 1 else ''} on "
            f"{n(project.days)} day{'s' if project.days != 1 else ''} in {code(project.name)} "
            f"({n(project.prompts)} prompt{'s' if project.prompts != 1 else ''})")
    return said + (f", among them {named}." if named else ".")
