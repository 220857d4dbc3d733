"""`retro interview`: the author's part of a retrospective, asked for.

The month's facts from every source give four to eight questions (writing/questions.py); each answer is
appended to the month's notes file under a heading that says what it answers, so the next draft reads it as
notes. What the notes already hold is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from retro import sources
from retro.config import Config
from retro.sources import notes as notes_source
from retro.sources.facts.commits import Activity
from retro.usecases.selection import Selection
from retro.writing.join import join
from retro.writing.questions import Question, interview


@dataclass
class Interview:
    month: str
    questions: list[Question]
    notes: Path  # where the answers go
    facts: Activity


def prepare(config: Config, selection: Selection, fmt: str, lang: str, notes_file: Path | None = None,
            flags: sources.Flags | None = None, progress: Callable[[str], None] | None = None) -> Interview:
    """The month's questions, grounded in its facts and the notes so far."""
    facts = sources.collect(selection, sources.wanted(config, flags), config.root, progress)
    notes, found_at = notes_source.collect(config, selection.month, notes_file)
    target = notes_source.answers_file(config, selection.month, notes_file)
    return Interview(str(selection.month), interview(facts, join(facts, notes), fmt, lang), target, facts)


def answer(asked: Interview, heading: str, text: str) -> None:
    """One answer, appended to the month's notes under its heading."""
    notes_source.append_section(asked.notes, heading, text, asked.month)


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
