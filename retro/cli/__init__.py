"""The command line: one face of retro (the MCP server is the other). It parses, calls one use case, renders.

    cli/__init__.py  the group, the options commands share, how problems and paths are shown
    cli/month.py     a month's commands: draft, collect, sources, check, note, revise, ping
    cli/blog.py      the blog's commands: init, build, serve, publish, posts, ready, import, mcp

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

from retro.config import FORMATS, LANGUAGES

from retro import __version__
from retro.errors import RetroError, SettingError, UsageError, in_file, named
from retro.months import Month
from retro.problems import ERROR, FACT, NOTE, Problem


def debug() -> bool:
    return os.environ.get("RETRO_DEBUG", "") not in ("", "0")



class RetroGroup(click.Group):
    """retro's errors become Click's one line (exit 1, or 2 for a usage error); any other exception too,
    with a traceback only under RETRO_DEBUG=1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except click.ClickException:
            if debug():
                traceback.print_exc()
            raise
        except SettingError as error:
            if debug():
                traceback.print_exc()
            if error.exit_code == 2 and error.key in FLAGS:
                raise click.UsageError(as_flags(error.text)) from None
            failure = click.ClickException(as_flags(error.text))
            failure.exit_code = error.exit_code
            raise failure from None
        except UsageError as error:
            if debug():
                traceback.print_exc()
            raise click.UsageError(as_flags(error.text)) from None
        except RetroError as error:
            if debug():
                traceback.print_exc()
            for problem in error.problems:
                say(shown(problem))
            failure = click.ClickException(as_flags(error.text))
            failure.exit_code = error.exit_code
            raise failure from None
        except KeyboardInterrupt:
            global interrupted
            interrupted = True
            raise click.Abort() from None
        except Exception as error:
            if debug():
                raise
            raise click.ClickException(
                f"unexpected {type(error).__name__}: {error}. Rerun with RETRO_DEBUG=1 for details, "
                "and report it if it persists."
            ) from None


# The command line's name for each setting an error below the faces can name (see errors.SettingError).
FLAGS = {"month": "--month", "year": "--year", "repos": "--repo", "authors": "--author", "all_authors": "--all-authors",
         "timezone": "--tz", "lang": "--lang", "format": "--format", "model": "--model", "api_base": "--api-base",
         "timeout": "--timeout", "notes": "--notes", "force": "--force", "address": "--address", "engine": "--engine",
         "site_url": "--site-url", "install": "--install", "remote": "--remote"}
# and each source's options, by the setting of its table they set ("github.login": "--github")


def source_flag(key: str) -> str | None:
    source, _, setting = key.partition(".")
    if not setting:
        return None
    from retro.sources import SOURCES

    return next((option.flag for one in SOURCES if one.name == source for option in one.options
                 if option.key == setting), None)


def as_flags(text: str) -> str:
    """A message from below the faces with each setting it names said as the command line's flag."""
    def flag(key: str, value: str) -> str:
        said = FLAGS.get(key) or source_flag(key)
        if said is None:
            return in_file(key, value)
        return f"{said} {value}" if value else said

    return named(text, flag)


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
    """Progress and warnings: stderr, so stdout stays the result; a setting a use case names, as its flag."""
    click.echo(as_flags(message), err=True)



def shown(problem: Problem) -> str:
    """A problem as a line on stderr: 'warning: ...', 'fact check: line 3: ...', 'note: ...'."""
    if problem.kind == FACT:
        return f"fact check: {problem}"
    if problem.kind == NOTE:
        return f"note: {as_flags(problem.message)}"
    if problem.kind == ERROR and problem.file is not None:
        return where(problem)  # posts/a.md:29: Keep is unanswered: ...
    return f"warning: {as_flags(problem.message)}"


def where(problem: Problem, label: str = "") -> str:
    """A problem at its file and line, the file as a person would type it: 'posts/a.md:3: ...'."""
    path = problem.file
    if path is not None and path.is_absolute():
        relative = Path(os.path.relpath(path))
        path = path if relative.parts[:1] == ("..",) else relative
    return f"{path}:{problem.line or 1}: {label}{as_flags(problem.message)}"


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
                          "authors, else git's user.email (the global one and each repository's own)."),
        click.option("--all-authors", is_flag=True, help="Count every author's commits."),
        click.option("--tz", metavar="ZONE",
                     help="IANA time zone that cuts the month, e.g. Asia/Seoul. Default: retro.toml's "
                          "timezone, else the machine's."),
    ]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def request_options(sources: bool = True) -> Callable:
    """The shared options of every command that reads a month (--month --repo --author --all-authors --tz, and the
    sources' unless `sources` is False), given to the command as one value: `request`, a selection.Request.
    mkdocs' common_config_options with a pass decorator is the model: no command re-declares them."""
    def decorator(command: Callable) -> Callable:
        @functools.wraps(command)
        def with_request(*args: Any, month=None, repos=(), authors=(), all_authors=False, tz=None,
                         **kwargs: Any) -> Any:
            from retro.sources import Flags
            from retro.usecases.selection import Request

            asked = {name: kwargs.pop(name) for name in source_names() if name in kwargs}
            request = Request(month=month, repos=tuple(repos), authors=tuple(authors), all_authors=all_authors,
                              tz=tz, sources=Flags.given(**asked) if sources else None)
            return command(*args, request=request, **kwargs)

        with_request.__dict__.pop("__click_params__", None)
        decorated = activity_options(source_options(with_request) if sources else with_request)
        decorated.__click_params__ = [*getattr(command, "__click_params__", []),
                                      *decorated.__dict__.pop("__click_params__", [])]
        return decorated
    return decorator


def month_help(text: str) -> Callable:
    """A command's own word on --month, where its default is not the previous month."""
    def apply(command: click.Command) -> click.Command:
        for param in command.params:
            if param.name == "month":
                param.help = text
        return command
    return apply


def source_names() -> list[str]:
    from retro.sources import SOURCES

    return [option.name for source in SOURCES for option in source.options]


def source_options(command: Callable) -> Callable:
    """Each source's options (--github, --calendar, --reading, ...), as the sources declare them."""
    from retro.sources import SOURCES

    options = []
    for source in SOURCES:
        for option in source.options:
            if option.switch:
                options.append(click.option(option.flag, option.name, is_flag=True, default=None,
                                            help=option.help))
            else:
                options.append(click.option(option.flag, option.name, multiple=option.adds,
                                            metavar=option.metavar or None, help=option.help))
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def draft_options(command: Callable) -> Callable:
    """--notes --lang --force, shared by the commands that write a post."""
    options = [
        click.option("--notes", "notes_file", type=click.Path(path_type=Path), metavar="PATH",
                     help="Your notes for the month: a Markdown file, or a folder of daily YYYY-MM-DD.md files. "
                          "Default: notes/YYYY-MM.md, else the month's daily files in notes/."),
        click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                     help="Language of the post. Default: retro.toml's lang, else en."),
        click.option("--force", is_flag=True,
                     help="Replace an existing post for the month (the old one is kept in .retro/backups/)."),
    ]
    return functools.reduce(lambda cmd, option: option(cmd), reversed(options), command)


def format_option(command: Callable) -> Callable:
    """--format, shared by draft and interview."""
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                        help="How the post is laid out after its facts: free (your themes, reflection, plans), "
                             "kpt (Keep, Problem, Try) or 4ls (Liked, Learned, Lacked, Longed for). A section your "
                             "notes do not fill holds a question for you. Default: retro.toml's format, else free."
                        )(command)


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
    from retro import config as config_module

    root = config_module.find_root() if need_blog else config_module.find_root_or_here()
    from retro.usecases.selection import load

    return load(root).override(**flags)


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


def main() -> None:
    """The `retro` command: the CLI, and a prompt exit on Ctrl-C.

    After Ctrl-C, Click says "Aborted!" and exits 1; retro then leaves at once, without tearing down every
    module it imported. With LiteLLM loaded that teardown is most of a second, longer on a loaded machine, and
    it is where an interrupted draft seemed not to stop. Nothing is left half-written: every file is written
    through a temporary file that an interrupt removes before this point.
    """
    import sys

    try:
        cli(prog_name="retro")
    except SystemExit as done:
        if done.code == 1 and interrupted:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(1)
        raise


interrupted = False  # set when a command was stopped by Ctrl-C


def commands_table() -> str:
    """The README's list of commands, from their own help (a test keeps the two equal)."""
    rows = ["| command | what it does |", "| --- | --- |"]
    for name, command in sorted(cli.commands.items()):
        subcommands = getattr(command, "commands", None)
        for sub_name, sub in sorted((subcommands or {None: command}).items(), key=lambda kv: str(kv[0])):
            full = f"retro {name}" + (f" {sub_name}" if sub_name else "")
            rows.append(f"| `{full}` | {(sub.help or '').strip().splitlines()[0]} |")
    return "\n".join(rows)


from retro.cli import blog, interview, month  # noqa: E402,F401 - the commands register themselves on `cli`
