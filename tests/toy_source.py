"""A toy source, whole in one module, as a new source would be: its settings table, what it wants, how it reads
the month, what it says it found, and its facts told through the `Facts` base (tests/test_seam.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from retro.config import Setting
from retro.sources import Source, Window
from retro.sources.facts.month import Facts, Part
from retro.sources.facts.trust import OTHERS


@dataclass
class Tea:
    name: str = OTHERS()
    cups: int = 0


@dataclass
class TeaFacts(Facts):
    teas: list[Tea] = field(default_factory=list)

    def digest(self, titles: bool = True) -> list[str]:
        return ["", f"Tea: {sum(t.cups for t in self.teas)} cups"] + ([f"  {t.name}" for t in self.teas] if titles
                                                                       else [])

    def parts(self) -> list[Part]:
        return [Part((tea.name,), tea) for tea in self.teas]

    def keeping(self, parts: list[Part]) -> TeaFacts:
        return TeaFacts([part.value for part in parts])

    def told(self, parts: list[Part], lang: str, inline: Callable[[str], str]) -> str:
        return f"Drank {sum(p.value.cups for p in parts)} cups over {inline(parts[0].value.name)}."

    def rest(self, lang: str, inline: Callable[[str], str]):
        return ("Tea", [f"- {inline(t.name)}: {t.cups} cups" for t in self.teas]) if self.teas else None

    def figures(self, parts=None):
        teas = [p.value for p in parts] if parts is not None else self.teas
        return {"cups": {sum(t.cups for t in teas)}}


class TeaSource(Source):
    name, title = "tea", "Tea"
    settings = (Setting("teas", list, "What was drunk, as `name:cups`.", '["Open-WebUI oolong:3"]', default=[]),)

    def wants(self, values, on):
        return list(values["teas"]) or None

    def collect(self, want: list[str], window: Window) -> TeaFacts:
        return TeaFacts([Tea(name, int(cups)) for name, _, cups in (one.rpartition(":") for one in want)])

    def describe(self, want, facts: TeaFacts) -> str:
        return f"{len(facts.teas)} teas"


SOURCE = TeaSource()
