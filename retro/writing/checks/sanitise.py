"""A model's Markdown made safe to publish: nothing in it can run in the built site.

A model's answer is steered by text other people wrote (commit subjects, notes,
pull-request and calendar titles), so it is untrusted like them. The pass is
Markdown-aware: fenced code blocks and inline code spans keep their text (the
renderer escapes it), and everywhere else

- raw HTML tags outside ALLOWED_TAGS are dropped (`<script>` and `<style>` with
  their content); allowed tags keep only ALLOWED_ATTRIBUTES, cleaned by nh3;
- HTML comments go, except retro's own `<!-- more -->` on a line of its own;
- link, image and autolink targets outside SAFE_SCHEMES (javascript:, vbscript:,
  data:, file:, ...) become plain text;
- attribute lists (`{: ... }`, from Markdown's attr_list) lose every key but
  SAFE_ATTR_LIST_KEYS, so no `onclick=` or `style=` can ride on them.

blog/safety.py is the same reading, reported as problems instead of fixed, for
`retro check` on any post, hand-written ones too.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from retro.markup import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ATTR_LIST,
    ATTR_PAIR,
    EVENT,
    HTML_TOKEN,
    LINK,
    REFERENCE,
    SAFE_ATTR_LIST_KEYS,
    SAFE_SCHEMES,
    rendered,
    running_html,
    segments,
    unsafe_target,
)
from retro.problems import WARNING, Problem
from retro.words import MORE, ensure_more_marker


@dataclass
class Sanitised:
    text: str
    removed: Counter[str] = field(default_factory=Counter)  # what was taken out, by kind

    def warnings(self) -> list[str]:
        """One line per kind: 'removed from the model's text: 2 <script> elements'."""
        return [f"removed from the model's text: {what(kind, count)}" for kind, count in sorted(self.removed.items())]

KINDS = {
    "script": ("<script> element", "<script> elements"),
    "event": ("event-handler attribute", "event-handler attributes"),
    "link": ("unsafe link (shown as text)", "unsafe links (shown as text)"),
    "comment": ("HTML comment", "HTML comments"),
    "attribute": ("attribute", "attributes"),
    "attr_list": ("attribute-list key", "attribute-list keys"),
    "unsettled": ("answer escaped whole (what it would render could run)", "answers escaped whole"),
}

def what(kind: str, count: int) -> str:
    if kind in KINDS:
        one, many = KINDS[kind]
        return f"{count} {one if count == 1 else many}"
    return f"{count} <{kind}> tag{'s' if count != 1 else ''}"

def clean_tag(tag: str, name: str, removed: Counter[str]) -> str:
    """An allowed tag with its allowed attributes (nh3 decides), or '' for any other tag."""
    import nh3

    if name not in ALLOWED_TAGS:
        removed[name] += 1
        if EVENT.search(tag):
            removed["event"] += 1
        return ""
    if tag.startswith("</"):
        return f"</{name}>"
    cleaned = nh3.clean(tag, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES, url_schemes=set(SAFE_SCHEMES),
                        link_rel=None, strip_comments=True)
    kept = re.match(r"<[^>]*>", cleaned)
    result = kept.group(0) if kept else ""
    if EVENT.search(tag):
        removed["event"] += 1
    elif attributes(tag) != attributes(result):
        removed["attribute"] += 1
    return result

def attributes(tag: str) -> list[str]:
    return sorted(match.group(1).lower() for match in ATTR_PAIR.finditer(tag.split(None, 1)[1] if " " in tag else ""))

def clean_attr_list(match: re.Match[str], removed: Counter[str]) -> str:
    body = match.group(1)
    pairs = list(ATTR_PAIR.finditer(body))
    bad = [p for p in pairs if p.group(1).lower() not in SAFE_ATTR_LIST_KEYS]
    if not bad:
        return match.group(0)
    for pair in bad:
        removed["event" if pair.group(1).lower().startswith("on") else "attr_list"] += 1
    kept = ATTR_PAIR.sub(lambda p: p.group(0) if p.group(1).lower() in SAFE_ATTR_LIST_KEYS else "", body)
    kept = " ".join(kept.split())
    return "{: " + kept + " }" if kept else ""

def clean_prose(text: str, removed: Counter[str]) -> str:
    """Everything that is not code: HTML, comments, link targets and attribute lists."""

    def token(match: re.Match[str]) -> str:
        kind, value = match.lastgroup, match.group(0)
        if kind == "dropped":
            removed[match.group("dropped_name").lower()] += 1
            return ""
        if kind == "comment":
            if value == MORE:
                return MORE
            removed["comment"] += 1
            return ""
        if kind == "autolink":
            if unsafe_target(match.group("address")):
                removed["link"] += 1
                return html.escape(match.group("address"), quote=False)
            return value
        if kind == "tag":
            return clean_tag(value, match.group("tag_name").lower(), removed)
        return "&lt;"  # any other '<' is text: it could start a tag once joined with what follows

    text = HTML_TOKEN.sub(token, text)

    def link(match: re.Match[str]) -> str:
        if not unsafe_target(match.group(3)):
            return match.group(0)
        removed["link"] += 1
        return match.group(2)  # the link's words (an image's alt text), without the target

    text = LINK.sub(link, text)

    def reference(match: re.Match[str]) -> str:
        if not unsafe_target(match.group(2)):
            return match.group(0)
        removed["link"] += 1
        return match.group(1) + "#"

    text = REFERENCE.sub(reference, text)
    return ATTR_LIST.sub(lambda m: clean_attr_list(m, removed), text)

def sanitise(markdown: str) -> Sanitised:
    """`markdown` with nothing that can run; code keeps its text. `removed` says what went."""
    removed: Counter[str] = Counter()
    text = markdown
    # Taking a tag out can join the text around it into a new one (`<<b></b>script>`): again until nothing changes.
    for _ in range(10):
        cleaned = "".join(piece if code else clean_prose(piece, removed) for code, piece in segments(text))
        if cleaned == text:
            break
        text = cleaned
    else:
        text = html.escape(text, quote=False)  # never settles: show it all as text
        removed["unsettled"] += 1
    if running_html(rendered(text)):
        # The last word is the renderer's: whatever this pass misread, nothing that runs is written.
        text = html.escape(text, quote=False)
        removed["unsettled"] += 1
    return Sanitised(text, +removed)


def clean_model_text(text: str) -> str:
    """Drop a code fence or front matter a model wrapped its answer in: retro writes the front matter."""
    text = text.strip()
    if text.startswith("```"):
        lines = text.splitlines()
        if lines[-1].strip().startswith("```"):
            text = "\n".join(lines[1:-1]).strip()
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            text = text[end + 4:].lstrip("\n")
    return text


def safe_body(answer: str) -> tuple[str, list[Problem]]:
    """A model's answer as a post body (unwrapped, sanitised, with its excerpt marker), and what was removed."""
    cleaned = sanitise(clean_model_text(answer))
    problems = [Problem(line, WARNING, "sanitiser") for line in cleaned.warnings()]
    return ensure_more_marker(cleaned.text), problems
