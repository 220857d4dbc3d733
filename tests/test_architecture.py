"""The package shows its flow, and the import contracts in pyproject.toml keep it so; every string in the facts
says whose text it is, so a field of other people's text is redacted the day a source adds it."""

from __future__ import annotations

import dataclasses
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from retro import sources
from retro.sources.facts.trust import TRUST

LINT = Path(sys.executable).parent / "lint-imports"


def lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--config", str(folder / "pyproject.toml"), "--no-cache"], cwd=folder,
                          env={**os.environ, "PYTHONPATH": str(folder)}, capture_output=True, text=True, timeout=300)


def test_the_contracts_hold() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 6 kept, 0 broken." in result.stdout


def test_a_wrong_import_breaks_them(tmp_path: Path) -> None:
    """Writing that reaches into the blog is the kind of import the layers forbid."""
    shutil.copytree(ROOT / "retro", tmp_path / "retro", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    chart = tmp_path / "retro" / "writing" / "charts" / "month.py"
    chart.write_text(chart.read_text() + "\nfrom retro.blog import post  # noqa: E402 - the wrong way\n")
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "Contracts: 5 kept, 1 broken." in result.stdout
    assert "retro.writing.charts.month -> retro.blog.post" in result.stdout


def test_no_module_passes_500_lines() -> None:
    lengths = {str(p.relative_to(ROOT)): len(p.read_text().splitlines()) for p in (ROOT / "retro").rglob("*.py")}
    assert max(lengths.values()) <= 500, sorted(lengths.items(), key=lambda kv: -kv[1])[:3]


def facts_classes() -> list[type]:
    found = []
    for source in sources.SOURCES:
        for name in source.facts:
            module, _, cls = name.partition(":")
            found.append(getattr(importlib.import_module(f"retro.sources.facts.{module}"), cls))
    from retro.sources.facts.notes import Notes

    return [*found, Notes]


@pytest.mark.parametrize("kind", facts_classes(), ids=lambda k: k.__name__)
def test_every_string_in_the_facts_says_whose_text_it_is(kind: type) -> None:
    strings = [f for f in dataclasses.fields(kind) if f.type in ("str", "str | None", "list[str]")]
    assert strings, kind
    unmarked = [f.name for f in strings if f.metadata.get(TRUST) not in ("others", "own")]
    assert unmarked == [], f"{kind.__name__}: mark these OTHERS or OWN in sources/facts/"


def test_other_peoples_text_is_redacted_by_its_mark() -> None:
    """A title is cleaned wherever it sits in the facts; retro's own words are left as they are."""
    from retro.sources.facts.forges import ForgeActivity, PullRequest
    from retro.sources.facts.meetings import CalendarActivity, Series
    from retro.writing.model.redact import redact_facts

    forge = ForgeActivity("github", "me", "github.com", merged=[PullRequest("me/api", 1, "secret title", "merged")])
    calendar = CalendarActivity(series=[Series("secret call", "weekly", 4, 240)])
    shout = str.upper
    assert redact_facts(forge, shout).merged[0].title == "SECRET TITLE"
    assert redact_facts(forge, shout).merged[0].repo == "me/api" and redact_facts(forge, shout).login == "me"
    assert redact_facts(calendar, shout).series[0].title == "SECRET CALL"
    assert redact_facts(calendar, shout).series[0].cadence == "weekly"
    assert forge.merged[0].title == "secret title"  # a copy: the facts themselves are untouched


def test_no_message_below_the_faces_names_a_flag() -> None:
    """Errors and problems below the faces name settings (errors.setting), never a command-line flag: each face
    says a setting its own way (issue 28). Commands quoted whole (`retro draft --month 2026-01`) are advice, not
    a flag of this command, and stay."""
    import ast
    import re

    from retro.cli import FLAGS

    flags = re.compile(r"(?<![\w`-])(" + "|".join(re.escape(f) for f in FLAGS.values()) + r")(?![=\w-])")
    found = []
    for path in sorted((ROOT / "retro").rglob("*.py")):
        if path.parts[-2] == "cli" or path.name == "mcp.py" or path.parts[-2] == "retro" and path.name == "errors.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                text = re.sub(r"retro \w+( \w+)? --[\w-]+", "", node.value)  # a whole command, quoted
                if path.name == "scaffold.py" and ("set --" in text or "$" in text):
                    continue  # the workflows' shell steps run retro: their flags are the CLI's own
                if flags.search(text):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert found == []


def test_the_faces_only_translate() -> None:
    """No function of a face (the CLI, MCP) is over 60 lines: they parse, call a use case, render (issue 28); and
    MCP's tools and prompts are module-level functions registered in one loop."""
    import ast

    long = []
    for path in [*sorted((ROOT / "retro" / "cli").glob("*.py")), ROOT / "retro" / "mcp.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert long == []
    from retro import mcp

    assert {f.__name__ for f in mcp.TOOLS} == {"collect_month", "draft_post", "save_post", "read_post", "list_posts",
                                               "check_posts", "add_notes"}
    assert all(f.__module__ == "retro.mcp" and "." not in f.__qualname__ for f in (*mcp.TOOLS, *mcp.PROMPTS))
