"""retro's benchmarks: whole process against whole process, medians of several runs, ratios.

    .venv/bin/python benchmarks/run.py            # every case
    .venv/bin/python benchmarks/run.py collect    # only the cases named

Inputs are built once under benchmarks/.work/ (git-ignored) and reused.
Not a test: it prints a table and exits 0 whatever the ratios.
"""

from __future__ import annotations

import os
import platform
import resource
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

from synth import ME, make_big_repo, make_posts  # noqa: E402

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
    retro_cpu: float | None = None  # seconds of CPU (user + system, every process), when measured
    baseline_cpu: float | None = None

    @property
    def ratio(self) -> float:
        return self.retro / self.baseline

    @property
    def cpu(self) -> str:
        if self.retro_cpu is None or not self.baseline_cpu:
            return ""
        return f"{self.retro_cpu:.2f} / {self.baseline_cpu:.2f} = {self.retro_cpu / self.baseline_cpu:.2f}"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str] | Callable[[], object], runs: int = RUNS, **kwargs) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds of the processes it started)."""
    walls, cpus = [], []
    for _ in range(runs):
        before = children_cpu()
        walls.append(median_seconds(command, runs=1, **kwargs))
        cpus.append(children_cpu() - before)
    return statistics.median(walls), statistics.median(cpus)


def median_seconds(command: list[str] | Callable[[], object], runs: int = RUNS, **kwargs) -> float:
    kwargs.setdefault("stdout", subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        if callable(command):
            command()
        else:
            subprocess.run(command, check=True, **kwargs)
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

    retro_wall, retro_cpu = timed(retro_collect(folder, month), runs=3)
    git_wall, git_cpu = timed(serial_git, runs=3)
    return [Row(
        "a folder of 12 such repositories (2025-12)", retro_wall, git_wall,
        "git log in each, one after another", 0.75, f"{os.cpu_count()} cores; CPU retro / git", retro_cpu, git_cpu,
    )]


def folder_of(name: str, source: Path, count: int = 12) -> list[Path]:
    folder = WORK / name
    for index in range(count):
        clone = folder / f"repo{index:02d}"
        if not clone.exists():
            subprocess.run(["git", "clone", "-q", "--local", str(source), str(clone)], check=True)
    return sorted(folder.iterdir())


def case_dense() -> list[Row]:
    """Twelve repositories whose whole history (10,000 commits each) is the month: parsing dominates."""
    source = make_big_repo(WORK / "dense", commits=10_000, months=1, mine=1.0, seed=3)
    repos = folder_of("dense-folder", source)
    month = "2025-01"
    start, end = bounds(month)

    def serial_git() -> None:
        for repo in repos:
            subprocess.run(["git", "-C", str(repo), "log", "--branches", "--no-merges", "--numstat",
                            f"--since={start}", f"--until={end - 1}"], check=True, stdout=subprocess.DEVNULL)

    retro_wall, retro_cpu = timed([str(BIN / "retro"), "collect", "--month", month, "--repo", str(WORK / "dense-folder"),
                                   "--all-authors", "--tz", "Asia/Seoul", "--json"], runs=3)
    git_wall, git_cpu = timed(serial_git, runs=3)
    return [Row("a folder of 12 repositories, each month the whole 10k history (2025-01)", retro_wall, git_wall,
                "git log in each, one after another", 0.75, f"{os.cpu_count()} cores; CPU retro / git",
                retro_cpu, git_cpu)]


def case_help() -> list[Row]:
    return [Row(
        "retro --help", median_seconds([str(BIN / "retro"), "--help"], runs=15),
        median_seconds([sys.executable, "-c", "import click"], runs=15), 'python -c "import click"', 2.5,
        "litellm, mkdocs and git stay out of start-up",
    )]


def blog_folder(name: str) -> Path:
    """An empty blog with retro's own mkdocs.yml and site/."""
    blog = WORK / name
    if blog.exists():
        shutil.rmtree(blog)
    (blog / "posts").mkdir(parents=True)
    shutil.copy(HERE.parent / "mkdocs.yml", blog / "mkdocs.yml")
    shutil.copytree(HERE.parent / "site", blog / "site", ignore=shutil.ignore_patterns("posts"))
    return blog


def case_draft() -> list[Row]:
    repo = make_big_repo(WORK / "dense", commits=10_000, months=1, mine=1.0, seed=3)
    blog = blog_folder("draft-blog")
    # Notes with themes named like the month's folders, so the join has commits to take (issue 22).
    (blog / "notes").mkdir()
    (blog / "notes" / "2025-01.md").write_text("A month.\n\n" + "".join(
        f"## pkg{i:02d}\n- what I learned there\n\n" for i in (1, 7, 13, 22, 40)) + "## Keep\n- the pace\n")
    args = ["--month", "2025-01", "--repo", str(repo), "--author", ME, "--tz", "Asia/Seoul"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    draft = median_seconds([str(BIN / "retro"), "draft", *args, "--format", "kpt", "--force"], cwd=blog, env=env,
                           stderr=subprocess.DEVNULL)
    collect = median_seconds([str(BIN / "retro"), "collect", *args, "--compare", "--json"], cwd=blog, env=env)
    return [Row("offline draft of a 10,000-commit month, 5 themes, KPT", draft, collect,
                "retro collect --compare --json", 1.15, "drafting adds little to collecting")]


def case_year() -> list[Row]:
    """The year in review of a 100,000-commit history against git's own numstat of that year."""
    repo = make_big_repo(WORK / "big")
    blog = blog_folder("year-blog")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    draft = median_seconds([str(BIN / "retro"), "draft", "--year", "2025", "--repo", str(repo), "--author", ME,
                            "--tz", "Asia/Seoul", "--force"], runs=3, cwd=blog, env=env, stderr=subprocess.DEVNULL)
    git_log = median_seconds(["git", "-C", str(repo), "log", "--branches", "--no-merges", "--numstat",
                              f"--author={ME}", "--since=2025-01-01T00:00:00+09:00",
                              "--until=2026-01-01T00:00:00+09:00", "--format=%H %at %aE %s"], runs=3,
                             stdout=subprocess.DEVNULL)
    return [Row("year in review of a 100k-commit year (2025)", draft, git_log, "git log --numstat over the year",
                1.3, "one walk a repository, not twelve")]


def build_seconds(blog: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return median_seconds([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], runs=3, cwd=blog, env=env)


def case_site() -> list[Row]:
    rows = []
    for count in (100, 500):
        ours = blog_folder(f"site-retro-{count}")
        make_posts(ours / "posts", count)
        native = blog_folder(f"site-native-{count}")
        make_posts(native / "site" / "posts", count)
        config = (native / "mkdocs.yml").read_text()
        (native / "mkdocs.yml").write_text(config.replace("  - retro-posts", "  # - retro-posts"))
        retro_time, native_time = build_seconds(ours), build_seconds(native)
        rows.append(Row(f"mkdocs build of {count} posts from posts/", retro_time, native_time,
                        "the same posts in docs_dir, blog plugin alone", 1.05,
                        f"{retro_time / count * 1000:.1f} ms a post"))
    return rows


def case_zensical() -> list[Row]:
    """500 posts built by Zensical through retro (staged from posts/, checked before and after) against
    `zensical build` of the same posts placed in docs_dir by hand; beside the mkdocs build of the same blog."""
    count = 500
    ours = blog_folder(f"zensical-retro-{count}")
    make_posts(ours / "posts", count)
    native = blog_folder(f"zensical-native-{count}")
    make_posts(native / "site" / "posts", count)
    config = (native / "mkdocs.yml").read_text().replace("  - retro-posts", "  # - retro-posts")
    (native / "mkdocs.yml").write_text(config)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    retro_time = median_seconds([str(BIN / "retro"), "build", "--engine", "zensical"], runs=3, cwd=ours, env=env,
                                stderr=subprocess.DEVNULL)
    native_time = median_seconds([sys.executable, "-m", "zensical", "build"], runs=3, cwd=native, env=env,
                                 stderr=subprocess.DEVNULL)
    mkdocs_time = median_seconds([str(BIN / "retro"), "build"], runs=3, cwd=ours, env=env, stderr=subprocess.DEVNULL)
    return [Row(f"Zensical build of {count} posts from posts/", retro_time, native_time,
                "zensical build, the same posts in docs_dir", 1.10,
                f"{retro_time / count * 1000:.1f} ms a post; mkdocs builds the same blog in {mkdocs_time:.2f} s")]


# VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over an exec, so a child of this (large)
# benchmark process would report this process's peak instead of its own.
PEAK = """
import sys
from retro.cli import cli
try:
    cli(sys.argv[1:], prog_name="retro")
except SystemExit:
    pass
status = open("/proc/self/status").read()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), file=sys.stderr)
"""


def peak_kib(args: list[str], **kwargs) -> int:
    """Peak resident memory of retro's own process (git's is its own), in KiB."""
    run = subprocess.run([sys.executable, "-c", PEAK, *args], capture_output=True, text=True, check=True, **kwargs)
    return int(run.stderr.strip().splitlines()[-1])


def case_memory() -> list[Row]:
    sizes = {25_000: 3, 50_000: 6, 100_000: 12}  # the same 8,300 commits a month, more months of history
    peaks = {}
    for commits, months in sizes.items():
        repo = make_big_repo(WORK / f"history-{commits}", commits=commits, months=months, seed=5)
        peaks[commits] = peak_kib(["collect", "--month", "2025-01", "--repo", str(repo), "--author", ME,
                                   "--tz", "Asia/Seoul", "--json"])
    rows = []
    for commits in (50_000, 100_000):
        rows.append(Row(f"peak memory of collect, {commits:,}-commit history", peaks[commits] / 1024,
                        peaks[25_000] / 1024, "the same month in a 25,000-commit history (MiB)", 1.10,
                        "January, so the walk covers all later history"))
    return rows


def case_sources() -> list[Row]:
    """GitHub, GitLab and a calendar address on 127.0.0.1, each taking about a second: read at once, or in turn."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from source_stubs import GITHUB_TOKEN, GITLAB_TOKEN, FileStub, GitHubStub, GitLabStub

    from retro import sources
    from retro.months import Month
    from retro.usecases import selection

    os.environ.update(GH_ENTERPRISE_TOKEN=GITHUB_TOKEN, GITLAB_TOKEN=GITLAB_TOKEN)
    hub, lab = GitHubStub(), GitLabStub()
    calendar = FileStub((HERE.parent / "tests" / "fixtures" / "month.ics").read_bytes())
    repo = make_big_repo(WORK / "big")
    try:
        chosen = selection.Selection(Month(2026, 1), SEOUL, [repo], (ME,))
        from retro.sources import calendar as calendar_source
        from retro.sources import github, gitlab

        every = {"github": github.GitHubWant("mina", hub.url), "gitlab": gitlab.GitLabWant("mina", lab.url),
                 "calendar": calendar_source.CalendarWant([calendar.url + "/secret/basic.ics"], [], [])}
        for stub, requests in ((hub, 14), (lab, 9), (calendar, 1)):  # about one second a source
            stub.delay = 1.0 / requests
        alone = [{name: want} for name, want in every.items()]
        together = median_seconds(lambda: sources.collect(chosen, every, None), runs=3)
        one_by_one = sum(median_seconds(lambda w=w: sources.collect(chosen, w, None), runs=3) for w in alone)
    finally:
        for stub in (hub, lab, calendar):
            stub.stop()
    return [Row("git + GitHub + GitLab + a calendar, each ~1 s", together, one_by_one,
                "the same sources one after another", 0.5, "sources are read at the same time")]


def case_private() -> list[Row]:
    """Browser history (200,000 visits) and agent sessions (1,500 files, about 300 MB) over six months, read for
    one month beside git, against the same collect without them; and retro's peak memory, logs of three months
    against six."""
    from synth import make_private

    repo = make_big_repo(WORK / "big")
    homes = {months: make_private(WORK / f"home-{months}", months=months, sessions=250 * months,
                                  visits=33_333 * months) for months in (3, 6)}
    folder = WORK / "private-blog"
    (folder / "notes").mkdir(parents=True, exist_ok=True)
    (folder / "notes" / "2025-12.md").write_text("## Open-WebUI\n- pipelines\n\n## LiteLLM\n- proxy\n")
    (folder / "retro.toml").write_text('[reading]\ninclude = ["docs.litellm.ai"]\n\n[agents]\n')
    plain = WORK / "plain-blog"
    (plain / "notes").mkdir(parents=True, exist_ok=True)
    for blog in (folder, plain):  # each its own blog, so retro reads its retro.toml, not this repository's
        (blog / "mkdocs.yml").write_text("site_name: bench\n")
    (plain / "notes" / "2025-12.md").write_text((folder / "notes" / "2025-12.md").read_text())
    args = ["collect", "--month", "2025-12", "--repo", str(repo), "--author", ME, "--tz", "Asia/Seoul", "--json"]
    env = {**os.environ, "HOME": str(homes[6])}
    with_them = median_seconds([str(BIN / "retro"), *args], cwd=folder, env=env)
    without = median_seconds([str(BIN / "retro"), *args], cwd=plain, env=env)
    peaks = {months: peak_kib(args, cwd=folder, env={**os.environ, "HOME": str(home)})
             for months, home in homes.items()}
    return [Row("collect a month with browser history + agent sessions", with_them, without,
                "the same collect without them", 1.20, "200,000 visits and 1,500 session files (six months)"),
            Row("peak memory, six months of logs", peaks[6] / 1024, peaks[3] / 1024,
                "three months of logs (MiB)", 1.10, "the same month read")]


CASES: dict[str, Callable[[], list[Row]]] = {
    "help": case_help, "collect": case_collect, "folder": case_folder, "draft": case_draft,
    "site": case_site, "memory": case_memory, "sources": case_sources, "dense": case_dense, "year": case_year,
    "private": case_private, "zensical": case_zensical,
}


def table(rows: list[Row]) -> str:
    lines = [
        "| case | retro | baseline | baseline is | ratio | goal | CPU s, retro / baseline | note |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        verdict = "ok" if row.ratio <= row.goal else "over"
        lines.append(
            f"| {row.case} | {row.retro:.3f} | {row.baseline:.3f} | {row.baseline_name} | "
            f"{row.ratio:.2f} ({verdict}) | ≤ {row.goal:.2f} | {row.cpu} | {row.note} |"
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
          f"medians of {RUNS} runs (15 for help, 3 for the folder and the site); times in seconds")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
