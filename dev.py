#!/usr/bin/env python3
"""Set-up and the two everyday jobs, needing only Python 3.11+ and git.

    python3 dev.py demo   # draft a month of this repository's history offline, build the site
    python3 dev.py test   # run the test suite

Both create .venv/ on first use and install retro into it (again only when
pyproject.toml changes).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".retro-installed"


def say(message: str) -> None:
    print(f"dev: {message}", file=sys.stderr, flush=True)


def run(*args: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], check=True, **kwargs)


def ensure_venv(extras: str) -> None:
    """Create .venv and install retro with `extras`, unless already done for this pyproject."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        say(f"creating {VENV.relative_to(ROOT)}/")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say(f"installing retro[{extras}] into .venv/ (a minute or two the first time)")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "-e", f"{ROOT}[{extras}]")
    STAMP.write_text(wanted)


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
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *args], cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test"}:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        return demo() if argv[0] == "demo" else test(argv[1:])
    except subprocess.CalledProcessError as error:
        say(f"step failed (exit {error.returncode}): {' '.join(map(str, error.cmd))}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
