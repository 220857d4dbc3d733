#!/usr/bin/env python3
"""Set-up and the two everyday jobs, needing only Python 3.11+ and git.

    python3 dev.py demo   # draft a month of this repository's history offline, build the site
    python3 dev.py test   # check the import layers (lint-imports), then run the test suite
    python3 dev.py lock   # refresh constraints.txt to today's newest versions, then run the suite
    python3 dev.py docs   # regenerate the docs' generated blocks and build docs/ strictly into docs/public/

demo and test create .venv/ on first use and install retro into it with the exact
versions in constraints.txt (again only when pyproject.toml or the lock changes), so
a new machine on a new day gets the same packages. lock is the one way to move them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".retro-installed"
LOCK = ROOT / "constraints.txt"
LOCK_HEADER = """\
# The exact versions that `python3 dev.py test`, `demo` and CI install (pip -c).
# pyproject.toml keeps ranges for users; this file pins what the suite was run with.
# Refresh to the newest versions and run the suite against them: python3 dev.py lock
"""


def say(message: str) -> None:
    print(f"dev: {message}", file=sys.stderr, flush=True)


def run(*args: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], check=True, **kwargs)


def ensure_venv(extras: str) -> None:
    """Create .venv and install retro with `extras` at the locked versions, unless already done."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + LOCK.read_bytes()
                            + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        say(f"creating {VENV.relative_to(ROOT)}/")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say(f"installing retro[{extras}] into .venv/ at the versions in constraints.txt (a minute or two the first time)")
    # The packaging tools too: a new venv's own pip and setuptools are whatever this Python shipped with.
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "-c", LOCK, "pip", "setuptools", "wheel")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "-c", LOCK, "-e", f"{ROOT}[{extras}]")
    STAMP.write_text(wanted)


def lock(args: list[str]) -> int:
    """Install the newest versions pyproject.toml allows into a new .venv, write them to the lock, test."""
    if VENV.exists():
        say("removing .venv/ to install from scratch")
        shutil.rmtree(VENV)
    venv.EnvBuilder(with_pip=True).create(VENV)
    say("installing the newest allowed versions of retro[test] and everything it needs")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--upgrade", "pip", "setuptools", "wheel")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--upgrade", "-e", f"{ROOT}[test]")
    frozen = run(BIN / "python", "-m", "pip", "freeze", "--all", "--exclude-editable",
                 capture_output=True, text=True).stdout
    pins = sorted((line for line in frozen.splitlines() if "==" in line and not line.startswith("#")),
                  key=str.lower)
    tmp = LOCK.with_suffix(".tmp")
    tmp.write_text(LOCK_HEADER + "\n".join(pins) + "\n")
    tmp.replace(LOCK)
    say(f"wrote {len(pins)} pins to constraints.txt; running the suite against them")
    STAMP.write_text(hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + LOCK.read_bytes()
                                    + b"test").hexdigest())
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *args], cwd=ROOT)


def latest_month() -> str:
    """The month (YYYY-MM) of this repository's newest commit, so the demo has something to say."""
    out = run("git", "-C", ROOT, "log", "-1", "--format=%ad", "--date=format:%Y-%m",
              capture_output=True, text=True).stdout.strip()
    if not out:
        sys.exit("dev: this checkout has no commits to draft from")
    return out


def demo() -> int:
    ensure_venv("test")
    month = latest_month()
    post = ROOT / "posts" / f"{month}-retrospective.md"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if post.exists():
        say(f"{post.relative_to(ROOT)} already exists; keeping it "
            f"(redraft with: .venv/bin/retro draft --month {month} --all-authors --force)")
    else:
        run(BIN / "retro", "draft", "--month", month, "--all-authors", "--repo", ROOT, cwd=ROOT, env=env)
    # The fresh post is a draft; show drafts in this build so it can be read straight away.
    run(BIN / "retro", "build", "--drafts", cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    index = ROOT / "public" / "index.html"
    print(f"Site built (drafts included): {index}")
    print("Preview and edit with: .venv/bin/retro serve   (then open http://127.0.0.1:8000/)")
    return 0


def test(args: list[str]) -> int:
    ensure_venv("test")
    # The layers first (pyproject.toml's import contracts): a wrong-way import fails the run as a test would.
    layers = subprocess.call([str(BIN / "lint-imports"), "--no-cache"], cwd=ROOT, stdout=subprocess.DEVNULL)
    if layers:
        say("lint-imports: an import contract is broken; `.venv/bin/lint-imports` shows which")
    tests = subprocess.call([str(BIN / "python"), "-m", "pytest", *args], cwd=ROOT)
    return tests or layers


def docs() -> int:
    """Write the docs' generated blocks (configuration table and schema, commands), then build the docs strictly."""
    ensure_venv("test")
    run(BIN / "python", ROOT / "docs" / "generate.py", cwd=ROOT)
    run(BIN / "mkdocs", "build", "--strict", "-q", "-f", ROOT / "docs" / "mkdocs.yml", cwd=ROOT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    print(f"Docs built: {ROOT / 'docs' / 'public' / 'index.html'}")
    return 0


def main(argv: list[str]) -> int:
    jobs = {"demo": lambda: demo(), "test": lambda: test(argv[1:]), "lock": lambda: lock(argv[1:]),
            "docs": lambda: docs()}
    if not argv or argv[0] not in jobs:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        return jobs[argv[0]]()
    except subprocess.CalledProcessError as error:
        say(f"step failed (exit {error.returncode}): {' '.join(map(str, error.cmd))}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
