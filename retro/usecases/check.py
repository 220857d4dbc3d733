"""Check posts: what the blog would refuse (front matter, images, unsafe HTML, URLs) and figures against the facts.

Every finding is a Problem at its file and line: ERROR and FACT fail the check,
WARNING and NOTE do not. The paths are the ones given, or the blog's posts/
files; nothing here depends on the working directory.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from retro import sources
from retro.usecases import collect as collecting
from retro.blog import post
from retro.blog.check import (check_front_matter, font_problems, front_matter_lines, html_problems, question_problems,
                              slug_problems)
from retro.config import Config
from retro.errors import ConfigError, SettingError
from retro.months import Month
from retro.problems import ERROR, FACT, NOTE, WARNING, Problem
from retro.sources import notes as notes_source
from retro.usecases import drafted
from retro.usecases.selection import Request, selected


@dataclass
class Checked:
    problems: list[Problem] = field(default_factory=list)

    @property
    def failures(self) -> list[Problem]:
        """What makes the check fail: errors, and figures the facts do not hold."""
        return [p for p in self.problems if p.kind in (ERROR, FACT)]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.kind not in (ERROR, FACT)]


def check_posts(
    config: Config,
    posts: list[Path],
    request: Request = Request(),
    progress: Callable[[str], None] = lambda _line: None,
    figures: bool = True,
) -> Checked:
    """Check the named posts (figures too), or every post in posts/ (figures: the drafts'), against the month the
    request names (else each post's own) and its repositories, authors and zone (else what the post was drafted
    from, else retro.toml's)."""
    month = request.month
    from retro.writing.checks import facts as factcheck

    paths = posts or sorted((config.root / "posts").glob("*.md"))
    result = Checked()
    problems = result.problems
    checked: list[tuple[Path, dict, dict[str, int]]] = []
    facts_by_month: dict[tuple, tuple | None] = {}
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(f"cannot be read ({error})", ERROR, "post", path, 1))
            continue
        found, meta = check_front_matter(path, text)
        problems += found
        problems += html_problems(path, text)
        problems += question_problems(path, text, meta)
        if meta is not None and isinstance(meta.get("date"), date):
            checked.append((path, meta, front_matter_lines(text)[0]))
        if not figures or found or meta is None or (not posts and not meta.get("draft")):
            continue
        drafted_from = None if request.names_who else drafted.recalled(config.root, path)
        asked = request.with_who(drafted_from.repos, drafted_from.authors, drafted_from.tz) if drafted_from else request
        if drafted_from:
            progress(f"checking {path.name} against what it was drafted from: {drafted_from.describe()}")
        year = post.YEAR_POST.fullmatch(path.name)
        if year:
            try:
                problems += check_year(config, path, text, int(year.group(1)), asked, progress)
            except ConfigError as error:
                if posts:
                    raise
                problems.append(Problem(f"the figures in {path.name} were not checked: {error.text}", NOTE,
                                        "fact check"))
            continue
        chosen_month = month or Month.containing(meta["date"])
        key = (chosen_month, drafted_from)
        if key not in facts_by_month:
            try:
                chosen = selected(config, dataclasses.replace(asked, month=chosen_month))
            except SettingError as error:
                if request.month is not None or error.key != "month":
                    raise
                # The post's own date, not a flag: say so, and check the rest of it.
                problems.append(Problem(f"{path.name} is dated {chosen_month}, a month still to come: its figures "
                                        "were not checked", NOTE, "fact check", path))
                facts_by_month[key] = None
            except ConfigError as error:
                if posts:
                    raise
                # Checking the whole blog (a pre-commit hook, say): the front matter still counts.
                problems.append(Problem(f"the figures in drafts were not checked: {error.text}", NOTE,
                                        "fact check"))
                facts_by_month[key] = None
            else:
                if not drafted_from:
                    progress(f"collecting {chosen_month} to check {path.name} against: "
                             f"{', '.join(p.name for p in [*chosen.repos, *chosen.found])} "
                             f"({', '.join(chosen.authors) or 'every author'}) ...")
                # The same sources a draft reads (retro.toml's), so their figures are known too.
                notes, _ = notes_source.collect(config, chosen.month, None)
                facts = collecting.read(config, chosen, notes=notes)
                problems += [Problem(f"{name}: {why}", WARNING, name) for name, why in facts.source_errors.items()]
                facts_by_month[key] = (facts, notes)
        if facts_by_month[key] is None:
            continue
        facts, notes = facts_by_month[key]
        problems += figures_in(path, text, lambda body: factcheck.check(body, facts, notes))
    problems += slug_problems(checked, config.root)
    if not posts:  # checking the whole blog: its settings too
        problems += font_problems(config.root)
    return result


def figures_in(path: Path, text: str, check: Callable[[str], list[Problem]]) -> list[Problem]:
    """What a fact check finds in a post's body, each at its line in the file."""
    _, body_start = front_matter_lines(text)
    body = "\n".join(text.splitlines()[body_start - 1:])
    return [Problem(f.message, FACT, "fact check", path, (f.line or 1) + body_start - 1) for f in check(body)]




def check_year(config: Config, path: Path, text: str, year: int, request: Request,
               progress: Callable[[str], None]) -> list[Problem]:
    """A year post's figures against the year (and its months, and the monthly posts' own words)."""
    from retro.months import Year
    from retro.usecases import year as year_module

    chosen = selected(config, dataclasses.replace(request, month=None, year=Year(year)))
    progress(f"collecting {year} to check {path.name} against ...")
    facts = collecting.read(config, chosen)
    found = year_module.year_facts(config, facts, config.lang)
    return figures_in(path, text, lambda body: year_module.year_check(body, found))
