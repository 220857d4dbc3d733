"""Chirpy's Markdown and settings made mkdocs-material's: pure text in, text out, with a note of each change.

Posts: kramdown block attribute lists (dropped when they only style Chirpy's
layout, image sizes kept as attr_list `width`/`height`, a code block's `file=`
as its title), prompts (`> ...` then `{: .prompt-tip }`) as admonitions, Liquid
`{% raw %}` unwrapped, Chirpy's embeds (YouTube, Twitch, bilibili, video,
audio) as HTML, math left for arithmatex and mermaid blocks for superfences.
Settings: `_config.yml` and `_data/authors.yml` as mkdocs.yml lines and
Material's `.authors.yml`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from retro.markup import split_spans

PROMPTS = {"tip": "tip", "info": "info", "warning": "warning", "danger": "danger"}
IAL_LINE = re.compile(r"^\s*\{:\s*(.*?)\s*\}\s*$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
INCLUDE = re.compile(r"\{%-?\s*include\s+embed/(\w+)\.html\s+(.*?)-?%\}")
ARGUMENT = re.compile(r"""(\w+)\s*=\s*(?:'([^']*)'|"([^"]*)"|(\S+))""")
RAW_TAG = re.compile(r"\{%-?\s*(?:raw|endraw)\s*-?%\}")
IMAGE_LINE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
INLINE_IAL = re.compile(r"(!\[[^\]]*\]\([^)]*\))\{:\s*([^}]*)\}")
@dataclass
class Converted:
    text: str
    notes: list[str] = field(default_factory=list)  # what was converted, one line per kind
    uses: set[str] = field(default_factory=set)  # "math", "mermaid"


def arguments(text: str) -> dict[str, str]:
    return {m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in ARGUMENT.finditer(text)}


def embed(kind: str, args: dict[str, str]) -> str | None:
    """Chirpy's `{% include embed/KIND.html ... %}` as HTML (None for a kind not known)."""
    title = html.escape(args.get("title", ""), quote=True)
    if kind == "youtube" and args.get("id"):
        # youtube-nocookie: no tracking cookie until the reader presses play.
        src = f"https://www.youtube-nocookie.com/embed/{html.escape(args['id'], quote=True)}"
        return (f'<iframe class="video" src="{src}" title="{title or "YouTube video"}" loading="lazy" '
                'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen '
                'style="width:100%;aspect-ratio:16/9;border:0"></iframe>')
    if kind == "twitch" and args.get("id"):
        src = f"https://player.twitch.tv/?video={html.escape(args['id'], quote=True)}&amp;autoplay=false&amp;parent=localhost"
        return (f'<iframe class="video" src="{src}" title="{title or "Twitch video"}" loading="lazy" allowfullscreen '
                'style="width:100%;aspect-ratio:16/9;border:0"></iframe>')
    if kind == "bilibili" and args.get("id"):
        src = f"https://player.bilibili.com/player.html?bvid={html.escape(args['id'], quote=True)}&amp;autoplay=0"
        return (f'<iframe class="video" src="{src}" title="{title or "bilibili video"}" loading="lazy" allowfullscreen '
                'style="width:100%;aspect-ratio:16/9;border:0"></iframe>')
    if kind in ("video", "audio") and args.get("src"):
        flags = " ".join(flag for flag in ("autoplay", "loop", "muted") if args.get(flag) == "true")
        poster = f' poster="{html.escape(args["poster"], quote=True)}"' if args.get("poster") and kind == "video" else ""
        extra = f" {flags}" if flags else ""
        element = (f'<{kind} controls preload="metadata" src="{html.escape(args["src"], quote=True)}"{poster}{extra}'
                   f'{" title=" + chr(34) + title + chr(34) if title else ""}></{kind}>')
        return element
    return None


def attr_keys(body: str) -> tuple[dict[str, str], set[str]]:
    """(key=value pairs, .classes) of an attribute list's body."""
    pairs = {m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in ARGUMENT.finditer(body)}
    classes = {c.lstrip(".") for c in body.split() if c.startswith(".")}
    return pairs, classes


def image_attributes(body: str) -> list[str]:
    """An image's Chirpy attributes that mean something here: its size, its side."""
    pairs, classes = attr_keys(body)
    kept = []
    if pairs.get("w") or pairs.get("width"):
        kept.append(f'width="{pairs.get("w") or pairs.get("width")}"')
    if pairs.get("h") or pairs.get("height"):
        kept.append(f'height="{pairs.get("h") or pairs.get("height")}"')
    if "left" in classes or "right" in classes:
        kept.append(f'align="{"left" if "left" in classes else "right"}"')
    return kept


def convert_body(text: str, liquid: bool = True) -> Converted:
    """A Chirpy post's body as Markdown that mkdocs-material renders; `liquid` False for render_with_liquid: false."""
    out: list[str] = []
    notes: dict[str, int] = {}
    uses: set[str] = set()

    def note(kind: str) -> None:
        notes[kind] = notes.get(kind, 0) + 1

    lines = text.split("\n")
    index = 0
    fence: str | None = None
    fence_start = 0
    while index < len(lines):
        line = lines[index]
        if liquid:
            # Jekyll runs Liquid before Markdown: its raw tags vanish everywhere, inside code fences too.
            line, raw = RAW_TAG.subn("", line)
            if raw:
                note("Liquid raw block unwrapped")
                if not line.strip():
                    index += 1
                    continue
        opened = FENCE.match(line)
        if fence is None and opened:
            fence, fence_start = opened.group(2), len(out)
            if opened.group(3).strip().startswith("mermaid"):
                uses.add("mermaid")
                note("mermaid diagram")
            out.append(line)
            index += 1
            continue
        if fence is not None:
            out.append(line)
            if line.strip().startswith(fence[0] * len(fence)) and line.strip().strip(fence[0]) == "":
                fence = None
                ial = IAL_LINE.match(lines[index + 1]) if index + 1 < len(lines) else None
                if ial:  # `{: file='app.py' }` under a code block: its title
                    pairs, _ = attr_keys(ial.group(1))
                    if pairs.get("file"):
                        out[fence_start] = out[fence_start].rstrip() + f' title="{pairs["file"]}"'
                        note("code block file name as title")
                    else:
                        note("layout attribute list dropped")
                    index += 1
            index += 1
            continue
        ial = IAL_LINE.match(line)
        if ial:
            pairs, classes = attr_keys(ial.group(1))
            prompt = next((PROMPTS[c.removeprefix("prompt-")] for c in classes if c.removeprefix("prompt-") in PROMPTS
                           and c.startswith("prompt-")), None)
            if prompt:
                quote: list[str] = []
                while out and out[-1].lstrip().startswith(">"):
                    quote.insert(0, out.pop())
                body = [re.sub(r"^\s*>\s?", "", q) for q in quote]
                out.append(f"!!! {prompt}")
                out.append("")
                out += [("    " + b) if b.strip() else "" for b in body]
                note(f"prompt as a {prompt} admonition")
            elif out and IMAGE_LINE.match(out[-1]):
                kept = image_attributes(ial.group(1))
                if kept:
                    out[-1] = out[-1].rstrip() + "{ " + " ".join(kept) + " }"
                    note("image size kept")
                else:
                    note("layout attribute list dropped")
            else:
                note("layout attribute list dropped")
            index += 1
            continue
        def image_ial(match: re.Match[str]) -> str:
            kept = image_attributes(match.group(2))
            note("image size kept" if kept else "layout attribute list dropped")
            return match.group(1) + ("{ " + " ".join(kept) + " }" if kept else "")

        line = "".join(piece if code else INLINE_IAL.sub(image_ial, piece) for code, piece in split_spans(line))
        if liquid:
            def include(match: re.Match[str]) -> str:
                converted = embed(match.group(1), arguments(match.group(2)))
                if converted is None:
                    note(f"embed/{match.group(1)} left as it was (not known)")
                    return match.group(0)
                note(f"{match.group(1)} embed as HTML")
                return converted

            line = INCLUDE.sub(include, line)
        out.append(line)
        index += 1
    return Converted("\n".join(out), [f"{kind}" + (f" ({count})" if count > 1 else "") for kind, count in notes.items()],
                     uses)






def authors_yml(authors: dict[str, Any]) -> dict[str, Any]:
    """Chirpy's _data/authors.yml as Material's .authors.yml document."""
    found: dict[str, Any] = {}
    for key, value in (authors or {}).items():
        value = value if isinstance(value, dict) else {"name": str(value)}
        entry = {"name": str(value.get("name") or key), "description": str(value.get("description") or "")}
        url = value.get("url") or (f"https://twitter.com/{value['twitter']}" if value.get("twitter") else None)
        if url:
            entry["url"] = str(url)
        entry["avatar"] = str(value.get("avatar") or f"https://github.com/{key}.png")
        found[str(key)] = entry
    return {"authors": found}
