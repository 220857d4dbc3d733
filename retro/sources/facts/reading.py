"""What the month read (sources/reading.py): the kept pages of the browser's history, by site and by kind.

Only a page that matched one of the author's themes or `[reading] include` is here at all; the rest of the
history is a count (`not_kept`). Addresses carry no query string or fragment. A page's title and address are
other people's text (OTHERS): fenced, sanitised and redacted like commit subjects.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from retro.sources.facts.told import Facts, Part
from retro.sources.facts.trust import OTHERS, OWN, json_ready
from retro.words import code, n, tally

TITLES_TOLD = 2  # the most visited titles a theme's sentence names
FORGE_KINDS = ("issue", "pull", "discussion", "wiki", "code")
KIND_WORDS = {  # (one, many, Korean)
    "issue": ("issue", "issues", "이슈"),
    "pull": ("pull request", "pull requests", "풀 리퀘스트"),
    "discussion": ("discussion", "discussions", "디스커션"),
    "wiki": ("wiki page", "wiki pages", "위키 페이지"),
    "code": ("code page", "code pages", "코드 페이지"),
}
SITE_SUFFIX = re.compile(r"\s+(?:[·|—–]|-\s)\s*.*$")  # "Pipelines | Open WebUI", "Title · Issue #1 · o/r"


@dataclass
class Page:
    """One address read in the month (query and fragment dropped), with its visits."""

    address: str = OTHERS()  # host and path, no scheme
    title: str = OTHERS()
    host: str = OTHERS()
    kind: str = OWN()  # issue, pull, discussion, wiki, code (GitHub, GitLab); docs, course, video, page
    repo: str = OTHERS()  # owner/name on GitHub or GitLab, else ""
    visits: int = 0
    days: list[str] = OWN(factory=list)  # ISO dates with a visit, in the month's zone

    @property
    def short_title(self) -> str:
        return SITE_SUFFIX.sub("", " ".join(self.title.split())) or self.address

    @property
    def site(self) -> str:
        """What a page is grouped under: a forge's repository, else its host."""
        return self.repo or self.host


@dataclass
class ReadingFacts(Facts):
    pages: list[Page] = field(default_factory=list)
    histories: list[str] = OWN(factory=list)  # the files read (copies of them, removed after)
    visits_read: int = 0  # every visit of the month in those files
    not_kept: int = 0  # visits that matched neither a theme nor an include: counted, never kept

    @property
    def visits(self) -> int:
        return sum(page.visits for page in self.pages)

    @property
    def days(self) -> int:
        return len({day for page in self.pages for day in page.days})

    def as_json(self) -> dict[str, Any]:
        from dataclasses import asdict

        document = asdict(self)
        document.update(visits=self.visits, days=self.days, sites=[site.as_json() for site in sites(self.pages)])
        return json_ready(document)

    def digest(self, titles: bool = True) -> list[str]:
        if not self.pages:
            return []
        lines = ["", f"Reading (browser history, kept pages only): {tally(len(self.pages), 'page')}, "
                     f"{tally(self.visits, 'visit')} on {tally(self.days, 'day')}"]
        for site in sites(self.pages):
            lines.append(f"  {site.line()}" + (f"; most read: {'; '.join(site.top(5))}" if titles else ""))
        return lines

    def parts(self) -> list[Part]:
        return [Part((page.short_title, page.address), page) for page in self.pages]

    def keeping(self, parts: list[Part]) -> ReadingFacts:
        return ReadingFacts([part.value for part in parts], self.histories, self.visits_read, self.not_kept)

    def told(self, parts: list[Part], lang: str, inline: Callable[[str], str]) -> str:
        pages = [part.value for part in parts]
        if not pages:
            return ""
        said = [site.sentence(lang) for site in sites(pages)]
        top = sorted(pages, key=lambda p: (-p.visits, p.address))[:TITLES_TOLD]
        named = (", " if lang == "ko" else " and ").join(f"*{inline(p.short_title)}*" for p in top)
        if lang == "ko":
            return f"읽은 것: {', '.join(said)}. 가장 많이 본 것은 {named}."
        return f"Read: {', '.join(said)}, most of all {named}."

    def rest(self, lang: str, inline: Callable[[str], str]) -> tuple[str, list[str]] | None:
        if not self.pages:
            return None
        lines = []
        for site in sites(self.pages):
            top = ", ".join(f"*{inline(title)}*" for title in site.top(TITLES_TOLD))
            lines.append(f"- {site.sentence(lang)}" + (f": {top}" if top else ""))
        return ("읽은 것" if lang == "ko" else "What I read"), lines

    def question(self, parts: list[Part] | None, lang: str) -> tuple[str, str, str] | None:
        pages = [part.value for part in parts] if parts is not None else self.pages
        if not pages:
            return None
        site = sites(pages)[0]
        said = site.sentence(lang).replace("`", "")
        if lang == "ko":
            return site.name, f"{said}를 읽었어요. 무엇이 남았나요?", said
        return site.name, f"You read {said}: what did you take from it?", said

    def figures(self, parts: list[Part] | None = None) -> dict[str, set[int]]:
        pages = [part.value for part in parts] if parts is not None else self.pages
        values: dict[str, set[int]] = {"pages": set(), "visits": set(), "days": set(), "issues": set(),
                                       "pull requests": set(), "discussions": set()}
        groups = sites(pages)
        values["pages"] |= {len(pages), *(len(site.pages) for site in groups)}
        values["visits"] |= {sum(p.visits for p in pages), *(site.visits for site in groups)}
        values["days"] |= {len({d for p in pages for d in p.days}), *(site.days for site in groups)}
        for site in groups:
            values["issues"].add(site.kinds.get("issue", 0))
            values["pull requests"].add(site.kinds.get("pull", 0))
            values["discussions"].add(site.kinds.get("discussion", 0))
            values["pages"] |= set(site.kinds.values())
        return values


@dataclass
class Site:
    name: str  # a repository (owner/name) or a host
    forge: bool
    pages: list[Page]

    @property
    def visits(self) -> int:
        return sum(p.visits for p in self.pages)

    @property
    def days(self) -> int:
        return len({d for p in self.pages for d in p.days})

    @property
    def kinds(self) -> dict[str, int]:
        counts = Counter(p.kind for p in self.pages)
        return {kind: counts[kind] for kind in (*FORGE_KINDS, "docs", "course", "video", "page") if counts[kind]}

    def top(self, many: int) -> list[str]:
        return [p.short_title for p in sorted(self.pages, key=lambda p: (-p.visits, p.address))[:many]]

    def sentence(self, lang: str) -> str:
        """"14 issues and 6 discussions of `open-webui/open-webui`", "42 pages of docs.openwebui.com on 9 days"."""
        ko = lang == "ko"
        if self.forge:
            kinds = [(kind, number) for kind, number in self.kinds.items() if kind in FORGE_KINDS]
            if ko:
                listed = "와 ".join(f"{KIND_WORDS[k][2]} {n(c)}개" for k, c in kinds)
                return f"{code(self.name)}의 {listed}"
            listed = " and ".join(f"{n(c)} {KIND_WORDS[k][0 if c == 1 else 1]}" for k, c in kinds)
            return f"{listed} of {code(self.name)}"
        pages = len(self.pages)
        if ko:
            return f"{self.name}의 페이지 {n(pages)}개({n(self.days)}일)"
        return f"{n(pages)} page{'s' if pages != 1 else ''} of {self.name} on {n(self.days)} day" + \
            ("s" if self.days != 1 else "")

    def line(self) -> str:
        kinds = ", ".join(f"{kind} {number}" for kind, number in self.kinds.items())
        return (f"{self.name}: {tally(len(self.pages), 'page')} ({kinds}), {tally(self.visits, 'visit')}, "
                f"{tally(self.days, 'day')}")

    def as_json(self) -> dict[str, Any]:
        return {"site": self.name, "pages": len(self.pages), "visits": self.visits, "days": self.days,
                "kinds": self.kinds}


def sites(pages: list[Page]) -> list[Site]:
    """Pages grouped by repository or host, the most read first."""
    grouped: dict[str, list[Page]] = {}
    for page in pages:
        grouped.setdefault(page.site, []).append(page)
    found = [Site(name, bool(group[0].repo), group) for name, group in grouped.items()]
    return sorted(found, key=lambda s: (-len(s.pages), -s.visits, s.name))
