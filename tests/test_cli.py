"""The command line itself: help for every command, version, and errors without tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from retro import __version__
from retro.cli import cli

COMMANDS = sorted(cli.commands)


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"retro, version {__version__}\n"


def test_top_level_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    summary = cli.commands[name].help.strip().splitlines()[0]
    assert summary in result.stdout
    assert f"retro {name}" in result.stdout.split("Options:")[0]  # an example, kept intact by \b


def test_an_unexpected_failure_is_one_line_unless_debugging(tmp_path: Path) -> None:
    # A failure retro does not foresee, raised where the draft command starts.
    script = (
        "import sys; from retro import cli as c;"
        "c.debug = lambda: False;"
        "import retro.config as conf; conf.find_root = lambda *a: (_ for _ in ()).throw(RuntimeError('boom'));"
        "c.cli(['draft'], prog_name='retro')"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.strip() == (
        "Error: unexpected RuntimeError: boom. Rerun with RETRO_DEBUG=1 for details, and report it if it persists."
    )
    debug = subprocess.run([sys.executable, "-c", script.replace("lambda: False", "lambda: True")],
                           capture_output=True, text=True, cwd=tmp_path)
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "RuntimeError: boom" in debug.stderr


def test_the_docs_list_every_command() -> None:
    # Regenerate with: python3 dev.py docs
    from retro.cli import commands_table

    assert commands_table() in (Path(__file__).parent.parent / "docs" / "pages" / "commands.md").read_text()
