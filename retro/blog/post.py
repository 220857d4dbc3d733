"""Post: front matter + body, file names, and writes that never lose a post."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from retro.backups import backup_copy
from retro.errors import DraftError, setting
from retro.months import Month



@dataclass
class Post:
    title: str
    date: date
    body: str
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    description: str = ""
    draft: bool = True
    drafted_by: str = "offline"

    def front_matter(self) -> dict[str, Any]:
        """retro writes the front matter itself, never a model; keys in the order a reader expects."""
        return {
            "title": self.title,
            "date": self.date,  # a datetime.date, so YAML writes a date the blog plugin accepts
            "categories": list(self.categories),
            "tags": list(self.tags),
            "description": self.description,
            "draft": self.draft,
            "drafted_by": self.drafted_by,
        }

    def render(self) -> str:
        import frontmatter

        document = frontmatter.Post(self.body.strip() + "\n", **self.front_matter())
        return frontmatter.dumps(document, sort_keys=False, allow_unicode=True, width=10_000) + "\n"


def draft_path(posts_dir: Path, month: Month) -> Path:
    return posts_dir / f"{month}-retrospective.md"


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*$", re.DOTALL | re.MULTILINE)
YEAR_POST = re.compile(r"(\d{4})-year-in-review\.md")  # `retro draft --year`'s post, dated its last day
DATE_LINE = re.compile(r"^date:[ \t]*['\"]?(\d{4}-\d{2})-\d{2}", re.MULTILINE)


def month_post(posts_dir: Path, month: Month, category: str | None) -> Path:
    """Where the month's post is: posts/YYYY-MM-retrospective.md when it exists; else, under any file name,
    the post whose front matter date falls in the month and whose categories hold `category` (in any case),
    as a blog imported from Chirpy has (posts/2026-01-31-dev-retrospective.md); else the first path."""
    default = draft_path(posts_dir, month)
    if default.exists() or not posts_dir.is_dir() or not category:
        return default  # with no retrospective category, a post of the month is only its own file
    for path in sorted(posts_dir.glob("*.md")):
        if not YEAR_POST.fullmatch(path.name) and dated_in(path, month, category):  # a year post is no month's
            return path
    return default


def dated_in(path: Path, month: Month, category: str | None) -> bool:
    """Whether the post's front matter date is in `month` and its categories hold `category`."""
    import yaml

    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:20_000]
    except OSError:
        return False
    block = FRONT_MATTER.match(head)
    dated = DATE_LINE.search(block.group(1)) if block else None
    if not dated or dated.group(1) != str(month):  # most posts: decided without parsing YAML
        return False
    if not category:
        return True
    try:
        meta = yaml.safe_load(block.group(1)) or {}
    except yaml.YAMLError:
        return False
    found = meta.get("categories") if isinstance(meta, dict) else None
    names = [found] if isinstance(found, str) else found if isinstance(found, list) else []
    return category.casefold() in {str(name).casefold() for name in names}






def write(path: Path, text: str, force: bool = False, root: Path | None = None, backup: bool = True) -> Path | None:
    """Write `text` to `path` through a temporary file and a rename.

    An existing file is replaced only with `force`, and then (unless `backup` is
    False, for generated files) first copied to .retro/backups/ under `root`;
    the backup's path is returned.
    """
    folder = path.parent
    check_folder(folder)
    refuse_overwrite(path, force)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        kept = backup_copy(path, root or folder.parent) if backup and path.exists() else None
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise DraftError(f"cannot write in {folder}: {error.strerror}; check that the folder is writable.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException as error:
        # Whatever stopped us (a full disk, Ctrl-C), the old post is untouched.
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise DraftError(f"cannot write {path}: {error.strerror}; the previous file is unchanged.") from None
        raise
    return kept


def check_folder(folder: Path) -> None:
    """The folder can hold files: it is one, or can become one."""
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                raise DraftError(f"{part} is a file, not a folder; move it away so posts can be written there.")
            return


def refuse_overwrite(path: Path, force: bool, month: Month | None = None) -> None:
    if path.exists() and not force:
        if month is not None and path.name != f"{month}-retrospective.md":
            raise DraftError(f"{path} is already {month}'s retrospective (its date and category say so); pass "
                             f"{setting('force')} to replace it (the old one is kept as a backup).")
        raise DraftError(f"{path} already exists; pass {setting('force')} to replace it (the old one is kept as a "
                         "backup).")
