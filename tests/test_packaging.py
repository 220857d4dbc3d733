"""retro as a user installs it: a wheel with everything inside, a blog whose workflow installs this
project and passes GitHub's schema and zizmor's audit, a pre-commit hook, and shell completion."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import JANUARY, ME, ROOT, git, make_repo
from retro import DISTRIBUTION, __version__
from retro.blog.site import actions_credentials

BIN = Path(sys.executable).parent
# The locked dependencies, already installed in the suite's own environment: the installs below use them and
# reach no package index (tests reach nothing beyond loopback).
PRESENT = Path(__import__("sysconfig").get_paths()["purelib"])
OFFLINE = {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel and an sdist built from this checkout, as `python -m build` makes them."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT)
    return out


def test_the_wheel_and_sdist_carry_the_name_version_entry_points_and_the_hook(dist: Path) -> None:
    [wheel] = dist.glob("*.whl")
    [sdist] = dist.glob("*.tar.gz")
    assert wheel.name == f"retro_monthly-{__version__}-py3-none-any.whl"
    assert sdist.name == f"retro_monthly-{__version__}.tar.gz"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = archive.read(f"retro_monthly-{__version__}.dist-info/entry_points.txt").decode()
        metadata = archive.read(f"retro_monthly-{__version__}.dist-info/METADATA").decode()
    assert "retro/blog/plugin.py" in names and "retro/blog/scaffold.py" in names
    assert "retro = retro.cli:main" in entry_points
    assert "retro-posts = retro.blog.plugin:PostsPlugin" in entry_points
    assert f"Name: {DISTRIBUTION}\n" in metadata and f"Version: {__version__}\n" in metadata


def test_the_wheel_in_a_clean_environment_inits_drafts_and_builds(dist: Path, tmp_path: Path) -> None:
    [wheel] = dist.glob("*.whl")
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # The wheel alone from this build, offline; its dependencies are the locked ones already installed, put on
    # the new environment's path after its own site-packages (a .pth line; .pth files there are not read).
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site / "locked-dependencies.pth").write_text(f"{PRESENT}\n")
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", wheel, env=OFFLINE)
    retro = env_dir / "bin" / "retro"
    clean = {"PYTHONPATH": "", "VIRTUAL_ENV": str(env_dir)}
    assert run(retro, "--version", env=clean).stdout.strip() == f"retro, version {__version__}"
    # Nothing is imported from this checkout: the package comes from the environment.
    where = run(python, "-c", "import retro; print(retro.__file__)", cwd=tmp_path, env=clean).stdout
    assert str(env_dir) in where
    repo = make_repo(tmp_path / "api", JANUARY)
    run(retro, "init", "blog", cwd=tmp_path, env=clean)
    blog = tmp_path / "blog"
    assert (blog / "requirements.txt").read_text().splitlines()[-1] == f"{DISTRIBUTION}=={__version__}"
    run(retro, "draft", "--month", "2026-01", "--repo", repo, "--author", ME, "--tz", "Asia/Seoul",
        cwd=blog, env=clean)
    assert (blog / "posts" / "2026-01-retrospective.md").is_file()
    run(retro, "build", "--drafts", cwd=blog, env=clean)
    page = blog / "public" / "2026" / "01" / "31" / "2026-01-dev-retrospective" / "index.html"
    assert "2026-01 Dev Retrospective" in page.read_text()


def test_init_pins_this_version_or_takes_another_install_source(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from retro.cli import cli

    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "pinned")], catch_exceptions=False).exit_code == 0
    lines = (tmp_path / "pinned" / "requirements.txt").read_text().splitlines()
    assert lines[-1] == f"retro-monthly=={__version__}"
    assert any("git URL" in line for line in lines if line.startswith("#"))
    fork = "git+https://github.com/someone/retro@main"
    forked = runner.invoke(cli, ["init", str(tmp_path / "forked"), "--install", fork], catch_exceptions=False)
    assert forked.exit_code == 0
    assert (tmp_path / "forked" / "requirements.txt").read_text().splitlines()[-1] == fork
    bad = runner.invoke(cli, ["init", str(tmp_path / "bad"), "--install", " "])
    assert bad.exit_code == 2
    assert "--install takes one pip requirement" in bad.output


@pytest.fixture
def workflow(tmp_path: Path) -> Path:
    from click.testing import CliRunner

    from retro.cli import cli

    result = CliRunner().invoke(cli, ["init", str(tmp_path / "blog")], catch_exceptions=False)
    assert result.exit_code == 0
    return tmp_path / "blog" / ".github" / "workflows" / "publish.yml"


def test_the_publish_workflow_passes_githubs_schema(workflow: Path) -> None:
    result = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", workflow)
    assert "ok -- validation done" in result.stdout


def test_the_publish_workflow_passes_zizmors_audit(workflow: Path) -> None:
    result = run(BIN / "zizmor", "--offline", "--no-progress", workflow, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_the_workflow_pins_actions_caches_pip_and_keeps_no_credentials(workflow: Path) -> None:
    import yaml

    document = yaml.safe_load(workflow.read_text())
    steps = document["jobs"]["publish"]["steps"]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert all(len(ref.split("@")[1]) == 40 for ref in uses), uses
    assert steps[0]["with"]["persist-credentials"] is False
    assert steps[1]["with"]["cache"] == "pip"
    assert document["permissions"] == {} and document["jobs"]["publish"]["permissions"] == {"contents": "write"}
    assert steps[-1]["run"] == "retro publish"


def test_publish_on_actions_hands_the_token_to_git_in_memory() -> None:
    assert actions_credentials({"GITHUB_TOKEN": "t0ken"}) == {}  # not on Actions: git's own credentials
    assert actions_credentials({"GITHUB_ACTIONS": "true"}) == {}
    given = actions_credentials({"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": "t0ken", "GIT_CONFIG_COUNT": "1",
                                 "GITHUB_SERVER_URL": "https://ghe.example.com"})
    assert given == {
        "GIT_CONFIG_COUNT": "3",
        "GIT_CONFIG_KEY_1": "http.https://ghe.example.com/.extraheader",
        "GIT_CONFIG_VALUE_1": "",  # resets a header the checkout may have saved: git sends one, not two
        "GIT_CONFIG_KEY_2": "http.https://ghe.example.com/.extraheader",
        "GIT_CONFIG_VALUE_2": "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46dDBrZW4=",  # x-access-token:t0ken
    }
    odd = actions_credentials({"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": "t", "GIT_CONFIG_COUNT": "x"})
    assert odd["GIT_CONFIG_COUNT"] == "2"


def test_publish_pushes_with_the_actions_token_and_writes_it_nowhere(tmp_path: Path) -> None:
    """git is told the header through its environment: a push to a local remote works and .git/config stays clean."""
    from click.testing import CliRunner

    from retro.cli import cli

    runner = CliRunner()
    blog = tmp_path / "blog"
    assert runner.invoke(cli, ["init", str(blog)], catch_exceptions=False).exit_code == 0
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(blog, "init", "-q", "-b", "main")
    git(blog, "add", "-A")
    git(blog, "commit", "-qm", "blog")
    git(blog, "remote", "add", "origin", str(remote))
    old = os.getcwd()
    os.chdir(blog)
    try:
        env = {"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": "ghs_secret_in_memory_only"}
        result = runner.invoke(cli, ["publish"], env=env, catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    assert "gh-pages" in git(remote, "branch")
    for config in (blog / ".git" / "config", remote / "config"):
        assert "ghs_secret" not in config.read_text() and "extraheader" not in config.read_text()
    assert "GIT_CONFIG_COUNT" not in os.environ


HOOKED_POST = """---
title: A hand-written post
date: 2026-01-31
---

Hello.
"""


def test_the_pre_commit_hook_checks_changed_posts(tmp_path: Path) -> None:
    """The real pre-commit, with retro's .pre-commit-hooks.yaml as a blog would use it: one hook environment
    installed once (one store) for the three runs.

    pre-commit installs a hook from a commit, so this runs the hook as committed at this checkout's HEAD, not the
    working tree: commit a change to the hook before this test can see it. Offline: pip builds and installs retro
    alone into the hook's environment (no index, no build isolation), and the locked dependencies already
    installed here are on its path."""
    from click.testing import CliRunner

    from retro.cli import cli

    blog = tmp_path / "blog"
    assert CliRunner().invoke(cli, ["init", str(blog)], catch_exceptions=False).exit_code == 0
    git(blog, "init", "-q", "-b", "main")
    (blog / "posts" / "good.md").write_text(HOOKED_POST)
    (blog / "posts" / "bad.md").write_text(HOOKED_POST.replace("2026-01-31", "2026-01-31 10:00:00 +0900"))
    head = git(ROOT, "rev-parse", "HEAD").strip()
    (blog / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: retro-check\n")
    git(blog, "add", "-A")
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-store"), **OFFLINE, "PIP_NO_DEPS": "1",
           "PIP_NO_BUILD_ISOLATION": "0", "PYTHONPATH": str(PRESENT)}
    pre_commit = BIN / "pre-commit"
    good = run(pre_commit, "run", "retro-check", "--files", "posts/good.md", cwd=blog, env=env, check=False)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "retro check" in good.stdout and "Passed" in good.stdout
    bad = run(pre_commit, "run", "retro-check", "--files", "posts/bad.md", "posts/good.md", cwd=blog, env=env,
              check=False)
    assert bad.returncode == 1
    assert "posts/bad.md:3: date must be a YAML date like 2026-01-31, not '2026-01-31 10:00:00 +0900'" in bad.stdout
    # Only posts are the hook's business.
    (blog / "notes.txt").write_text("x")
    git(blog, "add", "-A")
    skipped = run(pre_commit, "run", "retro-check", "--files", "notes.txt", cwd=blog, env=env)
    assert "no files to check" in skipped.stdout.lower()


@pytest.mark.parametrize(("shell", "marker"), [("bash", "complete -o nosort -F"), ("zsh", "#compdef retro"),
                                               ("fish", "complete --no-files --command retro")])
def test_shell_completion_scripts_come_from_click(shell: str, marker: str) -> None:
    result = run(BIN / "retro", env={"_RETRO_COMPLETE": f"{shell}_source"})
    assert marker in result.stdout


def test_completion_offers_commands_and_options() -> None:
    result = run(BIN / "retro", env={"_RETRO_COMPLETE": "bash_complete", "COMP_WORDS": "retro dr", "COMP_CWORD": "1"})
    assert result.stdout.split() == ["plain,draft"]
    result = run(BIN / "retro", env={"_RETRO_COMPLETE": "bash_complete", "COMP_WORDS": "retro draft --mo",
                                     "COMP_CWORD": "2"})
    assert result.stdout.split() == ["plain,--month", "plain,--model"]
