"""`retro interview`: the month's questions on a terminal, from a pipe or in an editor, each answer kept as given."""

from __future__ import annotations

from pathlib import Path

import click

from retro.config import LANGUAGES

from retro import cli as face
from retro.cli import cli, display_path, format_option, request_options, say, shown


@cli.command(short_help="Answer questions about the month; they join its notes.")
@request_options()
@format_option
@click.option("--notes", "notes_file", type=click.Path(path_type=Path), metavar="PATH",
              help="The notes file the answers go to. Default: notes/YYYY-MM.md (or the month's daily notes).")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="Language of the questions. Default: retro.toml's lang, else en.")
@click.option("--edit", is_flag=True, help="Open $EDITOR on the questions as a notes template, as git commit does.")
@click.option("--dry-run", is_flag=True, help="Print the questions and write nothing.")
def interview(request, fmt: str | None, notes_file: Path | None, lang: str | None, edit: bool,
              dry_run: bool) -> None:
    """Answer a few questions about the month; the answers join its notes.

    Reads the month's facts from every source and asks four to eight
    questions grounded in them (your heaviest work, recurring meetings,
    pull requests, a busy or quiet stretch, the month before), then the
    format's sections and next month's plans. Each answer is appended to
    the month's notes under a heading that says what it answers, so the
    next `retro draft` uses it; nothing already there changes.

    \b
    On a terminal: one question at a time. End an answer with an empty
    line; an empty answer skips the question; Ctrl-D stops and keeps what
    was answered. From a pipe: the answers in order, separated by blank
    lines.

    \b
    Examples:
      retro interview --month 2026-01
      retro interview --format kpt --lang ko
      retro interview --edit                        # answer in $EDITOR
      printf 'It went well.\\n\\nShip v2.\\n' | retro interview
    """
    config = face.load_config(lang=lang, format=fmt)
    ask(config, request, notes_file, dry_run, edit)


def ask(config, request, notes_file: Path | None, dry_run: bool, edit: bool) -> None:
    """Ask the month's questions on the terminal, from a pipe or in an editor; add each answer to the notes as it
    is given, so Ctrl-C or Ctrl-D loses nothing that was answered."""
    import sys

    from retro.usecases import interview as interviewing

    asked = interviewing.prepare(config, request, config.format, config.lang, notes_file, say)
    from retro.usecases.draft import reading_problems

    for problem in reading_problems(asked.facts):
        say(shown(problem))  # commits left out as another author's, a shallow clone, a source that failed
    ko = config.lang == "ko"
    if asked.answered:
        names = ", ".join(q.heading for q in asked.answered)
        say(f"이전 인터뷰에서 답한 질문 {len(asked.answered)}개({names})는 다시 묻지 않습니다" if ko else
            f"answered in an earlier interview, not asked again: {names}")
    if dry_run:
        for number, question in enumerate(asked.questions, 1):
            click.echo(f"{number}. {question.text}" + (f"\n   ({question.fact})" if question.fact else ""))
        say(f"dry run: {len(asked.questions)} questions; nothing was written to {display_path(asked.notes)}")
        return
    if not asked.questions:
        say("이번 달의 질문에 모두 답했습니다; 노트는 그대로입니다" if ko else
            "every question of the month is answered; the notes are unchanged")
        return
    given = 0
    stopped = False
    answers = (interviewing.from_template(click.edit(interviewing.template(asked), extension=".md") or "")
               if edit else listen(asked.questions, sys.stdin.isatty()))
    try:
        for heading, text in answers:
            interviewing.answer(asked, heading, text)
            given += 1
    except KeyboardInterrupt:
        stopped = True
    kept = f"; added to {display_path(asked.notes)}" if given else "; the notes are unchanged"
    if stopped:
        say(f"stopped (Ctrl-C): {given} of {len(asked.questions)} questions answered{kept}")
        raise SystemExit(130)
    say(f"{given} of {len(asked.questions)} questions answered{kept}")


def listen(questions: list, terminal: bool):
    """Each question and its answer as it is given: lines up to an empty one; an empty answer skips; end of input
    stops. On a terminal the line can be edited (readline: arrows, history)."""
    import sys

    if terminal:
        try:
            import readline  # noqa: F401 - input() edits its line once loaded
        except ImportError:  # Windows
            pass
    total = len(questions)
    for number, question in enumerate(questions, 1):
        if terminal:
            click.echo(f"\n[{number}/{total}] {question.text}", err=True)
            if question.fact:
                click.echo(f"        ({question.fact})", err=True)
        lines: list[str] = []
        while True:
            line = read_line(terminal)
            if line is None:  # Ctrl-D or the pipe's end: keep what was answered
                if lines:
                    yield question.heading, "\n".join(lines)
                return
            if not line.strip():
                break
            lines.append(line.rstrip("\n"))
        if lines:
            yield question.heading, "\n".join(lines)


def read_line(terminal: bool) -> str | None:
    """A line of the answer, None at the end of input."""
    import sys

    if not terminal:  # bytes, decoded as the notes are read: an odd byte is replaced, never a crash
        raw = sys.stdin.buffer.readline() if hasattr(sys.stdin, "buffer") else sys.stdin.readline().encode()
        return raw.decode("utf-8", "replace") if raw else None
    try:
        return input("> ")
    except EOFError:
        return None
