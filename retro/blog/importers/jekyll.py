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

from retro.errors import RetroError, UsageError, setting
from retro.markup import segments

FILE_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)\.(md|markdown)$")
# Jekyll's own date forms: "2026-01-31", "2026-01-31 10:00", "2026-01-31 10:00:00 +0900" (YAML reads the
# last as a string, which the blog plugin rejects).
DATE_TEXT = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(?:([+-])(\d{2}):?(\d{2})|Z)?\s*$"
)
# A site-absolute link to a file: /assets/..., /posts/20190808/mockup.png, /files/talk.pdf ...
ASSET_LINK = re.compile(r"""(\]\(|src=["']|href=["']|poster=["'])(/[^)"'\s]+\.(?:png|jpe?g|gif|svg|webp|avif|ico|mp4|webm|"""
                        r"""mov|mp3|ogg|wav|m4a|pdf|zip)(?:[?#][^)"'\s]*)?)""", re.IGNORECASE)
# A relative image, resolved against Chirpy's media_subpath.
RELATIVE_IMAGE = re.compile(r"""(!\[[^\]]*\]\()(?!/|[a-z][a-z0-9+.-]*:|#)([^)\s]+)""", re.IGNORECASE)
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
    uses: set[str] = field(default_factory=set)  # "math", "mermaid", "authors", "comments"
    settings: list[str] = field(default_factory=list)  # what the blog's settings became
    not_converted: list[str] = field(default_factory=list)
    authors: set[str] = field(default_factory=set)
    placed: dict[Path, Path] = field(default_factory=dict)  # asset in the Jekyll site -> where it goes in the blog


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
    if meta.get("author") and not meta.get("authors"):
        meta["authors"] = as_list(meta.pop("author"))
        changes.append("author made authors")
    elif "authors" in meta:
        meta["authors"] = as_list(meta["authors"])
    report.authors.update(meta.get("authors") or [])
    subpath = str(meta.get("media_subpath") or meta.get("img_path") or "").rstrip("/")
    if isinstance(meta.get("image"), str) and subpath and not re.match(r"^(/|[a-z]+:)", meta["image"]):
        meta["image"] = f"{subpath}/{meta['image']}"
    liquid_on = meta.get("render_with_liquid") is not False
    dropped = sorted(k for k in meta if k not in KEPT and k not in ("media_subpath", "img_path"))
    if dropped:
        changes.append("dropped " + ", ".join(dropped))
    meta = {k: meta[k] for k in KEPT if k in meta}
    body = document.content
    body, liquid = BASEURL.subn("", body)
    body, liquid_urls = LIQUID_URL.subn(r"\1", body)
    if liquid or liquid_urls:
        changes.append("Liquid URL tags resolved")
    from retro.blog.importers.chirpy import convert_body

    converted = convert_body(body, liquid_on)
    body = converted.text
    changes += converted.notes
    report.uses |= converted.uses
    if meta.get("math"):  # Chirpy renders math only in posts that ask for it
        report.uses.add("math")
        changes.append("math for arithmatex")
    if subpath:
        body, resolved = outside_code(body, RELATIVE_IMAGE, lambda m: f"{m.group(1)}{subpath}/{m.group(2)}")
        if resolved:
            changes.append(f"{resolved} image{'s' if resolved != 1 else ''} resolved under media_subpath {subpath}")
    body = copy_assets(body, [meta.get("image")], site_root, report, changes)
    if isinstance(meta.get("image"), str) and meta["image"].startswith("/"):
        meta["image"] = blog_url(meta["image"])
    return meta, body, changes


def outside_code(text: str, pattern: re.Pattern[str], change) -> tuple[str, int]:
    """`pattern.subn(change, text)` outside code blocks and inline code, which come over byte for byte."""
    count = 0
    out = []
    for code, piece in segments(text):
        if not code:
            piece, found = pattern.subn(change, piece)
            count += found
        out.append(piece)
    return "".join(out), count


def blog_url(url: str) -> str:
    """Where a site-absolute asset lives in the blog's site/: as it was, but /posts/... (the blog plugin's own
    folder there) moves under assets/posts/."""
    path = url.lstrip("/")
    return "assets/" + path if path.startswith("posts/") else path


def copy_assets(body: str, extra: list[Any], site_root: Path, report: Report, changes: list[str]) -> str:
    """Copy the site-absolute assets a post uses into site/, and link them relatively from posts/."""
    wanted = [m.group(2) for code, piece in segments(body) if not code for m in ASSET_LINK.finditer(piece)]
    wanted += [e for e in extra if isinstance(e, str) and e.startswith("/")]
    for url in dict.fromkeys(wanted):
        plain = url.lstrip("/").split("#")[0].split("?")[0]
        source = site_root / plain
        if source.is_file():
            report.assets.append(source)
            report.placed[source] = Path(blog_url("/" + plain))
        elif url not in report.missing:
            report.missing.append(url)
    rewritten, count = outside_code(body, ASSET_LINK, lambda m: m.group(1) + "../" + blog_url(m.group(2)))
    if count:
        changes.append(f"{count} asset link{'s' if count != 1 else ''} made relative")
    return rewritten


def fresh_blog(root: Path) -> bool:
    """A blog as `retro init` left it: no post yet, and mkdocs.yml still opens with init's own comment."""
    from retro.blog.scaffold import MKDOCS_YML

    mkdocs = root / "mkdocs.yml"
    has_posts = any((root / "posts").glob("*.md")) if (root / "posts").is_dir() else False
    return (not has_posts and mkdocs.is_file()
            and mkdocs.read_text(encoding="utf-8").startswith(MKDOCS_YML.splitlines()[0]))


def import_jekyll(source: Path, blog_root: Path, force: bool = False, settings: bool = False) -> Report:
    """Import every post; nothing in `source` is written. Refuses to replace a post without `force`.

    With `settings`, the site's _config.yml becomes the blog's settings too (see chirpy_site.py).
    """
    import frontmatter

    from retro.blog import post

    site_root, paths = find_posts(source)
    report = Report()
    if not settings and fresh_blog(blog_root) and (site_root / "_config.yml").is_file():
        settings = True  # a blog fresh from `retro init` has no settings of its own yet: take the site's
        report.settings.append("the blog is fresh from retro init: _config.yml's settings taken too")
    planned = []
    for path in paths:
        target = blog_root / "posts" / (path.stem + ".md")
        if target.exists() and not force:
            report.skipped.append(f"{target.relative_to(blog_root)} exists (pass {setting('force')} to replace it)")
            continue
        meta, body, changes = convert(path, site_root, report)
        planned.append((path, target, meta, body, changes))
    from retro.blog.importers import chirpy_site

    config = chirpy_site.read_config(site_root, report) if settings else {}
    giscus = chirpy_site.comments_provider(config) == "giscus"
    for path, target, meta, body, changes in planned:
        if giscus and "comments" not in meta:
            meta["comments"] = True
        text = frontmatter.dumps(frontmatter.Post(body, **meta), sort_keys=False, allow_unicode=True) + "\n"
        post.write(target, text, force=True, root=blog_root)
        report.posts.append(Imported(path, target, changes))
    docs = blog_root / "site"
    for asset in dict.fromkeys(report.assets):
        destination = docs / report.placed.get(asset, asset.relative_to(site_root))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(asset, destination)
    chirpy_site.apply(site_root, blog_root, report, config)
    return report
