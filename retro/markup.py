"""Markdown as the blog renders it, and what in a page can run: shared by the sanitiser and the post checks.

Fenced code blocks and inline code spans keep their text (the renderer escapes
it); everywhere else raw HTML, comments, links and attribute lists are read with
the patterns below. ALLOWED_TAGS are harmless; DANGEROUS_TAGS can run or embed
code; a link is safe when its scheme is one of SAFE_SCHEMES or it has none.
"""

from __future__ import annotations

import html
import re

# Harmless inline and block tags a post may keep, with no attributes but these.
ALLOWED_TAGS = frozenset({"abbr", "b", "br", "del", "details", "em", "i", "ins", "kbd", "mark", "s", "small",
                          "strong", "sub", "summary", "sup", "u"})

ALLOWED_ATTRIBUTES = {"abbr": {"title"}}

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

def rendered(markdown: str) -> str:
    """The Markdown as the blog renders it (the extensions that can make HTML of their own)."""
    import markdown as markdown_module

    return markdown_module.markdown(markdown, extensions=["attr_list", "md_in_html", "pymdownx.superfences",
                                                          "admonition", "footnotes", "tables", "pymdownx.details"])

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
