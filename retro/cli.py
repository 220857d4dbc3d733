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
from .errors import RetroError
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


def draft_options(command: Callable) -> Callable:
    """--notes --model --lang --force, shared by the commands that write a post."""
    options = [
        click.option("--notes", "notes_file", type=click.Path(path_type=Path), metavar="PATH",
                     help="Your notes for the month (Markdown). Default: notes/YYYY-MM.md when it exists."),
        click.option("--model", metavar="NAME",
                     help="LiteLLM model that drafts the post, e.g. openai/gpt-4o-mini. Default: retro.toml's "
                          "model or RETRO_MODEL, else the offline drafter (no network)."),
        click.option("--lang", type=click.Choice(["en", "ko"]), default=None,
                     help="Language of the post. Default: retro.toml's lang, else en."),
        click.option("--force", is_flag=True,
                     help="Replace an existing post for the month (the old one is kept in .retro/backups/)."),
    ]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


@click.group(cls=RetroGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="retro")
def cli() -> None:
    """Draft a developer's monthly retrospective from git activity and notes.

    \b
    retro draft --month 2026-01      # git + notes -> posts/2026-01-retrospective.md
    mkdocs serve                     # preview the draft, edit it, set draft: false
    \b
    Run it inside your blog (the folder holding mkdocs.yml). Set RETRO_DEBUG=1
    to see a traceback when something fails.
    """


@cli.command()
@activity_options
@draft_options
def draft(
    month: Month | None,
    repos: tuple[str, ...],
    authors: tuple[str, ...],
    all_authors: bool,
    tz: str | None,
    notes_file: Path | None,
    model: str | None,
    lang: str | None,
    force: bool,
) -> None:
    """Draft the month's retrospective into posts/YYYY-MM-retrospective.md.

    Reads the month's commits (by author date, your emails, all local branches,
    no merges) and your notes, and writes a post with draft: true. Without a
    model it is drafted offline from the facts alone; with --model the facts go
    to that model through LiteLLM.

    \b
    Examples:
      retro draft                                   # last month, this blog's repository
      retro draft --month 2026-01 --repo ~/code/api --repo ~/code/web
      retro draft --lang ko --notes notes/2026-01.md
      retro draft --model openai/gpt-4o-mini --force
    """
    from . import config as config_module
    from . import draft as draft_module
    from . import selection

    config = config_module.load(config_module.find_root()).override(lang=lang)
    chosen = selection.resolve(config, month, repos, authors, all_authors, tz)
    result = draft_module.draft(config, chosen, notes_file, model or config.model, config.lang, force, say)
    for warning in result.warnings:
        say(f"warning: {warning}")
    if result.backup:
        say(f"the previous post was kept as {result.backup}")
    say(f"drafted by {result.post.drafted_by}; preview with `mkdocs serve`, then set draft: false to publish")
    click.echo(display_path(result.path))


@cli.command()
@activity_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (its shape is in the README).")
def collect(
    month: Month | None,
    repos: tuple[str, ...],
    authors: tuple[str, ...],
    all_authors: bool,
    tz: str | None,
    as_json: bool,
) -> None:
    """Show the month's git activity: the facts a draft is written from.

    Counts the month's commits by author date in your time zone, by your
    emails (.mailmap applied), from every local branch, without merges. --repo
    may name a folder: the repositories inside it are read in parallel.

    \b
    Examples:
      retro collect --month 2026-01
      retro collect --month 2026-01 --repo ~/code --json > 2026-01.json
    """
    from . import config as config_module
    from . import report, selection
    from .activity import collect as collect_activity

    config = config_module.load(config_module.find_root_or_here())
    chosen = selection.resolve(config, month, repos, authors, all_authors, tz)
    with progress_bar(len(chosen.repos) + len(chosen.found), "reading repositories") as advance:
        facts = collect_activity(
            chosen.month, chosen.zone, chosen.repos, chosen.authors, progress=advance, found=chosen.found
        )
    if as_json:
        import json

        # Indented for a person at a terminal; compact (and several times faster to write) in a pipe.
        indent = 2 if sys.stdout.isatty() else None
        click.echo(json.dumps(report.as_json(facts), ensure_ascii=False, indent=indent))
    else:
        click.echo(report.as_text(facts))


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
