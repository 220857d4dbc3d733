"""Whose text a field of the facts holds: OTHERS (anyone may have written it) or OWN (git's, retro's, yours).

Every string field of every source's facts says which, in its dataclass field's
metadata. What is OTHERS is redacted before a model sees it and fenced as data
in its prompt (writing/redact.py walks the facts by these marks, so a title a
source adds is redacted the day it is added); a test holds every string field
to saying one or the other.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime
from typing import Any

TRUST = "retro.trust"


def OTHERS(*default: Any, factory: Any = None) -> Any:  # noqa: N802 - reads as a mark in a field list
    """A field of other people's text: commit subjects, titles of pull requests, issues, meetings."""
    return field(metadata={TRUST: "others"}, **defaults(default, factory))


def OWN(*default: Any, factory: Any = None) -> Any:  # noqa: N802
    """A field of git's, a forge's or retro's own words: shas, logins, hosts, states, repository names."""
    return field(metadata={TRUST: "own"}, **defaults(default, factory))


def defaults(default: tuple, factory: Any) -> dict[str, Any]:
    if factory is not None:
        return {"default_factory": factory}
    return {"default": default[0]} if default else {}


def others_fields(kind: type) -> list[str]:
    """The names of a facts dataclass's fields of other people's text."""
    from dataclasses import fields

    return [f.name for f in fields(kind) if f.metadata.get(TRUST) == "others"]


def json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value
