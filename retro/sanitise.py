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

`check_html` is the same reading, reported as problems instead of fixed, for
`retro check` on any post, hand-written ones too.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

MORE = "<!-- more -->"

# Harmless inline and block tags a post may keep, with no attributes but these.
ALLOWED_TAGS = frozenset({"abbr", "b", "br", "del", "details", "em", "i", "ins", "kbd", "mark", "s", "small",
                          "strong", "sub", "summary", "sup", "u"})
ALLOWED_ATTRIBUTES = {"abbr": {"title"}}
# Tags whose content is dropped with them: it is code or styling, never prose.
DROPPED_WITH_CONTENT = ("script", "style")
# Tags that run or embed something: an error in `retro check`, dropped from a model's text.
DANGEROUS_TAGS = frozenset({"script", "iframe", "object", "embed", "form", "style", "base", "meta", "link",
                            "frame", "frameset", "applet", "svg", "math", "template", "input", "button",
                            "textarea", "select"})
SAFE_SCHEMES = ("http", "https", "mailto")
SAFE_ATTR_LIST_KEYS = frozenset({"title", "alt", "width", "height", "lang", "loading"})

# A fence as pymdownx.superfences opens one: at most three spaces in, then a plain language name and options, or
# {attributes}. Anything else that looks like a fence is read as prose: the safe side.
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*(?:\{[^\n}]*\}|[\w#.+-]*(?:[ \t]+[a-zA-Z][\w-]*(?:=(?:\"[^\"]*\"|'[^']*'|\S+))?)*)[ \t]*$")
# A code span opens on an unescaped run of backticks and never spans a blank line, as Markdown reads it.
CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)((?:\s+[^<>]*?)?)\s*/?>", re.DOTALL)
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
# [text](target "title") and ![alt](target): the target is the first token in the parentheses.
# The whole parenthesis counts as the target: a browser drops tabs and newlines inside a URL.
LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(((?:[^()]|\([^()]*\))*)\)")
REFERENCE = re.compile(r"^([ \t]{0,3}\[[^\]]+\]:[ \t]*)<?(\S+?)>?(?=\s|$)", re.MULTILINE)
# Read as attr_list reads one: from the brace to the first closing brace, whatever is between.
ATTR_LIST = re.compile(r"\{:?[ \t]*([^}\n]*)\}")
ATTR_PAIR = re.compile(r"""([^\s=#.'"]+)\s*=\s*("[^"]*"|'[^']*'|\S+)""")
# One pass over prose, left to right, so a kept tag is never read again as text.
HTML_TOKEN = re.compile(
    r"(?P<dropped><(?P<dropped_name>script|style)\b[^>]*>.*?(?:</(?P=dropped_name)\s*>|\Z))"
    r"|(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<autolink><(?P<address>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>)"
    r"|(?P<tag></?(?P<tag_name>[A-Za-z][A-Za-z0-9-]*)(?:\s+[^<>]*?)?\s*/?>)"
    r"|(?P<stray><)",
    re.DOTALL | re.IGNORECASE,
)
EVENT = re.compile(r"""(?:^|[\s"'/])on[a-z]+\s*=""", re.IGNORECASE)


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


def segments(text: str) -> list[tuple[bool, str]]:
    """(is_code, text) pieces: fenced blocks and inline code spans are code; an unclosed fence is not."""
    out: list[tuple[bool, str]] = []
    lines = text.splitlines(keepends=True)
    prose: list[str] = []
    index = 0
    while index < len(lines):
        opened = FENCE.match(lines[index].rstrip("\n"))
        if opened:
            marker = opened.group(1)
            close = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
            end = next((j for j in range(index + 1, len(lines)) if close.match(lines[j].rstrip("\n"))), None)
            if end is not None:
                out += split_spans("".join(prose))
                prose = []
                out.append((True, "".join(lines[index:end + 1])))
                index = end + 1
                continue
        prose.append(lines[index])
        index += 1
    out += split_spans("".join(prose))
    return [(code, piece) for code, piece in out if piece]


def split_spans(text: str) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []
    last = 0
    for match in CODE_SPAN.finditer(text):
        out += [(False, text[last:match.start()]), (True, match.group(0))]
        last = match.end()
    out.append((False, text[last:]))
    return out


def scheme(target: str) -> str | None:
    """The URL scheme a browser would see, after entities, controls and spaces are taken out; None if relative."""
    plain = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(target)).lower().lstrip("<")
    match = re.match(r"([a-z][a-z0-9+.\-]*):", plain)
    return match.group(1) if match else None


def unsafe_target(target: str) -> bool:
    found = scheme(target)
    return found is not None and found not in SAFE_SCHEMES


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


def rendered(markdown: str) -> str:
    """The Markdown as the blog renders it (the extensions that can make HTML of their own)."""
    import markdown as markdown_module

    return markdown_module.markdown(markdown, extensions=["attr_list", "md_in_html", "pymdownx.superfences",
                                                          "admonition", "footnotes", "tables", "pymdownx.details"])


@dataclass
class HtmlProblem:
    line: int
    message: str
    error: bool  # True: it can run; False: raw HTML that is merely not Markdown


# Video players a hand-written or imported post may embed (Chirpy's embeds become these): not an error.
EMBED_HOSTS = frozenset({"www.youtube-nocookie.com", "www.youtube.com", "player.twitch.tv", "player.bilibili.com",
                         "player.vimeo.com"})


def embedded_player(tag: str) -> str | None:
    """The host of an https iframe from a known video player, else None."""
    from urllib.parse import urlparse

    source = next((p.group(2).strip("'\"") for p in ATTR_PAIR.finditer(tag) if p.group(1).lower() == "src"), "")
    parsed = urlparse(html.unescape(source))
    return parsed.hostname if parsed.scheme == "https" and parsed.hostname in EMBED_HOSTS else None


def check_html(body: str) -> list[HtmlProblem]:
    """Raw HTML in a post's Markdown body (code excluded): what could run is an error, the rest a warning."""
    problems: list[HtmlProblem] = []
    offset = 0
    for code, piece in segments(body):
        if not code:
            problems += prose_problems(piece, body.count("\n", 0, offset) + 1)
        offset += len(piece)
    if not any(p.error for p in problems):
        # What the renderer makes of it has the last word: a construct this reading missed is still caught.
        running = [found for found in running_html(rendered(body)) if "iframe" not in found]
        if running:
            problems.append(HtmlProblem(1, "renders HTML that can run (" + ", ".join(dict.fromkeys(running))
                                           + "); look for raw HTML the Markdown hides", True))
    return sorted(problems, key=lambda p: p.line)


def prose_problems(text: str, first_line: int) -> list[HtmlProblem]:
    found: list[HtmlProblem] = []

    def line_of(position: int) -> int:
        return first_line + text.count("\n", 0, position)

    for match in COMMENT.finditer(text):
        if match.group(0) != MORE and "more" in match.group(0).lower() and "<!--" in match.group(0)[4:]:
            found.append(HtmlProblem(line_of(match.start()), "an HTML comment hides <!-- more -->", False))
    masked = COMMENT.sub(lambda m: " " * len(m.group(0)), text)
    for match in TAG.finditer(masked):
        name, tag = match.group(1).lower(), match.group(0)
        if tag.startswith("</"):
            continue
        where = line_of(match.start())
        player = embedded_player(tag) if name == "iframe" else None
        if player and not EVENT.search(tag):
            found.append(HtmlProblem(where, f"an embedded player from {player}", False))
        elif name in DANGEROUS_TAGS:
            found.append(HtmlProblem(where, f"<{name}> can run or embed code; remove it", True))
        elif event := EVENT.search(tag):
            handler = event.group(0).strip(" \t\n/\"'=")
            found.append(HtmlProblem(where, f"<{name}> has an event-handler attribute ({handler}); remove it", True))
        elif any(unsafe_target(value.strip("'\"")) for key, value in
                 ((p.group(1).lower(), p.group(2)) for p in ATTR_PAIR.finditer(tag)) if key in ("href", "src", "action", "formaction")):
            found.append(HtmlProblem(where, f"<{name}> links to an unsafe address; remove it", True))
        elif name not in ALLOWED_TAGS:
            found.append(HtmlProblem(where, f"raw HTML <{name}> (allowed without a warning: "
                                            f"{', '.join(sorted(ALLOWED_TAGS))})", False))
    for match in LINK.finditer(masked):
        if unsafe_target(match.group(3)):
            found.append(HtmlProblem(line_of(match.start()),
                                     f"link to an unsafe address ({scheme(match.group(3))}:); remove it", True))
    for match in AUTOLINK.finditer(masked):
        if unsafe_target(match.group(1)):
            found.append(HtmlProblem(line_of(match.start()),
                                     f"link to an unsafe address ({scheme(match.group(1))}:); remove it", True))
    for match in ATTR_LIST.finditer(masked):
        for pair in ATTR_PAIR.finditer(match.group(1)):
            key = pair.group(1).lower()
            if key.startswith("on"):
                found.append(HtmlProblem(line_of(match.start()),
                                         f"attribute list sets the event handler {key}; remove it", True))
            elif key in ("href", "src", "style", "srcdoc", "formaction"):
                found.append(HtmlProblem(line_of(match.start()), f"attribute list sets {key}; remove it", True))
    return found


def running_html(rendered: str) -> list[str]:
    """What in rendered HTML could run: script and embedding elements, event handlers, unsafe addresses.

    The build's last line of defence for drafted posts (see mkdocs_plugin): it reads the
    HTML the Markdown became, so nothing the Markdown-level pass misread gets through.
    """
    from html.parser import HTMLParser

    found: list[str] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in DANGEROUS_TAGS - {"svg", "math", "input", "button", "textarea", "select"}:
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on"):
                    found.append(f"<{tag} {name}=...>")
                elif name in ("href", "src", "action", "formaction", "xlink:href") and value and unsafe_target(value):
                    found.append(f"<{tag} {name}=\"{scheme(value)}:...\">")

    reader = Reader(convert_charrefs=True)
    reader.feed(rendered)
    reader.close()
    return found
