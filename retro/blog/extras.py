"""What readers of a Chirpy blog expect beyond the posts: giscus comments and social links in the footer.

Both a blog from `retro init` (--giscus, --social) and one imported from Chirpy
(its _config.yml) are given them by these.
"""

from __future__ import annotations

import html
from typing import Any

SOCIAL_ICONS = {
    "github.com": "fontawesome/brands/github", "gitlab.com": "fontawesome/brands/gitlab",
    "twitter.com": "fontawesome/brands/x-twitter", "x.com": "fontawesome/brands/x-twitter",
    "linkedin.com": "fontawesome/brands/linkedin", "www.linkedin.com": "fontawesome/brands/linkedin",
    "facebook.com": "fontawesome/brands/facebook", "instagram.com": "fontawesome/brands/instagram",
    "youtube.com": "fontawesome/brands/youtube", "www.youtube.com": "fontawesome/brands/youtube",
    "mastodon.social": "fontawesome/brands/mastodon", "stackoverflow.com": "fontawesome/brands/stack-overflow",
}


def social_links(config: dict[str, Any]) -> list[dict[str, str]]:
    from urllib.parse import urlparse

    social = config.get("social") or {}
    links = [str(link) for link in (social.get("links") or []) if link]
    if social.get("email"):
        links.append(f"mailto:{social['email']}")
    found = []
    for link in links:
        host = urlparse(link).hostname or ""
        icon = "fontawesome/solid/envelope" if link.startswith("mailto:") else SOCIAL_ICONS.get(
            host, "fontawesome/solid/link")
        found.append({"icon": icon, "link": link})
    return found


GISCUS = """\
{#- Comments by giscus, carried over from Chirpy's _config.yml (Material's documented comments override). -#}
{% if page.meta.comments %}
  <h2 id="__comments">{{ lang.t("meta.comments") }}</h2>
  <script src="https://giscus.app/client.js"
    data-repo="{repo}"
    data-repo-id="{repo_id}"
    data-category="{category}"
    data-category-id="{category_id}"
    data-mapping="{mapping}"
    data-strict="{strict}"
    data-reactions-enabled="{reactions}"
    data-emit-metadata="0"
    data-input-position="{input_position}"
    data-theme="preferred_color_scheme"
    data-lang="{lang}"
    data-loading="lazy"
    crossorigin="anonymous"
    async>
  </script>
{% endif %}
"""


def giscus_partial(settings: dict[str, Any], lang: str) -> str:
    def value(key: str, default: str = "") -> str:
        return html.escape(str(settings.get(key) if settings.get(key) is not None else default), quote=True)

    text = GISCUS
    for key, default in (("repo", ""), ("repo_id", ""), ("category", ""), ("category_id", ""),
                         ("mapping", "pathname"), ("strict", "0"), ("reactions", "1"),
                         ("input_position", "bottom")):
        text = text.replace("{" + key + "}", value(key, default) if key != "reactions"
                            else value("reactions_enabled", default))
    return text.replace("{lang}", html.escape(lang, quote=True))
