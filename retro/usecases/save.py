"""The month's post under retro's front matter: where it is, what it holds, and writing it without loss.

`save_post` is the use case an agent calls (over MCP) with its own text: the
text is sanitised and fact-checked against the month, read with the same
selection as `collect`, and saved as the month's post.
"""

from __future__ import annotations

import dataclasses

from dataclasses import dataclass, field
from pathlib import Path

from retro import sources
from retro.usecases import collect as collecting
from retro.blog import post
from retro.config import Config
from retro.errors import NoRepositoryError
from retro.months import Month
from retro.problems import NOTE, Problem
from retro.sources import notes as notes_source
from retro.sources.facts.commits import Activity
from retro.usecases.selection import Request, selected
from retro.words import insert_after_more


def month_post(config: Config, month: Month) -> Path:
    """The month's post file, whatever it is called (see post.month_post)."""
    return post.month_post(config.root / "posts", month, config.retrospective_category)


def compose(config: Config, month: Month, facts: Activity | None, body: str, drafted_by: str, lang: str):
    """(the Post under retro's front matter, its picture (path, svg) or None) for a month's body.

    Without facts (no repository to read), the post has neither picture nor figures in its description.
    """
    from retro.writing.charts import month as chart
    from retro.writing.offline import body as offline

    picture = None
    if facts is not None and facts.commits:
        target = post.draft_path(config.root / "posts", month)
        picture = (target.parent / chart.image_path(str(month)), chart.svg(facts, lang))
        body = insert_after_more(body, chart.markdown(facts, lang))
    title = config.title.format(month=month, year=month.year, month_name=month.name)
    the_post = post.Post(
        title=title,
        date=month.last_day,
        body=body,
        categories=list(config.categories),
        tags=list(config.tags),
        description=offline.description(facts, lang) if facts is not None else offline.bare_description(month, lang),
        drafted_by=drafted_by,
    )
    return the_post, picture


def save(config: Config, target: Path, the_post: post.Post, picture, force: bool) -> Path | None:
    """Write the post and its picture together (temporary file and rename, a backup of what it replaces)."""
    previous = target.read_bytes() if target.exists() else None
    backup = post.write(target, the_post.render(), force=force, root=config.root)
    if picture:
        try:
            post.write(*picture, force=True, backup=False)
        except BaseException:
            # The post and its picture go together: without the picture, put the old post back.
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                post.write(target, previous.decode("utf-8"), force=True, backup=False)
            raise
    return backup


@dataclass
class Saved:
    path: Path
    backup: Path | None
    problems: list[Problem] = field(default_factory=list)
    figures_checked: bool = True
    why_unchecked: str | None = None  # when the figures could not be checked: why


def save_post(config: Config, month: Month, body: str, request: Request = Request(), force: bool = False,
              drafted_by: str = "agent via retro mcp") -> Saved:
    """Store someone's own Markdown as the month's post: sanitised, fact-checked, never over a post unforced."""
    from retro.writing.checks import facts as factcheck
    from retro.writing.checks.sanitise import safe_body

    target = month_post(config, month)
    post.refuse_overwrite(target, force, month)
    unchecked = None
    facts = None
    try:
        chosen = selected(config, dataclasses.replace(request, month=month))
        facts = collecting.read(config, chosen)
    except NoRepositoryError as error:
        unchecked = error
    notes, _ = notes_source.collect(config, month, None)
    clean, problems = safe_body(body)
    if facts is not None:
        problems += factcheck.check(clean, facts, notes)
    the_post, picture = compose(config, month, facts, clean, drafted_by, config.lang)
    backup = save(config, target, the_post, picture, force)
    if facts is not None:
        from retro.usecases import drafted

        drafted.remember(config.root, target, chosen)
    saved = Saved(target, backup, problems, facts is not None)
    if unchecked is not None:
        saved.why_unchecked = unchecked.text
        saved.problems.append(Problem(f"the figures were not checked: {unchecked.text}", NOTE, "fact check"))
    return saved
