"""Secrets and private names out of text: before it leaves the machine for a remote model (writing/model/redact.py),
and before an agent session's prompt is kept at all (sources/agents.py).

detect-secrets, a maintained detector, finds most kinds of secret line by line.
A few short patterns cover what it misses (named below), and the author's own
rules from retro.toml come last: patterns to drop, names to replace.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

MARK = "[redacted]"
# detect-secrets' own limit for base64 strings, and a length below which a token is a word or a name.
ENTROPY_LIMIT = 4.5
MIN_TOKEN_LENGTH = 20

# detect-secrets plugins left out: a git sha is high-entropy hex, and IP addresses are not secrets.
SKIPPED_PLUGINS = {"HexHighEntropyString", "IPPublicDetector"}

# Known shapes, applied before detect-secrets. On the corpus in tests/test_redact.py detect-secrets
# alone catches 12 of 13 kinds, several only through its entropy check, which a short or
# low-entropy variant slips past; these name the kind and catch those variants. Only the plain
# `password=...` assignment in free text was missed outright.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A whole block, not line by line: the base64 body lines are what must not leave.
    ("Private Key", re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\Z)",
                               re.DOTALL)),
    # Any scheme (postgres://, redis://, ...): the user and host stay readable, the password goes.
    ("Password in URL", re.compile(r"(?<=[a-zA-Z][a-zA-Z0-9+.\-]://)([^\s:/@]+):([^\s@/]+)(?=@)")),
    # Provider key shapes, whatever their entropy.
    ("Anthropic Key", re.compile(r"\bsk-ant-[A-Za-z0-9_\-]{20,}")),
    ("OpenAI Key", re.compile(r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}")),
    ("GitHub Token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})")),
    ("Google API Key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}")),
    ("JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}")),
    ("Secret Assignment", re.compile(
        r"(?i)(?<![A-Za-z0-9])((?:api[_-]?key|access[_-]?key|secret(?:[_-]?key)?|token|passw(?:or)?d|pwd)"
        r"\s*[:=]\s*)(['\"]?)((?=[^\s'\",;]*[\d\W_])[^\s'\",;]{8,})")),  # 8+ chars with a digit or symbol
)


@dataclass
class Rules:
    """The author's own rules, from retro.toml's redact_patterns and redact_names."""

    drop: list[str] = field(default_factory=list)
    replace: dict[str, str] = field(default_factory=dict)


@dataclass
class Redaction:
    text: str
    found: list[str] = field(default_factory=list)  # the kind of each thing removed


@functools.lru_cache(maxsize=1)
def configure_detectors() -> None:
    """Set detect-secrets' plugins once per process (retro is its only user here); per call it costs ~1 ms."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.settings import cache_bust, configure_settings_from_baseline

    names = [cls.__name__ for cls in get_mapping_from_secret_type_to_class().values()]
    cache_bust()  # first: it also forgets the settings
    configure_settings_from_baseline({"plugins_used": [{"name": n} for n in names if n not in SKIPPED_PLUGINS]})


# Every detect-secrets detector needs a long token, a URL or a keyword; a line with none of them
# is skipped (scanning costs about 1 ms a line, which a month of 2,000 subjects would feel).
MAYBE_SECRET = re.compile(r"[A-Za-z0-9+/=_\-]{16,}|://|key|secret|token|pass|pwd|auth|private|bearer|cred",
                          re.IGNORECASE)


def entropy(value: str) -> float:
    counts = {char: value.count(char) for char in set(value)}
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def plausible(kind: str, value: str) -> bool:
    """detect-secrets' ad hoc scan reports every word as a high-entropy candidate; keep the real ones."""
    if kind != "Base64 High Entropy String":
        return True
    return len(value) >= MIN_TOKEN_LENGTH and entropy(value) > ENTROPY_LIMIT


def detected(text: str) -> list[tuple[str, str]]:
    """(kind, secret value) for each secret detect-secrets finds, line by line."""
    from detect_secrets.core.scan import scan_line

    configure_detectors()
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        if MAYBE_SECRET.search(line):
            found += [(s.type, s.secret_value) for s in scan_line(line)
                      if s.secret_value and plausible(s.type, s.secret_value)]
    return found


def redact(text: str, rules: Rules | None = None) -> Redaction:
    """`text` with every secret found replaced by [redacted], then the author's rules applied."""
    found: list[str] = []
    for kind, pattern in PATTERNS:
        def mark(match: re.Match[str], kind: str = kind) -> str:
            found.append(kind)
            if kind == "Password in URL":
                return f"{match.group(1)}:{MARK}"
            if kind == "Secret Assignment":
                return f"{match.group(1)}{match.group(2)}{MARK}"
            return MARK

        text = pattern.sub(mark, text)
    for kind, value in sorted(detected(text), key=lambda item: -len(item[1])):
        if value in text and value != MARK:
            found.append(kind)
            text = text.replace(value, MARK)
    rules = rules or Rules()
    for pattern in rules.drop:
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            raise ValueError(f"redact pattern {pattern!r} is not a regular expression: {error}") from None
        text, count = compiled.subn(MARK, text)
        found += ["your pattern"] * count
    for name, replacement in rules.replace.items():
        text, count = re.subn(re.escape(name), lambda _m, r=replacement: r, text, flags=re.IGNORECASE)
        found += ["your name"] * count
    return Redaction(text, found)
