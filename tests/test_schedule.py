"""The monthly draft as a pull request: the workflow `retro schedule` writes is valid, zizmor-clean and least
privileged, and its steps, run here, draft the month and open a pull request on retro/YYYY-MM against a local
bare remote, with `gh` replaced by a recording stub; the default branch is never pushed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ME, Row, commit, git, init_repo, make_blog
from retro.cli import cli

BIN = Path(sys.executable).parent
TOKEN = "ghs_not-a-real-token-0123456789"
GH_STUB = """#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
body = open(args[args.index("--body-file") + 1]).read() if "--body-file" in args else ""
with open(os.environ["GH_RECORD"], "a") as record:
    record.write(json.dumps({"args": args, "body": body, "token": os.environ.get("GH_TOKEN", "")}) + "\\n")
print("https://github.com/me/blog/pull/1")
"""


@pytest.fixture
def repo_blog(tmp_path: Path) -> tuple[Path, Path]:
    """A blog that is its own git repository, with November's work and a bare remote as origin."""
    blog = make_blog(tmp_path / "blog")
    init_repo(blog)
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "fresh"), "--schedule"]).exit_code == 0
    (blog / ".github" / "workflows").mkdir(parents=True)
    (blog / ".github" / "workflows" / "draft.yml").write_text(
        (tmp_path / "fresh" / ".github" / "workflows" / "draft.yml").read_text())
    (blog / "retro.toml").write_text(f'authors = ["{ME}"]\ntimezone = "Asia/Seoul"\n')
    commit(blog, Row("2026-11-03T10:00:00+09:00", ME, "feat: a first post template", {"site/x.md": "x\n"}))
    commit(blog, Row("2026-11-20T10:00:00+09:00", ME, "fix: the footer", {"site/y.md": "y\n"}))
    remote = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(blog, "remote", "add", "origin", str(remote))
    git(blog, "push", "-q", "origin", "main")
    return blog, remote


def steps(blog: Path) -> list[dict]:
    document = yaml.safe_load((blog / ".github" / "workflows" / "draft.yml").read_text())
    return [step for step in document["jobs"]["draft"]["steps"] if "run" in step and "name" in step]  # not pip


# `date` as the runner's clock would answer on the day the test names (RETRO_TEST_NOW); with -d it is the real one.
DATE_STUB = """#!/bin/sh
for argument in "$@"; do
  case "$argument" in -d|--date|--date=*) exec /usr/bin/date "$@";; esac
done
exec /usr/bin/date -d "$RETRO_TEST_NOW" "$@"
"""


def run_step(step: dict, blog: Path, values: dict[str, str], tmp_path: Path,
             now: str = "") -> subprocess.CompletedProcess:
    """One `run:` step as Actions runs it: bash, its env with each ${{ ... }} given its value here; with `now`,
    the clock reads that moment."""
    stub = tmp_path / "stub-bin"
    stub.mkdir(exist_ok=True)
    (stub / "gh").write_text(GH_STUB)
    (stub / "gh").chmod(0o755)
    if now:
        (stub / "date").write_text(DATE_STUB)
        (stub / "date").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RETRO_", "GITHUB_", "GH_"))}
    env.update(PATH=f"{stub}{os.pathsep}{BIN}{os.pathsep}{env['PATH']}", RUNNER_TEMP=str(tmp_path / "runner"),
               GITHUB_OUTPUT=str(tmp_path / "output"), GH_RECORD=str(tmp_path / "gh.jsonl"), RETRO_TEST_NOW=now)
    (tmp_path / "runner").mkdir(exist_ok=True)
    for name, expression in (step.get("env") or {}).items():
        env[name] = values.get(expression.strip("${} "), "")
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=blog, env=env, capture_output=True, text=True,
                          timeout=300)


def outputs(tmp_path: Path) -> dict[str, str]:
    lines = (tmp_path / "output").read_text().splitlines() if (tmp_path / "output").exists() else []
    return dict(line.split("=", 1) for line in lines)


def test_the_workflow_is_valid_zizmor_clean_and_least_privileged(repo_blog) -> None:
    blog, _ = repo_blog
    workflow = blog / ".github" / "workflows" / "draft.yml"
    schema = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", workflow],
                            capture_output=True, text=True)
    assert "ok -- validation done" in schema.stdout, schema.stdout + schema.stderr
    audit = subprocess.run([BIN / "zizmor", "--offline", "--no-progress", workflow], capture_output=True, text=True)
    assert audit.returncode == 0 and "No findings to report" in audit.stdout + audit.stderr
    document = yaml.safe_load(workflow.read_text())
    assert document["permissions"] == {}
    assert document["jobs"]["draft"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    used = [s for s in document["jobs"]["draft"]["steps"] if "uses" in s]
    assert all(len(s["uses"].split("@")[1]) == 40 for s in used)
    assert used[0]["with"]["persist-credentials"] is False
    assert document[True]["schedule"] == [{"cron": "17 14 1 * *"}] and "workflow_dispatch" in document[True]
    assert all("secrets." not in s["run"] and "${{" not in s["run"] for s in steps(blog))  # secrets only in env


def test_schedule_refuses_to_replace_without_force(repo_blog, monkeypatch: pytest.MonkeyPatch) -> None:
    blog, _ = repo_blog
    monkeypatch.chdir(blog)
    workflow = blog / ".github" / "workflows" / "draft.yml"
    workflow.write_text("# mine\n")
    refused = CliRunner().invoke(cli, ["schedule"])
    assert refused.exit_code == 2 and "already exists; pass --force to replace it" in refused.stderr
    assert workflow.read_text() == "# mine\n"
    assert CliRunner().invoke(cli, ["schedule", "--force"]).exit_code == 0
    assert workflow.read_text().startswith("# Drafts last month's retrospective")


def test_the_steps_draft_the_month_and_open_a_pull_request(repo_blog, tmp_path: Path) -> None:
    blog, remote = repo_blog
    draft_step, pr_step = steps(blog)
    drafted = run_step(draft_step, blog, {"inputs.month": "2026-11", "github.token": TOKEN,
                                          "github.server_url": "https://github.com"}, tmp_path)
    assert drafted.returncode == 0, drafted.stdout + drafted.stderr
    found = outputs(tmp_path)
    assert found == {"month": "2026-11", "post": "posts/2026-11-retrospective.md"}
    opened = run_step(pr_step, blog, {"steps.draft.outputs.month": "2026-11", "steps.draft.outputs.post": found["post"],
                                      "github.event.repository.default_branch": "main", "github.token": TOKEN,
                                      "github.server_url": "https://github.com"}, tmp_path)
    assert opened.returncode == 0, opened.stdout + opened.stderr
    branches = git(remote, "branch", "--format=%(refname:short)").split()
    assert sorted(branches) == ["main", "retro/2026-11"]
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "fix: the footer"  # main is untouched
    assert "posts/2026-11-retrospective.md" in git(remote, "show", "--name-only", "--format=", "retro/2026-11")
    [call] = [json.loads(line) for line in (tmp_path / "gh.jsonl").read_text().splitlines()]
    assert call["args"][:7] == ["pr", "create", "--base", "main", "--head", "retro/2026-11", "--title"]
    assert call["args"][7] == "2026-11 retrospective (draft)" and call["token"] == TOKEN
    assert call["body"].startswith("retro drafted the 2026-11 retrospective: November 2026 in review: 2 commits "
                                   "across 1 repository.")
    assert "- no RETRO_GITHUB_TOKEN secret: GitHub's pull requests and reviews are left out" in call["body"]
    assert "- no RETRO_MODEL variable: drafted offline" in call["body"]
    assert TOKEN not in opened.stdout + opened.stderr + " ".join(call["args"]) + call["body"]
    assert TOKEN not in (blog / ".git" / "config").read_text()
    again = run_step(draft_step, blog, {"inputs.month": "2026-11"}, tmp_path)
    assert again.returncode == 0 and "The branch retro/2026-11 exists already: nothing to do." in again.stdout


def test_a_month_whose_post_exists_is_left_alone(repo_blog, tmp_path: Path) -> None:
    blog, remote = repo_blog
    (blog / "posts" / "2026-11-30-november.md").write_text(
        "---\ntitle: November\ndate: 2026-11-30\ncategories: [Retrospective]\n---\n\nDone by hand.\n")
    git(blog, "add", "posts")
    git(blog, "commit", "-q", "-m", "November by hand")
    (tmp_path / "output").unlink(missing_ok=True)
    drafted = run_step(steps(blog)[0], blog, {"inputs.month": "2026-11"}, tmp_path)
    assert drafted.returncode == 0, drafted.stdout + drafted.stderr
    assert "The post for 2026-11 exists already: nothing to do." in drafted.stdout
    assert "post" not in outputs(tmp_path) and not (tmp_path / "gh.jsonl").exists()


@pytest.mark.parametrize("now, month", [("2026-12-01T14:17:00Z", "2026-11"), ("2027-01-01T14:17:00Z", "2026-12")])
def test_the_scheduled_run_drafts_the_month_just_ended(repo_blog, tmp_path: Path, now: str, month: str) -> None:
    """With no month given (the cron's run), the step's own `date -u` arithmetic picks the month before."""
    blog, _ = repo_blog
    drafted = run_step(steps(blog)[0], blog, {"inputs.month": ""}, tmp_path, now=now)
    assert drafted.returncode == 0, drafted.stdout + drafted.stderr
    assert outputs(tmp_path)["month"] == month
    assert (blog / "posts" / f"{month}-retrospective.md").is_file()
