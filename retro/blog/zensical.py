"""The blog built by Zensical, Material for MkDocs' successor, from the same posts/, site/ and mkdocs.yml.

Zensical reads mkdocs.yml (its blog, tags, search and the rss settings) but runs no MkDocs plugin, follows no
symlinked folder and has no gh-deploy, so retro does what the `retro-posts` plugin does for mkdocs:

    stage     site/ and posts/ are copied into .retro/zensical/docs/ (posts/ as docs/posts/, where the blog
              reads them; drafts only with --drafts), with each post's description under its title and the
              links to the posts beside it, and .retro/zensical/mkdocs.yml is the blog's own with docs_dir and
              site_dir pointed there and at public/. Only what changed is copied again (serve re-stages as you
              edit, and Zensical reloads).
    before    what the mkdocs build refuses, retro refuses first: a published post still holding retro's question,
              a broken front matter or date, a missing image, and a drafted post whose HTML could run, each by
              file and line (Zensical has no strict mode yet).
    after     each staged post has its page, is in the search index and the feed; no draft is anywhere; a drafted
              post's built article holds nothing that runs.
"""

from __future__ import annotations

import html as html_module
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from retro.errors import SiteError, setting
from retro.problems import ERROR, Problem

EXTRA = "retro-monthly[zensical]"
STAGE = Path(".retro") / "zensical"
ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.DOTALL)


def command() -> list[str]:
    """How to run Zensical: this Python's, or one line naming the extra that installs it."""
    try:
        import zensical  # noqa: F401
    except ImportError:
        raise SiteError(f"Zensical is not installed: pip install '{EXTRA}' (or pipx inject retro-monthly zensical), "
                        f"or build with {setting('engine', 'mkdocs')}.") from None
    return [sys.executable, "-m", "zensical"]


def version() -> str:
    from importlib.metadata import PackageNotFoundError, version as found

    try:
        return found("zensical")
    except PackageNotFoundError:
        return ""


@dataclass(frozen=True)
class Staged:
    config: Path  # .retro/zensical/mkdocs.yml
    docs: Path
    site_dir: Path  # the blog's (public/)
    built: Path  # where Zensical writes it: inside its project, beside the config (then moved to site_dir)
    posts: list[tuple[Path, dict]]  # each post staged, with its front matter
    left_out: list[tuple[Path, dict]]  # the drafts not staged
    root: Path = Path(".")
    docs_source: Path = Path("site")
    shifted: dict[str, tuple[int, int]] = field(default_factory=dict)  # a staged post -> (its body's first
    # line, the lines retro put before it): so a line Zensical names is the author's line

    def source_of(self, where: str, line: int) -> tuple[Path, int]:
        """A file and line as Zensical names them (in the staged docs) as the blog's own."""
        if where.startswith("posts/"):
            start, added = self.shifted.get(where, (0, 0))
            return Path(where), line - added if line >= start + added else line
        return self.docs_source.relative_to(self.root) / where, line


def stage(root: Path, drafts: bool = False, refused: list[Problem] | None = None) -> Staged:
    """The build folder Zensical reads (see the module's docstring). With `refused`, a drafted post whose HTML
    could run is not staged at all, and said there (serve's re-staging, which has no build to stop)."""
    import frontmatter

    folder = root / STAGE
    docs = folder / "docs"
    source_config = root / "mkdocs.yml"
    text = source_config.read_text(encoding="utf-8")
    site_dir = root / (setting_of(text, "site_dir") or "site")
    docs_source = root / (setting_of(text, "docs_dir") or "docs")
    refuse_site_dir(root, site_dir, docs_source)
    wanted: dict[Path, bytes | Path] = {}  # a staged file -> its bytes, or the file it copies
    if docs_source.is_dir():
        for path in sorted(docs_source.rglob("*")):
            relative = path.relative_to(docs_source)
            hidden = [part for part in relative.parts if part.startswith(".") and part != ".authors.yml"]
            if path.is_file() and not hidden:  # the blog's authors file is read by the blog, hidden as it is
                wanted[docs / relative] = path
    posts: list[tuple[Path, dict, str]] = []
    left_out: list[tuple[Path, dict]] = []
    for path in sorted((root / "posts").rglob("*")):
        relative = path.relative_to(root / "posts")
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        target = docs / "posts" / relative
        if target in wanted:
            raise SiteError(f"{docs_source.name}/posts/{relative} and posts/{relative} are both posts; keep posts "
                            "in posts/ only.")
        if path.suffix != ".md":
            wanted[target] = path
            continue
        post_text = path.read_text(encoding="utf-8")
        try:
            meta = frontmatter.loads(post_text).metadata
        except Exception:  # noqa: BLE001 - a date that is no day, broken YAML: said at its line
            from retro.blog.check import check_front_matter

            found, _ = check_front_matter(path.relative_to(root), post_text)
            first = found[0] if found else Problem("its front matter cannot be read", ERROR, "front matter",
                                                   path.relative_to(root), 1)
            raise SiteError(f"the site was not built: {first.file}:{first.line}: {first.message}", found) from None
        if meta.get("draft") and not drafts:
            left_out.append((path, meta))
            continue
        if refused is not None and "drafted_by" in meta:
            from retro.blog.check import html_problems

            unsafe = [p for p in html_problems(path.relative_to(root), post_text) if p.kind == ERROR]
            if unsafe:
                refused += unsafe
                continue
        posts.append((path, meta, post_text))
    ordered = sorted(posts, key=lambda one: (str(one[1].get("date", "")), one[0].name))
    shifted: dict[str, tuple[int, int]] = {}
    for index, (path, meta, post_text) in enumerate(ordered):
        older = ordered[index - 1] if index > 0 else None
        newer = ordered[index + 1] if index + 1 < len(ordered) else None
        relative = path.relative_to(root / "posts").as_posix()
        wanted[docs / "posts" / relative], shifted[f"posts/{relative}"] = staged_post(post_text, meta, path, older,
                                                                                       newer)
    custom = setting_of(text, "    custom_dir") or setting_of(text, "  custom_dir")
    if custom and (root / custom).is_dir():  # the theme's overrides (giscus comments): beside the config, as there
        for path in sorted((root / custom).rglob("*")):
            if path.is_file():
                wanted[folder / custom / path.relative_to(root / custom)] = path
    config = folder / "mkdocs.yml"
    wanted[config] = staged_config(text).encode("utf-8")
    sync(folder, wanted, keep=(folder / "public", folder / ".cache"))
    return Staged(config, docs, site_dir, folder / "public", [(path, meta) for path, meta, _ in ordered], left_out,
                  root, docs_source, shifted)


def refuse_site_dir(root: Path, site_dir: Path, docs: Path) -> None:
    """The built site replaces site_dir: never the blog, its pages or its posts (as mkdocs refuses them too)."""
    built, blog = site_dir.resolve(), root.resolve()
    for kept in (blog, docs.resolve(), (root / "posts").resolve()):
        inside = kept in built.parents and kept != blog  # the site written into the pages or the posts
        if built == kept or built in kept.parents or inside:
            raise SiteError(f"mkdocs.yml's site_dir ({site_dir.relative_to(root) if site_dir != root else '.'}) "
                            f"would replace {kept.relative_to(root.resolve()) if kept != root.resolve() else 'the blog'}"
                            "; set site_dir: public in mkdocs.yml (the build writes there).")


def setting_of(text: str, key: str) -> str | None:
    found = re.search(rf"^{key}:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", text, re.MULTILINE)
    return found.group(1).strip() if found else None


def staged_config(text: str) -> str:
    """The blog's mkdocs.yml for the staged folder: docs_dir and site_dir moved (Zensical keeps both inside the
    folder of its config), the mkdocs-only plugin out."""
    lines: list[str] = []
    dropping = None  # the indent of a `- retro-posts:` entry whose options follow it
    for line in text.splitlines():
        if dropping is not None:
            if line.strip() and len(line) - len(line.lstrip()) > dropping:
                continue
            dropping = None
        entry = re.match(r"^(\s*)-\s*retro-posts\b(:?)", line)
        if entry:
            dropping = len(entry.group(1)) + 1 if entry.group(2) else None
            continue  # an MkDocs plugin: Zensical would ignore it; its work is done here
        if re.match(r"^docs_dir:", line):
            line = "docs_dir: docs"
        elif re.match(r"^site_dir:", line):
            line = "site_dir: public"
        lines.append(line)
    if not any(line.startswith("docs_dir:") for line in lines):
        lines.insert(0, "docs_dir: docs")
    if not any(line.startswith("site_dir:") for line in lines):
        lines.insert(0, "site_dir: public")
    return "# Written by retro for Zensical from ../../mkdocs.yml; edit that one.\n" + "\n".join(lines) + "\n"


def staged_post(text: str, meta: dict, path: Path, older, newer) -> tuple[bytes, tuple[int, int]]:
    """A post as Zensical reads it: its own text, with its description under its title and the links to the
    posts beside it, as the mkdocs build shows them; and (its body's first line, the lines put before it)."""
    head, body = split_front_matter(text)
    start, added = head.count("\n") + 1, 0
    description = meta.get("description")
    if isinstance(description, str) and description.strip():
        escaped = html_module.escape(" ".join(description.split()), quote=False)
        body = f'<p class="retro-description"><em>{escaped}</em></p>\n\n{body}'
        added = 2
    links = []
    if older is not None:
        links.append("← " + link_to(older, path))
    if newer is not None:
        links.append(link_to(newer, path) + " →")
    if links:
        body = body.rstrip("\n") + '\n\n<hr>\n<p class="retro-neighbours" markdown>' + " · ".join(links) + "</p>\n"
    return (head + body).encode("utf-8"), (start, added)


def link_to(other, here: Path) -> str:
    path, meta, _ = other
    title = str(meta.get("title") or path.stem).replace("[", "\\[").replace("]", "\\]")
    return f"[{html_module.escape(title, quote=False)}]({os.path.relpath(path, here.parent).replace(os.sep, '/')})"


def split_front_matter(text: str) -> tuple[str, str]:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            close = text.find("\n", end + 4)
            close = len(text) if close == -1 else close + 1
            return text[:close], text[close:]
    return "", text


def sync(folder: Path, wanted: dict[Path, bytes | Path], keep: tuple[Path, ...] = ()) -> None:
    """The staged folder holding just `wanted`: what changed written again (through a rename), the rest left."""
    for target, source in wanted.items():
        data = source if isinstance(source, bytes) else None
        if data is None:
            try:
                if target.is_file() and target.stat().st_mtime_ns == source.stat().st_mtime_ns and \
                        target.stat().st_size == source.stat().st_size:
                    continue
            except OSError:
                pass
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp")
            shutil.copy2(source, temporary)
            os.replace(temporary, target)
            continue
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    known = set(wanted)
    for path in sorted(folder.rglob("*"), reverse=True):
        if any(path == kept or kept in path.parents for kept in keep):
            continue  # Zensical's own: its output, its cache
        if path.is_file() and path not in known:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def before(root: Path, staged: Staged) -> None:
    """What the mkdocs build refuses, refused first (Zensical has no strict mode yet)."""
    from retro.blog.check import check_front_matter, html_problems, image_exists

    problems: list[Problem] = []
    for path, meta in staged.posts:
        relative = path.relative_to(root)
        text = path.read_text(encoding="utf-8")
        found, _ = check_front_matter(relative, text)
        problems += [p for p in found if p.kind == ERROR]
        if "drafted_by" in meta:
            problems += [p for p in html_problems(relative, text) if p.kind == ERROR]
        for number, line in enumerate(text.splitlines(), 1):
            for target in re.findall(r"!\[[^\]]*\]\(([^)\s]+)", line):
                if not image_exists(target, path):
                    problems.append(Problem(f"the image {target} does not exist", ERROR, "image", relative, number))
    if problems:
        raise SiteError(f"the site was not built: {problems[0].file}:{problems[0].line}: {problems[0].message}"
                        + (f" (and {len(problems) - 1} more: run `retro check`)" if len(problems) > 1 else ""),
                        problems)


def run(staged: Staged, drafts: bool) -> None:
    environment = {**os.environ, "RETRO_DRAFTS": "true" if drafts else "false"}
    result = subprocess.run([*command(), "build", "-f", str(staged.config)], capture_output=True, text=True,
                            env=environment, cwd=staged.config.parent)
    said = ANSI.sub("", result.stdout + result.stderr).strip()
    if result.returncode != 0 or re.search(r"^\s*(error|Error)\b", said, re.MULTILINE):
        found = warnings_of(said, staged)
        if found:
            first = found[0]
            raise SiteError(f"the site did not build: {first.file}:{first.line}: {first.message}"
                            + (f" (and {len(found) - 1} more)" if len(found) > 1 else ""), found[1:])
        last = said.splitlines()[-1] if said else f"exit {result.returncode}"
        raise SiteError(f"Zensical did not build the site: {last}.", [
            Problem(line, ERROR, "zensical") for line in said.splitlines()[-20:]])


ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Warning: page does not exist
#    ╭─[ posts/broken.md:6:15 ]
#  6 │ See [missing](nowhere.md).
WARNING_BLOCK = re.compile(r"^(?:Warning|Error): (.+)\n\s*╭─\[ (.+?):(\d+):\d+ \]\n(?:\s*│\n)?\s*\d+ │ (.*)$",
                           re.MULTILINE)


def warnings_of(said: str, staged: Staged) -> list[Problem]:
    """Zensical's warnings (what its strict mode stops on), each at the blog's own file and line."""
    found = []
    for message, where, line, text in WARNING_BLOCK.findall(said):
        path, number = staged.source_of(where, int(line))
        found.append(Problem(f"{message}: {text.strip()}", ERROR, "zensical", path, number))
    return found


def after(root: Path, staged: Staged) -> None:
    """The built site holds each staged post (its page, the search index, the feed) and no draft; a drafted
    post's article holds nothing that runs."""
    from retro.markup import running_html

    site = staged.built
    try:
        index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise SiteError(f"Zensical wrote no search index ({site / 'search.json'}); rebuild with "
                        f"{setting('engine', 'mkdocs')} and report it.") from None
    items = index.get("items", []) if isinstance(index, dict) else []
    by_title = {str(item.get("title", "")): item for item in items if isinstance(item, dict)}
    feed = (site / "feed_rss_created.xml").read_text(encoding="utf-8") if (site / "feed_rss_created.xml").is_file() \
        else ""
    for path, meta in staged.posts:
        title = str(meta.get("title") or path.stem)
        item = by_title.get(title)
        if item is None:
            raise SiteError(f"{path.relative_to(root)}: Zensical built no page for it (not in its search index).")
        from urllib.parse import unquote

        page = site / unquote(str(item.get("location", "")).split("#")[0]) / "index.html"
        if not page.is_file():
            raise SiteError(f"{path.relative_to(root)}: Zensical built no page for it at {page.relative_to(site)}.")
        if "drafted_by" in meta:
            article = ARTICLE.search(page.read_text(encoding="utf-8"))
            found = running_html(article.group(1) if article else "")
            if found:
                raise SiteError(f"{path.relative_to(root)} (drafted by {meta['drafted_by']}) renders HTML that can "
                                f"run: {', '.join(dict.fromkeys(found))}; remove it from the post (retro check shows "
                                "where).")
    published = [(path, meta) for path, meta in staged.posts if not meta.get("draft")]
    if published and feed:  # the feed holds the newest posts (the rss plugin's length): the newest must be there
        path, meta = published[-1]
        title = str(meta.get("title") or path.stem)
        if html_module.escape(title, quote=False) not in feed and title not in feed:
            raise SiteError(f"{path.relative_to(root)}, the newest post, is not in the feed "
                            f"{staged.site_dir / 'feed_rss_created.xml'}; report it.")
    for path, meta in staged.left_out:
        title = str(meta.get("title") or "")
        if title and title in by_title:
            raise SiteError(f"{path.relative_to(root)} is a draft but is in the built site; report it.")


def build(root: Path, drafts: bool = False) -> Path:
    """Build the blog with Zensical into its site_dir; returns the index page."""
    command()  # the missing extra, before anything is staged
    staged = stage(root, drafts)
    before(root, staged)
    if staged.built.is_dir():
        shutil.rmtree(staged.built)  # what an earlier build left (a post since deleted) must not linger
    run(staged, drafts)
    after(root, staged)
    if staged.site_dir.exists():
        shutil.rmtree(staged.site_dir)
    os.replace(staged.built, staged.site_dir)  # checked, then where the blog's site lives
    return staged.site_dir / "index.html"


def serve(root: Path, address: str, say) -> None:
    """`zensical serve` of the staged folder, kept in step with posts/ and site/ (drafts shown)."""
    process = None
    base = command()
    staged = stage(root, drafts=True)
    before(root, staged)
    stop = threading.Event()

    def follow() -> None:  # posts/ and site/ into the stage twice a second: Zensical reloads what changed
        told = ""
        while not stop.wait(0.5):
            refused: list[Problem] = []
            try:
                stage(root, drafts=True, refused=refused)
                said = "; ".join(f"{p.file}:{p.line}: {p.message}" for p in refused)
            except Exception as error:  # noqa: BLE001 - a post saved half-way: said, and tried again
                said = str(error)
            if said and said != told:  # once a change, not twice a second
                say(f"warning: {said} (left out of the preview until it is fixed)")
            told = said

    watcher = threading.Thread(target=follow, daemon=True)
    watcher.start()
    try:
        process = subprocess.Popen([*base, "serve", "-f", str(staged.config), "-a", address],
                                   env={**os.environ, "RETRO_DRAFTS": "true"}, cwd=staged.config.parent)
        process.wait()
    finally:
        stop.set()
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
