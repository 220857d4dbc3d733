"""`retro import jekyll`: Jekyll (and Chirpy) posts into posts/, so the blog builds strictly.

The source is only read. Each post gets front matter the blog plugin accepts: a
real YAML date (from the front matter, whatever its form, or from the file
name), categories and tags as lists, Chirpy's excerpt as description, and
published: false as draft: true. Assets the posts reference are copied into
site/ and their links made relative; missing ones are listed.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .errors import RetroError, UsageError

FILE_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)\.(md|markdown)$")
# Jekyll's own date forms: "2026-01-31", "2026-01-31 10:00", "2026-01-31 10:00:00 +0900" (YAML reads the
# last as a string, which the blog plugin rejects).
DATE_TEXT = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(?:([+-])(\d{2}):?(\d{2})|Z)?\s*$"
)
ASSET_LINK = re.compile(r"""(\]\(|src=["']|href=["'])(/(?:assets|images|img|files)/[^)"'\s]+)""")
LIQUID_URL = re.compile(r"""\{\{\s*['"]([^'"]+)['"]\s*\|\s*(?:relative_url|absolute_url)\s*\}\}""")
BASEURL = re.compile(r"\{\{\s*site\.(?:baseurl|url)\s*\}\}")
KEPT = ("title", "date", "categories", "tags", "description", "draft", "pin", "image", "math", "authors",
        "toc", "comments", "mermaid", "slug")


@dataclass
class Imported:
    source: Path
    target: Path
    changes: list[str] = field(default_factory=list)


@dataclass
class Report:
    posts: list[Imported] = field(default_factory=list)
    assets: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def parse_date(value: Any) -> date | datetime | None:
    """A date or datetime from whatever Jekyll accepted; None when it is no date at all."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = DATE_TEXT.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    if hour is None:
        return date(int(year), int(month), int(day))
    zone = None
    if sign:
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        zone = timezone(-offset if sign == "-" else offset)
    elif value.strip().endswith("Z"):
        zone = timezone.utc
    return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=zone)


def as_list(value: Any) -> list[str]:
    """Jekyll reads 'a b' as two categories; a list stays a list."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def find_posts(source: Path) -> tuple[Path, list[Path]]:
    """(the Jekyll site's root, its posts)."""
    if not source.exists():
        raise UsageError(f"{source}: no such folder; pass the Jekyll site (the folder holding _posts/).")
    folder = source if source.name == "_posts" else source / "_posts"
    if not folder.is_dir():
        raise UsageError(f"{source} has no _posts/ folder; pass the Jekyll site's root or its _posts/.")
    posts = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".md", ".markdown"))
    return folder.parent, posts


def convert(path: Path, site_root: Path, report: Report) -> tuple[dict[str, Any], str, list[str]]:
    """(front matter, body, what changed) for one post."""
    import frontmatter

    document = frontmatter.loads(path.read_text(encoding="utf-8"))
    meta: dict[str, Any] = dict(document.metadata)
    changes: list[str] = []
    named = FILE_NAME.match(path.name)
    when = parse_date(meta.get("date"))
    if when is None:
        if not named:
            raise RetroError(f"{path}: no date in its front matter or its file name (YYYY-MM-DD-slug.md).")
        when = date(int(named.group(1)), int(named.group(2)), int(named.group(3)))
        changes.append("date from the file name")
    elif isinstance(meta.get("date"), str):
        changes.append(f"date {meta['date']!r} made a YAML date")
    if isinstance(when, datetime) and when.tzinfo is None:
        when = when.date() if (when.hour, when.minute, when.second) == (0, 0, 0) else when
    meta["date"] = when
    for key in ("categories", "tags"):
        if key in meta and not isinstance(meta[key], list):
            meta[key] = as_list(meta[key])
            changes.append(f"{key} made a list")
    if "category" in meta and "categories" not in meta:
        meta["categories"] = as_list(meta.pop("category"))
        changes.append("category made categories")
    if "excerpt" in meta and "description" not in meta:
        meta["description"] = str(meta.pop("excerpt"))
        changes.append("excerpt made description")
    if meta.get("published") is False:
        meta["draft"] = True
        changes.append("published: false made draft: true")
    if not meta.get("title"):
        meta["title"] = (named.group(4) if named else path.stem).replace("-", " ").capitalize()
        changes.append("title from the file name")
    if isinstance(meta.get("image"), dict):
        # Chirpy's {path, alt}; the feed plugin and social cards expect a path.
        meta["image"] = str(meta["image"].get("path") or "")
        changes.append("image made a path")
    dropped = sorted(k for k in meta if k not in KEPT)
    if dropped:
        changes.append("dropped " + ", ".join(dropped))
    meta = {k: meta[k] for k in KEPT if k in meta}
    body = document.content
    body, liquid = BASEURL.subn("", body)
    body, liquid_urls = LIQUID_URL.subn(r"\1", body)
    if liquid or liquid_urls:
        changes.append("Liquid URL tags resolved")
    body = copy_assets(body, [meta.get("image")], site_root, report, changes)
    return meta, body, changes


def copy_assets(body: str, extra: list[Any], site_root: Path, report: Report, changes: list[str]) -> str:
    """Copy the site-absolute assets a post uses into site/, and link them relatively from posts/."""
    wanted = [m.group(2) for m in ASSET_LINK.finditer(body)]
    wanted += [e for e in extra if isinstance(e, str) and e.startswith("/")]
    for url in dict.fromkeys(wanted):
        source = site_root / url.lstrip("/").split("#")[0].split("?")[0]
        if source.is_file():
            report.assets.append(source)
        elif url not in report.missing:
            report.missing.append(url)
    rewritten, count = ASSET_LINK.subn(lambda m: m.group(1) + "../" + m.group(2).lstrip("/"), body)
    if count:
        changes.append(f"{count} asset link{'s' if count != 1 else ''} made relative")
    return rewritten


def import_jekyll(source: Path, blog_root: Path, force: bool = False) -> Report:
    """Import every post; nothing in `source` is written. Refuses to replace a post without `force`."""
    import frontmatter

    from . import post

    site_root, paths = find_posts(source)
    report = Report()
    planned = []
    for path in paths:
        target = blog_root / "posts" / (path.stem + ".md")
        if target.exists() and not force:
            report.skipped.append(f"{target.relative_to(blog_root)} exists (pass --force to replace it)")
            continue
        meta, body, changes = convert(path, site_root, report)
        planned.append((path, target, meta, body, changes))
    for path, target, meta, body, changes in planned:
        text = frontmatter.dumps(frontmatter.Post(body, **meta), sort_keys=False, allow_unicode=True) + "\n"
        post.write(target, text, force=True, root=blog_root)
        report.posts.append(Imported(path, target, changes))
    docs = blog_root / "site"
    for asset in dict.fromkeys(report.assets):
        destination = docs / asset.relative_to(site_root)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(asset, destination)
    return report
