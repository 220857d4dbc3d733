"""retro's benchmarks: whole process against whole process, medians of several runs, ratios.

    .venv/bin/python benchmarks/run.py            # every case
    .venv/bin/python benchmarks/run.py collect    # only the cases named

Inputs are built once under benchmarks/.work/ (git-ignored) and reused.
Not a test: it prints a table and exits 0 whatever the ratios.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from synth import ME, make_big_repo  # noqa: E402

RUNS = int(os.environ.get("RETRO_BENCH_RUNS", "5"))
SEOUL = timezone(timedelta(hours=9))


@dataclass
class Row:
    case: str
    retro: float
    baseline: float
    baseline_name: str
    goal: float
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.retro / self.baseline


def median_seconds(command: list[str] | Callable[[], object], runs: int = RUNS, **kwargs) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        if callable(command):
            command()
        else:
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bounds(month: str) -> tuple[int, int]:
    year, number = map(int, month.split("-"))
    start = datetime(year, number, 1, tzinfo=SEOUL)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=SEOUL)
    return int(start.timestamp()), int(end.timestamp())


def raw_git_log(repo: Path, month: str) -> list[str]:
    """The git command a person would run for the same numbers (author date = committer date here)."""
    start, end = bounds(month)
    return ["git", "-C", str(repo), "log", "--branches", "--no-merges", "--numstat",
            f"--since={start}", f"--until={end - 1}", f"--author={ME}"]


def retro_collect(repo: Path, month: str) -> list[str]:
    return [str(BIN / "retro"), "collect", "--month", month, "--repo", str(repo), "--author", ME,
            "--tz", "Asia/Seoul", "--json"]


def case_collect() -> list[Row]:
    repo = make_big_repo(WORK / "big")
    rows = []
    for month, note in (("2025-12", "the newest month: last month's retrospective"),
                        ("2025-06", "mid-history: 6 later months walked for rebased commits")):
        rows.append(Row(
            f"collect one month of 100k commits ({month})",
            median_seconds(retro_collect(repo, month)),
            median_seconds(raw_git_log(repo, month)),
            "git log --numstat", 1.25, note,
        ))
    return rows


def case_folder() -> list[Row]:
    source = make_big_repo(WORK / "big")
    folder = WORK / "folder"
    for index in range(12):
        clone = folder / f"repo{index:02d}"
        if not clone.exists():
            subprocess.run(["git", "clone", "-q", "--local", str(source), str(clone)], check=True)
    repos = sorted(folder.iterdir())
    month = "2025-12"

    def serial_git() -> None:
        for repo in repos:
            subprocess.run(raw_git_log(repo, month), check=True, stdout=subprocess.DEVNULL)

    return [Row(
        "a folder of 12 such repositories (2025-12)",
        median_seconds(retro_collect(folder, month), runs=3),
        median_seconds(serial_git, runs=3),
        "git log in each, one after another", 0.75, f"{os.cpu_count()} cores",
    )]


CASES: dict[str, Callable[[], list[Row]]] = {"collect": case_collect, "folder": case_folder}


def table(rows: list[Row]) -> str:
    lines = [
        "| case | retro (s) | baseline (s) | baseline | ratio | goal | note |",
        "| --- | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    for row in rows:
        verdict = "ok" if row.ratio <= row.goal else "over"
        lines.append(
            f"| {row.case} | {row.retro:.3f} | {row.baseline:.3f} | {row.baseline_name} | "
            f"{row.ratio:.2f} ({verdict}) | ≤ {row.goal:.2f} | {row.note} |"
        )
    return "\n".join(lines)


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in CASES]
    if unknown:
        print(f"unknown case {unknown[0]!r}; choose from {', '.join(CASES)}", file=sys.stderr)
        return 2
    if shutil.which("git") is None:
        print("git is needed", file=sys.stderr)
        return 1
    WORK.mkdir(exist_ok=True)
    rows = [row for name in (names or list(CASES)) for row in CASES[name]()]
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.strip()}; "
          f"medians of {RUNS} runs (3 for the folder)")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
