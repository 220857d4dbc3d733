"""`retro init`: a new blog that builds strictly at once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from retro.config import SETTINGS
from retro.errors import UsageError

TEXTS = {
    "en": {
        "description": "Monthly retrospectives: what I built, what I learned, and what comes next.",
        "index": "# Blog\n\nMonthly retrospectives: what I built, what I learned, and what comes next.\n",
        "tags": "# Tags\n\n<!-- material/tags -->\n",
        "about": "# About\n\nA developer's monthly retrospectives, drafted from git activity and notes with retro, "
                 "then edited by hand.\n",
        "about_nav": "About", "tags_nav": "Tags", "blog_nav": "Blog",
    },
    "ko": {
        "description": "매달 쓰는 개발 회고: 만든 것, 배운 것, 다음에 할 것.",
        "index": "# 블로그\n\n매달 쓰는 개발 회고: 만든 것, 배운 것, 다음에 할 것.\n",
        "tags": "# 태그\n\n<!-- material/tags -->\n",
        "about": "# 소개\n\n한 개발자의 월간 회고입니다. retro로 git 기록과 메모에서 초안을 만들고 직접 다듬습니다.\n",
        "about_nav": "소개", "tags_nav": "태그", "blog_nav": "블로그",
    },
}

MKDOCS_YML = """\
# A blog of monthly retrospectives. Posts live in posts/ (the source of truth);
# site/ holds the blog's own pages. Build with `retro build`, preview with `retro serve`.
site_name: {title}
site_description: {description}
# The published address (GitHub Pages: https://USER.github.io/REPO/); feeds and canonical links use it.
site_url: {site_url}
docs_dir: site
site_dir: public
strict: true

theme:
  name: material
  language: {lang}
  features:
    - navigation.indexes
    - navigation.top
    - search.highlight
    - content.code.copy
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      toggle:
        icon: material/weather-night
        name: Dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      toggle:
        icon: material/weather-sunny
        name: Light mode

plugins:
  - retro-posts          # hands posts/ to the blog plugin; must come before it
  - search:
      lang: {search_langs}
  - blog:
      blog_dir: .
      blog_toc: true
      post_date_format: long
      post_url_format: "{{date}}/{{slug}}"
      archive: true
      categories: true
      # Drafts stay out of a build; `retro build --drafts` or RETRO_DRAFTS=true include them.
      draft: !ENV [RETRO_DRAFTS, false]
      draft_on_serve: true
  - tags                 # site/tags.md holds the tags index
  - rss:
      match_path: "posts/.*"
      # Dates come from each post's front matter, so the feed needs no git history.
      use_git: false
      date_from_meta:
        as_creation: date
      categories: [categories, tags]
      abstract_delimiter: "<!-- more -->"

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - footnotes
  - tables
  - toc:
      permalink: true
      # Readable anchors for Korean headings (#다음-달-계획, not #_1).
      slugify: !!python/object/apply:pymdownx.slugs.slugify {{kwds: {{case: lower}}}}
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.tasklist:
      custom_checkbox: true

nav:
  - {blog_nav}: index.md
  - {tags_nav}: tags.md
  - {about_nav}: about.md
"""

GITIGNORE = """\
# The built site.
/public/
# The blog plugin creates site/posts/ inside docs_dir; the real posts live in posts/.
/site/posts/
# Backups of replaced posts (retro draft --force, retro revise).
/.retro/
/.venv/
"""

# Actions are pinned to full commit hashes (the tag each one is follows it), so a moved tag cannot
# change what runs with write access to the repository. The checkout keeps no credentials on disk:
# `retro publish` hands GITHUB_TOKEN to git in memory when it runs on GitHub Actions.
WORKFLOW = """\
# Publishes the blog to GitHub Pages (the gh-pages branch) on every push to main.
# In the repository's settings, set Pages to deploy from the gh-pages branch.
# Actions are pinned to full commit hashes; the comment after each names its release.
name: Publish
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions: {{}}
concurrency:
  group: publish
  cancel-in-progress: false
jobs:
  publish:
    runs-on: ubuntu-latest
    permissions:
      contents: write  # retro publish pushes the built site to the gh-pages branch
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2
        with:
          persist-credentials: false
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065  # v5.6.0
        with:
          python-version: "3.12"
          cache: pip
          cache-dependency-path: requirements.txt
      - run: python -m pip install -r requirements.txt
      - run: |
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
      - run: retro publish
        env:
          GITHUB_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}
          RETRO_SITE_URL: ${{{{ vars.SITE_URL }}}}
"""

REQUIREMENTS = """\
# What the publish workflow installs: retro, which brings mkdocs-material, the feed plugin and
# its own posts plugin. Pinned at the version that wrote this blog, so a build never changes by
# itself; raise it when you upgrade retro. To publish with retro from a clone or a fork instead,
# make the line a git URL: `retro init --install "git+https://github.com/YOU/retro@main"` writes
# one, or edit it by hand (any pip requirement works).
{install}
"""


def requirement(install: str | None) -> str:
    """The line the publish workflow installs retro from: this version of the distribution, or `install`."""
    from retro import DISTRIBUTION, __version__

    return install.strip() if install and install.strip() else f"{DISTRIBUTION}=={__version__}"


def retro_toml(lang: str) -> str:
    """Every setting, documented and commented out, but the language init was given."""
    lines = ["# retro's settings for this blog. Every key is optional; a command-line flag overrides it.", ""]
    for setting in SETTINGS:
        lines.append(f"# {setting.doc}")
        prefix = "" if setting.name == "lang" else "# "
        value = f'"{lang}"' if setting.name == "lang" else setting.example
        lines += [f"{prefix}{setting.name} = {value}", ""]
    return "\n".join(lines)


@dataclass
class Extras:
    """What Chirpy readers expect beyond the posts: comments by giscus, social links in the footer."""

    giscus: dict[str, str] = field(default_factory=dict)  # repo, repo_id, category, category_id
    social: list[str] = field(default_factory=list)


def files(title: str, lang: str, site_url: str | None, install: str | None = None,
          extras: Extras | None = None) -> dict[str, str]:
    from retro.blog.extras import giscus_partial, social_links

    extras = extras or Extras()
    texts = TEXTS[lang]
    url = site_url or "!ENV [RETRO_SITE_URL, \"http://127.0.0.1:8000/\"]"
    config = MKDOCS_YML.format(
        # JSON strings are YAML strings: quotes, colons and Korean are safe.
        title=json.dumps(title, ensure_ascii=False), description=json.dumps(texts["description"], ensure_ascii=False),
        site_url=url, lang=lang,
        search_langs="[ko, en]" if lang == "ko" else "[en]",
        blog_nav=texts["blog_nav"], tags_nav=texts["tags_nav"], about_nav=texts["about_nav"],
    )
    written: dict[str, str] = {}
    if extras.giscus:
        config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
        written["overrides/partials/comments.html"] = giscus_partial(extras.giscus, lang).replace(
            "{% if page.meta.comments %}",
            "{#- On every post unless it says comments: false; on other pages when they say comments: true. -#}\n"
            "{% if page.meta.comments or (page.meta.comments is not defined and page.file.src_uri.startswith(\"posts/\")) %}")
    links = social_links({"social": {"links": extras.social}})
    if links:
        config += "\nextra:\n  social:\n" + "".join(
            f"    - icon: {link['icon']}\n      link: {json.dumps(link['link'])}\n" for link in links)
    return written | {
        "mkdocs.yml": config,
        "site/index.md": texts["index"],
        "site/tags.md": texts["tags"],
        "site/about.md": texts["about"],
        "posts/.gitkeep": "",
        "notes/.gitkeep": "",
        "retro.toml": retro_toml(lang),
        ".gitignore": GITIGNORE,
        ".github/workflows/publish.yml": WORKFLOW.format(),
        "requirements.txt": REQUIREMENTS.format(install=requirement(install)),
    }


def init(folder: Path, title: str | None, lang: str, site_url: str | None, install: str | None = None,
         extras: Extras | None = None) -> list[Path]:
    """Write a new blog into `folder`, which must be empty or new; returns the files written."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; name a new or empty folder for the blog.")
    if folder.exists() and any(folder.iterdir()):
        raise UsageError(f"{folder} is not empty; retro init writes only into a new or empty folder.")
    if site_url and not site_url.startswith(("http://", "https://")):
        raise UsageError(f"--site-url {site_url!r} must start with https:// (e.g. https://USER.github.io/REPO/).")
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    written = []
    if install is not None and (not install.strip() or "\n" in install):
        raise UsageError("--install takes one pip requirement, e.g. \"git+https://github.com/YOU/retro@main\".")
    for name, text in files(title or folder.resolve().name, lang, site_url, install, extras).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

