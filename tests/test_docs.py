"""The docs: a short README that links to every page, pages that build strictly with the project's own
mkdocs-material, generated blocks that match the code, and claims that match what retro does."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS))


def test_the_docs_build_strictly(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(DOCS / "mkdocs.yml"),
                            "-d", str(tmp_path / "public")], capture_output=True, text=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "public" / "configuration" / "index.html").is_file()
    assert "fonts.googleapis.com" not in (tmp_path / "public" / "index.html").read_text()  # font: false


def test_the_generated_blocks_match_the_code() -> None:
    import generate

    assert generate.stale() == [], "run: python3 dev.py docs"
    page = (DOCS / "pages" / "configuration.md").read_text()
    schema = json.loads(page.split("<!-- generated: config-schema -->\n```json\n")[1].split("\n```")[0])
    from retro.config import SETTINGS
    from retro.sources import tables

    flat = [one.alias for ones in tables().values() for one in ones if one.alias and one.alias not in tables()]
    assert sorted(schema["properties"]) == sorted([*(s.name for s in SETTINGS), *tables(), *flat])
    assert sorted(schema["properties"]["reading"]["properties"]) == ["builtin_exclude", "exclude", "history",
                                                                     "include"]
    assert schema["properties"]["github_api"]["deprecated"] is True
    assert schema["properties"]["lang"]["enum"] == ["en", "ko"] and schema["additionalProperties"] is False


def test_the_readme_is_short_and_links_every_page() -> None:
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) < 80
    quick = readme.split("## Quick start")[1].split("\n## ")[0]
    commands = [line for block in re.findall(r"```\n(.*?)```", quick, re.DOTALL) for line in block.splitlines()]
    assert [c.split("#")[0].strip() for c in commands] == ["python3 dev.py demo", "python3 dev.py test"]
    assert readme.index("retro init") < readme.index("## Documentation")  # the user's path before the reference
    nav = yaml.safe_load((DOCS / "mkdocs.yml").read_text())["nav"]
    pages = set(re.findall(r"[\w-]+\.md", json.dumps(nav)))
    assert pages == {p.name for p in (DOCS / "pages").glob("*.md")}  # every page is in the nav
    linked = set(re.findall(r"\(docs/pages/([\w-]+\.md)\)", readme))
    assert pages - {"index.md"} <= linked  # and the README links each of them


def test_the_schedule_time_is_the_workflows() -> None:
    from retro.blog.scaffold import DRAFT_CRON, draft_time

    page = (DOCS / "pages" / "schedule.md").read_text()
    assert f"at {draft_time()} UTC" in page
    minute, hour = DRAFT_CRON.split()[:2]
    assert draft_time() == f"{int(hour):02d}:{int(minute):02d}"


def test_the_front_matter_sample_is_yaml() -> None:
    page = (DOCS / "pages" / "drafting.md").read_text()
    sample = page.split("The front matter is retro's, never a model's:\n\n```yaml\n")[1].split("```")[0]
    meta = yaml.safe_load(sample)
    assert meta["description"] == "January 2026 in review: 187 commits across 3 repositories."
    assert meta["draft"] is True
