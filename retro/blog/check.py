"""A post the blog can build and publish: its front matter, its images, its raw HTML, its URL.

Every problem is a record at its file and line; the figures in a post are the
use case's to check (usecases/check.py), against the facts of its month.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from retro.problems import ERROR, NOTE, WARNING, Problem
from retro.words import unanswered, unanswered_message


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


def check_front_matter(path: Path, text: str) -> tuple[list[Problem], dict | None]:
    """Problems the blog plugin would stop on, each at its file and line."""
    import frontmatter
    import yaml

    def at(line: int, message: str) -> Problem:
        return Problem(message, ERROR, "front matter", path, line)

    try:
        document = frontmatter.loads(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [at(line, f"the front matter is not valid YAML ({getattr(error, 'problem', error)})")], None
    except ValueError as error:  # YAML read the date as a date, and there is no such day: 2026-02-30
        lines, _ = front_matter_lines(text)
        return [at(lines.get("date", 1), f"the date is no day of the calendar ({error}); write it as 2026-01-31")], None
    meta = document.metadata
    lines, _ = front_matter_lines(text)
    problems = []
    if not meta:
        return [at(1, "no front matter (a --- block with title and date)")], None
    value = meta.get("date")
    if not isinstance(value, date):
        problems.append(at(lines.get("date", 1), f"date must be a YAML date like 2026-01-31, not {value!r}"))
    for key in ("categories", "tags"):
        if key in meta and not isinstance(meta[key], list):
            problems.append(at(lines[key], f"{key} must be a list, like {key}: [{meta[key]}]"))
    if "draft" in meta and not isinstance(meta["draft"], bool):
        problems.append(at(lines["draft"], f"draft must be true or false, not {meta['draft']!r}"))
    if not meta.get("title"):
        problems.append(at(lines.get("title", 1), "no title"))
    _, body_start = front_matter_lines(text)
    for number, line in enumerate(text.splitlines()[body_start - 1:], body_start):
        for target in IMAGE.findall(line):
            if not image_exists(target, path):
                problems.append(at(number, f"the image {target} does not exist"))
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


def slug_problems(checked: list[tuple[Path, dict, dict[str, int]]], root: Path | None = None) -> list[Problem]:
    """Two posts with the same date and slug would be written to the same URL (the other named from `root`)."""
    from markdown.extensions.toc import slugify_unicode

    seen: dict[tuple[str, str], Path] = {}
    problems = []
    for path, meta, lines in checked:
        when = meta.get("date")
        slug = str(meta.get("slug") or slugify_unicode(str(meta.get("title", "")), "-"))
        key = (str(when)[:10], slug)
        if key in seen:
            other = seen[key]
            if root is not None and other.is_absolute() and other.is_relative_to(root):
                other = other.relative_to(root)
            problems.append(Problem(f"the same URL as {other} ({key[0]}/{slug}); give one a different title "
                                    "or a slug", ERROR, "front matter", path, lines.get("slug", lines.get("title", 1))))
        else:
            seen[key] = path
    return problems


def html_problems(path: Path, text: str) -> list[Problem]:
    """Raw HTML in the post's body: what could run is an error, the rest a warning."""
    from retro.blog.safety import check_html

    _, body_start = front_matter_lines(text)
    return [Problem(issue.message, ERROR if issue.error else WARNING, "html", path, issue.line + body_start - 1)
            for issue in check_html("\n".join(text.splitlines()[body_start - 1:]))]


def question_problems(path: Path, text: str, meta: dict | None) -> list[Problem]:
    """Each question retro left for the author: an error in a published post, a reminder in a draft."""
    published = meta is not None and not meta.get("draft")
    return [Problem(unanswered_message(section), ERROR if published else WARNING, "questions", path, line) for line, section in unanswered(text)]


WEB_FONT_OFF = re.compile(r"^[ \t]+font:[ \t]*false[ \t]*(?:#.*)?$", re.MULTILINE)


def font_problems(root: Path) -> list[Problem]:
    """A note when the blog's theme loads a web font: Material's default fetches Google Fonts on every page view,
    sending each reader's address there (and its default font has no Hangul)."""
    config = root / "mkdocs.yml"
    try:
        text = config.read_text(encoding="utf-8")
    except OSError:
        return []
    if WEB_FONT_OFF.search(text) or not re.search(r"^\s+name:\s*['\"]?material\b", text, re.MULTILINE):
        return []  # system fonts, or a theme that fetches none
    return [Problem("the theme loads its fonts from Google Fonts on every page view, sending each reader's address "
                    "there; set `font: false` under `theme:` in mkdocs.yml for system fonts", NOTE, "site", None)]
