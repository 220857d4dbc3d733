"""Hostile text in commits and notes: it runs nowhere, breaks no front matter and no build; properties hold."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import frontmatter
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ME, Row, make_repo
from retro.sources import git as git_source
from retro.sources.git import walk
from retro.blog import post
from retro.cli import cli

HOSTILE = [
    "feat: <script>alert('subject')</script>",
    "fix: <img src=x onerror=alert(1)> and <iframe src=//evil>",
    "---",
    "<!-- more -->",
    "# A heading from a commit",
    "docs: {{ config.site_name }} {% include evil %} {{ site.baseurl }}",
    "chore: key: value: [unclosed { & * ! | > ' \"",
    "perf: " + "very long line " * 400,
    "feat: עברית ומילים مرحبا بالعالم \u202eRTL override\u202c",
    "feat: emoji 🎉🔥👩‍💻 and 한국어 커밋",
    "fix: [link](javascript:alert(1)) and <a href=\"javascript:alert(2)\">x</a>",
]
NOTES = (
    "## <script>alert('notes heading')</script>\n- <script>alert('notes item')</script>\n"
    "- [click](javascript:alert(3))\n\n---\ntitle: hijacked\ndraft: false\n---\n\n"
    "## 다음 달 계획\n- {{ evil }} <b onmouseover=alert(4)>x</b>\n"
)


def test_a_hostile_month_drafts_builds_and_runs_nothing(blog: Path, tmp_path: Path) -> None:
    # Each subject a different weight, so that every one is among the month's highlights.
    rows = [Row(f"2026-01-{i + 2:02d}T10:00:00+09:00", ME, subject, {f"f{i}.txt": f"{i}\n" * (20 - i)},
                body="---\ntitle: hacked\n---\n<script>alert('body')</script>")
            for i, subject in enumerate(HOSTILE)]
    repo = make_repo(tmp_path / "evil", rows)
    (blog / "notes.md").write_text(NOTES)
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(repo), "--author", ME,
                                      "--notes", "notes.md", "--tz", "Asia/Seoul"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    path = blog / "posts" / "2026-01-retrospective.md"
    written = frontmatter.load(path)
    assert written["title"] == "2026-01 Dev Retrospective" and written["draft"] is True
    assert written["date"] == date(2026, 1, 31)
    assert path.read_text().count("<!-- more -->") == 1

    assert CliRunner().invoke(cli, ["ready", "posts/2026-01-retrospective.md"]).exit_code == 0
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=blog, capture_output=True,
                           text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stderr
    [page] = (blog / "public").glob("2026/01/31/*/index.html")
    html = page.read_text()
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.DOTALL)
    assert not [s for s in scripts if "alert" in s]  # Material's own scripts only
    assert not re.search(r"<(img|iframe|b)\b[^>]*\bon\w+=", html)
    assert not re.search(r"<a\b[^>]*href=\"\s*javascript:", html, re.IGNORECASE)  # as text is fine
    assert "<iframe" not in html
    assert "&lt;script&gt;alert(&#x27;subject&#x27;)&lt;/script&gt;" in html or \
           "&lt;script&gt;alert('subject')&lt;/script&gt;" in html  # shown as text
    assert "{{ config.site_name }}" in html.replace("{\u200b{", "{{")
    assert "hijacked" not in written.metadata.values()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(min_size=1, max_size=80).filter(lambda t: t.strip()),
    categories=st.lists(st.text(min_size=1, max_size=20), max_size=3),
    tags=st.lists(st.text(min_size=1, max_size=20), max_size=3),
    description=st.text(max_size=120),
    body=st.text(max_size=400),
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
)
def test_front_matter_round_trips(title, categories, tags, description, body, day) -> None:
    """retro's writer, python-frontmatter's reader, and what the blog plugin needs: a date, lists, a bool."""
    written = post.Post(title=title, date=day, body=body, categories=categories, tags=tags,
                        description=description, drafted_by="offline")
    text = written.render()
    loaded = frontmatter.loads(text)
    assert loaded["title"] == title
    assert loaded["date"] == day and type(loaded["date"]) is date
    assert loaded["categories"] == categories and loaded["tags"] == tags
    assert loaded["description"] == description and loaded["draft"] is True
    assert text.startswith("---\n")


MESSAGE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=300
)


@settings(max_examples=200, deadline=None)
@given(message=MESSAGE, added=st.integers(0, 10_000), deleted=st.integers(0, 10_000),
       path=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1,
                    max_size=60))
def test_the_log_parser_survives_any_message(message: str, added: int, deleted: int, path: str) -> None:
    """Whatever a subject holds (separators, tabs, digits), the numbers stay the numbers."""
    subject = message.replace("\n", " ")  # git's %s: the first paragraph's lines joined by spaces
    stream = (f"\x1e>{'a' * 40}\n1767225600\n1767225600\n\nMe\x1f\x1e\nme@example.com\n{subject}\n\0"
              f"\n{added}\t{deleted}\t{path}\0"
              f"\x1e>{'b' * 40}\n1767225601\n1767225601\n\nMe\nme@example.com\nsecond\0"
              f"\n-\t-\tlogo.png\0").encode("utf-8", "surrogatepass")
    commits = list(walk.parse_log(io.BytesIO(stream), timezone.utc))
    assert [c.sha[0] for c in commits] == ["a", "b"]
    assert (commits[0].insertions, commits[0].deletions) == (added, deleted)
    assert commits[0].subject == subject.strip() and commits[0].author_name == "Me\x1f\x1e"
    assert [f.path for f in commits[0].files] == [path]
    assert commits[1].files[0].binary and commits[1].insertions == 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(message=MESSAGE.filter(lambda m: m.strip() and not m.startswith("#")))
def test_real_git_round_trips_any_message(tmp_path_factory, message: str) -> None:
    """The same through git itself: the subject git stores is the subject retro reads."""
    folder = tmp_path_factory.mktemp("msg")
    repo = make_repo(folder / "r", [Row("2026-01-02T10:00:00+00:00", ME, message, {"a.txt": "1\n2\n"})])
    stored = subprocess.run(["git", "log", "-1", "--format=%s"], cwd=repo, capture_output=True).stdout
    commits = walk.read_month(git_source.open_repo(repo), datetime(2026, 1, 1, tzinfo=timezone.utc),
                                  datetime(2026, 2, 1, tzinfo=timezone.utc), timezone(timedelta(0)), (ME,))
    assert len(commits) == 1 and commits[0].insertions == 2
    assert commits[0].subject == stored.decode("utf-8", "replace").strip()  # git's own subject, exactly
