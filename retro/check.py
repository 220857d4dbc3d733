"""`retro check`: posts the blog can build, with figures that match the facts."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Callable

from . import factcheck, selection
from .config import Config
from .errors import ConfigError
from .months import Month
from .sanitise import check_html


def front_matter_lines(text: str) -> tuple[dict[str, int], int]:
    """Line numbers of the top-level front matter keys, and the line the body starts on."""
    lines = text.splitlines()
    keys: dict[str, int] = {}
    if not lines or lines[0].strip() != "---":
        return keys, 1
    for number, line in enumerate(lines[1:], 2):
        if line.strip() == "---":
            return keys, number + 1
        if line and not line[0].isspace() and ":" in line:
            keys.setdefault(line.split(":", 1)[0].strip(), number)
    return keys, 1


def check_front_matter(path: Path, text: str) -> tuple[list[str], dict | None]:
    """Problems the blog plugin would stop on, as 'file:line: problem'."""
    import frontmatter
    import yaml

    where = lambda line: f"{path}:{line}"  # noqa: E731
    try:
        document = frontmatter.loads(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [f"{where(line)}: the front matter is not valid YAML ({getattr(error, 'problem', error)})"], None
    meta = document.metadata
    lines, _ = front_matter_lines(text)
    problems = []
    if not meta:
        return [f"{where(1)}: no front matter (a --- block with title and date)"], None
    value = meta.get("date")
    if not isinstance(value, date):
        problems.append(f"{where(lines.get('date', 1))}: date must be a YAML date like 2026-01-31, not {value!r}")
    for key in ("categories", "tags"):
        if key in meta and not isinstance(meta[key], list):
            problems.append(f"{where(lines[key])}: {key} must be a list, like {key}: [{meta[key]}]")
    if "draft" in meta and not isinstance(meta["draft"], bool):
        problems.append(f"{where(lines['draft'])}: draft must be true or false, not {meta['draft']!r}")
    if not meta.get("title"):
        problems.append(f"{where(lines.get('title', 1))}: no title")
    _, body_start = front_matter_lines(text)
    for number, line in enumerate(text.splitlines()[body_start - 1:], body_start):
        for target in IMAGE.findall(line):
            if not image_exists(target, path):
                problems.append(f"{where(number)}: the image {target} does not exist")
    return problems, meta


IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")


def image_exists(target: str, post: Path) -> bool:
    """A relative image next to the post (posts/assets/...) or under site/; remote ones are not checked."""
    if "://" in target or target.startswith(("data:", "#")):
        return True
    target = target.split("#")[0].split("?")[0]
    root = post.resolve().parent.parent
    candidates = [root / "site" / target.lstrip("/")] if target.startswith("/") else [
        post.parent / target, root / "site" / "posts" / target]
    return any(c.is_file() for c in candidates)


def slug_problems(checked: list[tuple[Path, dict, dict[str, int]]]) -> list[str]:
    """Two posts with the same date and slug would be written to the same URL."""
    from markdown.extensions.toc import slugify_unicode

    seen: dict[tuple[str, str], Path] = {}
    problems = []
    for path, meta, lines in checked:
        when = meta.get("date")
        slug = str(meta.get("slug") or slugify_unicode(str(meta.get("title", "")), "-"))
        key = (str(when)[:10], slug)
        if key in seen:
            problems.append(f"{path}:{lines.get('slug', lines.get('title', 1))}: the same URL as {seen[key]} "
                            f"({key[0]}/{slug}); give one a different title or a slug")
        else:
            seen[key] = path
    return problems


def shown(path: Path) -> Path:
    """Relative to the working directory when under it, as a person would type it."""
    relative = Path(os.path.relpath(path))
    return path if relative.parts[:1] == ("..",) else relative


def check_posts(
    config: Config,
    posts: list[Path],
    month: Month | None,
    repos: tuple[str, ...],
    authors: tuple[str, ...],
    all_authors: bool,
    tz: str | None,
    say: Callable[[str], None],
    figures: bool = True,
) -> list[str]:
    """Every problem found, as 'file:line: problem'. Figures are checked for the named posts, or the drafts."""
    from . import sources
    from .sources import notes as notes_source

    paths = posts or [shown(p) for p in sorted((config.root / "posts").glob("*.md"))]
    problems: list[str] = []
    checked: list[tuple[Path, dict, dict[str, int]]] = []
    facts_by_month: dict[Month, tuple | None] = {}
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{path}:1: cannot be read ({error})")
            continue
        found, meta = check_front_matter(path, text)
        problems += found
        _, body_start = front_matter_lines(text)
        for issue in check_html("\n".join(text.splitlines()[body_start - 1:])):
            line = f"{path}:{issue.line + body_start - 1}: {issue.message}"
            if issue.error:
                problems.append(line)
            else:
                say(f"{path}:{issue.line + body_start - 1}: warning: {issue.message}")
        if meta is not None and isinstance(meta.get("date"), date):
            checked.append((path, meta, front_matter_lines(text)[0]))
        if not figures or found or meta is None or (not posts and not meta.get("draft")):
            continue
        chosen_month = month or Month.containing(meta["date"])
        if chosen_month not in facts_by_month:
            try:
                chosen = selection.resolve(config, chosen_month, repos, authors, all_authors, tz)
            except ConfigError as error:
                if posts:
                    raise
                # Checking the whole blog (a pre-commit hook, say): the front matter still counts.
                say(f"note: the figures in drafts were not checked: {error.message}")
                facts_by_month[chosen_month] = None
            else:
                say(f"collecting {chosen_month} to check {path.name} against ...")
                # The same sources a draft reads (retro.toml's), so their figures are known too.
                facts = sources.collect(chosen, sources.wanted(config), config.root)
                for warning in facts.source_warnings:
                    say(f"warning: {warning}")
                notes, _ = notes_source.collect(config, chosen.month, None)
                facts_by_month[chosen_month] = (facts, notes)
        if facts_by_month[chosen_month] is None:
            continue
        facts, notes = facts_by_month[chosen_month]
        _, body_start = front_matter_lines(text)
        body = "\n".join(text.splitlines()[body_start - 1:])
        for finding in factcheck.check(body, facts, notes):
            message = finding.message.split(": ", 1)[1]
            problems.append(f"{path}:{finding.line + body_start - 1}: {message}")
    return problems + slug_problems(checked)
