"""The blog's commands: init, build, serve, publish, posts, ready, import, and mcp for agents."""

from __future__ import annotations

from pathlib import Path

import click

from retro.config import LANGUAGES

from retro import cli as face
from retro.cli import cli, display_path, say, shown


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help="The blog's name. Default: the folder's name.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
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
@click.option("--schedule", is_flag=True,
              help="Also write .github/workflows/draft.yml: each month's draft arrives as a pull request (see retro "
                   "schedule).")
@click.option("--engine", type=click.Choice(("mkdocs", "zensical")), default="mkdocs", show_default=True,
              help="What builds the site: Material for MkDocs, or Zensical, its successor (written to retro.toml; "
                   "the publish workflow installs retro-monthly[zensical]).")
def init(folder: Path, title: str | None, lang: str, site_url: str | None, install: str | None,
         giscus: tuple[str, str, str, str] | None, social: tuple[str, ...], schedule: bool, engine: str) -> None:
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
      retro init my-blog --engine zensical
    """
    from retro.blog import scaffold
    from retro.sources.git.repos import find_repo_root

    extras = scaffold.Extras(dict(zip(("repo", "repo_id", "category", "category_id"), giscus or ())), list(social))
    from retro.sources import tables

    written = scaffold.init(folder, title, lang, site_url, install, extras, tables(), engine)
    if schedule:
        written.append(scaffold.schedule(folder))
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


def engine_option(command):
    """--engine, shared by build, serve, publish and init."""
    from retro.config import ENGINES

    return click.option("--engine", type=click.Choice(ENGINES), default=None,
                        help="What builds the site: mkdocs (Material for MkDocs) or zensical (its successor; "
                             "pip install 'retro-monthly[zensical]'). Default: retro.toml's engine, else mkdocs."
                        )(command)


@cli.command()
@click.option("--drafts", is_flag=True, help="Include posts marked draft: true.")
@engine_option
def build(drafts: bool, engine: str | None) -> None:
    """Build the blog into public/, strictly.

    Any warning stops the build, and a broken post is named by file and line.

    \b
    Examples:
      retro build
      retro build --drafts      # see drafts in the built site too
      retro build --engine zensical
    """
    from retro.blog import site

    config = face.load_config(engine=engine)
    index = site.build(config.root, drafts, config.engine)
    left_out = 0 if drafts else sum(1 for found in site.posts(config.root) if found.draft)
    if left_out:
        say(f"left out {left_out} draft{'s' * (left_out != 1)}; `retro build --drafts` or `retro serve` shows them")
    click.echo(display_path(index))


@cli.command()
@click.option("--address", default="127.0.0.1:8000", show_default=True, help="Where to serve.")
@engine_option
def serve(address: str, engine: str | None) -> None:
    """Preview the blog with live reload; drafts are shown.

    Editing a post in posts/ reloads the page.

    \b
    Examples:
      retro serve
      retro serve --address 127.0.0.1:8001
    """
    from retro.blog import site

    config = face.load_config(engine=engine)
    site.serve(config.root, address, config.engine, say)


@cli.command()
@click.option("--remote", default="origin", show_default=True, help="The git remote to push gh-pages to.")
@engine_option
def publish(remote: str, engine: str | None) -> None:
    """Build strictly and push the site to gh-pages.

    Uses mkdocs' gh-deploy (with .nojekyll). Posts changed but not committed
    are published as they are on disk, with a warning.

    \b
    Examples:
      retro publish
      retro publish --remote github
    """
    from retro.blog import site

    config = face.load_config(engine=engine)
    where = site.publish(config.root, remote, lambda problem: say(shown(problem)), config.engine)
    click.echo(f"published to {where}")


@cli.command(name="posts")
def list_posts() -> None:
    """List posts, newest first, with their state and length.

    Columns: date, draft or published, words, title, file.

    \b
    Examples:
      retro posts
    """
    from retro.blog import site
    from retro.cli.tables import table

    found = site.posts(face.load_config().root)
    rows = [(p.date.isoformat() if p.date else "?", "draft" if p.draft else "published", f"{p.words:,}",
             p.title, display_path(p.path)) for p in found]
    for line in table(rows, ("date", "state", "words", "title", "file")):
        click.echo(line)


@cli.command()
@click.argument("post_path", metavar="POST|MONTH")
def ready(post_path: str) -> None:
    """Mark a draft ready to publish (draft: false).

    POST is the post's file, or a month (YYYY-MM) for that month's post.
    Nothing else in the post changes.

    \b
    Examples:
      retro ready posts/2026-01-retrospective.md
      retro ready 2026-01
    """
    from retro.blog import site

    config = face.load_config()
    path = site.post_named(config.root, post_path, config.retrospective_category)
    changed = site.mark_ready(path, config.root)
    say("marked ready; it appears in the next build" if changed else "already published (draft is not true)")
    click.echo(display_path(path))


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
    from retro.blog.importers import jekyll

    report = jekyll.import_jekyll(source, face.load_config().root, force, settings)
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


@cli.command(name="mcp")
def mcp_command() -> None:
    """Serve this blog to AI agents over MCP (stdio).

    An MCP client starts `retro mcp` with the blog as its working directory.
    Tools: collect_month, draft_post, save_post (your agent's text, sanitised
    and fact-checked), read_post, list_posts, check_posts; the prompt
    `retrospective` hands an agent the month's digest. Posts are read and
    written only inside the blog's posts/.

    \b
    Examples:
      retro mcp                                     # from inside the blog
      claude mcp add retro -- retro mcp             # Claude Code, run in the blog's folder

    \b
    Client configuration (Claude Desktop, VS Code and others):
      {"mcpServers": {"retro": {"command": "retro", "args": ["mcp"],
                                "cwd": "/path/to/my-blog"}}}
    """
    from retro import mcp as mcp_face

    config = face.load_config()
    mcp_face.serve(config.root)


@cli.command(short_help="Draft each month by itself, as a pull request.")
@click.option("--force", is_flag=True, help="Replace an existing .github/workflows/draft.yml.")
def schedule(force: bool) -> None:
    """Draft each month by itself: a workflow that opens a pull request.

    Writes .github/workflows/draft.yml. On the 1st of each month (and by
    hand, with an optional month) it installs retro as the publish workflow
    does, drafts the month just ended, and opens a pull request with the
    draft on the branch retro/YYYY-MM; it never pushes to the default
    branch, and does nothing when the month's post exists. Secrets it reads
    when they are set: RETRO_GITHUB_TOKEN, RETRO_CALENDAR_URL, RETRO_API_KEY,
    RETRO_API_BASE (and the variable RETRO_MODEL); each one missing is a line
    in the pull request, not a failure.

    \b
    Examples:
      retro schedule
      retro init my-blog --schedule
    """
    from retro.blog import scaffold

    config = face.load_config()
    path = scaffold.schedule(config.root, force)
    for outside in scaffold.outside_the_blog(config):
        say(f"warning: retro.toml's repos names {outside}, outside this blog: the scheduled run checks out only "
            "the blog's repository and cannot read it; draft that month on your machine")
    from retro.sources import SOURCES

    for source in SOURCES:
        if source.local and source.name in config.tables:
            say(f"note: [{source.name}] ({source.title}) is local only: the scheduled run has neither your "
                "browser nor your agent logs, so its draft goes without it; `retro draft` on your machine reads it")
    say("commit it, then in the repository's settings let Actions create pull requests "
        "(Settings > Actions > General > Workflow permissions)")
    click.echo(display_path(path))
