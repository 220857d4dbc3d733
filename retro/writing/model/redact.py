"""The redaction of the facts and notes before a remote model: the author's rules, and each field of other
people's text (by its OTHERS mark) put through retro.secrets."""

from __future__ import annotations

from retro.secrets import MARK, Redaction, Rules, configure_detectors, detected, entropy, plausible, redact  # noqa: F401


def rules_for(config) -> Rules:
    """The author's redaction rules from retro.toml."""
    return Rules(drop=list(config.redact_patterns), replace=dict(config.redact_names))


def redact_facts(value, clean):
    """A copy of the facts with `clean` applied to every field marked OTHERS (sources/facts/trust.py).

    It walks dataclasses, lists and dicts, so a field of other people's text that a
    source adds is redacted the day it is marked, with no list of fields kept here.
    """
    import dataclasses

    from retro.sources.facts.trust import TRUST

    if isinstance(value, list):
        return [redact_facts(item, clean) for item in value]
    if isinstance(value, dict):  # the month's other sources, by name
        return {key: redact_facts(item, clean) for key, item in value.items()}
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {}
    for one in dataclasses.fields(value):
        if not one.init:
            continue
        current = getattr(value, one.name)
        if one.metadata.get(TRUST) == "others" and isinstance(current, str):
            changes[one.name] = clean(current)
        elif one.metadata.get(TRUST) == "others" and isinstance(current, list):
            changes[one.name] = [clean(item) if isinstance(item, str) else item for item in current]
        elif isinstance(current, list) and current and (dataclasses.is_dataclass(current[0]) or
                                                         isinstance(current[0], list)):
            changes[one.name] = redact_facts(current, clean)
        elif isinstance(current, dict) and any(dataclasses.is_dataclass(item) for item in current.values()):
            changes[one.name] = redact_facts(current, clean)
        elif dataclasses.is_dataclass(current) and not isinstance(current, type):
            changes[one.name] = redact_facts(current, clean)
    return dataclasses.replace(value, **changes) if changes else value
