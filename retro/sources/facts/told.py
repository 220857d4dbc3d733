"""How the writers read a source's facts (see month.py): the `Facts` base and a joinable `Part`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Part:
    """One thing of a source's facts that may join a theme: the texts that may name it, tried in order (a
    title before a host), and the thing itself."""

    names: tuple[str, ...]
    value: Any


class Facts:
    """The base of a source's facts: what the writers read them by. A facts type overrides what it tells."""

    def as_json(self) -> dict[str, Any]:
        from retro.sources.facts.trust import json_ready

        return json_ready(dataclasses.asdict(self)) if dataclasses.is_dataclass(self) else {}

    def digest(self, titles: bool = True) -> list[str]:
        return []

    def parts(self) -> list[Part]:
        return []

    def keeping(self, parts: list[Part]) -> Any:
        return self

    def told(self, parts: list[Part], lang: str, inline: Callable[[str], str]) -> str:
        """A sentence of Markdown; `inline` makes other people's text safe to print in it."""
        return ""

    def data(self, parts: list[Part]) -> list[str]:
        """What a theme took, as lines of a model's digest (by default its sentence, plainly)."""
        said = self.told(parts, "en", lambda text: " ".join(text.split()))
        return [said] if said else []

    def question(self, parts: list[Part] | None, lang: str) -> tuple[str, str, str] | None:
        """For the interview: (the notes heading its answer goes under, the question, the fact it comes from),
        from the parts a theme took, or (None) from what no theme took; None when there is nothing to ask."""
        return None

    def rest(self, lang: str, inline: Callable[[str], str]) -> tuple[str, list[str]] | None:
        return None

    def figures(self, parts: list[Part] | None = None) -> dict[str, set[int]]:
        return {}
