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


def post_date_and_title(path: Path) -> tuple[str, str]:
    """(date as text, title) from a post's front matter, cheaply; ('', stem) when it has none."""
    import frontmatter

    try:
        meta = frontmatter.load(path).metadata
    except Exception:  # a broken post: the build itself says what is wrong with it
        return "", path.stem
    return str(meta.get("date") or ""), str(meta.get("title") or path.stem)


class PostsPlugin(BasePlugin[PostsConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.dated: dict[str, tuple[str, str]] = {}  # post uri -> (date, title), read in on_files

    def neighbours(self, uri: str, files: Files) -> str:
        """'← older · newer →' links between the posts this build includes (drafts only when shown)."""
        import posixpath

        built = sorted((date, key) for key, (date, _title) in self.dated.items()
                       if date and files.get_file_from_path(key) is not None)
        keys = [key for _, key in built]
        if uri not in keys:
            return ""
        index = keys.index(uri)

        def link(key: str) -> str:
            title = self.dated[key][1].replace("[", "\\[").replace("]", "\\]")
            return f"[{title}]({posixpath.relpath(key, posixpath.dirname(uri))})"

        parts = []
        if index > 0:
            parts.append("← " + link(keys[index - 1]))
        if index + 1 < len(keys):
            parts.append(link(keys[index + 1]) + " →")
        return ("\n\n---\n\n" + " · ".join(parts) + "\n") if parts else ""

    def source(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent / self.config.posts_dir

    @event_priority(0)  # before the blog plugin's on_files at -50
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.dated = {}  # `serve` builds again on every change
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
        return files

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """A post's description stands under its title, as Chirpy shows it; links to the posts beside it end it."""
        if not page.file.src_uri.startswith(self.config.target.strip("/") + "/"):
            return markdown
        markdown += self.neighbours(page.file.src_uri, files)
        description = page.meta.get("description")
        if not isinstance(description, str) or not description.strip():
            return markdown
        if markdown.lstrip().startswith('<p class="retro-description">'):
            return markdown
        escaped = html_module.escape(" ".join(description.split()), quote=False)
        return f'<p class="retro-description"><em>{escaped}</em></p>\n\n{markdown}'

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """A post retro drafted must not carry anything that runs, whatever slipped past the sanitiser."""
        if "drafted_by" not in page.meta:
            return html
        from .sanitise import running_html

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
