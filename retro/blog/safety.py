"""Raw HTML in a post's Markdown, reported as problems: what could run is an error, the rest a warning.

The same reading as the sanitiser's (markup.py), for `retro check` on any post,
hand-written and imported ones too.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from retro.markup import (
    ALLOWED_TAGS,
    ATTR_LIST,
    ATTR_PAIR,
    AUTOLINK,
    COMMENT,
    DANGEROUS_TAGS,
    EVENT,
    LINK,
    TAG,
    rendered,
    running_html,
    scheme,
    segments,
    unsafe_target,
)
from retro.words import MORE


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
