"""`retro init`: a new blog that builds strictly at once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from retro.config import SETTINGS
from retro.errors import UsageError, setting

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
  # System fonts: no page view sends a reader's address to a font service (and Material's default font has no
  # Hangul). To use a web font from Google Fonts instead: font: {{text: Noto Sans KR, code: JetBrains Mono}}
  font: false
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
# Python and retro, installed the same way by both workflows (pinned action, pip cached, the blog's requirements).
INSTALL_STEPS = """\
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065  # v5.6.0
        with:
          python-version: "3.12"
          cache: pip
          cache-dependency-path: requirements.txt
      - run: python -m pip install -r requirements.txt
"""

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
{install}      - run: |
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
      - run: retro publish
        env:
          GITHUB_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}
          RETRO_SITE_URL: ${{{{ vars.SITE_URL }}}}
"""

# Drafts the month just ended on the 1st of each month and opens a pull request with it; never pushes to the
# default branch. Least privilege as the publish workflow, and no secret in a command line or a log: the push
# reads its credentials from GIT_CONFIG_* variables the shell exports, and gh reads GH_TOKEN.
DRAFT_CRON = "17 14 1 * *"  # minute, hour: 14:17 UTC on the 1st


def draft_time() -> str:
    """When the scheduled draft runs, as the README says it: '14:17'."""
    minute, hour = DRAFT_CRON.split()[:2]
    return f"{int(hour):02d}:{int(minute):02d}"


DRAFT_WORKFLOW = """\
# Drafts last month's retrospective on the 1st of each month (and by hand) and opens a pull request with it
# on the branch retro/YYYY-MM. It never pushes to the default branch, and does nothing when the month's post
# exists already. `retro schedule --help` tells the setting and the secrets it reads.
# Actions are pinned to full commit hashes; the comment after each names its release.
name: Draft
on:
  schedule:
    - cron: "{cron}"  # {when} UTC on the 1st: the month has ended in every time zone from UTC-10 on
  workflow_dispatch:
    inputs:
      month:
        description: "The month to draft, YYYY-MM (default: the month just ended)"
        required: false
        default: ""
permissions: {{}}
concurrency:
  group: draft
  cancel-in-progress: false
jobs:
  draft:
    runs-on: ubuntu-latest
    permissions:
      contents: write  # the branch retro/YYYY-MM
      pull-requests: write  # the pull request with the draft
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2
        with:
          persist-credentials: false
          fetch-depth: 0  # the blog's own history is a source
{install}      - name: Draft the month
        id: draft
        env:
          MONTH_INPUT: ${{{{ inputs.month }}}}
          REPO_TOKEN: ${{{{ github.token }}}}
          SERVER: ${{{{ github.server_url }}}}
          GH_TOKEN: ${{{{ secrets.RETRO_GITHUB_TOKEN }}}}
          CALENDAR_URL: ${{{{ secrets.RETRO_CALENDAR_URL }}}}
          RETRO_MODEL: ${{{{ vars.RETRO_MODEL }}}}
          RETRO_API_BASE: ${{{{ secrets.RETRO_API_BASE }}}}
          RETRO_API_KEY: ${{{{ secrets.RETRO_API_KEY }}}}
        run: |
          set -eu
          month="${{MONTH_INPUT:-$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)}}"
          echo "month=$month" >> "$GITHUB_OUTPUT"
          notes="$RUNNER_TEMP/retro-notes.md"
          : > "$notes"
          [ -n "$GH_TOKEN" ] || echo "- no RETRO_GITHUB_TOKEN secret: GitHub's pull requests and reviews are left out" >> "$notes"
          [ -n "$CALENDAR_URL" ] || echo "- no RETRO_CALENDAR_URL secret: meetings are left out" >> "$notes"
          [ -n "$RETRO_MODEL" ] || echo "- no RETRO_MODEL variable: drafted offline" >> "$notes"
          export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.$SERVER/.extraheader"
          GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$REPO_TOKEN" | base64 | tr -d '\\n')"
          export GIT_CONFIG_VALUE_0
          found=0
          git ls-remote --exit-code --heads origin "retro/$month" > /dev/null || found=$?
          if [ "$found" -eq 0 ]; then
            echo "The branch retro/$month exists already: nothing to do."; exit 0
          elif [ "$found" -ne 2 ]; then
            echo "Cannot ask origin for the branch retro/$month (git exited $found)."; exit 1
          fi
          unset GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0
          set -- --month "$month" --skip-existing
          [ -z "$CALENDAR_URL" ] || set -- "$@" --calendar "$CALENDAR_URL"
          if ! grep -qs '^authors' retro.toml; then
            set -- "$@" --all-authors
            echo "- no authors in retro.toml: every author's commits are counted" >> "$notes"
          fi
          retro draft "$@" > "$RUNNER_TEMP/drafted.txt" 2> "$RUNNER_TEMP/draft.log" || {{ cat "$RUNNER_TEMP/draft.log"; exit 1; }}
          cat "$RUNNER_TEMP/draft.log"
          # The warnings go to the pull request, a page GitHub does not mask: never with the API base in them.
          sed -n 's/^warning: /- /p' "$RUNNER_TEMP/draft.log" | awk 'BEGIN {{ base = ENVIRON["RETRO_API_BASE"] }}
            {{ while (base != "" && (at = index($0, base)) > 0) $0 = substr($0, 1, at - 1) "(the API base)" substr($0, at + length(base)); print }}' >> "$notes"
          if [ -z "$(git status --porcelain -- posts)" ]; then
            echo "The post for $month exists already: nothing to do."; exit 0
          fi
          echo "post=$(tail -n 1 "$RUNNER_TEMP/drafted.txt")" >> "$GITHUB_OUTPUT"
      - name: Open a pull request with the draft
        if: steps.draft.outputs.post != ''
        env:
          MONTH: ${{{{ steps.draft.outputs.month }}}}
          POST: ${{{{ steps.draft.outputs.post }}}}
          BASE: ${{{{ github.event.repository.default_branch }}}}
          GH_TOKEN: ${{{{ github.token }}}}
          SERVER: ${{{{ github.server_url }}}}
        run: |
          set -eu
          branch="retro/$MONTH"
          git switch -c "$branch"
          git add posts
          git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \\
            commit -q -m "Draft the $MONTH retrospective"
          export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.$SERVER/.extraheader"
          GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GH_TOKEN" | base64 | tr -d '\\n')"
          export GIT_CONFIG_VALUE_0
          git push -q origin "$branch"
          {{
            echo "retro drafted the $MONTH retrospective: $(sed -n 's/^description: //p' "$POST" | tr -d "'")"
            echo
            echo "Preview it with \\`retro serve\\`, edit it on this branch, then run \\`retro ready $POST\\` and merge."
            if [ -s "$RUNNER_TEMP/retro-notes.md" ]; then echo; echo "Left out or worth a look:"; cat "$RUNNER_TEMP/retro-notes.md"; fi
          }} > "$RUNNER_TEMP/pr-body.md"
          gh pr create --base "$BASE" --head "$branch" --title "$MONTH retrospective (draft)" --body-file "$RUNNER_TEMP/pr-body.md"
"""

REQUIREMENTS = """\
# What the publish workflow installs: retro, which brings mkdocs-material, the feed plugin and
# its own posts plugin. Pinned at the version that wrote this blog, so a build never changes by
# itself; raise it when you upgrade retro. To publish with retro from a clone or a fork instead,
# make the line a git URL: `retro init --install "git+https://github.com/YOU/retro@main"` writes
# one, or edit it by hand (any pip requirement works).
{install}
"""


def requirement(install: str | None, engine: str = "mkdocs") -> str:
    """The line the publish workflow installs retro from: this version of the distribution, or `install`; with
    Zensical, its extra (or Zensical itself beside a requirement given)."""
    from retro import DISTRIBUTION, __version__

    extra = "[zensical]" if engine == "zensical" else ""
    if install and install.strip():
        return install.strip() + ("\nzensical>=0.0.64" if engine == "zensical" else "")
    return f"{DISTRIBUTION}{extra}=={__version__}"


def retro_toml(lang: str, tables: dict | None = None, engine: str = "mkdocs") -> str:
    """Every setting, documented and commented out, but the language init was given; then each source's table
    (`tables`: sources.tables(), given by the face), commented out too."""
    lines = ["# retro's settings for this blog. Every key is optional; a command-line flag overrides it.", ""]
    for setting in SETTINGS:
        lines.append(f"# {setting.doc}")
        chosen = {"lang": lang, **({"engine": engine} if engine != "mkdocs" else {})}
        prefix = "" if setting.name in chosen else "# "
        value = f'"{chosen[setting.name]}"' if setting.name in chosen else setting.example
        lines += [f"{prefix}{setting.name} = {value}", ""]
    for table, ones in (tables or {}).items():
        lines.append(f"# [{table}]")
        for one in ones:
            lines += [f"# {one.doc}", f"# {one.name} = {one.example}"]
        lines.append("")
    return "\n".join(lines)


@dataclass
class Extras:
    """What Chirpy readers expect beyond the posts: comments by giscus, social links in the footer."""

    giscus: dict[str, str] = field(default_factory=dict)  # repo, repo_id, category, category_id
    social: list[str] = field(default_factory=list)


def files(title: str, lang: str, site_url: str | None, install: str | None = None,
          extras: Extras | None = None, tables: dict | None = None, engine: str = "mkdocs") -> dict[str, str]:
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
    if engine == "zensical":  # only what Zensical reads: retro stages the posts itself (blog/zensical.py)
        config = config.replace("  - retro-posts          # hands posts/ to the blog plugin; must come before it\n",
                                "").replace("Build with `retro build`", "Build with `retro build` (Zensical)")
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
        "retro.toml": retro_toml(lang, tables, engine),
        ".gitignore": GITIGNORE,
        ".github/workflows/publish.yml": WORKFLOW.format(install=INSTALL_STEPS),
        "requirements.txt": REQUIREMENTS.format(install=requirement(install, engine)),
    }


def outside_the_blog(config) -> list[str]:
    """The repositories retro.toml names that lie outside the blog: a scheduled run (which has only the blog's
    checkout) cannot read them."""
    import os

    root = config.root.resolve()
    outside = []
    for pattern in config.repos:
        path = Path(os.path.expanduser(pattern))
        path = path if path.is_absolute() else config.root / path
        try:
            path.resolve().relative_to(root)
        except ValueError:
            outside.append(pattern)
    return outside


def schedule(folder: Path, force: bool = False) -> Path:
    """Write the monthly draft workflow into a blog; an existing one is replaced only with `force`."""
    from retro.blog import post

    path = folder / ".github" / "workflows" / "draft.yml"
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; pass {setting('force')} to replace it.")
    text = DRAFT_WORKFLOW.format(install=INSTALL_STEPS, cron=DRAFT_CRON, when=draft_time())
    post.write(path, text, force=True, backup=False)
    return path


def init(folder: Path, title: str | None, lang: str, site_url: str | None, install: str | None = None,
         extras: Extras | None = None, tables: dict | None = None, engine: str = "mkdocs") -> list[Path]:
    """Write a new blog into `folder`, which must be empty or new; returns the files written."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; name a new or empty folder for the blog.")
    if folder.exists() and any(folder.iterdir()):
        raise UsageError(f"{folder} is not empty; retro init writes only into a new or empty folder.")
    if site_url and not site_url.startswith(("http://", "https://")):
        raise UsageError(f"{setting('site_url')} {site_url!r} must start with https:// (e.g. https://USER.github.io/REPO/).")
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    written = []
    if install is not None and (not install.strip() or "\n" in install):
        raise UsageError(f"{setting('install')} takes one pip requirement, e.g. \"git+https://github.com/YOU/retro@main\".")
    for name, text in files(title or folder.resolve().name, lang, site_url, install, extras, tables,
                            engine).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

