"""build / serve / publish through mkdocs, and the list of posts."""

from __future__ import annotations

import base64
import contextlib
import errno
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Mapping

from retro.errors import SiteError, UsageError, setting
from retro.problems import ERROR, WARNING, Problem
from retro.words import unanswered


def show_mkdocs_log(level: int = logging.WARNING) -> None:
    """mkdocs' own lines (which post broke the build, and why) on stderr, as its command line shows them."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, StderrHandler) for h in logger.handlers):
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)


class StderrHandler(logging.Handler):
    """Writes to whatever sys.stderr is at the time (a StreamHandler keeps the stream it started with)."""

    def emit(self, record: logging.LogRecord) -> None:
        print(self.format(record), file=sys.stderr, flush=True)


def load_mkdocs(root: Path, drafts: bool = False, strict: bool = True):
    """The blog's mkdocs config; with `drafts`, the blog plugin renders drafts too."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner on every build
    show_mkdocs_log()
    from mkdocs import exceptions
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    # mkdocs keeps plugin instances across loads (for serve's rebuilds); the blog plugin's
    # temporary folder dies with its on_shutdown, so a second build in one process needs fresh ones.
    for name, option in MkDocsConfig._schema:
        if name == "plugins":
            option.plugin_cache.clear()
    try:
        config = load_config(str(root / "mkdocs.yml"), strict=strict)
    except exceptions.ConfigurationError as error:
        raise SiteError(f"{root / 'mkdocs.yml'}: {' '.join(str(error).split())}") from None
    if drafts:
        for plugin in config.plugins.values():
            if type(plugin).__name__ == "BlogPlugin":
                plugin.config.draft = True
    return config


def build(root: Path, drafts: bool = False, engine: str = "mkdocs") -> Path:
    """Build the site strictly (a warning is an error) into its site_dir; returns the index page.

    A published post that still holds a question retro left stops it before the engine runs, each such section
    named on its own line (the blog plugin refuses them too, for a bare `mkdocs build`). `engine` is mkdocs
    (Material) or zensical (see blog/zensical.py).
    """
    waiting = unanswered_posts(root)
    if waiting:
        raise SiteError(f"the site was not built: {len(waiting)} section{'s' * (len(waiting) != 1)} of published "
                        "posts still hold retro's question; answer them, or set draft: true", waiting)
    if engine == "zensical":
        from retro.blog import zensical

        return zensical.build(root, drafts)
    config = load_mkdocs(root, drafts)
    run_build(config, "build")
    return Path(config.site_dir) / "index.html"


def run_build(config, command: str) -> None:
    """mkdocs' own build sequence, plugin start-up and shut-down included (the feed plugin needs them)."""
    from mkdocs import exceptions
    from mkdocs.commands import build as mkdocs_build

    config.plugins.on_startup(command=command, dirty=False)
    try:
        mkdocs_build.build(config)
    except (exceptions.MkDocsException, exceptions.Abort) as error:
        problems = post_problems(Path(config.config_file_path).parent)
        if problems:
            raise SiteError(f"the site did not build; {problems[0]}"
                            + (f" (and {len(problems) - 1} more: run `retro check`)" if len(problems) > 1 else "")
                            ) from None
        raise SiteError(f"the site did not build: {' '.join(str(error).split()) or type(error).__name__}. "
                        "The lines above name the file; `retro check` validates every post.") from None
    finally:
        config.plugins.on_shutdown()


def unanswered_posts(root: Path) -> list[Problem]:
    """Each section of a published post in posts/ that still holds retro's question, at its line."""
    import frontmatter

    from retro.blog.check import question_problems
    from retro.words import unanswered

    found: list[Problem] = []
    for path in sorted((root / "posts").glob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the build says what is wrong with it
        if not unanswered(text):
            continue
        try:
            meta = frontmatter.loads(text).metadata
        except Exception:  # noqa: BLE001 - a broken front matter is the build's to report
            continue
        found += [p for p in question_problems(path.relative_to(root), text, meta) if p.kind == ERROR]
    return found


def post_problems(root: Path) -> list[Problem]:
    """Front matter problems in posts/ (at posts/x.md, line 3), to say where a failed build broke."""
    from retro.blog.check import check_front_matter

    problems: list[Problem] = []
    for path in sorted((root / "posts").glob("*.md")):
        try:
            found, _ = check_front_matter(path.relative_to(root), path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            found = [Problem(f"cannot be read ({error})", ERROR, "front matter", path.relative_to(root), 1)]
        problems += found
    return problems


def parse_address(address: str) -> tuple[str, int]:
    """'127.0.0.1:8000' -> ('127.0.0.1', 8000); anything else is a usage error saying the form."""
    host, colon, port = address.rpartition(":")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"{setting('address')} {address!r} is not of the form IP:PORT (for example 127.0.0.1:8000).")
    return host.strip("[]"), int(port)


def check_free(address: str) -> None:
    """Fail at once, before any build, when the address cannot be served on (a port in use, say)."""
    import socket

    host, port = parse_address(address)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise UsageError(f"{setting('address')} {address!r}: no such host {host!r}; use an IP such as 127.0.0.1.") from None
    family, kind, proto, _, where = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as mkdocs' server does
        try:
            probe.bind(where)
        except OSError as error:
            taken = "is in use" if error.errno == errno.EADDRINUSE else f"cannot be served on ({error.strerror})"
            raise SiteError(f"{host}:{port} {taken}; serve elsewhere with {setting('address', f'{host}:{port + 1}')}.") from None


def serve(root: Path, address: str, engine: str = "mkdocs", say: Callable[[str], None] = print) -> None:
    """Serve with live reload; drafts are shown, as the blog plugin does when serving."""
    check_free(address)  # before the build: a port in use is one line, at once
    if engine == "zensical":
        from retro.blog import zensical

        return zensical.serve(root, address, say)
    from mkdocs.commands import serve as mkdocs_serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    show_mkdocs_log(logging.INFO)  # "Serving on http://..." and each rebuild
    mkdocs_serve.serve(config_file=str(root / "mkdocs.yml"), dev_addr=address, livereload=True)


def uncommitted_posts(root: Path) -> list[str]:
    """Posts git sees as changed or new but not committed (they would be published as they are)."""
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--", "posts"], cwd=root, capture_output=True,
                             text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line[3:] for line in out.stdout.splitlines() if line.strip()]


def publish(root: Path, remote: str, warn: Callable[[Problem], None], engine: str = "mkdocs") -> str:
    """Build strictly and push the site to the remote's gh-pages branch (with .nojekyll).

    A post not committed is published as it is on disk, and `warn` hears of it before the build. Zensical has
    no gh-deploy: its build is pushed as mkdocs' gh-deploy pushes, with ghp-import.
    """
    from mkdocs import exceptions
    from mkdocs.commands import gh_deploy

    if subprocess.run(["git", "rev-parse", "--git-dir"], cwd=root, capture_output=True).returncode != 0:
        raise SiteError(f"{root} is not a git repository; publishing pushes to one: run `git init` and add a remote.")
    remotes = subprocess.run(["git", "remote"], cwd=root, capture_output=True, text=True).stdout.split()
    if remote not in remotes:
        raise SiteError(f"no git remote named {remote!r}; add one with `git remote add {remote} URL` "
                        f"or pass {setting('remote', 'NAME')} (remotes: {', '.join(remotes) or 'none'}).")
    for path in uncommitted_posts(root):
        warn(Problem(f"{path} is not committed; it is published as it is on disk.", WARNING, "publish", Path(path)))
    if engine == "zensical":
        return publish_built(root, remote, build(root, engine="zensical").parent)
    config = load_mkdocs(root)
    config.remote_name = remote
    with in_blog(root):  # gh-deploy asks git about the current directory
        try:
            run_build(config, "gh-deploy")
            os.environ.update(actions_credentials(os.environ))  # for the push only, not while posts are built
            gh_deploy.gh_deploy(config, message="Publish the blog with retro", force=True)
        except (exceptions.MkDocsException, exceptions.Abort) as error:
            raise SiteError(f"publishing failed: {' '.join(str(error).split()) or 'see the lines above'}.") from None
    return f"{remote}/{config.remote_branch}"


@contextlib.contextmanager
def in_blog(root: Path):
    """In the blog's folder (git is asked about the current one), the environment restored after."""
    cwd, saved = os.getcwd(), dict(os.environ)
    try:
        os.chdir(root)
        yield
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)


def publish_built(root: Path, remote: str, site_dir: Path, branch: str = "gh-pages") -> str:
    """A built site pushed to the remote's gh-pages branch, replacing it, with .nojekyll (as gh-deploy does)."""
    import ghp_import

    with in_blog(root):
        os.environ.update(actions_credentials(os.environ))
        try:
            ghp_import.ghp_import(str(site_dir), mesg="Publish the blog with retro", remote=remote, branch=branch,
                                  push=True, force=True, nojekyll=True)
        except ghp_import.GhpError as error:
            raise SiteError(f"publishing failed: {' '.join(str(error).split())}.") from None
    return f"{remote}/{branch}"


def actions_credentials(environ: Mapping[str, str]) -> dict[str, str]:
    """On GitHub Actions, git's push credentials for the server, held in memory only.

    The publish workflow checks out without persisting credentials (so no later step
    can read them from .git/config); this hands GITHUB_TOKEN to the git that
    gh-deploy runs, through git's GIT_CONFIG_* environment, as actions/checkout
    would through its config file. Elsewhere, git's own credentials are used.
    """
    token = environ.get("GITHUB_TOKEN")
    if environ.get("GITHUB_ACTIONS") != "true" or not token:
        return {}
    server = environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    count = environ.get("GIT_CONFIG_COUNT", "0").strip()
    index = int(count) if count.isdigit() else 0
    key = f"http.{server}/.extraheader"
    return {
        "GIT_CONFIG_COUNT": str(index + 2),
        # An empty value first resets the header a checkout may have saved, so git sends one, not two.
        f"GIT_CONFIG_KEY_{index}": key,
        f"GIT_CONFIG_VALUE_{index}": "",
        f"GIT_CONFIG_KEY_{index + 1}": key,
        f"GIT_CONFIG_VALUE_{index + 1}": f"AUTHORIZATION: basic {basic}",
    }


@dataclass
class PostInfo:
    path: Path
    date: date | None
    title: str
    draft: bool
    words: int


def posts(root: Path) -> list[PostInfo]:
    """Every post in posts/, newest first."""
    import frontmatter

    found = []
    for path in sorted((root / "posts").glob("*.md")):
        try:
            document = frontmatter.load(path)
        except Exception as error:  # listed, not fatal: `retro check` says what is wrong
            found.append(PostInfo(path, None, f"(unreadable front matter: {type(error).__name__})", False, 0))
            continue
        when = document.get("date")
        found.append(PostInfo(
            path, when if isinstance(when, date) else None, str(document.get("title") or path.stem),
            bool(document.get("draft")), len(document.content.split()),
        ))
    def day(post: PostInfo) -> date:  # an imported post's date has a time (a datetime), a drafted one's not
        return post.date.date() if isinstance(post.date, datetime) else (post.date or date.min)

    return sorted(found, key=lambda p: (day(p), p.path.name), reverse=True)


def post_named(root: Path, name: str, category: str | None) -> Path:
    """A post named by its file, or by a month (YYYY-MM) for that month's post, whatever its file is called."""
    import re

    from retro.blog.post import month_post
    from retro.months import Month

    if re.fullmatch(r"\d{4}-\d{2}", name.strip()):
        try:
            month = Month.parse(name)
        except ValueError as error:
            raise UsageError(f"POST: {error}.") from None
        path = month_post(root / "posts", month, category)
        if not path.is_file():
            raise UsageError(f"{month} has no post in posts/; draft it first: retro draft --month {month}.")
        relative = Path(os.path.relpath(path))
        return path if relative.parts[:1] == ("..",) else relative
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"{name}: no such post; name a post's file or a month (YYYY-MM).")
    return path


def mark_ready(path: Path, root: Path) -> bool:
    """Set `draft: false` in a post's front matter, touching nothing else; False if it was not a draft."""
    from retro.blog import post

    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n") if text.startswith("---\n") else ("", "", "")
    if not sep:
        raise SiteError(f"{path}: has no front matter block (--- lines at the top).")
    waiting = unanswered(text)
    if waiting:
        sections = ", ".join(f"{section} (line {line})" for line, section in waiting)
        raise SiteError(f"{path}: not ready: {sections} still {'holds' if len(waiting) == 1 else 'hold'} retro's "
                        "question; write your own words there in place of it, then run retro ready again.")
    lines = head.splitlines()
    for index, line in enumerate(lines):
        if line.split(":", 1)[0].strip() == "draft" and not line.startswith((" ", "\t")):
            if line.split(":", 1)[1].strip().lower() in ("false", "no", "off"):
                return False
            lines[index] = "draft: false"
            break
    else:
        return False
    post.write(path, "\n".join(lines) + sep + body, force=True, root=root, backup=False)
    return True
