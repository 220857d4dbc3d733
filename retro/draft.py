"""The draft pipeline: collect -> notes -> body (offline or model) -> post file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import activity as activity_module
from . import notes as notes_module
from . import offline, post
from .config import Config
from .errors import ModelError
from .selection import Selection

OFFLINE = "offline"


@dataclass
class DraftResult:
    path: Path
    post: post.Post
    activity: activity_module.Activity
    backup: Path | None = None
    warnings: list[str] = field(default_factory=list)


def notes_path(config: Config, selection: Selection, explicit: Path | None) -> Path | None:
    """--notes, else the configured location for the month when that file exists."""
    if explicit is not None:
        return explicit
    candidate = config.root / str(config.get("notes")).format(month=selection.month)
    return candidate if candidate.is_file() else None


def write_body(
    facts: activity_module.Activity,
    notes: notes_module.Notes,
    lang: str,
    model: str | None,
    config: Config,
    say: Callable[[str], None],
) -> tuple[str, str]:
    """The post's body and who wrote it; a failing model falls back to the offline drafter."""
    if model and model != OFFLINE:
        from . import llm, prompt

        say(f"drafting with {model} ...")
        try:
            completion = llm.complete(
                prompt.messages(facts, notes, lang), model, config.api_base, float(config.get("timeout"))
            )
            return post.ensure_more_marker(clean_model_text(completion.text)), model
        except ModelError as error:
            say(f"warning: {error.message} Falling back to the offline drafter.")
    return offline.draft_body(facts, notes, lang), OFFLINE


def clean_model_text(text: str) -> str:
    """Drop a code fence or front matter a model wrapped its answer in: retro writes the front matter."""
    text = text.strip()
    if text.startswith("```"):
        lines = text.splitlines()
        if lines[-1].strip().startswith("```"):
            text = "\n".join(lines[1:-1]).strip()
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            text = text[end + 4:].lstrip("\n")
    return text


def draft(
    config: Config,
    selection: Selection,
    notes_file: Path | None,
    model: str | None,
    lang: str,
    force: bool,
    say: Callable[[str], None],
) -> DraftResult:
    target = post.draft_path(config.root / "posts", selection.month)
    post.refuse_overwrite(target, force)  # before the slow part, so a refusal costs nothing
    chosen_notes = notes_path(config, selection, notes_file)
    notes = notes_module.read(chosen_notes) if chosen_notes else notes_module.Notes()
    warnings = list(notes.warnings)
    say(f"reading {offline.count(len(selection.repos) + len(selection.found), 'repository', 'repositories')} "
        f"for {selection.month} ...")
    facts = activity_module.collect(
        selection.month, selection.zone, selection.repos, selection.authors, found=selection.found
    )
    for repo in facts.repos:
        warnings += repo.warnings
    warnings += [f"skipped {path}: {reason}" for path, reason in facts.skipped]
    say(f"found {offline.count(facts.commits, 'commit')} in "
        f"{offline.count(len(facts.active_repos), 'active repository', 'active repositories')}"
        + (f"; notes from {chosen_notes}" if chosen_notes else "; no notes"))
    body, drafted_by = write_body(facts, notes, lang, model, config, say)
    month = selection.month
    title = str(config.get("title")).format(month=month, year=month.year, month_name=month.name)
    the_post = post.Post(
        title=title,
        date=month.last_day,
        body=body,
        categories=list(config.get("categories")),
        tags=list(config.get("tags")),
        description=offline.description(facts, lang),
        drafted_by=drafted_by,
    )
    backup = post.write(target, the_post.render(), force=force, root=config.root)
    return DraftResult(target, the_post, facts, backup, warnings)
