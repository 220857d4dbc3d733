"""The same blog built by both engines, mkdocs-material and Zensical (issue 30): the same posts shown, the same
guarantees, checked in the built files, in a real `retro serve` and a real publish."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import JANUARY, ME, git, make_repo
from retro.cli import cli
from test_blog import Served, published_blog
from test_chirpy import chirpy_site

DRAFT_TITLE = "아직 쓰는 중인 글"
UNSAFE = ("---\ntitle: Unsafe\ndate: 2026-03-31\ndrafted_by: offline\ndraft: false\n---\n\nHello.\n\n"
          "<img src=x onerror=alert(1)>\n")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A Korean blog with a drafted Korean month, an imported Chirpy site (English, math, mermaid, embeds, an
    author) and a draft, built once by each engine: {engine: its public/}."""
    root = tmp_path_factory.mktemp("engines")
    cwd = os.getcwd()
    try:
        os.chdir(root)
        assert run("init", "blog", "--lang", "ko").exit_code == 0
        blog = root / "blog"
        os.chdir(blog)
        imported = run("import", "jekyll", str(chirpy_site(root / "mina.github.io")))
        assert imported.exit_code == 0, imported.output
        repo = make_repo(root / "api", JANUARY)
        (blog / "notes").mkdir(exist_ok=True)
        (blog / "notes" / "2026-01.md").write_text("## 강의\n- 러스트 강의를 끝까지 들었다\n", encoding="utf-8")
        drafted = run("draft", "--month", "2026-01", "--repo", str(repo), "--author", ME, "--tz", "Asia/Seoul")
        assert drafted.exit_code == 0, drafted.output
        assert run("ready", "posts/2026-01-retrospective.md").exit_code == 0
        (blog / "posts" / "2026-02-draft.md").write_text(
            f"---\ntitle: {DRAFT_TITLE}\ndate: 2026-02-27\ndraft: true\ncategories: [회고록]\n---\n\n비밀 초안.\n",
            encoding="utf-8")
        built = {}
        for engine in ("mkdocs", "zensical"):
            result = run("build", "--engine", engine)
            assert result.exit_code == 0, (engine, result.output)
            assert "left out 1 draft" in result.output
            built[engine] = root / f"public-{engine}"
            shutil.copytree(blog / "public", built[engine])
        built["blog"] = blog
    finally:
        os.chdir(cwd)
    return built


POSTS = {"2026-01 개발 회고": "러스트", "Writing a New Post": "Chirpy", "Getting Started": "The next one"}


def every_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*")
                     if p.suffix in (".html", ".xml", ".json"))


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_each_engine_shows_every_published_post_and_no_draft(both: dict[str, Path], engine: str) -> None:
    site = both[engine]
    index = (site / "index.html").read_text(encoding="utf-8")
    feed = (site / "feed_rss_created.xml").read_text(encoding="utf-8")
    search = site / ("search.json" if engine == "zensical" else "search/search_index.json")
    indexed = json.dumps(json.loads(search.read_text(encoding="utf-8")), ensure_ascii=False)
    category = "\n".join(p.read_text(encoding="utf-8") for p in (site / "category").rglob("index.html"))
    for title, word in POSTS.items():
        pages = [p for p in site.glob("20*/*/*/*/index.html") if f"{title}</h1>" in p.read_text(encoding="utf-8")]
        assert len(pages) == 1, (engine, title)
        assert word in pages[0].read_text(encoding="utf-8"), (engine, title)
        assert title in index and title in feed, (engine, title)
        assert title in indexed, (engine, title)
    assert "러스트" in indexed  # Korean words are searchable
    assert "회고록" in category and "2026-01 개발 회고" in category
    assert DRAFT_TITLE not in every_text(site) and "비밀 초안" not in every_text(site)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_each_engine_shows_the_chart_the_description_the_neighbours_and_the_imported_extras(
        both: dict[str, Path], engine: str) -> None:
    site = both[engine]
    [month] = [p for p in site.glob("2026/01/31/*/index.html")]
    html = month.read_text(encoding="utf-8")
    chart = re.search(r'<img alt="2026년 1월[^"]*" src="([^"]+)"', html)
    assert chart and (month.parent / chart.group(1)).resolve().is_file()
    assert 'class="retro-description"' in html
    assert re.search(r'class="retro-neighbours"[^>]*>← <a href="[^"]+">Getting Started</a></p>', html), engine
    [chirpy] = site.glob("2019/08/08/*/index.html")
    article = chirpy.read_text(encoding="utf-8")
    assert 'class="arithmatex"' in article and 'class="mermaid"' in article
    assert "youtube-nocookie.com/embed/Balreaj8Yqs" in article and "Mina Kim" in article
    assert 'data-repo="mina/blog"' in article  # giscus comments, from the imported site's settings


def test_the_two_engines_build_the_same_pages(both: dict[str, Path]) -> None:
    def pages(site: Path) -> set[str]:
        return {str(p.relative_to(site)) for p in site.rglob("index.html") if "search" not in p.parts}

    shared = pages(both["mkdocs"]) & pages(both["zensical"])
    assert {"index.html", "about/index.html", "tags/index.html", "archive/2026/index.html"} <= shared
    posts = {p for p in shared if p.startswith(("20", "2019"))}
    assert len(posts) == 3  # the same three post addresses, so links and feeds carry over


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_an_unsafe_drafted_post_is_refused_naming_its_file(blog: Path, engine: str) -> None:
    (blog / "posts" / "2026-03-unsafe.md").write_text(UNSAFE, encoding="utf-8")
    result = run("build", "--engine", engine)
    assert result.exit_code == 1
    assert "posts/2026-03-unsafe.md" in result.output and "onerror" in result.output.lower()
    assert not (blog / "public" / "2026" / "03").exists()


def test_zensical_is_refused_like_mkdocs_for_an_unanswered_question_and_a_bad_date(blog: Path) -> None:
    (blog / "posts" / "bad.md").write_text("---\ntitle: Bad\ndate: 2026-02-30\n---\n\nx\n", encoding="utf-8")
    result = run("build", "--engine", "zensical")
    assert result.exit_code == 1 and "posts/bad.md:3:" in result.output, result.output


def test_zensical_missing_is_one_line_naming_the_extra(blog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "zensical", None)  # as if it were not installed
    result = run("build", "--engine", "zensical")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: Zensical is not installed: pip install 'retro-monthly[zensical]' (or pipx inject retro-monthly "
        "zensical), or build with --engine mkdocs."]


def test_engine_in_retro_toml_and_a_wrong_one(blog: Path) -> None:
    (blog / "posts" / "p.md").write_text("---\ntitle: Hello Zensical\ndate: 2026-01-31\n---\n\nHi.\n")
    (blog / "retro.toml").write_text('engine = "zensical"\n')
    assert run("build").exit_code == 0
    assert (blog / ".retro" / "zensical" / "mkdocs.yml").is_file() and (blog / "public" / "search.json").is_file()
    (blog / "retro.toml").write_text('engine = "hugo"\n')
    said = run("build")
    assert said.exit_code == 1 and "engine must be mkdocs or zensical, not 'hugo'" in said.output


def test_retro_init_engine_zensical_writes_a_blog_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "zblog", "--engine", "zensical").exit_code == 0
    blog = tmp_path / "zblog"
    assert 'engine = "zensical"' in (blog / "retro.toml").read_text()
    assert "retro-posts" not in (blog / "mkdocs.yml").read_text()
    assert "retro-monthly[zensical]==" in (blog / "requirements.txt").read_text()
    monkeypatch.chdir(blog)
    (blog / "posts" / "p.md").write_text("---\ntitle: First\ndate: 2026-01-31\n---\n\nHi.\n")
    built = run("build")
    assert built.exit_code == 0, built.output
    assert list((blog / "public").glob("2026/01/31/*/index.html"))


def test_serve_with_zensical_reloads_an_edited_post(blog: Path) -> None:
    (blog / "retro.toml").write_text('engine = "zensical"\n')
    post = blog / "posts" / "p.md"
    post.write_text("---\ntitle: Before the edit\ndate: 2026-01-31\ndraft: true\n---\n\nOne.\n")
    with Served(blog) as served:
        assert served.until("/", "Before the edit", limit=60) is not None, served.output
        post.write_text("---\ntitle: After the edit\ndate: 2026-01-31\ndraft: true\n---\n\nTwo.\n")
        assert served.until("/", "After the edit", limit=60) is not None  # staged again, rebuilt by Zensical
    assert "Traceback" not in served.output


def test_publish_with_zensical_pushes_gh_pages(blog: Path, tmp_path: Path) -> None:
    remote = published_blog(blog, tmp_path, "Hello from Zensical.")
    result = run("publish", "--engine", "zensical")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "published to origin/gh-pages"
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert "index.html" in files and ".nojekyll" in files and "search.json" in files
    assert "Hello from Zensical." in git(remote, "show", "gh-pages:2026/01/31/hello/index.html")
    assert not [name for name in files if name.startswith((".retro", "posts/"))]  # the site only


def test_a_site_dir_that_would_replace_the_pages_is_refused(blog: Path) -> None:
    config = blog / "mkdocs.yml"
    config.write_text("\n".join(line for line in config.read_text().splitlines() if not line.startswith("site_dir:"))
                      + "\n")  # mkdocs' default site_dir is site/, which is this blog's docs_dir
    result = run("build", "--engine", "zensical")
    assert result.exit_code == 1 and "site_dir (site) would replace site" in result.output
    assert (blog / "site" / "about.md").is_file() and (blog / "site" / "index.md").is_file()


def test_a_broken_link_stops_zensical_at_the_authors_file_and_line(blog: Path) -> None:
    (blog / "posts" / "broken.md").write_text("---\ntitle: Broken link\ndate: 2026-01-20\ndescription: A link.\n"
                                              "---\n\nSee [missing](nowhere.md).\n", encoding="utf-8")
    result = run("build", "--engine", "zensical")
    assert result.exit_code == 1
    assert "posts/broken.md:7: page does not exist: See [missing](nowhere.md)." in result.output  # not line 9


def test_the_staged_config_drops_the_posts_plugin_with_its_options() -> None:
    from retro.blog.zensical import staged_config

    text = "site_name: x\ndocs_dir: site\nplugins:\n  - retro-posts:\n      posts_dir: posts\n  - search\n"
    staged = staged_config(text)
    assert "retro-posts" not in staged and "posts_dir" not in staged and "  - search" in staged


def test_serve_leaves_out_an_unsafe_drafted_post_and_says_so(blog: Path) -> None:
    from retro.blog.zensical import stage

    (blog / "posts" / "2026-03-unsafe.md").write_text(UNSAFE.replace("draft: false", "draft: true"),
                                                      encoding="utf-8")
    refused: list = []
    staged = stage(blog, drafts=True, refused=refused)
    assert [str(p.file) for p in refused] == ["posts/2026-03-unsafe.md"]
    assert not (staged.docs / "posts" / "2026-03-unsafe.md").exists()
