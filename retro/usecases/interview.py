"""`retro interview`: the author's part of a retrospective, asked for.

The month's facts from every source give four to eight questions (writing/questions.py); each answer is
added to the month's notes file under a heading that says what it answers (after what that heading already
holds), so the next draft reads it as notes. What the notes already hold is never changed.

Which questions were answered is kept in .retro/interview/YYYY-MM.json, so a second interview of the month
asks only what is still open (a question whose answer was taken out of the notes is open again).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from retro import sources
from retro.usecases import collect as collecting
from retro.config import Config
from retro.files import write_json
from retro.sources import notes as notes_source
from retro.sources.facts.commits import Activity
from retro.usecases.selection import Request, selected
from retro.writing.themed import join
from retro.writing.questions import Question, interview


@dataclass
class Interview:
    month: str
    questions: list[Question]  # still open
    notes: Path  # where the answers go
    facts: Activity
    answered: list[Question] = field(default_factory=list)  # answered in an earlier interview of the month
    record: Path | None = None  # which headings were answered (see the module's docstring)


def prepare(config: Config, request: Request, fmt: str, lang: str, notes_file: Path | None = None,
            progress: Callable[[str], None] | None = None) -> Interview:
    """The month's questions, grounded in its facts and the notes so far."""
    selection = selected(config, request)
    notes, found_at = notes_source.collect(config, selection.month, notes_file)
    facts = collecting.read(config, selection, request.sources, progress, notes=notes)
    target = notes_source.answers_file(config, selection.month, notes_file)
    record = record_of(config.root, selection.month)
    # Answered before, and still in the notes: the author took nothing out since.
    headings = {" ".join(t.title.split()).casefold() for t in notes.themes if t.title and (t.items or t.paragraphs)}
    before = {h for h in recorded(record) if h in headings}
    every = interview(facts, join(facts, notes), fmt, lang)
    answered = [q for q in every if " ".join(q.heading.split()).casefold() in before]
    still = [q for q in every if q not in answered]
    return Interview(str(selection.month), still, target, facts, answered, record)


def recorded(record: Path) -> list[str]:
    try:
        found = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [h for h in found.get("answered", []) if isinstance(h, str)] if isinstance(found, dict) else []


def answer(asked: Interview, heading: str, text: str) -> None:
    """One answer, added to the month's notes under its heading (after what it holds), and noted as answered."""
    notes_source.append_section(asked.notes, heading, text, asked.month,
                                asked.record.parent.parent.parent if asked.record else None)
    if asked.record is not None:
        remember(asked.record, heading)


def record_of(root: Path, month: object) -> Path:
    """Where the month's answered headings are kept (the CLI's interview and MCP's add_notes alike)."""
    return root / ".retro" / "interview" / f"{month}.json"


def remember(record: Path, heading: str) -> None:
    """Note a heading as answered; a failure costs only the next interview's skipping (the answer is in the notes)."""
    headings = list(dict.fromkeys([*recorded(record), " ".join(heading.split()).casefold()]))
    try:
        write_json(record, {"answered": headings})
    except OSError:
        pass


def template(asked: Interview) -> str:
    """The questions as a notes template for an editor: a heading each, the question as a comment under it."""
    lines = [f"<!-- Answer under each heading; leave one empty to skip it. Saved to {asked.notes}. -->", ""]
    for question in asked.questions:
        fact = f" ({question.fact})" if question.fact else ""
        lines += [f"## {question.heading}", f"<!-- {question.text}{fact} -->", "", ""]
    return "\n".join(lines)


def from_template(text: str) -> list[tuple[str, str]]:
    """(heading, answer) for each heading of an edited template that was answered."""
    import re

    found: list[tuple[str, str]] = []
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    for block in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        heading, _, body = block.partition("\n")
        if body.strip():
            found.append((heading.strip(), body.strip("\n")))
    return found


def agent_questions(config: Config, request: Request) -> list[str]:
    """The month's questions as an agent is handed them (MCP's interview prompt): each with its heading and the
    fact it comes from, redacted as for any remote model (an agent's model is as likely remote as any)."""
    from retro.writing.model import llm
    from retro.writing.model import redact

    asked = prepare(config, request, config.format, config.lang)
    clean: Callable[[str], str] = lambda text: text  # noqa: E731
    if llm.redaction_rule("agent", None, config.redact).redact:
        rules = redact.rules_for(config)
        clean = lambda text: redact.redact(text, rules).text  # noqa: E731
    lines = []
    for number, question in enumerate(asked.questions, 1):
        fact = f" (from the facts: {clean(question.fact)})" if question.fact else ""
        lines.append(f"{number}. [heading: {clean(question.heading)}] {clean(question.text)}{fact}")
    return lines
