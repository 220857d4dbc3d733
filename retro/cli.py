"""Click commands only: parse options, call one core function, print its result.

Heavy libraries (litellm, mkdocs, git) are imported inside the commands that
need them, so `retro --help` stays fast.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from . import __version__
from .errors import RetroError, UsageError
from .months import Month


def debug() -> bool:
    return os.environ.get("RETRO_DEBUG", "") not in ("", "0")


class RetroGroup(click.Group):
    """Turns any unexpected exception into one line (a traceback only with RETRO_DEBUG=1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except click.ClickException:
            if debug():
                traceback.print_exc()
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as error:
            if debug():
                raise
            raise RetroError(
                f"unexpected {type(error).__name__}: {error}. Rerun with RETRO_DEBUG=1 for details, "
                "and report it if it persists."
            ) from None


class MonthParam(click.ParamType):
    name = "YYYY-MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Month:
        if isinstance(value, Month):
            return value
        try:
            return Month.parse(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def say(message: str) -> None:
    """Progress and warnings: stderr, so stdout stays the result."""
    click.echo(message, err=True)


def activity_options(command: Callable) -> Callable:
    """--month --repo --author --all-authors --tz, shared by every command that reads git."""
    options = [
        click.option("--month", type=MonthParam(), default=None,
                     help="The month to look back on, YYYY-MM. Default: the previous calendar month."),
        click.option("--repo", "repos", multiple=True, metavar="PATH",
                     help="A repository to read; repeat for several. Default: retro.toml's repos, "
                          "else the blog's own repository."),
        click.option("--author", "authors", multiple=True, metavar="EMAIL",
                     help="Count commits by this email; repeat for several. Default: retro.toml's "
                          "authors, else git's user.email."),
        click.option("--all-authors", is_flag=True, help="Count every author's commits."),
        click.option("--tz", metavar="ZONE",
                     help="IANA time zone that cuts the month, e.g. Asia/Seoul. Default: retro.toml's "
                          "timezone, else the machine's."),
    ]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def source_options(command: Callable) -> Callable:
    """--github --github-api --gitlab --calendar: the month beyond commits."""
    options = [
        click.option("--github", metavar="LOGIN",
                     help="Add your GitHub month: pull requests, reviews, issues, comments, releases. Token from "
                          "GITHUB_TOKEN or GH_TOKEN, else `gh auth token`. Default: retro.toml's github."),
        click.option("--github-api", metavar="URL",
                     help="GitHub's API base (Enterprise: https://HOST/api). Default: retro.toml's github_api, else "
                          "https://api.github.com."),
        click.option("--gitlab", metavar="USERNAME",
                     help="Add your GitLab month (token from GITLAB_TOKEN; instance: retro.toml's gitlab_url)."),
        click.option("--calendar", "calendars", multiple=True, metavar="PATH_OR_URL",
                     help="An .ics file or a secret iCal address to read meetings from; repeat for several. "
                          "Added to retro.toml's calendars."),
    ]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def draft_options(command: Callable) -> Callable:
    """--notes --lang --force, shared by the commands that write a post."""
    options = [
        click.option("--notes", "notes_file", type=click.Path(path_type=Path), metavar="PATH",
                     help="Your notes for the month: a Markdown file, or a folder of daily YYYY-MM-DD.md files. "
                          "Default: notes/YYYY-MM.md, else the month's daily files in notes/."),
        click.option("--lang", type=click.Choice(["en", "ko"]), default=None,
                     help="Language of the post. Default: retro.toml's lang, else en."),
        click.option("--force", is_flag=True,
                     help="Replace an existing post for the month (the old one is kept in .retro/backups/)."),
    ]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def model_options(command: Callable) -> Callable:
    """--model --api-base --timeout, shared by the commands that talk to a model."""
    options = [
        click.option("--model", metavar="NAME",
                     help="LiteLLM model, e.g. openai/gpt-4o-mini, anthropic/claude-3-5-haiku-latest, "
                          "ollama/llama3.1. Default: RETRO_MODEL, else retro.toml's model, else the offline drafter."),
        click.option("--api-base", metavar="URL",
                     help="A LiteLLM proxy or OpenAI-compatible server (use --model openai/NAME). "
                          "Default: RETRO_API_BASE, else retro.toml's api_base."),
        click.option("--timeout", type=click.IntRange(min=1), metavar="SECONDS",
                     help="Give up on the model after this long. Default: retro.toml's timeout, else 120."),
    ]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def stream_target() -> Callable[[str], None] | None:
    """The model's text goes to stderr as it arrives, when a person is watching."""
    if not sys.stderr.isatty():
        return None
    return lambda piece: click.echo(piece, err=True, nl=False)


def load_config(need_blog: bool = True, **flags: Any):
    from . import config as config_module

    root = config_module.find_root() if need_blog else config_module.find_root_or_here()
    return config_module.load(root).override(**flags)


@click.group(cls=RetroGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="retro")
def cli() -> None:
    """Draft a developer's monthly retrospective from git activity and notes.

    \b
    retro draft --month 2026-01      # git + notes -> posts/2026-01-retrospective.md
    retro serve                      # preview the draft, edit it, then: retro ready POST
    retro publish                    # build and push the site to GitHub Pages
    \b
    Run it inside your blog (the folder holding mkdocs.yml). Set RETRO_DEBUG=1
    to see a traceback when something fails.
    """


@cli.command()
@activity_options
@source_options
@draft_options
@model_options
@click.option("--dry-run", is_flag=True,
              help="Write nothing. With a model: print exactly what it would be sent (after redaction), the "
                   "redaction rule and the token count, and send nothing. Offline: print the whole post.")
def draft(
    month: Month | None,
    repos: tuple[str, ...],
    authors: tuple[str, ...],
    all_authors: bool,
    tz: str | None,
    github: str | None,
    github_api: str | None,
    gitlab: str | None,
    calendars: tuple[str, ...],
    notes_file: Path | None,
    lang: str | None,
    force: bool,
    model: str | None,
    api_base: str | None,
    timeout: int | None,
    dry_run: bool,
) -> None:
    """Draft the month's retrospective into posts/.

    The post is posts/YYYY-MM-retrospective.md, unless posts/ already holds
    the month's post under another name (its front matter date in the month,
    its categories holding the first of retro.toml's categories, as an
    imported Chirpy post does): then that file is the one --force replaces.

    Reads the month's commits (by author date, your emails, all local branches,
    no merges), your notes, and the sources you name (GitHub, GitLab,
    calendars), and writes a post with draft: true. Without a
    model it is drafted offline from the facts alone. With a model, a digest of
    the facts (never diffs, secrets redacted for a remote model) and your notes
    go to it through LiteLLM; its numbers are then checked against the facts.
    When the model is out (a time-out, rate limits after the retries, a
    server error, a refused connection, an input too long), retro.toml's
    fallbacks are tried, by default the offline drafter. When it is set up
    wrong (a rejected or missing key, an unknown model), the draft stops
    with exit 1 and writes nothing: the old post stays as it was.

    \b
    Examples:
      retro draft                                   # last month, this blog's repository
      retro draft --month 2026-01 --repo ~/code/api --repo ~/code/web
      retro draft --lang ko --notes notes/2026-01.md
      retro draft --github octocat --calendar ~/Downloads/work.ics
      retro draft --model openai/gpt-4o-mini --force
      retro draft --model openai/llama3 --api-base http://127.0.0.1:4000 --dry-run
    """
    from . import draft as draft_module
    from . import selection, sources

    config = load_config(lang=lang, model=model, api_base=api_base, timeout=timeout)
    chosen = selection.resolve(config, month, repos, authors, all_authors, tz)
    want = sources.wanted(config, github, github_api, gitlab, calendars)
    options = draft_module.Options(config.lang, config.model, say, stream_target(), dry_run)
    result = draft_module.draft(config, chosen, notes_file, options, force, want)
    for warning in result.warnings:
        say(f"warning: {warning}")
    if dry_run and result.post is not None:
        click.echo(result.post.render(), nl=False)
        say(f"dry run: this is the post {display_path(result.path)} would hold; nothing was written")
        return
    if dry_run:
        for message in result.messages:
            click.echo(f"----- {message['role']} -----\n{message['content']}\n")
        if result.redaction:
            click.echo(f"----- {result.redaction} -----")
        click.echo(f"----- {result.tokens:,} tokens; nothing was sent and nothing written -----")
        return
    if result.backup:
        say(f"the previous post was kept as {display_path(result.backup)}")
    say(f"drafted by {result.post.drafted_by}; preview with `mkdocs serve`, then set draft: false to publish")
    click.echo(display_path(result.path))


@cli.command()
@activity_options
@source_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (its shape is in the README).")
@click.option("--compare", is_flag=True,
              help="Count the month before too (previous_* in the JSON), as a draft does; it walks one month more.")
def collect(
    month: Month | None,
    repos: tuple[str, ...],
    authors: tuple[str, ...],
    all_authors: bool,
    tz: str | None,
    github: str | None,
    github_api: str | None,
    gitlab: str | None,
    calendars: tuple[str, ...],
    as_json: bool,
    compare: bool,
) -> None:
    """Show the month's facts: git, and GitHub, GitLab and calendars when named.

    Counts the month's commits by author date in your time zone, by your
    emails (.mailmap applied), from every local branch, without merges. --repo
    may name a folder: the repositories inside it are read in parallel.

    \b
    Examples:
      retro collect --month 2026-01
      retro collect --month 2026-01 --repo ~/code --json > 2026-01.json
    """
    from . import config as config_module
    from . import report, selection, sources

    config = config_module.load(config_module.find_root_or_here())
    chosen = selection.resolve(config, month, repos, authors, all_authors, tz)
    want = sources.wanted(config, github, github_api, gitlab, calendars)
    with progress_bar(len(chosen.repos) + len(chosen.found), "reading repositories") as advance:
        facts = sources.collect(chosen, want, config.root, say, progress=advance, compare=compare)
    for warning in facts.source_warnings:
        say(f"warning: {warning}")
    if as_json:
        import orjson

        # UTF-8; indented for a person at a terminal, compact in a pipe.
        option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if sys.stdout.isatty() else 0)
        click.echo(orjson.dumps(report.as_json(facts), option=option).decode())
    else:
        click.echo(report.as_text(facts))


@cli.command(name="sources")
@activity_options
@source_options
def list_sources(
    month: Month | None,
    repos: tuple[str, ...],
    authors: tuple[str, ...],
    all_authors: bool,
    tz: str | None,
    github: str | None,
    github_api: str | None,
    gitlab: str | None,
    calendars: tuple[str, ...],
) -> None:
    """List the configured sources, whether each can sign in, and what each found.

    One line a source: git, notes, and GitHub, GitLab and calendars when
    configured (retro.toml) or named (flags). A source that cannot be read says
    why and how to fix it; the command exits 1 when any cannot.

    \b
    Examples:
      retro sources
      retro sources --month 2026-01 --github octocat --calendar work.ics
    """
    from . import selection, sources
    from . import report

    config = load_config(need_blog=False)
    chosen = selection.resolve(config, month, repos, authors, all_authors, tz)
    want = sources.wanted(config, github, github_api, gitlab, calendars)
    lines, failed = report.sources_report(config, chosen, want, say)
    for line in lines:
        click.echo(line)
    if failed:
        raise RetroError(f"{failed} source{'s' if failed != 1 else ''} cannot be read; see above.")


@cli.command(name="mcp")
def mcp_command() -> None:
    """Serve this blog to AI agents over MCP (stdio).

    An MCP client starts `retro mcp` with the blog as its working directory.
    Tools: collect_month, draft_post, save_post (your agent's text, sanitised
    and fact-checked), read_post, list_posts, check_posts; the prompt
    `retrospective` hands an agent the month's digest. Posts are read and
    written only inside the blog's posts/.

    \b
    Client configuration (Claude Desktop, VS Code and others):
      {"mcpServers": {"retro": {"command": "retro", "args": ["mcp"],
                                "cwd": "/path/to/my-blog"}}}
    """
    from . import mcp as mcp_face

    config = load_config()
    mcp_face.serve(config.root)


@cli.command()
@model_options
def ping(model: str | None, api_base: str | None, timeout: int | None) -> None:
    """Check that the configured model answers, and how fast.

    Sends one tiny request (a few tokens) and prints the answer time.

    \b
    Examples:
      retro ping --model openai/gpt-4o-mini
      retro ping --model openai/my-model --api-base http://127.0.0.1:4000
    """
    from . import llm

    config = load_config(need_blog=False, model=model, api_base=api_base, timeout=timeout)
    if not config.model or config.model == "offline":
        raise UsageError("no model to check: pass --model NAME, set RETRO_MODEL, or set model in retro.toml.")
    answer = llm.ping(config.model, config.api_base, float(config.get("timeout")))
    where = f" at {config.api_base}" if config.api_base else ""
    click.echo(f"{config.model}{where} answered in {answer.seconds:.2f} s: {' '.join(answer.text.split())[:60]}")


@cli.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--tz", metavar="ZONE", help="IANA time zone that decides today's date. Default: retro.toml's timezone.")
def note(text: tuple[str, ...], tz: str | None) -> None:
    """Add a dated line to this month's notes.

    The line goes to notes/YYYY-MM.md, which is created when missing.

    \b
    Examples:
      retro note "Finished chapter 4 of the Rust course"
      retro note 오늘은 LiteLLM 프록시를 직접 띄워 봤다
    """
    from datetime import datetime

    from . import notes as notes_module
    from . import selection
    from .months import Month

    config = load_config()
    now = datetime.now(selection.resolve_zone(tz, config))
    path = config.root / str(config.get("notes")).format(month=Month.containing(now.date()))
    notes_module.append(path, " ".join(text), now)
    click.echo(display_path(path))


@cli.command()
@click.argument("posts", nargs=-1, type=click.Path(path_type=Path))
@activity_options
@click.option("--no-figures", is_flag=True, help="Check front matter, images and HTML only; read no repository.")
def check(
    posts: tuple[Path, ...],
    month: Month | None,
    repos: tuple[str, ...],
    authors: tuple[str, ...],
    all_authors: bool,
    tz: str | None,
    no_figures: bool,
) -> None:
    """Check posts: front matter, images, unsafe HTML, and figures against git.

    Each post's numbers and repository names are checked against the facts of
    its month (collected again, with the same options as retro draft), so an
    edit or a model's invention is caught. Raw HTML that could run (script,
    event handlers, javascript: links) is an error; other raw HTML a warning.
    Prints file:line: problem, and exits 1 when there is an error. Without
    POSTS, every post is checked (figures: the drafts).

    \b
    Examples:
      retro check
      retro check posts/2026-01-retrospective.md --repo ~/code/api
      retro check --no-figures posts/*.md          # what the pre-commit hook can run anywhere
    """
    from . import check as check_module

    config = load_config()
    problems = check_module.check_posts(config, list(posts), month, repos, authors, all_authors, tz, say,
                                        figures=not no_figures)
    for problem in problems:
        click.echo(problem)
    if problems:
        raise RetroError(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.")
    say("no problems found")


@cli.command()
@click.argument("post_path", metavar="POST", type=click.Path(path_type=Path))
@click.argument("instruction")
@model_options
def revise(post_path: Path, instruction: str, model: str | None, api_base: str | None, timeout: int | None) -> None:
    """Ask the model to rework a post's body.

    The front matter stays as it is, byte for byte.

    The previous text is kept in .retro/backups/ before the post is replaced.

    \b
    Examples:
      retro revise posts/2026-01-retrospective.md "shorter, and more about the LiteLLM work"
      retro revise posts/2026-01-retrospective.md "더 담백한 문체로" --model openai/gpt-4o-mini
    """
    from . import revise as revise_module

    config = load_config(model=model, api_base=api_base, timeout=timeout)
    if not config.model or config.model == "offline":
        raise UsageError("revising needs a model: pass --model NAME, set RETRO_MODEL, or set model in retro.toml.")
    backup = revise_module.revise(config, post_path, instruction, say, stream_target())
    say(f"the previous text was kept as {display_path(backup)}")
    click.echo(display_path(post_path))


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help="The blog's name. Default: the folder's name.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
              help="Language of the site's interface and of drafted posts.")
@click.option("--site-url", metavar="URL", help="Where it will be published, e.g. https://USER.github.io/REPO/.")
@click.option("--install", metavar="REQUIREMENT",
              help="What the publish workflow installs retro from, written to requirements.txt. "
                   "Default: this version from the package index; a git URL for a clone or fork, "
                   "e.g. git+https://github.com/YOU/retro@main.")
@click.option("--giscus", nargs=4, metavar="REPO REPO_ID CATEGORY CATEGORY_ID", default=None,
              help="Comments on every post by giscus (GitHub Discussions): the four values giscus.app gives.")
@click.option("--social", multiple=True, metavar="URL",
              help="A link in the footer (GitHub, X, LinkedIn, mailto:...); repeat for several.")
def init(folder: Path, title: str | None, lang: str, site_url: str | None, install: str | None,
         giscus: tuple[str, str, str, str] | None, social: tuple[str, ...]) -> None:
    """Create a new blog in FOLDER, ready to build and publish.

    FOLDER must be new or empty.

    Writes mkdocs.yml, site/ (blog index, tags and about pages), posts/,
    notes/, a commented retro.toml, .gitignore, and a GitHub Actions workflow
    that publishes to GitHub Pages on every push to main. The workflow installs
    retro from requirements.txt, pinned at the version that ran init.

    \b
    Examples:
      retro init my-blog
      retro init 회고 --lang ko --title "나의 개발 회고" --site-url https://me.github.io/blog/
      retro init my-blog --install "git+https://github.com/YOU/retro@main"
      retro init my-blog --giscus me/blog R_kgD Comments DIC_kwD --social https://github.com/me
    """
    from . import scaffold

    from .activity import find_repo_root

    extras = scaffold.Extras(dict(zip(("repo", "repo_id", "category", "category_id"), giscus or ())), list(social))
    written = scaffold.init(folder, title, lang, site_url, install, extras)
    say(f"created {len(written)} files in {folder}")
    here = find_repo_root(Path.cwd())
    click.echo("Next:")
    click.echo(f"  cd {folder}")
    click.echo("  retro build                          # the new blog builds")
    if here is not None:
        click.echo(f"  retro draft --repo {here}   # draft last month from the repository you are in")
    click.echo("  retro serve                          # preview at http://127.0.0.1:8000/")
    if here is None:
        click.echo("Then draft a month from any repository of yours: retro draft --repo PATH")


@cli.command()
@click.option("--drafts", is_flag=True, help="Include posts marked draft: true.")
def build(drafts: bool) -> None:
    """Build the blog into public/, strictly.

    Any warning stops the build, and a broken post is named by file and line.

    \b
    Examples:
      retro build
      retro build --drafts      # see drafts in the built site too
    """
    from . import site

    config = load_config()
    index = site.build(config.root, drafts)
    click.echo(display_path(index))


@cli.command()
@click.option("--address", default="127.0.0.1:8000", show_default=True, help="Where to serve.")
def serve(address: str) -> None:
    """Preview the blog with live reload; drafts are shown.

    Editing a post in posts/ reloads the page.

    \b
    Examples:
      retro serve
      retro serve --address 127.0.0.1:8001
    """
    from . import site

    site.serve(load_config().root, address)


@cli.command()
@click.option("--remote", default="origin", show_default=True, help="The git remote to push gh-pages to.")
def publish(remote: str) -> None:
    """Build strictly and push the site to gh-pages.

    Uses mkdocs' gh-deploy (with .nojekyll). Posts changed but not committed
    are published as they are on disk, with a warning.

    \b
    Examples:
      retro publish
      retro publish --remote github
    """
    from . import site

    config = load_config()
    where = site.publish(config.root, remote, say)
    click.echo(f"published to {where}")


@cli.command(name="posts")
def list_posts() -> None:
    """List posts, newest first, with their state and length.

    Columns: date, draft or published, words, title, file.

    \b
    Examples:
      retro posts
    """
    from . import report, site

    found = site.posts(load_config().root)
    rows = [(p.date.isoformat() if p.date else "?", "draft" if p.draft else "published", f"{p.words:,}",
             p.title, display_path(p.path)) for p in found]
    for line in report.table(rows, ("date", "state", "words", "title", "file")):
        click.echo(line)


@cli.command()
@click.argument("post_path", metavar="POST", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def ready(post_path: Path) -> None:
    """Mark a draft ready to publish (draft: false).

    Nothing else in the post changes.

    \b
    Examples:
      retro ready posts/2026-01-retrospective.md
    """
    from . import site

    changed = site.mark_ready(post_path, load_config().root)
    say("marked ready; it appears in the next build" if changed else "already published (draft is not true)")
    click.echo(display_path(post_path))


@cli.group(name="import")
def import_group() -> None:
    """Bring posts from another blog engine into posts/.

    \b
    Examples:
      retro import jekyll ~/code/me.github.io
    """


@import_group.command(name="jekyll")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace posts that already exist in posts/.")
@click.option("--config", "settings", is_flag=True,
              help="Bring the site's _config.yml over too: title, tagline, url, language, timezone, social links, "
                   "avatar, giscus comments, analytics. Default: on for a blog fresh from retro init.")
def import_jekyll(source: Path, force: bool, settings: bool) -> None:
    """Convert a Jekyll or Chirpy blog's posts into posts/.

    The source is only read, never changed.

    Dates in any Jekyll form (2026-01-31 10:00:00 +0900 included) become YAML
    dates, categories and tags become lists, excerpt becomes description, and
    the images the posts use are copied into site/. Chirpy's syntax comes
    over: prompts as admonitions, attribute lists, math, mermaid, embeds,
    Liquid raw blocks, media_subpath, authors. Prints what it changed.

    \b
    Examples:
      retro import jekyll ~/code/me.github.io
      retro import jekyll ~/code/me.github.io/_posts --force
      retro import jekyll ~/code/me.github.io --config      # its settings too
    """
    from . import jekyll

    report = jekyll.import_jekyll(source, load_config().root, force, settings)
    for item in report.posts:
        click.echo(f"{display_path(item.target)}: " + ("; ".join(item.changes) or "as it was"))
    for line in report.settings:
        click.echo(f"settings: {line}")
    for line in report.not_converted:
        say(f"not converted: {line}")
    for asset in dict.fromkeys(report.assets):
        say(f"copied {asset}")
    for url in report.missing:
        say(f"warning: {url} is linked from a post but is not in {source}; add it under site/{url.lstrip('/')}")
    for note in report.skipped:
        say(f"skipped {note}")
    say(f"imported {len(report.posts)} post{'s' if len(report.posts) != 1 else ''}; check them with `retro build`")


@contextlib.contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[Any], None] | None]:
    """A bar on stderr when it is a terminal and there is more than one thing to wait for."""
    if total < 2 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield lambda _done: bar.update(1)


def display_path(path: Path) -> str:
    """Relative to the working directory when inside it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def commands_table() -> str:
    """The README's list of commands, from their own help (a test keeps the two equal)."""
    rows = ["| command | what it does |", "| --- | --- |"]
    for name, command in sorted(cli.commands.items()):
        subcommands = getattr(command, "commands", None)
        for sub_name, sub in sorted((subcommands or {None: command}).items(), key=lambda kv: str(kv[0])):
            full = f"retro {name}" + (f" {sub_name}" if sub_name else "")
            rows.append(f"| `{full}` | {(sub.help or '').strip().splitlines()[0]} |")
    return "\n".join(rows)
