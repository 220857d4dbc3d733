"""From Chirpy without loss (issue 14): every Chirpy construct, authors and the site's settings, built strictly."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import frontmatter
import yaml
from click.testing import CliRunner

from retro.blog.importers.chirpy import convert_body
from retro.cli import cli

POST = """---
title: Writing a New Post
description: How a post is written, with every Chirpy construct.
pin: true
author: mina
date: 2019-08-08 14:10:00 +0800
categories: [Blogging, Tutorial]
tags: [writing]
math: true
mermaid: true
media_subpath: /posts/20190808
image:
  path: cover.png
  alt: The cover
---

## Naming and Path
{: data-toc-skip='' .mt-4 .mb-0 }

Create a file.

> An example showing the `tip` type prompt.
{: .prompt-tip }

> Something to be careful of.
> Second line.
{: .prompt-warning }

> Dangerous.
{: .prompt-danger }

> Just so you know.
{: .prompt-info }

![Desktop View](mockup.png){: w="700" h="400" .shadow }
_Full screen width and center alignment_

![Absolute](/posts/20190808/devtools-light.png){: .normal }

The equation $a \\ne 0$ inline, and a block:

$$
\\sum_{n=1}^\\infty 1/n^2 = \\frac{\\pi^2}{6}
$$

```mermaid
 gantt
  title  Adding GANTT diagram
  apple :a, 2017-07-20, 1w
```

{% include embed/youtube.html id='Balreaj8Yqs' %}

{% include embed/video.html src='/assets/video/demo.mp4' poster='/assets/img/poster.png' title='Demo' %}

{% include embed/audio.html src='/assets/audio/sample.mp3' %}

```python
print("hello")
```
{: file='app.py' }

{% raw %}
```liquid
{% if page.comments %}{{ page.title }}{% endif %}
```
{% endraw %}
"""

CONFIG = """\
title: Mina's Log
tagline: 배우고 만들고 돌아본다
url: "https://mina.github.io"
baseurl: "/blog"
lang: ko-KR
timezone: Asia/Seoul
avatar: /assets/img/avatar.png
social:
  name: Mina
  email: mina@example.com
  links:
    - https://github.com/mina
    - https://twitter.com/mina
comments:
  provider: giscus
  giscus:
    repo: mina/blog
    repo_id: R_abc
    category: Comments
    category_id: DIC_xyz
    mapping: pathname
analytics:
  google:
    id: G-ABC123
  goatcounter:
    id: mina
"""

AUTHORS = "mina:\n  name: Mina Kim\n  twitter: mina\n  url: https://mina.example.com/\n"


def png(width: int, height: int) -> bytes:
    """A real PNG of one colour, so a screenshot shows where the image stands."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x4a\x90\xd9" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def chirpy_site(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_posts" / "2019-08-08-write-a-new-post.md").write_text(POST, encoding="utf-8")
    (root / "_posts" / "2019-08-09-getting-started.md").write_text(
        "---\ntitle: Getting Started\ndate: 2019-08-09 20:55:00 +0800\n---\n\nThe next one.\n", encoding="utf-8")
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "_data").mkdir()
    (root / "_data" / "authors.yml").write_text(AUTHORS, encoding="utf-8")
    for name in ("posts/20190808/mockup.png", "posts/20190808/devtools-light.png", "posts/20190808/cover.png",
                 "assets/img/avatar.png", "assets/img/poster.png", "assets/video/demo.mp4",
                 "assets/audio/sample.mp3"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(png(700, 400) if name.endswith(".png") else b"fake media " + name.encode())
    return root


def test_a_chirpy_site_imports_and_builds_with_nothing_raw(tmp_path: Path, monkeypatch) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "blog")], catch_exceptions=False)
    assert result.exit_code == 0
    monkeypatch.chdir(tmp_path / "blog")
    source = chirpy_site(tmp_path / "mina.github.io")
    # No --config: a blog fresh from `retro init` takes the site's settings anyway.
    result = CliRunner().invoke(cli, ["import", "jekyll", str(source)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "settings: the blog is fresh from retro init: _config.yml's settings taken too" in result.stdout
    line = next(l for l in result.stdout.splitlines() if l.startswith("posts/2019-08-08-write-a-new-post.md"))
    for said in ("author made authors", "layout attribute list dropped", "prompt as a tip admonition",
                 "prompt as a warning admonition", "image size kept", "mermaid diagram", "youtube embed as HTML",
                 "video embed as HTML", "audio embed as HTML", "code block file name as title",
                 "Liquid raw block unwrapped (2)", "resolved under media_subpath /posts/20190808", "math for arithmatex"):
        assert said in line, said
    assert "not converted: analytics by goatcounter: Material supports Google Analytics only" in result.stderr
    post = frontmatter.load("posts/2019-08-08-write-a-new-post.md")
    assert post["authors"] == ["mina"] and post["comments"] is True
    assert post["image"] == "assets/posts/20190808/cover.png"
    assert "![Desktop View](../assets/posts/20190808/mockup.png){ width=\"700\" height=\"400\" }" in post.content

    mkdocs = Path("mkdocs.yml").read_text()
    assert 'site_name: "Mina\'s Log"' in mkdocs and "site_url: https://mina.github.io/blog/" in mkdocs
    assert "  language: ko" in mkdocs and "custom_dir: overrides" in mkdocs and "logo: assets/img/avatar.png" in mkdocs
    assert "provider: google" in mkdocs and "property: G-ABC123" in mkdocs
    assert "fontawesome/brands/github" in mkdocs and "mailto:mina@example.com" in mkdocs
    assert 'timezone = "Asia/Seoul"' in Path("retro.toml").read_text()
    authors = yaml.safe_load(Path("site/.authors.yml").read_text())
    assert authors["authors"]["mina"]["name"] == "Mina Kim"

    built = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    [page] = Path("public").glob("2019/08/08/*/index.html")
    assert '<a href="../../09/getting-started/">Getting Started</a> →' in page.read_text()
    html = page.read_text()
    article = html[html.index('<article class="md-content__inner'):html.index("</article>")]
    text = re.sub(r"<(pre|code)\b.*?</\1>", "", article, flags=re.DOTALL)
    assert "{:" not in text and "{%" not in text  # no Chirpy syntax shown as text outside code
    for kind in ("tip", "warning", "danger", "info"):
        assert f'class="admonition {kind}"' in article, kind
    assert 'class="arithmatex"' in article and '<pre class="mermaid">' in article
    assert 'src="https://www.youtube-nocookie.com/embed/Balreaj8Yqs"' in article
    assert "<video controls" in article and "<audio controls" in article
    assert 'src="../../../../assets/posts/20190808/mockup.png"' in article and 'width="700"' in article
    assert '<span class="filename">app.py</span>' in article
    shown = unescape(re.sub(r"<[^>]+>", "", article))
    assert "{% if page.comments %}{{ page.title }}{% endif %}" in shown  # the Liquid example, as code
    assert "Mina Kim" in html  # the post shows its author
    assert 'src="https://giscus.app/client.js"' in html and 'data-repo="mina/blog"' in html
    assert Path("public/assets/posts/20190808/mockup.png").is_file()
    assert Path("public/javascripts/mathjax.js").is_file()
    check = CliRunner().invoke(cli, ["check", "--no-figures"])
    assert check.exit_code == 0, check.output  # the embeds are known players, not unsafe HTML


def test_an_unknown_embed_and_render_with_liquid_false_are_left_alone() -> None:
    converted = convert_body("{% include embed/unknown.html id='x' %}\n{% raw %}x{% endraw %}", liquid=False)
    assert converted.text == "{% include embed/unknown.html id='x' %}\n{% raw %}x{% endraw %}"
    converted = convert_body("{% include embed/unknown.html id='x' %}")
    assert converted.notes == ["embed/unknown left as it was (not known)"]


def test_raw_tags_inside_a_fence_vanish_as_jekyll_makes_them() -> None:
    """Chirpy's own "Writing a New Post" shows a Liquid example fenced, with raw tags inside the fence."""
    body = ("```liquid\n{% raw %}\n{% if product.title contains 'Pack' %}\n  A pack.\n{% endif %}\n"
            "{% endraw %}\n```\n\nInline {% raw %}`{{ x }}`{% endraw %} too.\n\n"
            "```text\nline {% raw %}{{ y }}{% endraw %}\n```")
    converted = convert_body(body)
    assert converted.text == ("```liquid\n{% if product.title contains 'Pack' %}\n  A pack.\n{% endif %}\n```\n\n"
                              "Inline `{{ x }}` too.\n\n```text\nline {{ y }}\n```")
    assert converted.notes == ["Liquid raw block unwrapped (4)"]
    kept = convert_body(body, liquid=False)  # render_with_liquid: false: Jekyll shows them as written
    assert kept.text == body and kept.notes == []


def test_a_new_blog_gets_comments_social_links_and_descriptions(tmp_path: Path, monkeypatch) -> None:
    args = ["init", str(tmp_path / "blog"), "--giscus", "me/blog", "R_kgD", "Comments", "DIC_kwD",
            "--social", "https://github.com/me", "--social", "mailto:me@example.com"]
    assert CliRunner().invoke(cli, args, catch_exceptions=False).exit_code == 0
    monkeypatch.chdir(tmp_path / "blog")
    Path("posts/2026-01-31-hello.md").write_text(
        "---\ntitle: Hello\ndate: 2026-01-31\ndescription: A first post <with> care\npin: true\n---\n\nHi.\n")
    Path("posts/2026-01-30-quiet.md").write_text(
        "---\ntitle: Quiet\ndate: 2026-01-30\ncomments: false\n---\n\nNo comments here.\n")
    built = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    [hello] = Path("public").glob("2026/01/31/*/index.html")
    html = hello.read_text()
    assert 'src="https://giscus.app/client.js"' in html and 'data-repo="me/blog"' in html
    assert '<p class="retro-description"><em>A first post &lt;with&gt; care</em></p>' in html
    assert 'href="https://github.com/me"' in html and 'href="mailto:me@example.com"' in html
    assert "min read" in html  # reading time, Material's blog default
    [quiet] = Path("public").glob("2026/01/30/*/index.html")
    assert "giscus.app" not in quiet.read_text()
    index = Path("public/index.html").read_text()
    assert index.index("Hello") < index.index("Quiet")
    # Each post links to the ones beside it, older first.
    assert re.search(r'← <a href="../../30/quiet/">Quiet</a>', html)
    assert re.search(r'<a href="../../31/hello/">Hello</a> →', quiet.read_text())


def test_code_comes_over_byte_for_byte(tmp_path: Path, monkeypatch) -> None:
    """Chirpy's demo "Writing a New Post" shows media paths and attribute lists inside code: they stay code."""
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "blog")], catch_exceptions=False)
    assert result.exit_code == 0
    monkeypatch.chdir(tmp_path / "blog")
    source = tmp_path / "site"
    (source / "_posts").mkdir(parents=True)
    code = ("```liquid\n{% include embed/video.html src='/path/to/video.mp4' %}\n![Shadow](/path/to/image.png)"
            "{: .shadow }\n```\n\nInline: `<video src='/path/to/video.mp4'>` and `![x](/assets/x.png){: w=\"9\" }`.\n")
    (source / "_posts" / "2019-08-08-write.md").write_text(
        "---\ntitle: Writing\nmedia_subpath: /posts/20190808\n---\n\n" + code + "\n![real](real.png)\n")
    imported = CliRunner().invoke(cli, ["import", "jekyll", str(source)], catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    assert "/path/to" not in imported.output and "x.png" not in imported.output  # no file looked for in code
    assert "posts/20190808/real.png" in imported.output  # the one outside code is looked for, and missing
    body = frontmatter.load("posts/2019-08-08-write.md").content
    assert body.startswith(code)
    assert "![real](../assets/posts/20190808/real.png)" in body


def test_an_imported_post_with_a_time_beside_a_drafted_one_lists_and_builds(tmp_path: Path, monkeypatch) -> None:
    """Chirpy's dates carry a time (a datetime), retro's drafts a day (a date): the two sort together."""
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "blog")]).exit_code == 0
    monkeypatch.chdir(tmp_path / "blog")
    assert CliRunner().invoke(cli, ["import", "jekyll", str(chirpy_site(tmp_path / "site"))]).exit_code == 0
    Path("posts/2026-01-retrospective.md").write_text("---\ntitle: Drafted\ndate: 2026-01-31\ndraft: true\n---\n\nx\n")
    listed = CliRunner().invoke(cli, ["posts"])
    assert listed.exit_code == 0 and listed.output.index("Drafted") < listed.output.index("Getting Started")
    built = CliRunner().invoke(cli, ["build"])
    assert built.exit_code == 0 and "left out 1 draft" in built.output, built.output
