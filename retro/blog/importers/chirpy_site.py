"""A Chirpy site's settings as the blog's: mkdocs.yml lines, Material's .authors.yml, giscus comments, and the
extensions imported posts need (math, mermaid). mkdocs.yml is edited as text, line by line, so its comments and
`!ENV` tags stay; a line that cannot be found is listed for the author to add by hand."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from retro.blog import extras
from retro.blog.importers import chirpy

MATHJAX_JS = r"""// MathJax for pymdownx.arithmatex (generic), as mkdocs-material documents it; added by retro import jekyll.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  }
};

document$.subscribe(() => {
  MathJax.startup.output.clearCache()
  MathJax.typesetClear()
  MathJax.texReset()
  MathJax.typesetPromise()
})
"""
MATHJAX_CDN = "https://unpkg.com/mathjax@3/es5/tex-mml-chtml.js"
MERMAID_FENCE = """\
  - pymdownx.superfences:
      # Mermaid diagrams (```mermaid blocks), drawn by Material itself.
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""
ARITHMATEX = """\
  - pymdownx.arithmatex:
      # $...$ and $$...$$ as Chirpy's math: true posts write them, typeset by MathJax in the browser.
      generic: true
"""


def replace_line(text: str, pattern: str, line: str) -> tuple[str, bool]:
    new, count = re.subn(pattern, lambda _m: line, text, count=1, flags=re.MULTILINE)
    return new, bool(count)


def add_extension(text: str, block: str, name: str) -> tuple[str, bool]:
    if re.search(rf"^\s+- {re.escape(name)}:", text, re.MULTILINE):
        return text, True
    if name == "pymdownx.superfences":
        return replace_line(text, r"^  - pymdownx\.superfences\s*$\n?", block)
    return replace_line(text, r"^markdown_extensions:\s*$\n", "markdown_extensions:\n" + block)


def append_block(text: str, key: str, block: str) -> str:
    if re.search(rf"^{key}:", text, re.MULTILINE):
        return text
    return text.rstrip("\n") + "\n\n" + block


def read_config(site_root: Path, report) -> dict[str, Any]:
    """The Jekyll site's _config.yml, or {} (and a line in the report) when it cannot be read."""
    import yaml

    path = site_root / "_config.yml"
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        report.not_converted.append(f"_config.yml could not be read ({type(error).__name__})")
        return {}
    return config if isinstance(config, dict) else {}


def comments_provider(config: dict[str, Any]) -> str:
    """Chirpy's comments provider ('giscus', 'disqus', ...): `comments.provider`, or `comments.active` before v6."""
    comments = config.get("comments") or {}
    return str(comments.get("provider") or comments.get("active") or "") if isinstance(comments, dict) else ""


def apply(site_root: Path, blog_root: Path, report, config: dict[str, Any]) -> None:
    """Edit the blog for what the imported posts use, and bring `config` (the site's _config.yml, or {}) over."""
    import yaml

    mkdocs = blog_root / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8") if mkdocs.is_file() else None
    original = text
    docs = blog_root / "site"
    if text is not None and "math" in report.uses:
        text, ok = add_extension(text, ARITHMATEX, "pymdownx.arithmatex")
        text = append_block(text, "extra_javascript", f"extra_javascript:\n  - javascripts/mathjax.js\n  - {MATHJAX_CDN}\n")
        (docs / "javascripts").mkdir(parents=True, exist_ok=True)
        (docs / "javascripts" / "mathjax.js").write_text(MATHJAX_JS, encoding="utf-8")
        report.settings.append("math: pymdownx.arithmatex and MathJax enabled in mkdocs.yml" if ok else
                               "math: add pymdownx.arithmatex (generic: true) to mkdocs.yml by hand")
    if text is not None and "mermaid" in report.uses:
        text, ok = add_extension(text, MERMAID_FENCE, "pymdownx.superfences")
        report.settings.append("mermaid: superfences' mermaid fence enabled in mkdocs.yml" if ok else
                               "mermaid: add the mermaid custom fence to pymdownx.superfences by hand")
    authors_file = site_root / "_data" / "authors.yml"
    if report.authors or authors_file.is_file():
        try:
            chirpy_authors = yaml.safe_load(authors_file.read_text(encoding="utf-8")) if authors_file.is_file() else {}
        except yaml.YAMLError:
            chirpy_authors = {}
            report.not_converted.append("_data/authors.yml is not valid YAML")
        document = chirpy.authors_yml(chirpy_authors or {})
        for name in sorted(report.authors - set(document["authors"])):
            document["authors"][name] = {"name": name, "description": "", "avatar": f"https://github.com/{name}.png"}
        target = docs / ".authors.yml"
        if target.exists():
            existing = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
            document["authors"] = {**document["authors"], **(existing.get("authors") or {})}
        target.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        report.settings.append(f"authors: {len(document['authors'])} in site/.authors.yml")
    if config and text is not None:
        text = settings_into(config, text, site_root, blog_root, report)
    if text is not None and text != original:
        mkdocs.write_text(text, encoding="utf-8")


def settings_into(config: dict[str, Any], text: str, site_root: Path, blog_root: Path, report) -> str:
    """_config.yml's title, tagline, url, lang, timezone, social links, avatar, comments and analytics."""
    def quoted(value: Any) -> str:
        return json.dumps(str(value), ensure_ascii=False)

    if config.get("title"):
        text, ok = replace_line(text, r"^site_name:.*$", f"site_name: {quoted(config['title'])}")
        report.settings.append(f"site_name: {config['title']}")
    if config.get("tagline") or config.get("description"):
        tagline = config.get("tagline") or config.get("description")
        text, _ = replace_line(text, r"^site_description:.*$", f"site_description: {quoted(tagline)}")
        report.settings.append("site_description from the tagline")
    if config.get("url"):
        url = str(config["url"]).rstrip("/") + "/" + str(config.get("baseurl") or "").strip("/")
        url = url.rstrip("/") + "/"
        text, _ = replace_line(text, r"^site_url:.*$", f"site_url: {url}")
        report.settings.append(f"site_url: {url}")
    if config.get("lang"):
        lang = str(config["lang"]).split("-")[0].lower()
        text, ok = replace_line(text, r"^  language:.*$", f"  language: {lang}")
        report.settings.append(f"theme language: {lang}")
    if config.get("timezone"):
        retro = blog_root / "retro.toml"
        current = retro.read_text(encoding="utf-8") if retro.is_file() else ""
        if re.search(r"^timezone\s*=", current, re.MULTILINE):
            report.not_converted.append(f"timezone {config['timezone']}: retro.toml already sets one")
        else:
            retro.write_text(current.rstrip("\n") + f'\n\ntimezone = "{config["timezone"]}"\n', encoding="utf-8")
            report.settings.append(f"timezone {config['timezone']} in retro.toml")
    social = extras.social_links(config)
    if social:
        lines = "".join(f"    - icon: {s['icon']}\n      link: {quoted(s['link'])}\n" for s in social)
        text = append_block(text, "extra", "extra:\n  social:\n" + lines)
        report.settings.append(f"{len(social)} social links in the footer")
    avatar = str(config.get("avatar") or "")
    if avatar.startswith("/") and (site_root / avatar.lstrip("/")).is_file():
        target = blog_root / "site" / avatar.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((site_root / avatar.lstrip("/")).read_bytes())
        text, ok = replace_line(text, r"^  name: material\s*$", f"  name: material\n  logo: {avatar.lstrip('/')}")
        report.settings.append(f"avatar as the logo: {avatar}")
    favicon = site_root / "assets" / "img" / "favicons" / "favicon.ico"
    if favicon.is_file():
        target = blog_root / "site" / "assets" / "img" / "favicons" / "favicon.ico"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(favicon.read_bytes())
        text, _ = replace_line(text, r"^  name: material\s*$", "  name: material\n  favicon: assets/img/favicons/favicon.ico")
        report.settings.append("favicon")
    comments = config.get("comments") or {}
    provider = comments_provider(config)
    if provider == "giscus":
        partial = blog_root / "overrides" / "partials" / "comments.html"
        partial.parent.mkdir(parents=True, exist_ok=True)
        lang = str((comments.get("giscus") or {}).get("lang") or str(config.get("lang") or "en").split("-")[0])
        partial.write_text(extras.giscus_partial(comments.get("giscus") or {}, lang), encoding="utf-8")
        if "custom_dir:" not in text:
            text, _ = replace_line(text, r"^  name: material\s*$", "  name: material\n  custom_dir: overrides")
        report.uses.add("comments")
        report.settings.append("comments: giscus through overrides/partials/comments.html (posts get comments: true)")
    elif provider:
        report.not_converted.append(f"comments by {provider}: Material documents giscus only; add its partial by hand")
    analytics = config.get("analytics") or {}
    for name, values in (analytics.items() if isinstance(analytics, dict) else []):
        property_id = (values or {}).get("id") if isinstance(values, dict) else None
        if not property_id:
            continue
        if name == "google":
            block = f"  analytics:\n    provider: google\n    property: {property_id}\n"
            if re.search(r"^extra:\s*$", text, re.MULTILINE):
                text, _ = replace_line(text, r"^extra:\s*$", "extra:\n" + block.rstrip("\n"))
            else:
                text = append_block(text, "extra", "extra:\n" + block)
            report.settings.append(f"analytics: Google ({property_id})")
        else:
            report.not_converted.append(f"analytics by {name}: Material supports Google Analytics only")
    return text
