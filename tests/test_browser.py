"""The built site as a reader sees it, in headless Chromium: titles, the chart, and Korean search.

Screenshots land in tests/screenshots/ for a person to look at. Chromium is Debian's
package (.ci/run installs it); outside CI a machine without it skips these tests, saying why.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from conftest import ME, JANUARY, make_repo
from retro.cli import cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

if not CHROMIUM:
    if os.environ.get("CI"):
        raise RuntimeError("CI must have Chromium for the browser tests: .ci/run installs Debian's chromium")
    pytest.skip("Chromium is not installed (apt-get install chromium); the browser tests need it",
                allow_module_level=True)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Korean blog made by retro init, with a drafted and published month, built by each engine (mkdocs-
    material, Zensical) and served on 127.0.0.1; `shot(name)` names its screenshots by engine."""
    root = tmp_path_factory.mktemp("browser")
    engine = request.param
    repo = make_repo(root / "api", JANUARY)
    runner = CliRunner()
    cwd = os.getcwd()
    try:
        os.chdir(root)
        assert runner.invoke(cli, ["init", "blog", "--lang", "ko", "--title", "나의 개발 회고"]).exit_code == 0
        os.chdir(root / "blog")
        (root / "blog" / "notes").mkdir(exist_ok=True)
        (root / "blog" / "notes" / "2026-01.md").write_text("## 강의\n- 러스트 강의를 끝까지 들었다\n")
        drafted = runner.invoke(cli, ["draft", "--month", "2026-01", "--repo", str(repo), "--author", ME,
                                      "--tz", "Asia/Seoul"], catch_exceptions=False)
        assert drafted.exit_code == 0, drafted.output
        assert runner.invoke(cli, ["ready", "posts/2026-01-retrospective.md"]).exit_code == 0
        built = runner.invoke(cli, ["build", "--engine", engine], catch_exceptions=False)
        assert built.exit_code == 0, built.output
    finally:
        os.chdir(cwd)
    with served(root / "blog" / "public") as address:
        yield Site(address, engine)


class Site(str):
    """The served address, knowing which engine built it."""

    def __new__(cls, address: str, engine: str) -> "Site":
        made = super().__new__(cls, address)
        made.engine = engine
        return made

    def shot(self, name: str) -> str:
        """tests/screenshots/NAME.png for mkdocs' build (as before), NAME-zensical.png beside it for Zensical's."""
        return str(SHOTS / (f"{name}.png" if self.engine == "mkdocs" else f"{name}-{self.engine}.png"))


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """A built site on 127.0.0.1, for as long as the block runs."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def open_page(browser, **options):
    """A page that may reach loopback only: every other request is blocked and kept in `page.outside`, so a test
    can fail on one (a blog should send its readers' addresses nowhere)."""
    from urllib.parse import urlparse

    page = browser.new_page(**options)
    page.outside = []

    def route(found) -> None:
        url = found.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname in LOOPBACK:
            found.continue_()
        else:
            page.outside.append(url)
            found.abort()

    page.route("**/*", route)
    return page


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def test_the_index_shows_the_blog_and_the_post(site: str, browser) -> None:
    page = open_page(browser, viewport={"width": 1200, "height": 900})
    page.goto(site + "/")
    page.wait_for_load_state("networkidle")
    # Material titles the home page with the site's name alone, Zensical with the page's too ("블로그 - ...").
    assert page.title() == "나의 개발 회고" if site.engine == "mkdocs" else page.title().endswith("나의 개발 회고")
    card = page.locator("article").first
    card.wait_for()
    assert "2026-01 개발 회고" in card.inner_text()
    assert page.locator("html").get_attribute("lang") == "ko"
    page.screenshot(path=site.shot("index"), full_page=True)
    assert page.outside == []  # no font service, no script from elsewhere: nothing leaves the site
    page.close()


def test_a_korean_post_draws_its_chart(site: str, browser) -> None:
    page = open_page(browser, viewport={"width": 1200, "height": 900})
    page.goto(site + "/")
    page.locator("article a", has_text="2026-01 개발 회고").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text() == "2026-01 개발 회고"
    chart = page.locator('img[src$="2026-01-activity.svg"]')
    chart.scroll_into_view_if_needed()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 100")
    assert chart.get_attribute("alt").startswith("2026년 1월 날짜별 커밋")
    page.screenshot(path=site.shot("post-ko"), full_page=True)
    post_url = page.url
    assert page.outside == []
    page.close()
    # A reader whose system is dark gets Material's slate scheme on a first visit; the chart must read there too.
    dark = open_page(browser, viewport={"width": 1200, "height": 900}, color_scheme="dark")
    dark.goto(post_url)
    assert dark.locator("body").get_attribute("data-md-color-scheme") == "slate"
    assert dark.locator('img[src$="2026-01-activity.svg"]').evaluate("img => img.naturalWidth > 100")
    dark.screenshot(path=site.shot("post-ko-dark"), full_page=True)
    assert dark.outside == []
    dark.close()


def test_search_finds_a_korean_word(site: str, browser) -> None:
    page = open_page(browser, viewport={"width": 1200, "height": 900})
    page.goto(site + "/")
    if site.engine == "zensical":  # Zensical's search is a dialog opened by its button, results in a listbox
        page.wait_for_load_state("networkidle")
        page.locator(".md-search__button").click()
        search = page.locator('input[aria-label="Search"]')
        search.fill("러스트")
        results = page.get_by_role("listbox", name="Search results")
        results.get_by_role("option").filter(has_text="러스트").first.wait_for(timeout=15_000)
        assert "2026-01 개발 회고" in results.inner_text()
    else:
        page.keyboard.press("/")  # Material's shortcut to the search box
        search = page.locator(".md-search__input")
        search.fill("러스트")
        search.press("End")  # Material searches on keyup, which an IME sends and fill() does not
        result = page.locator(".md-search-result__item", has_text="러스트").first
        result.wait_for(timeout=15_000)
        assert "2026-01 개발 회고" in page.locator(".md-search-result").inner_text()
    page.screenshot(path=site.shot("search-ko"))
    assert page.outside == []
    page.close()


def test_an_imported_chirpy_post_reads_as_it_did(tmp_path: Path, browser) -> None:
    from test_chirpy import chirpy_site

    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert CliRunner().invoke(cli, ["init", "blog"]).exit_code == 0
        os.chdir(tmp_path / "blog")
        source = chirpy_site(tmp_path / "mina.github.io")
        imported = CliRunner().invoke(cli, ["import", "jekyll", str(source), "--config"], catch_exceptions=False)
        assert imported.exit_code == 0, imported.output
        built = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
        assert built.exit_code == 0, built.output
    finally:
        os.chdir(cwd)
    with served(tmp_path / "blog" / "public") as address:
        # Only loopback: the giscus, YouTube and MathJax addresses the imported post asks for are not fetched.
        page = open_page(browser, viewport={"width": 1200, "height": 900})
        page.goto(address + "/")
        page.locator("article a", has_text="Writing a New Post").first.click()
        page.wait_for_load_state("load")
        assert page.locator(".admonition.tip").first.is_visible()
        assert page.locator(".admonition.warning").first.is_visible()
        image = page.locator('img[alt="Desktop View"]')
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth == 700") and image.get_attribute("width") == "700"
        assert page.locator("iframe.video").count() == 1 and page.locator("video").count() == 1
        assert "Mina Kim" in page.locator("body").inner_text()
        assert page.locator(".retro-description").inner_text() == "How a post is written, with every Chirpy construct."
        assert page.locator("a", has_text="Getting Started").count() >= 1  # the next post, linked at the end
        assert page.locator("#__comments").count() == 1  # giscus's place (its script is not fetched here)
        assert page.locator(".md-social a").count() == 3
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SHOTS / "chirpy-post.png"), full_page=True)
        from urllib.parse import urlparse

        # What left the site is only what the imported site asked for (its video, comments, math, its analytics,
        # its author's GitHub avatar), never a font service.
        hosts = {urlparse(url).hostname for url in page.outside}
        assert hosts <= {"www.youtube-nocookie.com", "giscus.app", "unpkg.com", "www.googletagmanager.com",
                         "github.com"}, hosts
        page.close()


MEASURE = """() => {
  const svg = document.querySelector("svg");
  const width = parseFloat(svg.getAttribute("width"));
  const texts = [...svg.querySelectorAll("text")].map(t => {
    const b = t.getBBox();
    return {what: t.textContent, left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height};
  });
  const bars = [...svg.querySelectorAll("rect")].filter(r => !r.querySelector("title")).map(r => {
    const b = r.getBBox();
    return {what: "bar", left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height};
  });
  return {width, texts, bars};
}"""


def month_picture(lang: str, repos: int) -> str:
    from retro.writing.charts import month as chart
    from test_chart import crowded_month

    return chart.svg(crowded_month("2026-08", repos), lang)


def year_picture(lang: str) -> str:
    from datetime import timezone

    from retro.months import Year
    from retro.sources.facts.month import MonthFacts as Activity
    from retro.writing.charts import year as year_chart
    from retro.writing.offline.year_post import YearFacts, month_rows

    since, until = Year(2026).bounds(timezone.utc)
    empty = Activity(Year(2026), since, until, timezone.utc, (ME,), [])
    facts = YearFacts(empty, month_rows(empty, [f"{m}월" for m in range(1, 13)]))
    for index, row in enumerate(facts.months):
        row.commits = 1234 * (index % 4) // 3
    return year_chart.svg(facts, lang)


@pytest.mark.parametrize("picture", ["month-en-1", "month-ko-12", "month-en-12", "year-en", "year-ko"])
def test_no_label_of_a_picture_overlaps_another_as_chromium_draws_it(picture: str, browser) -> None:
    """The charts' own text_width is only an estimate: here every label is measured as drawn (getBBox)."""
    kind, lang, *repos = picture.split("-")
    svg = month_picture(lang, int(repos[0])) if kind == "month" else year_picture(lang)
    page = open_page(browser, viewport={"width": 1400, "height": 900})
    page.set_content(f'<!doctype html><html lang="{lang}"><body style="margin:0">{svg}</body></html>')
    found = page.evaluate(MEASURE)
    page.screenshot(path=str(SHOTS / f"chart-{picture}.png"))
    page.close()
    texts, bars = found["texts"], found["bars"]
    assert texts, "no label was drawn"
    for box in texts:
        assert box["left"] >= 0 and box["right"] <= found["width"] + 0.5, f"{box['what']!r} runs out of the picture"
    for i, a in enumerate(texts):
        for b in texts[i + 1:] + bars:
            apart = a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            assert apart, f"{a['what']!r} overlaps {b['what']!r} ({a} / {b})"
