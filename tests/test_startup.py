"""`retro --help` stays fast: litellm, mkdocs and git are imported only by the commands that use them."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("litellm", "mkdocs", "git", "gitdb", "frontmatter", "yaml", "httpx", "requests", "gitlab", "icalendar",
         "recurring_ical_events", "nh3", "urllib3", "mcp", "anyio")

PROBE = """
import sys
from retro.cli import cli
try:
    cli({args!r}, prog_name="retro")
except SystemExit:
    pass
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))
print("HEAVY:", ",".join(heavy))
"""


from retro.cli import cli  # noqa: E402 - click only

EVERY_HELP = [["--help"], ["--version"], *([name, "--help"] for name in sorted(cli.commands)), ["import", "jekyll", "--help"]]


@pytest.mark.parametrize("args", EVERY_HELP, ids=" ".join)
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    run = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
                         capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "HEAVY:"
    assert "Usage: retro" in run.stdout or "retro, version" in run.stdout


def test_the_offline_draft_never_imports_litellm(tmp_path) -> None:
    probe = (
        "import sys, os; os.chdir(sys.argv[1]); from retro.cli import cli\n"
        "try:\n    cli(['draft', '--month', '2026-01', '--repo', sys.argv[1], '--all-authors'], prog_name='retro')\n"
        "except SystemExit as e:\n    print('EXIT', e.code)\n"
        "print('LITELLM', 'litellm' in sys.modules)\n"
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    run = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True)
    assert "EXIT 0" in run.stdout, run.stderr
    assert "LITELLM False" in run.stdout
    assert (tmp_path / "posts" / "2026-01-retrospective.md").exists()
