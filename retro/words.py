"""Words every layer shares: counts that agree in number, the excerpt marker, the forges' names."""

from __future__ import annotations

import re

MORE = "<!-- more -->"  # where a post's excerpt ends
FORGE_NAMES = {"github": "GitHub", "gitlab": "GitLab"}


def tokens(text: str) -> list[str]:
    """`Open-WebUI: the proxy_setup` -> ['open', 'webui', 'the', 'proxy', 'setup']: case, width, punctuation and
    the `-`/`_`/space difference gone, as names are matched."""
    import unicodedata

    return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).split()


KO_CADENCE = {"weekly": "매주", "daily": "매일", "monthly": "매달", "yearly": "매년", "recurring": "반복해서"}


def ko_cadence(cadence: str) -> str:
    """A series' cadence in Korean: 'weekly' -> '매주', 'every 2 weeks' -> '2주마다'."""
    return KO_CADENCE.get(cadence) or cadence.replace("every ", "").replace(" weeks", "주마다")


TOLD_LENGTH = 80  # characters of a subject a sentence or a highlight tells
CLAUSE_END = re.compile(r"(?<=[.;!?。])\s|\s[-–—]\s|\s\(")


def short(text: str, limit: int = TOLD_LENGTH) -> str:
    """A subject as a sentence tells it: its first clause, and at most about `limit` characters, cut at a word
    (Korean too) with '…'. The whole subject stays in the facts."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    clause = CLAUSE_END.split(text, maxsplit=1)[0].rstrip(" .;")
    if len(clause) <= limit and len(clause) >= 12:
        return clause + "…"
    cut = clause[:limit]
    space = cut.rfind(" ")
    if clause[limit:limit + 1] not in ("", " ") and space >= limit // 2:  # cut inside a word: back to its start
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


def code(text: str) -> str:
    """A name shown as code; backticks inside cannot end it."""
    return f"`{text.replace('`', '')}`"


def n(value: int) -> str:
    return f"{value:,}"


def plural(value: int, word: str, many: str | None = None) -> str:
    """The word that agrees with `value`: 'commit' for 1, else 'commits' (or `many`)."""
    return word if value == 1 else many or word + "s"


def tally(value: int, word: str, many: str | None = None) -> str:
    """'1 commit', '2000 commits': the figure as the fact check reads it (no separators), for a model's digest."""
    return f"{value} {plural(value, word, many)}"


def count(value: int, word: str, many: str | None = None) -> str:
    """'1 commit', '2 commits', '1,204 repositories'."""
    return f"{n(value)} {plural(value, word, many)}"


def ensure_more_marker(body: str) -> str:
    """Put `<!-- more -->` right after the opening paragraph, so the index shows an excerpt."""
    if MORE in body:
        return body
    blocks = body.strip().split("\n\n")
    for index, block in enumerate(blocks):
        if block.strip() and not block.lstrip().startswith("#"):
            blocks.insert(index + 1, MORE)
            return "\n\n".join(blocks)
    return body.strip() + "\n\n" + MORE


def insert_after_more(body: str, block: str) -> str:
    """`block` as its own paragraph right after the excerpt marker."""
    head, marker, tail = ensure_more_marker(body).partition(MORE)
    return f"{head.rstrip()}\n\n{MORE}\n\n{block}\n\n{tail.lstrip()}".rstrip() + "\n"


# A question retro leaves in a post for its author (a KPT or 4Ls section they have not filled): an admonition,
# visible in the preview, that `retro ready`, `retro check` and the build look for.
QUESTION_TITLES = {"en": "Retro asks", "ko": "회고 질문"}
QUESTION = re.compile(r'^!!! question "(?:Retro asks|회고 질문)"[ \t]*$', re.MULTILINE)
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


def question_block(text: str, lang: str) -> str:
    """A question for the author, as the post shows it (an admonition under the section's heading)."""
    return f'!!! question "{QUESTION_TITLES.get(lang, QUESTION_TITLES["en"])}"\n\n    {text}'


def unanswered_message(section: str) -> str:
    """What retro check and the build say of a section whose question the author has not answered."""
    return f"{section} is unanswered: retro's question is still there; answer it in your own words"


def unanswered(text: str) -> list[tuple[int, str]]:
    """(line, section) of each question retro left in `text` that the author has not replaced."""
    found = []
    for match in QUESTION.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        headings = list(HEADING.finditer(text, 0, match.start()))
        found.append((line, headings[-1].group(1) if headings else "the post"))
    return found
