"""The one rule by which a text names one of the author's themes: the join's (writing/themed.py), and the
private sources' (what a browser visit or an agent session must name to be kept at all).

Matching ignores case, punctuation and the `-`/`_`/space difference, leaves out words that say nothing of a
subject, and reads Korean words with their particles. A heading's words in parentheses, after a slash or a
spaced dash are names of it too.
"""

from __future__ import annotations

import re

from retro.words import tokens

# Words that name no subject by themselves: a heading of only these is no theme's name.
QUIET = frozenset({"and", "or", "the", "a", "an", "of", "in", "on", "with", "for", "to", "my", "our", "at", "by",
                   "study", "studying", "notes", "learning", "work", "project", "stuff", "및", "그리고", "공부",
                   "스터디", "정리", "작업", "프로젝트", "wip", "todo", "again", "ongoing", "계속", "진행중"})
HANGUL = re.compile(r"[가-힣]")


# Where a heading gives its subject more than one name: `인증 (auth)`, `인증 / auth`, `Auth — login`.
ALSO = re.compile(r"[()]|\s+/\s+|(?<=[가-힣])\s*/\s*|\s*/\s*(?=[가-힣])|\s+[-–—]\s+")


def key_words(heading: str) -> list[str]:
    return [word for word in tokens(heading) if word not in QUIET]


def heading_names(heading: str) -> list[list[str]]:
    """A heading's key words, whole and each of its names (`인증 (auth)` is named by `인증`, by `auth`, or both)."""
    whole = key_words(heading)
    parts = [key_words(part) for part in ALSO.split(heading)]
    return [whole, *(part for part in parts if part and part != whole)]


def names(heading: list[str], text_words: list[str]) -> bool:
    """Whether a text (as its words) names a heading (its key words): every word there, or the words run together."""
    if not heading or not text_words:
        return False
    present = set(text_words)

    def has(word: str) -> bool:
        if word in present:
            return True
        return bool(HANGUL.search(word)) and any(t.startswith(word) for t in text_words)  # 콜을, 콜에서

    if all(has(word) for word in heading):
        return True
    joined = "".join(heading)
    for start in range(len(text_words)):
        run = ""
        for token in text_words[start:]:
            run += token
            if run == joined or (HANGUL.search(joined) and run.startswith(joined)):
                return True
            if len(run) >= len(joined) + 8:
                break
    return False


def could_name(headings: list[str] | tuple[str, ...]):
    """A cheap test that is true whenever a text might name one of the headings (never false when `naming` would
    find one): some name's first word among its letters. One pass over a text that holds several fields."""
    firsts = {one[0] for heading in headings for one in heading_names(heading) if one}

    def might(text: str) -> bool:
        joined = "".join(tokens(text))
        return any(first in joined for first in firsts)

    return might


def naming(headings: list[str] | tuple[str, ...]):
    """A test of a text against every heading at once: which heading (the first in order) it names, or None."""
    named = [(heading, [one for one in heading_names(heading) if one]) for heading in headings]

    def first(text: str) -> str | None:
        words = tokens(text)
        joined = "".join(words)
        for heading, all_names in named:
            # A name's first word is in the text's letters whenever the name is (whole, run together, or a
            # Korean word with its particle): the cheap test first, as most texts name nothing.
            if any(one[0] in joined and names(one, words) for one in all_names):
                return heading
        return None

    return first
