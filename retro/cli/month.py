"""A month's commands: draft, collect, sources, check, note, revise, ping."""

from __future__ import annotations

from pathlib import Path

import click

from retro import cli as face
from retro.cli import (
    request_options,
    cli,
    display_path,
    draft_options,
    format_option,
    model_options,
    month_help,
    say,
    shown,
    where,
)
from retro.errors import RetroError, UsageError
from retro.months import Month


@cli.command()
@request_options()
@draft_options
@format_option
@model_options
@click.option("--year", type=int, metavar="YYYY", default=None,
              help="Draft the year in review instead: posts/YYYY-year-in-review.md, from the whole year and your "
                   "monthly posts.")
@click.option("--skip-existing", is_flag=True,
              help="When the month's post exists, say so and write nothing (exit 0): for a scheduled draft.")
@click.option("--interview", "ask_first", is_flag=True,
              help="Ask your part first (see retro interview): the answers go to the month's notes, then it drafts.")
@click.option("--dry-run", is_flag=True,
              help="Write nothing. With a model: print exactly what it would be sent (after redaction), the "
                   "redaction rule and the token count, and send nothing. Offline: print the whole post.")
def draft(
    request,
    notes_file: Path | None,
    lang: str | None,
    force: bool,
    fmt: str | None,
    model: str | None,
    api_base: str | None,
    timeout: int | None,
    year: int | None,
    skip_existing: bool,
    ask_first: bool,
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
    from retro.usecases import draft as draft_module
    from retro.usecases import selection

    config = face.load_config(lang=lang, model=model, api_base=api_base, timeout=timeout, format=fmt)
    if year is not None:
        return show_draft(draft_year(config, request, year, force, dry_run, ask_first), dry_run)
    chosen = selection.selected(config, request)
    if skip_existing and already_drafted(config, chosen.month):
        return
    if ask_first:
        from retro.cli.interview import ask

        ask(config, request, notes_file, dry_run=dry_run, edit=False)
    options = draft_module.Options.of(config, say, face.stream_target(), dry_run)
    show_draft(draft_module.draft(config, chosen, notes_file, options, force, request), dry_run)


def already_drafted(config, month) -> bool:
    """--skip-existing: whether the month's post exists (under any name), said when it does."""
    from retro.usecases.save import month_post

    existing = month_post(config, month)
    if existing.exists():
        say(f"{display_path(existing)} is {month}'s post already; nothing to do")
    return existing.exists()


def draft_year(config, request, year: int, force: bool, dry_run: bool, ask_first: bool):
    """`retro draft --year`: the year in review."""
    import dataclasses

    from retro.months import Year
    from retro.usecases import draft as draft_module
    from retro.usecases import year as year_module

    if request.month is not None or ask_first:
        raise UsageError("--year drafts a whole year: leave out --month and --interview.")
    try:
        request = dataclasses.replace(request, year=Year.parse(f"{year:04d}"))
    except ValueError as error:
        raise UsageError(f"--year: {error}.") from None
    options = draft_module.Options.of(config, say, face.stream_target(), dry_run)
    return year_module.draft_year(config, request, options, force)


def show_draft(result, dry_run: bool) -> None:
    """A draft's problems, then its dry run or where it was written."""
    for problem in result.problems:
        say(shown(problem))
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
    say(f"drafted by {result.post.drafted_by}; preview it with `retro serve`, then `retro ready "
        f"{display_path(result.path)}` to publish")
    click.echo(display_path(result.path))


@cli.command(short_help="Show the month's facts from every source.")
@request_options()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (its shape is in the README).")
@click.option("--compare", is_flag=True,
              help="Count the month before too (previous_* in the JSON), as a draft does; it walks one month more.")
@click.option("--keep", is_flag=True,
              help="Save the month's AI coding sessions so far under .retro/cache/agents/ (Claude Code deletes "
                   "sessions after 30 days), merged with later reads, each session once. Implies --agents.")
def collect(request, as_json: bool, compare: bool, keep: bool) -> None:
    """Show the month's facts: git, and GitHub, GitLab and calendars when named.

    Counts the month's commits by author date in your time zone, by your
    emails (.mailmap applied), from every local branch, without merges. --repo
    may name a folder: the repositories inside it are read in parallel.

    \b
    Examples:
      retro collect --month 2026-01
      retro collect --month 2026-01 --repo ~/code --json > 2026-01.json
    """
    import sys

    from retro.usecases import collect as collecting
    from retro.usecases import selection

    import dataclasses

    config = face.load_config(need_blog=False)
    request = dataclasses.replace(request, compare=compare)
    if keep:
        from retro.errors import UsageError
        from retro.sources import Flags

        if not (config.root / "mkdocs.yml").is_file():
            raise UsageError(f"--keep saves the month's sessions under a blog's .retro/ (its .gitignore keeps them "
                             f"out of the repository), and {config.root} is no blog: run it inside your blog.")
        asked = dict(request.sources.asked) if request.sources else {}
        asked["agents"] = {**asked.get("agents", {}), "on": True, "keep": True}
        request = dataclasses.replace(request, sources=Flags(asked))
    chosen = selection.selected(config, request)
    with face.progress_bar(len(chosen.repos) + len(chosen.found), "reading repositories") as advance:
        facts = collecting.collect(config, chosen, request, say, advance)
    for name, why in facts.source_errors.items():
        say(f"warning: {name}: {face.as_flags(why)}")
    if as_json:
        import orjson

        # UTF-8; indented for a person at a terminal, compact in a pipe.
        option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if sys.stdout.isatty() else 0)
        document = collecting.as_json(facts, collecting.month_notes(config, chosen), face.as_flags)
        click.echo(orjson.dumps(document, option=option).decode())
    else:
        from retro.cli import tables  # the terminal's tables only: a pipe's JSON needs none of it

        click.echo(face.as_flags(tables.as_text(facts)))


@cli.command(name="sources", short_help="List the sources: what each found, whether it signs in.")
@request_options()
def list_sources(request) -> None:
    """List the configured sources, whether each can sign in, and what each found.

    One line a source: git, notes, and GitHub, GitLab and calendars when
    configured (retro.toml) or named (flags). A source that cannot be read says
    why and how to fix it; the command exits 1 when any cannot.

    \b
    Examples:
      retro sources
      retro sources --month 2026-01 --github octocat --calendar work.ics
    """
    from retro.usecases import selection
    from retro.usecases import sources as sources_report

    config = face.load_config(need_blog=False)
    states = sources_report.report(config, selection.selected(config, request), request.sources, say)
    for state in states:
        if state.failed:
            click.echo(f"{state.name:<9} {state.state}: {face.as_flags(state.detail)}")
        else:
            signed = f" signed in {state.signed_in};" if state.signed_in else ""
            click.echo(f"{state.name:<9}{signed} {face.as_flags(state.detail)}")
        for line in state.reads:
            click.echo(f"{'':<9}   {line}")
    if len(states) == 2 and not states[0].failed:
        click.echo("(no GitHub, GitLab, calendar, reading or agents configured: see `retro sources --help` and "
                   "retro.toml)")
    failed = sum(state.failed for state in states)
    if failed:
        raise RetroError(f"{failed} source{'s' if failed != 1 else ''} cannot be read; see above.")


@month_help("The month whose facts to check against, YYYY-MM. Default: each post's own month (its date).")
@cli.command(short_help="Check posts, and their figures against git.")
@click.argument("posts", nargs=-1, type=click.Path(path_type=Path))
@request_options(sources=False)
@click.option("--no-figures", is_flag=True, help="Check front matter, images and HTML only; read no repository.")
def check(posts: tuple[Path, ...], request, no_figures: bool) -> None:
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
    from retro.usecases import check as checking

    config = face.load_config()
    checked = checking.check_posts(config, list(posts), request, say, figures=not no_figures)
    for problem in checked.warnings:
        say(where(problem, "warning: ") if problem.file is not None else shown(problem))
    problems = checked.failures
    for problem in problems:
        click.echo(where(problem))
    if problems:
        raise RetroError(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.")
    say("no problems found")


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

    from retro.sources import notes as notes_source
    from retro.usecases import selection

    config = face.load_config()
    now = datetime.now(selection.resolve_zone(tz, config))
    path = notes_source.month_file(config, Month.containing(now.date()))
    notes_source.append(path, " ".join(text), now)
    click.echo(display_path(path))


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
    from retro.usecases import revise as revising

    config = face.load_config(model=model, api_base=api_base, timeout=timeout)
    if not config.model or config.model == "offline":
        raise UsageError("revising needs a model: pass --model NAME, set RETRO_MODEL, or set model in retro.toml.")
    revised = revising.revise(config, post_path, instruction, say, face.stream_target())
    for problem in revised.problems:
        say(shown(problem))
    say(f"the previous text was kept as {display_path(revised.backup)}")
    click.echo(display_path(post_path))


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
    from retro.writing.model import llm

    config = face.load_config(need_blog=False, model=model, api_base=api_base, timeout=timeout)
    if not config.model or config.model == "offline":
        raise UsageError("no model to check: pass --model NAME, set RETRO_MODEL, or set model in retro.toml.")
    answer = llm.ping(config.model, config.api_base, float(config.timeout))
    where = f" at {config.api_base}" if config.api_base else ""
    click.echo(f"{config.model}{where} answered in {answer.seconds:.2f} s: {' '.join(answer.text.split())[:60]}")
