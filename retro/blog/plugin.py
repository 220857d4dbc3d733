"""`retro-posts`: lets mkdocs-material's blog plugin see the blog's top-level posts/ folder.

The blog plugin only reads posts inside docs_dir (at `<blog_dir>/posts/`), but a
blog's posts are its source of truth and live beside mkdocs.yml, like Jekyll's
_posts. This plugin adds every file of posts/ to the build as if it stood in
docs_dir/posts/, before the blog plugin (event priority -50) collects them, and
makes `mkdocs serve` reload when a post changes. A post retro drafted (it has
`drafted_by`) is refused when its rendered HTML holds anything that could run.
"""

from __future__ import annotations

import html as html_module
import os
import re
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files


class PostsConfig(Config):
    posts_dir = config_options.Type(str, default="posts")
    """The folder of posts, relative to the folder that holds mkdocs.yml."""

    target = config_options.Type(str, default="posts")
    """Where the blog plugin looks for posts inside docs_dir (its post_dir, with blog_dir '.')."""


HEAD_LINE = re.compile(r"^(date|title|draft):[ \t]*(.*?)[ \t]*$", re.MULTILINE)


def is_draft(path: Path) -> bool:
    """Whether a post's front matter says draft: true (read as post_date_and_title reads its head)."""
    return post_head(path).get("draft", "").lower() in ("true", "yes", "on")


def post_date_and_title(path: Path) -> tuple[str, str]:
    """(date as text, title) from a post's front matter, cheaply: two lines of its head, not all its YAML."""
    found = post_head(path)
    return found.get("date", ""), found.get("title") or path.stem


def post_head(path: Path) -> dict[str, str]:
    import yaml

    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return {}
    if not head.startswith("---"):
        return {}
    found: dict[str, str] = {}
    for key, value in HEAD_LINE.findall(head.split("\n---", 1)[0]):
        if value[:1] in ("'", '"'):
            try:
                value = str(yaml.safe_load(value))
            except yaml.YAMLError:
                pass
        found.setdefault(key, value)
    return found


class PostsPlugin(BasePlugin[PostsConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.dated: dict[str, tuple[str, str]] = {}  # post uri -> (date, title), read in on_files
        self.drafts: set[str] = set()  # the post uris that are drafts
        self.order: dict[str, int] | None = None  # post uri -> its place among the built posts
        self.keys: list[str] = []
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def drafts_shown(self, config: MkDocsConfig) -> bool:
        """Whether the blog plugin shows drafts in this build (--drafts, or serve with draft_on_serve)."""
        blog = next((p for p in config.plugins.values() if type(p).__name__ == "BlogPlugin"), None)
        if blog is None:
            return True
        return bool(blog.config.draft or (self.serving and blog.config.draft_on_serve))

    def neighbours(self, page, files: Files, config: MkDocsConfig) -> str:
        """'← older · newer →' links between the posts this build includes (drafts only when shown), as HTML."""
        from mkdocs.utils import get_relative_url

        if self.order is None:  # once a build: the posts it includes, oldest first (a draft only when shown)
            shown = self.drafts_shown(config)
            built = sorted((date, key) for key, (date, _title) in self.dated.items()
                           if date and files.get_file_from_path(key) is not None
                           and (shown or key not in self.drafts))
            self.order = {key: index for index, (_, key) in enumerate(built)}
            self.keys = [key for _, key in built]
        index = self.order.get(page.file.src_uri)
        if index is None:
            return ""

        def link(key: str) -> str:
            target = files.get_file_from_path(key)
            href = html_module.escape(get_relative_url(target.url, page.file.url), quote=True)
            return f'<a href="{href}">{html_module.escape(self.dated[key][1], quote=False)}</a>'

        parts = []
        if index > 0:
            parts.append("← " + link(self.keys[index - 1]))
        if index + 1 < len(self.keys):
            parts.append(link(self.keys[index + 1]) + " →")
        return f'\n<hr>\n<p class="retro-neighbours">{" · ".join(parts)}</p>\n' if parts else ""

    def source(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent / self.config.posts_dir

    @event_priority(0)  # before the blog plugin's on_files at -50
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.dated, self.order, self.drafts = {}, None, set()  # `serve` builds again on every change
        source = self.source(config)
        if not source.is_dir():
            return files
        target = self.config.target.strip("/")
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(source).as_posix()
            if not path.is_file() or any(part.startswith(".") for part in Path(relative).parts):
                continue  # editor swap files, retro's own temporary files
            uri = f"{target}/{relative}"
            if files.get_file_from_path(uri) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{uri} and {source / relative} are both posts; keep posts in "
                    f"{self.config.posts_dir}/ only."
                )
            # A file that pretends to stand in docs_dir at `uri`, read from the real post.
            files.append(File.generated(config, uri, abs_src_path=os.fspath(path)))
            if path.suffix == ".md":
                self.dated[uri] = post_date_and_title(path)
                if is_draft(path):
                    self.drafts.add(uri)
        return files

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """A published post must not still hold a question retro left for its author (a KPT or 4Ls section)."""
        if page.file.src_uri.startswith(self.config.target.strip("/") + "/") and not page.meta.get("draft"):
            from retro.words import unanswered, unanswered_message

            waiting = unanswered(page.file.content_string)  # lines counted in the whole file, as retro check does
            if waiting:
                line, section = waiting[0]
                raise PluginError(f"{self.config.posts_dir}/{page.file.src_uri.split('/', 1)[1]}:{line}: "
                                  f"{unanswered_message(section)}")
        return markdown

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """A post's description stands under its title and links to the posts beside it end it, as in Chirpy;
        a post retro drafted must not carry anything that runs, whatever slipped past the sanitiser."""
        if not page.file.src_uri.startswith(self.config.target.strip("/") + "/"):
            return html
        description = page.meta.get("description")
        if isinstance(description, str) and description.strip():
            escaped = html_module.escape(" ".join(description.split()), quote=False)
            html = f'<p class="retro-description"><em>{escaped}</em></p>\n{html}'
        html += self.neighbours(page, files, config)
        if "drafted_by" not in page.meta:
            return html
        from retro.markup import running_html

        found = running_html(html)
        if found:
            raise PluginError(
                f"{page.file.src_uri} (drafted by {page.meta['drafted_by']}) renders HTML that can run: "
                f"{', '.join(dict.fromkeys(found))}; remove it from the post (retro check shows where)."
            )
        return html

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        source = self.source(config)
        if source.is_dir():
            server.watch(os.fspath(source))
        return server
